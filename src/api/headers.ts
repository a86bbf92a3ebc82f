import type { MiddlewareHandler } from 'hono';

/**
 * Headers every response carries, whichever route, error or page answers: browsers must take each
 * body for the type it is sent as (a JSON error, a CSV or an NDJSON stream is never run as a script
 * or shown as HTML). The pages and /docs add their own Content-Security-Policy.
 */
export const RESPONSE_HEADERS: Readonly<Record<string, string>> = { 'X-Content-Type-Options': 'nosniff' };

/** Sets RESPONSE_HEADERS on every response of the app, after the route, notFound or onError made it. */
export const responseHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  for (const [name, value] of Object.entries(RESPONSE_HEADERS)) c.res.headers.set(name, value);
};
