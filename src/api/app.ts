import { createRoute, OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { stream } from 'hono/streaming';
import { type Database, DatabaseBusyError, isBusyError } from '../db/database';
import * as repo from '../db/repositories';
import { ROLES, type Role } from '../db/schema';
import { sha256 } from '../db/secrets';
import type { Catalogue, ProgrammeVersion } from '../rules/catalogue';
import { today } from '../rules/dates';
import { InputError } from '../rules/errors';
import type { Lang } from '../rules/i18n';
import { pick } from '../rules/i18n';
import { checkTerritories, DEFAULT_EVALUATOR, type EvaluatorName, Matcher, parseGroup } from '../rules/match';
import { moneyJson, parseAmount } from '../rules/money';
import { sourceList } from '../rules/source';
import type { WebAssets } from '../web/assets';
import { registerWebRoutes } from '../web/routes';
import { DOCS_HTML, DOCS_INIT, type DocsAssets } from './docs';
import { registerGraphRoutes } from './graph-routes';
import { ApiError, issuePath, problem, problemContent, problemResponse } from './problem';
import { MATCH_ROLES } from './roles';
import * as S from './schemas';
import { requestCredential, SAFE_METHODS, SESSION_COOKIE } from './session';

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
  /** How long a repeated Idempotency-Key waits for the first request's response (default 10 s). */
  idempotencyWaitMs?: number;
}

export type Env = { Variables: { actor: repo.Actor } };

/** A reservation of an Idempotency-Key still pending after this long is taken over (its request died). */
export const IDEMPOTENCY_ABANDONED_AFTER_S = 120;

/** Largest JSON body accepted (documented in the OpenAPI description). */
export const JSON_BODY_LIMIT = 1024 * 1024;
/** Largest NDJSON batch accepted. */
export const BATCH_BODY_LIMIT = 64 * 1024 * 1024;

const ALL: readonly Role[] = ROLES;
const WRITE_GROUPS: readonly Role[] = ['admin', 'case_worker'];
const MATCH = MATCH_ROLES;
/** Approve, reject, waitlist: the evaluation committee's decisions (CDMX operating rules), or an admin. */
const DECIDE: readonly Role[] = ['admin', 'committee'];
const BUDGET: readonly Role[] = ['admin', 'case_worker', 'committee'];

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

export function secured<R extends Omit<RouteConfig, 'middleware' | 'security'>>(
  roles: readonly Role[],
  config: R,
) {
  return createRoute({
    ...config,
    // Reads also take the pages' sign-in cookie; writes only the header (CSRF).
    security: config.method === 'get' ? [{ bearerAuth: [] }, { sessionCookie: [] }] : [{ bearerAuth: [] }],
    description: `${config.description ?? ''}\n\nRoles: ${roles.join(', ')}.`.trim(),
    'x-vincula-roles': roles,
    middleware: [requireRoles(roles)] as const,
    responses: {
      ...config.responses,
      401: { description: 'Missing or invalid API key', content: problemContent },
      403: { description: "The key's role may not call this route", content: problemContent },
    },
  } as R & { middleware: MiddlewareHandler<Env>[] });
}

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const problems = (description: string) => ({ description, content: problemContent });
const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

/** Accepts null as "unknown" before validating a group, as the CLI does. */
const groupBody = S.GroupSchema;

