import { createRoute, OpenAPIHono, type RouteConfig, type z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { Database } from '../db/database';
import type * as repo from '../db/repositories';
import { loadGroup } from '../db/repositories';
import { ROLES, type Role } from '../db/schema';
import type { Catalogue, ProgrammeVersion } from '../rules/catalogue';
import { countNoun, NOUNS } from '../rules/i18n';
import type { EvaluatorName, Matcher } from '../rules/match';
import { acceptLanguage, issueText, messages } from '../rules/messages';
import { issueMessage } from '../rules/suggest';
import { ApiError, issuePath, problemContent, problemResponse } from './problem';
import { MATCH_ROLES } from './roles';

/**
 * The route kit: what every resource's sub-app is built with. The request environment, the body
 * limits, the roles of each kind of route, `secured()` (a route with its roles and the statuses the
 * server answers on its own), the response and body helpers for the OpenAPI document, `router()` (a
 * sub-app whose validation failures are problem+json) and the services the routes share.
 */

/** What the routes share: built once per app by createApp. */
export interface Services {
  catalogue: Catalogue;
  db: Database;
  /** Secret for keyed hashes of personal identifiers. */
  idSecret: string;
  /** The compiled evaluator answers by default; the reference (json-rules-engine) on request, for audits. */
  matchers: Record<EvaluatorName, Matcher>;
  /** The default evaluator's matcher. */
  matcher: Matcher;
  verifyKey: repo.KeyVerifier;
  /** Today's date, YYYY-MM-DD. */
  today: () => string;
  /** How long a repeated Idempotency-Key waits for the first request's response. */
  idempotencyWaitMs: number;
}

export type Env = { Variables: { actor: repo.Actor } };

/** Largest JSON body accepted (documented in the OpenAPI description). */
export const JSON_BODY_LIMIT = 1024 * 1024;
/** Largest NDJSON batch accepted. */
export const BATCH_BODY_LIMIT = 64 * 1024 * 1024;
/** Largest line of a batch: one group, as large as a JSON body. */
export const BATCH_LINE_LIMIT = JSON_BODY_LIMIT;
/** A batch gives way to other requests after this much work (ms), so their latency stays low. */
export const BATCH_YIELD_MS = 5;

export const ALL: readonly Role[] = ROLES;
export const WRITE_GROUPS: readonly Role[] = ['admin', 'case_worker'];
export const MATCH = MATCH_ROLES;
/** Approve, reject, waitlist: the evaluation committee's decisions (CDMX operating rules), or an admin. */
export const DECIDE: readonly Role[] = ['admin', 'committee'];
export const BUDGET: readonly Role[] = ['admin', 'case_worker', 'committee'];

/** Only these roles may call a route; the roles are also written into the OpenAPI document. */
function requireRoles(roles: readonly Role[]): MiddlewareHandler<Env> {
  return async (c, next) => {
    const actor = c.get('actor');
    if (!roles.includes(actor.role)) {
      return problemResponse(
        c,
        'forbidden',
        `role '${actor.role}' may not call this route (allowed: ${roles.join(', ')})`,
      );
    }
    await next();
  };
}

const RETRY_AFTER = {
  'Retry-After': {
    description: 'Seconds to wait before trying again',
    required: true,
    schema: { type: 'integer', minimum: 0 },
  },
} as const;
const problemDoc = (description: string, extra: object = {}) => ({
  description,
  content: problemContent,
  ...extra,
});

/** Media types the JSON body validator takes (hono/zod-openapi answer 415 to any other). */
const isJsonMediaType = (type: string) => /^application\/([\w.-]+\+)?json$/.test(type);

/**
 * A /v1 route with its roles. Besides the route's own responses, the document lists every status the
 * server answers on its own, all problem+json: 400 and 415 where a JSON body is read, 401 and 403,
 * 413 where a body is limited, 422 where a query or body is validated, 429 (rate limits), 500 and
 * 503 (database busy). A route's own description of one of these wins.
 */
export function secured<R extends Omit<RouteConfig, 'middleware' | 'security'>>(
  roles: readonly Role[],
  config: R,
) {
  const bodyTypes = Object.keys(config.request?.body?.content ?? {});
  const readsJson = bodyTypes.some(isJsonMediaType);
  return createRoute({
    ...config,
    // Reads also take the pages' sign-in cookie; writes only the header (CSRF).
    security: config.method === 'get' ? [{ bearerAuth: [] }, { sessionCookie: [] }] : [{ bearerAuth: [] }],
    description: `${config.description ?? ''}\n\nRoles: ${roles.join(', ')}.`.trim(),
    'x-vincula-roles': roles,
    middleware: [requireRoles(roles)] as const,
    responses: {
      ...(readsJson
        ? {
            400: problemDoc('The body is not valid JSON'),
            415: problemDoc('The body is not JSON: send Content-Type: application/json'),
          }
        : {}),
      401: problemDoc('Missing or invalid API key'),
      403: problemDoc(
        config.method === 'get'
          ? "The key's role may not call this route"
          : "The key's role may not call this route, or the sign-in cookie was sent instead of the Authorization header",
      ),
      // The body limit is checked on every /v1 request that is not a read, whether it has a body or not.
      ...(config.method === 'get'
        ? {}
        : { 413: problemDoc(`The body is larger than ${JSON_BODY_LIMIT} bytes (1 MiB)`) }),
      // A JSON body of any write is checked for nesting depth before a route reads it.
      ...(config.request?.body || config.request?.query || config.method !== 'get'
        ? { 422: problemDoc('The request does not validate (field paths in errors)') }
        : {}),
      429: problemDoc('Too many requests: try again after Retry-After seconds', { headers: RETRY_AFTER }),
      500: problemDoc('Internal error (logged on the server)'),
      503: problemDoc('The database is busy: try again after Retry-After seconds', { headers: RETRY_AFTER }),
      ...config.responses,
    },
  } as R & { middleware: MiddlewareHandler<Env>[] });
}

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
export const problems = (description: string) => ({ description, content: problemContent });
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

/** A validation failure (query, params, body) as a 422 problem naming each path. */
export const validationHook = (
  result: { success: true } | { success: false; error: z.ZodError },
  c: Parameters<typeof problemResponse>[0],
) => {
  if (!result.success) {
    const lang = acceptLanguage(c.req.header('Accept-Language'));
    const errors = result.error.issues.map((i) => ({
      path: issuePath(i.path),
      message: lang === 'es' ? issueText(i, lang) : issueMessage(i),
    }));
    return problemResponse(
      c,
      'validation',
      lang === 'es'
        ? messages(lang).validationSummary(errors.length)
        : `${countNoun(errors.length, NOUNS.problem, 'en')} in the request`,
      {
        errors,
      },
    );
  }
};

/** A sub-app for one resource, mounted by createApp with app.route(). */
export const router = () => new OpenAPIHono<Env>({ defaultHook: validationHook });

/** Programme ids in a request: each must exist, and a version must be in force when one is applied for. */
export function programmeChecks(catalogue: Catalogue) {
  const versionOrThrow = (id: string, asOf: string, path: string): ProgrammeVersion => {
    const lookup = catalogue.versionAt(id, asOf);
    if (!lookup)
      throw new ApiError('validation', `unknown programme '${id}'`, {
        errors: [{ path, message: `unknown programme '${id}'` }],
      });
    if (!lookup.active) {
      throw new ApiError('validation', `programme '${id}' is not in force on ${asOf}`, {
        errors: [
          {
            path,
            message: `not in force on ${asOf} (version ${lookup.version.fiscalYear}: ${lookup.version.validity.from} – ${lookup.version.validity.to})`,
          },
        ],
      });
    }
    return lookup.version;
  };
  const checkProgrammes = (ids: readonly string[] | undefined, path: string) => {
    const unknown = (ids ?? []).filter((id) => !catalogue.hasProgramme(id));
    if (unknown.length) {
      throw new ApiError('validation', `unknown programme(s): ${unknown.join(', ')}`, {
        errors: unknown.map((id) => ({ path, message: `unknown programme '${id}'` })),
      });
    }
  };
  return { versionOrThrow, checkProgrammes };
}

/** A stored group, or a 404 problem. */
export async function storedGroupOrThrow(db: Database, id: string) {
  const loaded = await loadGroup(db, id);
  if (!loaded) throw new ApiError('not_found', `no group '${id}'`);
  return loaded;
}

/** `programmes=a,b` in a query, as a list (undefined when absent). */
export const programmeList = (programmes: string | undefined) =>
  programmes
    ?.split(',')
    .map((p) => p.trim())
    .filter(Boolean);
