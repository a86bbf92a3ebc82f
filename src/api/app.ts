import { HTTPException } from 'hono/http-exception';
import { type Database, DatabaseBusyError, isBusyError } from '../db/database';
import * as repo from '../db/repositories';
import type { Catalogue } from '../rules/catalogue';
import { today } from '../rules/dates';
import { InputError } from '../rules/errors';
import { countNoun, NOUNS } from '../rules/i18n';
import { DEFAULT_EVALUATOR, type EvaluatorName, Matcher } from '../rules/match';
import { acceptLanguage, messages, problemText } from '../rules/messages';
import type { WebAssets } from '../web/assets';
import { registerWebRoutes } from '../web/routes';
import { BodyTooLarge, limitBody, tooLarge } from './body-limit';
import type { DocsAssets } from './docs';
import { responseHeaders } from './headers';
import { refuseDeepJson } from './json-depth';
import { BATCH_BODY_LIMIT, JSON_BODY_LIMIT, router, type Services } from './kit';
import { ApiError, problemResponse } from './problem';
import { documentPublicRoutes } from './public-routes';
import { addressRateLimit, keyRateLimit, type RateLimits } from './rate-limit';
import { applicationRoutes } from './routes/applications';
import { budgetRoutes } from './routes/budget';
import { graphRoutes } from './routes/graph';
import { groupRoutes } from './routes/groups';
import { keyRoutes } from './routes/keys';
import { matchRoutes } from './routes/match';
import { programmeRoutes } from './routes/programmes';
import { publicRoutes } from './routes/public';
import { scenarioRoutes } from './routes/scenarios';
import * as S from './schemas';
import { requestCredential, SAFE_METHODS, SESSION_COOKIE } from './session';

/**
 * The one Hono app that Node and Workers serve: the middleware every request passes (headers, rate
 * limits, body limits, authentication, the nesting check), the errors as problem+json, and each
 * resource's sub-app (src/api/routes/) mounted in turn, then the pages and the OpenAPI document.
 */

export interface AppDeps {
  catalogue: Catalogue;
  db: Database;
  /** Secret for keyed hashes of personal identifiers. */
  idSecret: string;
  /** Today's date, YYYY-MM-DD (injectable for tests). */
  today?: () => string;
  /** Swagger UI's files for /docs; without them /docs links to /openapi.json. */
  docsAssets?: DocsAssets;
  /** The committee page's browser bundle; without it the page says the graph is unavailable. */
  webAssets?: WebAssets;
  /** Per key and per address rate limits (src/api/rate-limit.ts); none without them. */
  rateLimits?: RateLimits;
  /** How long a repeated Idempotency-Key waits for the first request's response (default 10 s). */
  idempotencyWaitMs?: number;
  /** Told of every key revoked through this app (the cluster tells its other workers to forget it). */
  onKeyRevoked?: (keyId: string) => Promise<void>;
  /** Receives this app's own key verifier, so the cluster can make it forget keys revoked elsewhere. */
  exposeKeyVerifier?: (verifier: repo.KeyVerifier) => void;
}

