import type { Catalogue } from '../../rules/catalogue';
import { DOCS_CSP, DOCS_HTML, DOCS_INIT, type DocsAssets } from '../docs';
import { router } from '../kit';
import { ApiError } from '../problem';

/** Health and the API documentation page (its OpenAPI description is in ../public-routes.ts). */
export function publicRoutes(catalogue: Catalogue, docsAssets: DocsAssets | undefined) {
  const app = router();

  app.get('/healthz', (c) => c.json({ status: 'ok', programmes: catalogue.programmes.length }));
  app.get('/docs', (c) =>
    docsAssets
      ? c.html(DOCS_HTML, 200, { 'Content-Security-Policy': DOCS_CSP })
      : c.html(
          '<!doctype html><title>Vincula API</title><p>The OpenAPI document is at <a href="/openapi.json">/openapi.json</a>.</p>',
          200,
          { 'Content-Security-Policy': DOCS_CSP },
        ),
  );
  app.get('/docs/init.js', (c) =>
    c.body(DOCS_INIT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }),
  );
  app.get('/docs/:file{swagger-ui\\.css|swagger-ui-bundle\\.js}', (c) => {
    const file = c.req.param('file') as keyof DocsAssets;
    const body = docsAssets?.[file];
    if (!body) throw new ApiError('not_found', `no ${file}`);
    const type = file.endsWith('.css') ? 'text/css' : 'text/javascript';
    return c.body(body, 200, {
      'Content-Type': `${type}; charset=utf-8`,
      'Cache-Control': 'public, max-age=86400',
    });
  });

  return app;
}
