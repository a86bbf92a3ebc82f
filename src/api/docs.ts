/** The interactive API documentation page (Swagger UI), served from the app's own origin. */

export interface DocsAssets {
  'swagger-ui.css': string;
  'swagger-ui-bundle.js': string;
}

export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Vincula API</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>`;

/** No validator badge: it would send the document's address to validator.swagger.io. */
export const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: true, validatorUrl: null });`;

/**
 * /docs loads everything from this origin: its scripts and styles are files, never inline (Swagger UI
 * styles elements through the DOM, which the policy allows), its icons are data: images, and "Try it
 * out" calls this API. Checked in Chromium (test/web-browser.test.ts): nothing is refused.
 */
export const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