export function createApp(deps: AppDeps) {
  const { catalogue, db } = deps;
  // The compiled evaluator answers by default; the reference (json-rules-engine) on request, for audits.
  const matchers: Record<EvaluatorName, Matcher> = {
    compiled: new Matcher(catalogue, 'compiled'),
    reference: new Matcher(catalogue, 'reference'),
  };
  const localKeys = repo.keyVerifier(db);
  deps.exposeKeyVerifier?.(localKeys);
  const services: Services = {
    catalogue,
    db,
    idSecret: deps.idSecret,
    matchers,
    matcher: matchers[DEFAULT_EVALUATOR],
    verifyKey: revocationsShared(localKeys, deps),
    today: deps.today ?? today,
    idempotencyWaitMs: deps.idempotencyWaitMs ?? 10_000,
  };
  const { verifyKey } = services;

  const app = router();

  app.use('*', responseHeaders);

  // Not referenced by a route's schema (the batch answers NDJSON, one BatchLine a line), so registered here.
  app.openAPIRegistry.register('BatchLine', S.BatchLineSchema);
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key created with `npx vincula keys create --role <role>`.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'sessionCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description:
      'The same API key, kept by the web pages after sign-in (/sign-in) in an httpOnly, SameSite=Strict cookie. Accepted for GET requests only.',
  });

  app.onError((error, c) => {
    if (error instanceof ApiError) return problemResponse(c, error.kind, error.message, error.extra);
    // Read past its limit (by the nesting check or a route): 413, and the connection is not kept.
    if (error instanceof BodyTooLarge) return tooLarge(c, error.limit);
    if (error instanceof InputError) {
      // Spanish when the caller asks for it (Accept-Language); the paths stay the machine's.
      const lang = acceptLanguage(c.req.header('Accept-Language'));
      const errors = error.problems.map((p) => ({
        path: p.path,
        message: lang === 'es' ? problemText(p, lang) : p.reason,
      }));
      return problemResponse(
        c,
        'validation',
        lang === 'es'
          ? messages(lang).validationSummary(errors.length)
          : `${countNoun(errors.length, NOUNS.problem, 'en')} in the request`,
        { errors },
      );
    }
    if (error instanceof HTTPException) {
      if (error.status === 400) return problemResponse(c, 'malformed', error.message);
      if (error.status === 413) return problemResponse(c, 'too_large', error.message);
      // A JSON route sent another Content-Type (thrown by @hono/zod-openapi's media-type check).
      if (error.status === 415)
        return problemResponse(c, 'unsupported_media_type', 'send Content-Type: application/json');
      return error.getResponse();
    }
    if (error instanceof DatabaseBusyError || isBusyError(error)) {
      // The request was fine; the database could not take it now. Never a 500 for this.
      const busy = error instanceof DatabaseBusyError ? error : undefined;
      console.error(`503: ${busy?.message ?? (error as Error).message}`);
      c.header('Retry-After', String(busy?.retryAfterSeconds ?? 1));
      return problemResponse(c, 'unavailable', busy?.message ?? 'the database is locked by other writers');
    }
    console.error(error);
    // Whatever the route had set before failing (a sign-in cookie) goes unsaid.
    c.header('Set-Cookie', undefined);
    return problemResponse(c, 'internal', 'the error was logged');
  });
  app.notFound((c) =>
    problemResponse(c, 'not_found', `no route for ${c.req.method} ${new URL(c.req.url).pathname}`),
  );

  // Rate limits per address first: a client over its allowance costs no more than this.
  if (deps.rateLimits) app.use('*', addressRateLimit(deps.rateLimits));

  // Body limits: JSON routes 1 MiB, the NDJSON batch 64 MiB, enforced as the body is read.
  app.use(
    '/v1/*',
    limitBody((c) => (c.req.path === '/v1/match/batch' ? BATCH_BODY_LIMIT : JSON_BODY_LIMIT)),
  );

  // Authentication: a Bearer API key on every /v1 route, or the pages' sign-in cookie for reads only,
  // so a cross-site form or script can never make a signed-in browser change anything.
  app.use('/v1/*', async (c, next) => {
    const credential = requestCredential(c);
    if (!credential) return problemResponse(c, 'unauthorized', 'send "Authorization: Bearer <api key>"');
    if (credential.via === 'cookie' && !SAFE_METHODS.has(c.req.method)) {
      return problemResponse(
        c,
        'csrf',
        `the sign-in cookie is accepted only for GET requests: send "Authorization: Bearer <api key>" to ${c.req.method} ${c.req.path}`,
      );
    }
    const actor = await verifyKey(credential.token);
    if (!actor) return problemResponse(c, 'unauthorized', 'the API key is not valid or was revoked');
    c.set('actor', actor);
    await next();
  });
  if (deps.rateLimits) app.use('/v1/*', keyRateLimit(deps.rateLimits));

  app.use('/v1/*', refuseDeepJson);

  // ------------------------------------------------------------------------------------ routes

  for (const routes of [
    publicRoutes(catalogue, deps.docsAssets),
    matchRoutes(services),
    programmeRoutes(services),
    groupRoutes(services),
    applicationRoutes(services),
    budgetRoutes(services),
    graphRoutes(services),
    scenarioRoutes(services),
    keyRoutes(services),
  ]) {
    app.route('/', routes);
  }

  // -------------------------------------------------------------------------------------- pages

  registerWebRoutes(app, {
    catalogue,
    matcher: services.matcher,
    db,
    verifyKey,
    today: services.today,
    ...(deps.webAssets ? { assets: deps.webAssets } : {}),
  });

  // ------------------------------------------------------------------------------ documentation

  documentPublicRoutes(app);
  app.doc31('/openapi.json', OPENAPI_CONFIG);

  return app;
}

export const OPENAPI_CONFIG = {
  openapi: '3.1.0',
  info: {
    title: 'Vincula API',
    version: '1.0.0',
    description: `Cross-programme eligibility and coordination for social-protection and SSE programmes.\n\nErrors are RFC 9457 problem+json. JSON bodies are limited to ${JSON_BODY_LIMIT} bytes (413 above), NDJSON batches to ${BATCH_BODY_LIMIT} bytes (a streamed body is refused as soon as it passes the limit). POSTs that create honour Idempotency-Key.\n\nRate limits: requests are counted per API key and per client address, and failed authentications per address; past a limit the answer is 429 Too Many Requests (problem+json) with a Retry-After header giving the seconds to wait. /healthz is not limited. The limits are the server's settings (README, "Limits and rate limits").`,
  },
  // Relative: the API is wherever this document is served from (Node on http://127.0.0.1:8787 by
  // default, a Worker, or behind a proxy), so the docs page and clients never point at another host.
  servers: [{ url: '/', description: 'The server this document is served from' }],
};

/** The OpenAPI document, without a database (for `npm run gen` and tests). */
export function openApiDocument(catalogue: Catalogue) {
  const app = createApp({ catalogue, db: undefined as unknown as Database, idSecret: 'unused' });
  return app.getOpenAPI31Document(OPENAPI_CONFIG);
}

/** A revocation through this app forgets the key here, then tells onKeyRevoked (the other workers). */
function revocationsShared(verifier: repo.KeyVerifier, deps: AppDeps): repo.KeyVerifier {
  const { onKeyRevoked } = deps;
  if (!onKeyRevoked) return verifier;
  const shared = (token: string) => verifier(token);
  return Object.assign(shared, {
    async forget(keyId: string) {
      await verifier.forget(keyId);
      await onKeyRevoked(keyId);
    },
  });
}