export function createApp(deps: AppDeps) {
  const { catalogue, db } = deps;
  // The compiled evaluator answers by default; the reference (json-rules-engine) on request, for audits.
  const matchers: Record<EvaluatorName, Matcher> = {
    compiled: new Matcher(catalogue, 'compiled'),
    reference: new Matcher(catalogue, 'reference'),
  };
  const matcher = matchers[DEFAULT_EVALUATOR];
  const verifyKey = repo.keyVerifier(db);
  const todayOf = deps.today ?? today;
  const idempotencyWaitMs = deps.idempotencyWaitMs ?? 10_000;

  const app = new OpenAPIHono<Env>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const errors = result.error.issues.map((i) => ({
          path: issuePath(i.path),
          message:
            i.code === 'unrecognized_keys'
              ? `unknown field(s) ${i.keys.map((k) => `'${k}'`).join(', ')}`
              : i.message,
        }));
        return problemResponse(c, 'validation', `${errors.length} problem(s) in the request`, { errors });
      }
    },
  });

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
    if (error instanceof InputError) {
      const errors = error.problems.map((p) => ({ path: p.path, message: p.reason }));
      return problemResponse(c, 'validation', `${errors.length} problem(s) in the request`, { errors });
    }
    if (error instanceof HTTPException) {
      if (error.status === 400) return problemResponse(c, 'malformed', error.message);
      if (error.status === 413) return problemResponse(c, 'too_large', error.message);
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
    return problemResponse(c, 'internal', 'the error was logged');
  });
  app.notFound((c) =>
    problemResponse(c, 'not_found', `no route for ${c.req.method} ${new URL(c.req.url).pathname}`),
  );

  // Body limits: JSON routes 1 MiB, the NDJSON batch 64 MiB. A declared length is checked as it is
  // (as hono's bodyLimit does, but without touching the body: on Node that would build a full
  // Request for every call); a streamed body is counted by bodyLimit as it arrives.
  const limits = [JSON_BODY_LIMIT, BATCH_BODY_LIMIT].map((limit) => ({
    limit,
    counted: bodyLimit({
      maxSize: limit,
      onError: (ctx) => problemResponse(ctx, 'too_large', `the body limit of this route is ${limit} bytes`),
    }),
  }));
  app.use('/v1/*', async (c, next) => {
    const { limit, counted } = limits[c.req.path === '/v1/match/batch' ? 1 : 0] as (typeof limits)[number];
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const declared = c.req.header('content-length');
    if (declared !== undefined && c.req.header('transfer-encoding') === undefined) {
      return Number.parseInt(declared, 10) > limit
        ? problemResponse(c, 'too_large', `the body limit of this route is ${limit} bytes`)
        : next();
    }
    return counted(c, next);
  });

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

  /**
   * Idempotency-Key: the first request with a key reserves it (a unique row, inserted before the
   * work), does the work and stores its response; a repeat with the same body gets that response,
   * waiting for it while the first is still running; a repeat with another body is a 409. Work that
   * fails gives the key back, so that the request can be tried again.
   */
  async function idempotent(
    c: { req: { header(name: string): string | undefined }; get(k: 'actor'): repo.Actor },
    body: unknown,
    run: () => Promise<{ status: 200 | 201; body: unknown; location?: string }>,
  ) {
    const key = c.req.header('Idempotency-Key');
    if (!key) return run();
    if (key.length > 200) throw new ApiError('validation', 'Idempotency-Key is longer than 200 characters');
    const actor = c.get('actor');
    const hash = await sha256(JSON.stringify(body));
    const reserve = () => repo.reserveIdempotent(db, actor.keyId, key, hash, IDEMPOTENCY_ABANDONED_AFTER_S);
    const deadline = Date.now() + idempotencyWaitMs;
    let reservation = await reserve();
    for (let pause = 20; !reservation; pause = Math.min(pause * 2, 250)) {
      const previous = await repo.findIdempotent(db, actor.keyId, key);
      if (!previous) {
        // The first request failed and gave the key back: this one does the work.
        reservation = await reserve();
        continue;
      }
      if (previous.requestHash !== hash)
        throw new ApiError('conflict', 'this Idempotency-Key was used with a different request');
      if (previous.state === 'done')
        return { status: previous.status as 200 | 201, body: JSON.parse(previous.body), replayed: true };
      if (Date.now() >= deadline) {
        // Taken over if its request was abandoned long ago; otherwise it is still running.
        reservation = await reserve();
        if (reservation) break;
        throw new ApiError(
          'conflict',
          'a request with this Idempotency-Key is still being processed: send it again shortly to get its response',
        );
      }
      await new Promise((r) => setTimeout(r, pause));
    }
    const at = reservation as string;
    let result: Awaited<ReturnType<typeof run>>;
    try {
      result = await run();
    } catch (error) {
      // When the database stopped answering, the work may have been done: keep the key reserved
      // (a repeat waits, then is refused) until it counts as abandoned, rather than doing it twice.
      if (!(error instanceof DatabaseBusyError && error.applied === 'unknown')) {
        await repo.releaseIdempotent(db, actor.keyId, key, at).catch((e: unknown) => {
          console.error(`could not release Idempotency-Key after a failure: ${(e as Error).message}`);
        });
      }
      throw error;
    }
    await repo
      .completeIdempotent(db, actor.keyId, key, at, result.status, JSON.stringify(result.body))
      .catch((e: unknown) => {
        // The work is done: answer it. Repeats wait, then are refused, until the key counts as abandoned.
        console.error(`could not store the response of an Idempotency-Key: ${(e as Error).message}`);
      });
    return result;
  }

  // ------------------------------------------------------------------------------------ public

  app.get('/healthz', (c) => c.json({ status: 'ok', programmes: catalogue.programmes.length }));
  app.get('/docs', (c) =>
    deps.docsAssets
      ? c.html(DOCS_HTML)
      : c.html(
          '<!doctype html><title>Vincula API</title><p>The OpenAPI document is at <a href="/openapi.json">/openapi.json</a>.</p>',
        ),
  );
  app.get('/docs/init.js', (c) =>
    c.body(DOCS_INIT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }),
  );
  app.get('/docs/:file{swagger-ui\\.css|swagger-ui-bundle\\.js}', (c) => {
    const file = c.req.param('file') as keyof DocsAssets;
    const body = deps.docsAssets?.[file];
    if (!body) throw new ApiError('not_found', `no ${file}`);
    const type = file.endsWith('.css') ? 'text/css' : 'text/javascript';
    return c.body(body, 200, {
      'Content-Type': `${type}; charset=utf-8`,
      'Cache-Control': 'public, max-age=86400',
    });
  });

  // -------------------------------------------------------------------------------------- match

  app.openapi(
    secured(MATCH, {
      method: 'post',
      path: '/v1/match',
      tags: ['match'],
      summary: 'Match one group against every programme (or some)',
      request: { body: jsonBody(S.MatchRequestSchema) },
      responses: {
        200: json(S.MatchReportSchema, 'Status of every programme for the group, with reasons'),
        400: problems('The body is not valid JSON'),
        413: problems('The body is larger than 1 MiB'),
        422: problems('The request does not validate (field paths in errors)'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      checkTerritories(body.group, catalogue, 'group.');
      checkProgrammes(body.programmes, 'programmes');
      const report = await matchers[body.evaluator ?? DEFAULT_EVALUATOR].match(body.group, {
        asOf: body.asOf ?? todayOf(),
        lang: body.lang ?? 'es',
        ...(body.programmes ? { programmes: body.programmes } : {}),
      });
      return c.json(report, 200);
    },
  );

  app.openapi(
    secured(MATCH, {
      method: 'post',
      path: '/v1/match/batch',
      tags: ['match'],
      summary: 'Match many groups: NDJSON in, NDJSON out, streamed',
      description:
        'One group per line in; one line out per group, in order: `{"line": n, "report": MatchReport}` or `{"line": n, "problem": Problem}`. The last line is `{"cohorts": [CohortResult]}`: the programmes\' cohort rules checked over the whole batch. Body limit 64 MiB.',
      request: {
        query: S.MatchQuerySchema,
        body: {
          required: true,
          content: {
            'application/x-ndjson': {
              schema: z.string().openapi({ description: 'One group (JSON) per line' }),
            },
          },
        },
      },
      responses: {
        200: {
          description: 'NDJSON: one result per input line, then the cohort results',
          content: { 'application/x-ndjson': { schema: z.string() } },
        },
        413: problems('The body is larger than 64 MiB'),
        415: problems('The body is not NDJSON'),
        422: problems('A query parameter does not validate'),
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const programmes = query.programmes
        ?.split(',')
        .map((p) => p.trim())
        .filter(Boolean);
      checkProgrammes(programmes, 'programmes');
      const type = c.req.header('Content-Type') ?? '';
      if (!/application\/(x-)?ndjson|application\/jsonl|text\/plain/.test(type)) {
        throw new ApiError(
          'unsupported_media_type',
          'send Content-Type: application/x-ndjson, one group per line',
        );
      }
      const lang: Lang = query.lang ?? 'es';
      const batch = matchers[query.evaluator ?? DEFAULT_EVALUATOR].batch({
        asOf: query.asOf ?? todayOf(),
        lang,
        ...(programmes ? { programmes } : {}),
      });
      const input = c.req.raw.body;
      c.header('Content-Type', 'application/x-ndjson; charset=utf-8');
      // The stream's typing does not carry the route's NDJSON response type.
      const response: Response = stream(c, async (out) => {
        const decoder = new TextDecoder();
        let buffer = '';
        let line = 0;
        const handle = async (text: string) => {
          line += 1;
          if (!text.trim()) return;
          let result: unknown;
          try {
            const group = parseGroup(JSON.parse(text), catalogue);
            result = { line, report: await batch.match(group) };
          } catch (error) {
            const detail =
              error instanceof InputError
                ? problem('validation', `line ${line}: the group does not validate`, {
                    errors: error.problems.map((p) => ({ path: p.path, message: p.reason })),
                  })
                : error instanceof SyntaxError
                  ? problem('malformed', `line ${line}: ${error.message}`)
                  : undefined;
            if (!detail) throw error;
            result = { line, problem: detail };
          }
          await out.write(`${JSON.stringify(result)}\n`);
        };
        if (input) {
          const reader = input.getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            buffer += decoder.decode(value, { stream: true });
            let newline = buffer.indexOf('\n');
            while (newline >= 0) {
              await handle(buffer.slice(0, newline));
              buffer = buffer.slice(newline + 1);
              newline = buffer.indexOf('\n');
            }
          }
        }
        buffer += decoder.decode();
        if (buffer.trim()) await handle(buffer);
        await out.write(`${JSON.stringify({ cohorts: batch.cohorts() })}\n`);
      });
      return response as never;
    },
  );

  // --------------------------------------------------------------------------------- programmes

  app.openapi(
    secured(ALL, {
      method: 'get',
      path: '/v1/programmes',
      tags: ['programmes'],
      summary: 'Every programme, with its versions by date',
      responses: { 200: json(z.object({ programmes: z.array(S.ProgrammeSummarySchema) }), 'The programmes') },
    }),
    (c) => {
      const programmes = catalogue.programmeIds().map((id) => {
        const versions = catalogue.versions(id);
        const latest = versions.at(-1) as ProgrammeVersion;
        return {
          id,
          name: latest.name,
          level: latest.level,
          country: latest.country,
          agency: latest.agency,
          ...(latest.parent ? { parent: latest.parent } : {}),
          matchable: latest.matchable,
          versions: versions.map((v) => ({
            key: v.key,
            fiscalYear: v.fiscalYear,
            validity: { from: v.validity.from, to: v.validity.to },
          })),
        };
      });
      return c.json({ programmes }, 200);
    },
  );

  app.openapi(
    secured(ALL, {
      method: 'get',
      path: '/v1/programmes/{id}',
      tags: ['programmes'],
      summary: 'One programme: every version with its criteria, parameters, stages, support, budget, calls',
      request: { params: S.IdParamSchema },
      responses: { 200: json(S.ProgrammeDetailSchema, 'The programme'), 404: problems('No such programme') },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      const versions = catalogue.versions(id);
      if (!versions.length) throw new ApiError('not_found', `no programme '${id}'`);
      return c.json(
        {
          id,
          versions: versions.map((v) => ({
            key: v.key,
            fiscalYear: v.fiscalYear,
            file: v.file,
            name: v.name,
            ...(v.shortName ? { shortName: v.shortName } : {}),
            level: v.level,
            country: v.country,
            agency: v.agency,
            ...(v.parent ? { parent: v.parent } : {}),
            matchable: v.matchable,
            validity: { from: v.validity.from, to: v.validity.to, source: sourceList(v.validity.source) },
            targetUnit: v.targetUnit,
            targetPopulation: v.targetPopulation,
            parameters: v.parameters,
            criteria: v.criteria.map((k) => ({
              id: k.id,
              label: k.label,
              source: sourceList(k.source),
              scope: k.scope,
              ...(k.stage ? { stage: k.stage } : {}),
              condition: k.condition,
            })),
            stages: v.stages,
            support: v.support.map((s) => ({
              ...s,
              ...(s.maxPerGroup ? { maxPerGroup: moneyJson(s.maxPerGroup) } : {}),
              ...(s.maxPerPerson ? { maxPerPerson: moneyJson(s.maxPerPerson) } : {}),
            })),
            ...(v.budget
              ? {
                  budget: {
                    fiscalYear: v.budget.fiscalYear,
                    currency: v.budget.currency,
                    ...(v.budget.total ? { total: moneyJson(v.budget.total) } : {}),
                    lines: v.budget.lines.map((l) => ({
                      id: l.id,
                      label: l.label,
                      amount: moneyJson(l.amount),
                      ...(l.category ? { category: l.category } : {}),
                    })),
                  },
                }
              : {}),
            calls: v.calls,
            exclusions: v.exclusions,
            cohortRules: v.cohortRules,
            coordination: v.coordination,
          })),
        },
        200,
      );
    },
  );

  // ------------------------------------------------------------------------------------- groups

  const storedGroup = async (id: string) => {
    const loaded = await repo.loadGroup(db, id);
    if (!loaded) throw new ApiError('not_found', `no group '${id}'`);
    return loaded;
  };

  app.openapi(
    secured(WRITE_GROUPS, {
      method: 'post',
      path: '/v1/groups',
      tags: ['groups'],
      summary: 'Store a group and its members',
      description: 'Personal identifiers are stored only as a keyed hash. Honours Idempotency-Key.',
      request: { body: jsonBody(groupBody), headers: z.object({ 'idempotency-key': z.string().optional() }) },
      responses: {
        201: json(S.StoredGroupSchema, 'The stored group'),
        400: problems('The body is not valid JSON'),
        409: problems('The Idempotency-Key was used with a different request'),
        413: problems('The body is larger than 1 MiB'),
        422: problems('The group does not validate'),
      },
    }),
    async (c) => {
      const group = c.req.valid('json');
      checkTerritories(group, catalogue);
      const result = await idempotent(c, group, async () => {
        const id = await repo.createGroup(db, group, c.get('actor').keyId, deps.idSecret);
        return { status: 201 as const, body: (await storedGroup(id)).stored, location: `/v1/groups/${id}` };
      });
      const id = (result.body as { id: string }).id;
      c.header('Location', `/v1/groups/${id}`);
      return c.json(result.body as z.infer<typeof S.StoredGroupSchema>, 201);
    },
  );

  app.openapi(
    secured(WRITE_GROUPS, {
      method: 'get',
      path: '/v1/groups',
      tags: ['groups'],
      summary: 'List stored groups, newest first',
      request: {
        query: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
      },
      responses: { 200: json(S.GroupListSchema, 'A page of groups'), 422: problems('Bad paging parameters') },
    }),
    async (c) => {
      const { limit, offset } = c.req.valid('query');
      return c.json({ groups: await repo.listGroups(db, limit, offset), limit, offset }, 200);
    },
  );

  app.openapi(
    secured(WRITE_GROUPS, {
      method: 'get',
      path: '/v1/groups/{id}',
      tags: ['groups'],
      summary: 'Read a stored group with its members and enrolments',
      request: { params: S.IdParamSchema },
      responses: { 200: json(S.StoredGroupSchema, 'The group'), 404: problems('No such group') },
    }),
    async (c) => c.json((await storedGroup(c.req.valid('param').id)).stored, 200),
  );

  app.openapi(
    secured(WRITE_GROUPS, {
      method: 'put',
      path: '/v1/groups/{id}',
      tags: ['groups'],
      summary: 'Replace a stored group (members and entered enrolments are replaced)',
      request: { params: S.IdParamSchema, body: jsonBody(groupBody) },
      responses: {
        200: json(S.StoredGroupSchema, 'The updated group'),
        400: problems('The body is not valid JSON'),
        404: problems('No such group'),
        413: problems('The body is larger than 1 MiB'),
        422: problems('The group does not validate'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const group = c.req.valid('json');
      checkTerritories(group, catalogue);
      if (!(await repo.replaceGroup(db, id, group, c.get('actor').keyId, deps.idSecret))) {
        throw new ApiError('not_found', `no group '${id}'`);
      }
      return c.json((await storedGroup(id)).stored, 200);
    },
  );

  app.openapi(
    secured(WRITE_GROUPS, {
      method: 'delete',
      path: '/v1/groups/{id}',
      tags: ['groups'],
      summary: 'Delete a stored group, with its draft applications',
      description:
        'Refused (409) while the group has an application past draft (submitted, waitlisted, approved or rejected): those applications, their history and budget commitments are never deleted. The audit log keeps its entries.',
      request: { params: S.IdParamSchema },
      responses: {
        204: { description: 'Deleted, with its members, enrolments and draft applications' },
        404: problems('No such group'),
        409: problems('The group has applications past draft, which are kept'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const result = await repo.deleteGroup(db, id, c.get('actor').keyId);
      if (!result.deleted && result.reason === 'not_found')
        throw new ApiError('not_found', `no group '${id}'`);
      if (!result.deleted && result.reason === 'has_records') {
        const kept = Object.entries(result.kept).map(([state, n]) => `${n} ${state}`);
        throw new ApiError(
          'conflict',
          `the group has applications past draft (${kept.join(', ')}): they, their history and any budget commitment are records of public money and are kept, so the group is kept with them`,
        );
      }
      return c.body(null, 204);
    },
  );

  app.openapi(
    secured(MATCH, {
      method: 'get',
      path: '/v1/groups/{id}/matches',
      tags: ['groups', 'match'],
      summary: 'Match a stored group',
      request: { params: S.IdParamSchema, query: S.MatchQuerySchema },
      responses: {
        200: json(S.MatchReportSchema, 'Status of every programme'),
        404: problems('No such group'),
        422: problems('Bad query'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const query = c.req.valid('query');
      const programmes = query.programmes
        ?.split(',')
        .map((p) => p.trim())
        .filter(Boolean);
      checkProgrammes(programmes, 'programmes');
      const { group } = await storedGroup(id);
      const report = await matchers[query.evaluator ?? DEFAULT_EVALUATOR].match(
        { id, ...group },
        { asOf: query.asOf ?? todayOf(), lang: query.lang ?? 'es', ...(programmes ? { programmes } : {}) },
      );
      return c.json(report, 200);
    },
  );

  // ------------------------------------------------------------------------------- applications

  const applicationOut = async (row: repo.ApplicationRow) => ({
    id: row.id,
    groupId: row.groupId,
    programme: row.programme,
    programmeKey: row.programmeKey,
    fiscalYear: row.fiscalYear,
    asOf: row.asOf,
    ...(row.stage ? { stage: row.stage } : {}),
    callId: row.callId,
    supportLine: row.supportLine,
    budgetLine: row.budgetLine,
    amount: moneyJson({ minor: row.amountMinor, currency: row.currency as 'MXN' }),
    state: row.state,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    history: await repo.applicationHistory(db, row.id),
  });
  const applicationOrThrow = async (id: string) => {
    const row = await repo.getApplication(db, id);
    if (!row) throw new ApiError('not_found', `no application '${id}'`);
    return row;
  };
  const versionOf = (row: repo.ApplicationRow) =>
    catalogue.programmes.find((p) => p.key === row.programmeKey) as ProgrammeVersion;

  /** The budget line a support line is paid from: in the programme's own budget, or its parent's for the same year. */
  const budgetLineOf = (version: ProgrammeVersion, lineId: string) => {
    const own = version.budget?.lines.find((l) => l.id === lineId);
    if (own) return own;
    const parent = version.parent
      ? catalogue.versions(version.parent).find((p) => p.fiscalYear === version.fiscalYear)
      : undefined;
    return parent?.budget?.lines.find((l) => l.id === lineId);
  };

  app.openapi(
    secured(WRITE_GROUPS, {
      method: 'post',
      path: '/v1/applications',
      tags: ['applications'],
      summary: "Create a draft application of a stored group for a programme's support line",
      description: 'Honours Idempotency-Key.',
      request: {
        body: jsonBody(S.ApplicationRequestSchema),
        headers: z.object({ 'idempotency-key': z.string().optional() }),
      },
      responses: {
        201: json(S.ApplicationSchema, 'The draft application'),
        400: problems('The body is not valid JSON'),
        409: problems('The group already applied for this support line, or the Idempotency-Key was reused'),
        413: problems('The body is larger than 1 MiB'),
        422: problems(
          'Unknown group, programme, stage or support line; programme not in force; amount above the maximum',
        ),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const result = await idempotent(c, body, async () => {
        const fail = (path: string, message: string): never => {
          throw new ApiError('validation', message, { errors: [{ path, message }] });
        };
        if (!(await repo.loadGroup(db, body.groupId))) fail('groupId', `no group '${body.groupId}'`);
        const asOf = body.asOf ?? todayOf();
        const version = versionOrThrow(body.programme, asOf, 'programme');
        const support = version.support.find((s) => s.id === body.supportLine);
        if (!support)
          fail(
            'supportLine',
            `'${version.key}' has no support line '${body.supportLine}' (${version.support.map((s) => s.id).join(', ') || 'none'})`,
          );
        const supportLine = support as NonNullable<typeof support>;
        const stageOfSupport = version.stages.find((s) => s.support.includes(supportLine.id))?.id;
        if (body.stage && !version.stages.some((s) => s.id === body.stage))
          fail('stage', `'${version.key}' has no stage '${body.stage}'`);
        if (body.stage && stageOfSupport && body.stage !== stageOfSupport)
          fail('stage', `support line '${supportLine.id}' belongs to stage '${stageOfSupport}'`);
        if (
          body.callId &&
          !version.calls.some((k) => k.id === body.callId) &&
          !catalogue.versions(version.parent ?? '').some((p) => p.calls.some((k) => k.id === body.callId))
        ) {
          fail('callId', `no call '${body.callId}' for '${version.key}'`);
        }
        const line = supportLine.budgetLine ? budgetLineOf(version, supportLine.budgetLine) : undefined;
        if (!line)
          fail(
            'supportLine',
            `support line '${supportLine.id}' is not paid from a budget line in the rule files, so it cannot be committed`,
          );
        const budgetLine = line as NonNullable<typeof line>;
        const max = supportLine.maxPerGroup;
        let amountMinor: number;
        if (body.amount) {
          if (body.amount.currency !== budgetLine.amount.currency)
            fail('amount.currency', `the budget line is in ${budgetLine.amount.currency}`);
          try {
            amountMinor = parseAmount(body.amount.amount, budgetLine.amount.currency);
          } catch (error) {
            return fail('amount.amount', (error as Error).message);
          }
          if (amountMinor <= 0) fail('amount.amount', 'must be more than zero');
          if (max && amountMinor > max.minor)
            fail('amount.amount', `above the maximum per group (${moneyJson(max).amount} ${max.currency})`);
        } else if (max) {
          amountMinor = max.minor;
        } else {
          return fail(
            'amount',
            `support line '${supportLine.id}' has no maximum in the rule files: give the amount requested`,
          );
        }
        try {
          const row = await repo.createApplication(
            db,
            {
              groupId: body.groupId,
              programme: version.id,
              programmeKey: version.key,
              fiscalYear: version.fiscalYear,
              asOf,
              stage: body.stage ?? stageOfSupport ?? '',
              callId: body.callId ?? null,
              supportLine: supportLine.id,
              budgetLine: budgetLine.id,
              amountMinor,
              currency: budgetLine.amount.currency,
            },
            c.get('actor').keyId,
          );
          return { status: 201 as const, body: await applicationOut(row) };
        } catch (error) {
          if (String((error as Error).message).includes('UNIQUE')) {
            throw new ApiError(
              'conflict',
              `group '${body.groupId}' already has an application for '${supportLine.id}' in ${version.key}`,
            );
          }
          throw error;
        }
      });
      const id = (result.body as { id: string }).id;
      c.header('Location', `/v1/applications/${id}`);
      return c.json(result.body as z.infer<typeof S.ApplicationSchema>, 201);
    },
  );

  app.openapi(
    secured(ALL, {
      method: 'get',
      path: '/v1/applications/{id}',
      tags: ['applications'],
      summary: 'Read an application and its history',
      request: { params: S.IdParamSchema },
      responses: { 200: json(S.ApplicationSchema, 'The application'), 404: problems('No such application') },
    }),
    async (c) => c.json(await applicationOut(await applicationOrThrow(c.req.valid('param').id)), 200),
  );

  const transitionRoute = (
    action: 'submit' | 'reject' | 'waitlist',
    roles: readonly Role[],
    to: 'submitted' | 'rejected' | 'waitlisted',
    from: readonly string[],
    summary: string,
  ) =>
    app.openapi(
      secured(roles, {
        method: 'post',
        path: `/v1/applications/{id}/${action}`,
        tags: ['applications'],
        summary,
        request: {
          params: S.IdParamSchema,
          body: { required: false, content: { 'application/json': { schema: S.TransitionRequestSchema } } },
        },
        responses: {
          200: json(S.ApplicationSchema, 'The application after the change'),
          404: problems('No such application'),
          409: problems(
            `The application is not ${from.join(' or ')}${action === 'submit' ? ', or the group is not eligible' : ''}`,
          ),
          422: problems('The body does not validate'),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const note = (c.req.valid('json') as { note?: string } | undefined)?.note;
        const row = await applicationOrThrow(id);
        if (!from.includes(row.state)) {
          throw new ApiError(
            'conflict',
            `the application is ${row.state}; it can be ${to} only when ${from.join(' or ')}`,
          );
        }
        if (action === 'submit') await assertEligible(row);
        if (!(await repo.transition(db, row, to, c.get('actor').keyId, note))) {
          throw new ApiError('conflict', 'the application changed state meanwhile; read it again');
        }
        return c.json(await applicationOut(await applicationOrThrow(id)), 200);
      },
    );

  /** A group may submit only while the rule files say it is eligible (for the stage applied to). */
  async function assertEligible(row: repo.ApplicationRow) {
    const { group } = await storedGroup(row.groupId);
    const report = await matcher.match(group, { asOf: row.asOf, lang: 'en', programmes: [row.programme] });
    const result = report.results[0];
    const status = row.stage ? result?.stages.find((s) => s.id === row.stage)?.status : result?.status;
    if (status !== 'eligible') {
      const failing = row.stage
        ? (result?.stages.find((s) => s.id === row.stage)?.failing ?? [])
        : (result?.failing ?? []);
      throw new ApiError(
        'conflict',
        `the group is ${status ?? 'not matchable'} for ${row.programmeKey}${row.stage ? ` (stage ${row.stage})` : ''} on ${row.asOf}`,
        {
          errors: [
            ...failing.map((f) => ({ path: `criteria.${f}`, message: 'fails' })),
            ...(result?.missingFacts ?? []).map((m) => ({ path: m.path, message: `unknown: ${m.question}` })),
          ],
        },
      );
    }
  }

  transitionRoute(
    'submit',
    WRITE_GROUPS,
    'submitted',
    ['draft'],
    'Submit a draft application (the group must be eligible)',
  );
  transitionRoute(
    'reject',
    DECIDE,
    'rejected',
    ['submitted', 'waitlisted'],
    'Reject a submitted or waitlisted application',
  );
  transitionRoute(
    'waitlist',
    DECIDE,
    'waitlisted',
    ['submitted'],
    'Put a submitted application on the waiting list',
  );

  /** Programmes a group may not hold in the same fiscal year as this one, from the rule files. */
  const excludedWith = (version: ProgrammeVersion): string[] => {
    const out = new Set<string>();
    const fiscal = catalogue.programmes.filter((p) => p.fiscalYear === version.fiscalYear);
    for (const exclusion of version.exclusions) {
      for (const p of exclusion.programmes) out.add(p);
      for (const p of fiscal) if (exclusion.agencies.includes(p.agency)) out.add(p.id);
    }
    for (const other of fiscal) {
      for (const exclusion of other.exclusions) {
        if (exclusion.programmes.includes(version.id) || exclusion.agencies.includes(version.agency))
          out.add(other.id);
      }
    }
    out.delete(version.id);
    if (version.parent) out.delete(version.parent);
    for (const sibling of fiscal.filter((p) => p.parent && p.parent === version.parent)) {
      // Subprogrammes of one programme are stages of one scheme, not concurrent programmes.
      if (!version.exclusions.some((e) => e.programmes.includes(sibling.id))) out.delete(sibling.id);
    }
    return [...out];
  };

  app.openapi(
    secured(DECIDE, {
      method: 'post',
      path: '/v1/applications/{id}/approve',
      tags: ['applications'],
      summary: 'Approve an application and commit its amount against the budget line',
      description:
        'One atomic step: the commitment is written only if the application is still submitted (or waitlisted), the budget line has room for the amount, and the group holds no programme this one excludes in the same fiscal year.',
      request: {
        params: S.IdParamSchema,
        body: { required: false, content: { 'application/json': { schema: S.TransitionRequestSchema } } },
      },
      responses: {
        200: json(S.ApplicationSchema, 'The approved application'),
        404: problems('No such application'),
        409: problems('Not submitted, over the budget line, or excluded by a programme the group holds'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const row = await applicationOrThrow(id);
      if (row.state !== 'submitted' && row.state !== 'waitlisted') {
        throw new ApiError(
          'conflict',
          `the application is ${row.state}; only a submitted or waitlisted application can be approved`,
        );
      }
      const version = versionOf(row);
      const line = budgetLineOf(version, row.budgetLine);
      if (!line)
        throw new Error(
          `budget line ${row.budgetLine} of ${row.programmeKey} disappeared from the rule files`,
        );
      const excluded = excludedWith(version);
      const approved = await repo.approveApplication(
        db,
        row,
        { lineAmountMinor: line.amount.minor, excludedProgrammes: excluded },
        c.get('actor').keyId,
      );
      if (approved) return c.json(await applicationOut(await applicationOrThrow(id)), 200);

      // Say why: the state changed, an excluded programme is held, or the line is full.
      const now = await applicationOrThrow(id);
      if (now.state !== 'submitted' && now.state !== 'waitlisted')
        throw new ApiError('conflict', `the application is now ${now.state}`);
      const held = await repo.heldExcluded(db, row.groupId, row.fiscalYear, excluded);
      if (held.length) {
        throw new ApiError(
          'conflict',
          `the group already holds ${held.join(', ')} in ${row.fiscalYear}, which ${row.programme} may not be combined with`,
        );
      }
      const committed = (await repo.committedByLine(db, row.programmeKey)).get(row.budgetLine)?.total ?? 0;
      const money = (minor: number) =>
        `${moneyJson({ minor, currency: line.amount.currency }).amount} ${line.amount.currency}`;
      throw new ApiError(
        'conflict',
        `approving ${money(row.amountMinor)} would exceed budget line '${row.budgetLine}' of ${row.programmeKey}: ${money(committed)} of ${money(line.amount.minor)} committed, ${money(line.amount.minor - committed)} left`,
      );
    },
  );

  // ------------------------------------------------------------------------------------- budget

  app.openapi(
    secured(BUDGET, {
      method: 'get',
      path: '/v1/budget/{id}',
      tags: ['budget'],
      summary: "A programme's budget lines: amount, committed and remaining",
      request: {
        params: S.IdParamSchema,
        query: z.object({
          fiscalYear: z.coerce
            .number()
            .int()
            .min(1990)
            .max(2100)
            .optional()
            .openapi({ description: 'Default: the latest version' }),
        }),
      },
      responses: {
        200: json(S.BudgetSchema, 'The budget'),
        404: problems('No such programme or fiscal year'),
        422: problems('Bad query'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { fiscalYear } = c.req.valid('query');
      const versions = catalogue.versions(id);
      if (!versions.length) throw new ApiError('not_found', `no programme '${id}'`);
      const version =
        fiscalYear === undefined
          ? (versions.at(-1) as ProgrammeVersion)
          : versions.find((v) => v.fiscalYear === fiscalYear);
      if (!version) throw new ApiError('not_found', `no version of '${id}' for fiscal year ${fiscalYear}`);
      const committed = await repo.committedByLine(db, version.key);
      const currency = version.budget?.currency ?? 'MXN';
      return c.json(
        {
          programme: id,
          key: version.key,
          fiscalYear: version.fiscalYear,
          currency,
          lines: (version.budget?.lines ?? []).map((l) => {
            const used = committed.get(l.id) ?? { total: 0, count: 0 };
            return {
              id: l.id,
              label: pick(l.label, 'es'),
              amount: moneyJson(l.amount),
              committed: moneyJson({ minor: used.total, currency: l.amount.currency }),
              remaining: moneyJson({ minor: l.amount.minor - used.total, currency: l.amount.currency }),
              commitments: used.count,
            };
          }),
        },
        200,
      );
    },
  );

  // ------------------------------------------------------------------------------ coordination graph

  registerGraphRoutes(app, { catalogue, db, today: todayOf });

  // -------------------------------------------------------------------------------------- pages

  registerWebRoutes(app, {
    catalogue,
    matcher,
    verifyKey,
    today: todayOf,
    ...(deps.webAssets ? { assets: deps.webAssets } : {}),
  });

  // ------------------------------------------------------------------------------ documentation

  app.doc31('/openapi.json', OPENAPI_CONFIG);

  return app;
}

export const OPENAPI_CONFIG = {
  openapi: '3.1.0',
  info: {
    title: 'Vincula API',
    version: '1.0.0',
    description: `Cross-programme eligibility and coordination for social-protection and SSE programmes.\n\nErrors are RFC 9457 problem+json. JSON bodies are limited to ${JSON_BODY_LIMIT} bytes (413 above), NDJSON batches to ${BATCH_BODY_LIMIT} bytes. POSTs that create honour Idempotency-Key.`,
  },
};

/** The OpenAPI document, without a database (for `npm run gen` and tests). */
export function openApiDocument(catalogue: Catalogue) {
  const app = createApp({ catalogue, db: undefined as unknown as Database, idSecret: 'unused' });
  return app.getOpenAPI31Document(OPENAPI_CONFIG);
}
