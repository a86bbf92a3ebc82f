import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../src/api/app';
import { JSON_BODY_LIMIT } from '../src/api/kit';
import { SESSION_COOKIE } from '../src/api/session';
import { createApiKey } from '../src/db/repositories';
import type { Role } from '../src/db/schema';
import { loadCatalogue } from '../src/rules/load-dir';
import { csrfToken } from '../src/web/session';
import { testApp } from './api-helpers';
import {
  type CheckedResponse,
  describeResponse,
  type OpenApiDocument,
  openApiChecker,
} from './openapi-check';

/**
 * Every documented route, called for real (in process, on a fresh database), in its success and
 * error cases; every response is checked against the OpenAPI document the app serves, by ajv: the
 * status is documented for the route and method, the Content-Type is documented for the status,
 * and the body validates against the documented schema.
 */

const iztapalapa = JSON.parse(readFileSync('examples/colectivo-iztapalapa.json', 'utf8'));
const APPLY = { programme: 'cdmx-coop-spi', supportLine: 'spi-consulting-training', asOf: '2018-06-01' };
/** Statuses documented on every route that this branch cannot produce on demand. */
const NOT_PRODUCIBLE_HERE = new Set(['429', '503']);

describe('the OpenAPI document describes every real response', () => {
  const catalogue = loadCatalogue();
  let t: Awaited<ReturnType<typeof testApp>>;
  let checker: ReturnType<typeof openApiChecker>;
  /** The same app with the docs page's and the committee page's files, as src/server.ts builds it. */
  let withAssets: ReturnType<typeof createApp>;
  const checked: CheckedResponse[] = [];

  type Init = RequestInit & { role?: Role; app?: ReturnType<typeof createApp> };
  async function send(method: string, url: string, init: Init = {}) {
    const { app, ...rest } = init;
    const response = app
      ? await app.request(url, { ...rest, method })
      : await t.request(url, { ...rest, method });
    const result = await checker.check(method, url, response);
    checked.push(result);
    return result;
  }
  const body = (value: unknown) => ({ body: JSON.stringify(value) });
  const parsed = <T = Record<string, unknown>>(r: CheckedResponse) => JSON.parse(r.body) as T;
  const expectStatus = (r: CheckedResponse, status: number) =>
    expect(r.status, `${r.method} ${r.url}: ${r.body.slice(0, 300)}`).toBe(status);

  beforeAll(async () => {
    t = await testApp(catalogue);
    withAssets = createApp({
      catalogue,
      db: t.db,
      idSecret: 'test-secret-for-keyed-hashes-0123456789',
      today: () => '2018-06-01',
      docsAssets: { 'swagger-ui.css': 'body{}', 'swagger-ui-bundle.js': 'void 0;' },
      webAssets: { 'committee.js': 'void 0;', 'layout.js': 'void 0;', version: 'v1' },
    });
    const document = (await (await t.request('/openapi.json')).json()) as OpenApiDocument;
    checker = openApiChecker(document);
  });

  afterAll(() => {
    const bad = checked.filter((r) => r.problems.length);
    console.log(`OpenAPI conformance: ${checked.length} responses checked, ${bad.length} nonconforming`);
  });

  it('public routes: health, the document, the docs page and its files', async () => {
    expectStatus(await send('GET', '/healthz'), 200);
    expectStatus(await send('GET', '/openapi.json'), 200);
    expectStatus(await send('GET', '/docs'), 200);
    expectStatus(await send('GET', '/docs', { app: withAssets }), 200);
    expectStatus(await send('GET', '/docs/init.js'), 200);
    expectStatus(await send('GET', '/docs/swagger-ui.css', { app: withAssets }), 200);
    expectStatus(await send('GET', '/docs/swagger-ui-bundle.js', { app: withAssets }), 200);
    expectStatus(await send('GET', '/docs/swagger-ui.css'), 404);
    expectStatus(await send('GET', '/web/style.css'), 200);
    expectStatus(await send('GET', '/web/places.js'), 200);
    expectStatus(await send('GET', '/web/committee.js?v=v1', { app: withAssets }), 200);
    expectStatus(await send('GET', '/web/committee.js'), 404);
    expectStatus(await send('GET', '/web/layout.js?v=v1', { app: withAssets }), 200);
    expectStatus(await send('GET', '/web/layout.js'), 404);
  });

  it('the pages: sign-in, sign-out, the case worker and the committee', async () => {
    const origin = { Origin: 'http://localhost' };
    const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
    const formType = { 'Content-Type': 'application/x-www-form-urlencoded' };
    const cookie = (role: Role) => ({ Cookie: `${SESSION_COOKIE}=${t.keys[role]}` });

    expectStatus(await send('GET', '/sign-in?next=%2Fcommittee'), 200);
    const signIn = (fields: Record<string, string>, headers: Record<string, string> = origin) =>
      send('POST', '/sign-in', { headers: { ...formType, ...headers }, body: form(fields) });
    expectStatus(await signIn({ key: t.keys.case_worker, next: '/' }), 303);
    expectStatus(await signIn({ key: 'vk_nope' }), 401);
    expectStatus(await signIn({ key: t.keys.case_worker }, { Origin: 'https://elsewhere.example' }), 403);
    expectStatus(
      await send('POST', '/sign-in', {
        headers: { ...formType, ...origin },
        body: form({ key: 'x'.repeat(JSON_BODY_LIMIT + 10) }),
      }),
      413,
    );
    const csrf = await csrfToken(t.keys.case_worker);
    expectStatus(
      await send('POST', '/sign-out', {
        headers: { ...formType, ...origin, ...cookie('case_worker') },
        body: form({ csrf }),
      }),
      303,
    );
    expectStatus(
      await send('POST', '/sign-out', {
        headers: { ...formType, ...origin, ...cookie('case_worker') },
        body: form({ csrf: 'forged' }),
      }),
      403,
    );

    expectStatus(await send('GET', '/'), 303);
    expectStatus(
      await send('GET', '/?example=colectivo-iztapalapa', { headers: cookie('case_worker') }),
      200,
    );
    expectStatus(await send('GET', '/', { headers: cookie('committee') }), 403);
    const post = (fields: Record<string, string>, role: Role = 'case_worker') =>
      send('POST', '/', {
        headers: { ...formType, ...origin, ...cookie(role) },
        body: form(fields),
      });
    expectStatus(await post({ csrf, action: 'match', asOf: '2018-06-01', name: 'G' }), 200);
    expectStatus(await post({ csrf, action: 'match', asOf: '2018-02-30' }), 422);
    expectStatus(await post({ csrf: 'forged', action: 'match' }), 403);
    expectStatus(await send('POST', '/', { headers: { ...formType, ...origin }, body: form({}) }), 401);
    const big = form({ json: 'x'.repeat(JSON_BODY_LIMIT + 10) });
    expectStatus(
      await send('POST', '/', { headers: { ...formType, ...origin, ...cookie('case_worker') }, body: big }),
      413,
    );
    expectStatus(await send('POST', '/sign-out', { headers: { ...formType, ...origin }, body: big }), 413);

    // Saved cases: the list, a case, and its forms (refused without the page's token).
    expectStatus(await send('GET', '/casos', { headers: cookie('case_worker') }), 200);
    expectStatus(await send('GET', '/casos'), 303);
    expectStatus(await send('GET', '/casos', { headers: cookie('committee') }), 403);
    expectStatus(await send('GET', '/casos/no-such-case', { headers: cookie('case_worker') }), 404);
    const casePost = (path: string, fields: Record<string, string>) =>
      send('POST', path, {
        headers: { ...formType, ...origin, ...cookie('case_worker') },
        body: form(fields),
      });
    expectStatus(await casePost('/casos/no-such-case', { csrf }), 404);
    expectStatus(await casePost('/casos/no-such-case', { csrf: 'forged' }), 403);
    expectStatus(await casePost('/casos/no-such-case/solicitudes', { csrf }), 404);
    expectStatus(await casePost('/casos/no-such-case/solicitudes/x/presentar', { csrf }), 404);

    expectStatus(await send('GET', '/committee'), 303);
    expectStatus(await send('GET', '/committee?population=none', { headers: cookie('committee') }), 200);
    expectStatus(await send('GET', '/committee', { headers: cookie('case_worker') }), 403);
    expectStatus(await send('GET', '/committee?groups=lots', { headers: cookie('committee') }), 422);
    const scenario = (fields: Record<string, string>, role: Role = 'committee') =>
      send('POST', '/committee/scenario', {
        headers: { ...formType, ...origin, ...cookie(role) },
        body: form(fields),
      });
    const committeeCsrf = await csrfToken(t.keys.committee);
    expectStatus(
      await scenario({ csrf: committeeCsrf, action: 'load', example: 'coop-spi-consulting-more' }),
      200,
    );
    expectStatus(
      await scenario({ csrf: committeeCsrf, action: 'compare', population: 'none', scenario: 'name: x' }),
      422,
    );
    expectStatus(await scenario({ csrf: 'forged', action: 'compare' }), 403);
    expectStatus(await send('POST', '/committee/scenario', { headers: formType, body: form({}) }), 303);
  });

  it('match: one group and a batch', async () => {
    expectStatus(
      await send('POST', '/v1/match', {
        role: 'service',
        ...body({ group: iztapalapa, asOf: '2018-06-01' }),
      }),
      200,
    );
    expectStatus(await send('POST', '/v1/match', { role: 'service', body: '{"group": ' }), 400);
    expectStatus(await send('POST', '/v1/match', body({ group: {} })), 401);
    expectStatus(
      await send('POST', '/v1/match', {
        ...body({ group: {} }),
        headers: { Authorization: 'Bearer vk_nope' },
      }),
      401,
    );
    expectStatus(await send('POST', '/v1/match', { role: 'committee', ...body({ group: {} }) }), 403);
    expectStatus(
      await send('POST', '/v1/match', {
        role: 'service',
        body: '{}',
        headers: { 'Content-Type': 'application/json', 'Content-Length': String(JSON_BODY_LIMIT + 1) },
      }),
      413,
    );
    expectStatus(
      await send('POST', '/v1/match', {
        role: 'service',
        body: '{"group": {}}',
        headers: { 'Content-Type': 'text/plain' },
      }),
      415,
    );
    expectStatus(
      await send('POST', '/v1/match', { role: 'service', ...body({ group: { members: 3 } }) }),
      422,
    );
    expectStatus(
      await send('POST', '/v1/match', { role: 'service', ...body({ group: {}, programmes: ['nope'] }) }),
      422,
    );

    const ndjson = { 'Content-Type': 'application/x-ndjson' };
    const lines = `${JSON.stringify(iztapalapa)}\n{"members": [\n{"members": [{"age": "x"}]}\n`;
    const batch = await send('POST', '/v1/match/batch?asOf=2018-06-01&lang=en', {
      role: 'service',
      headers: ndjson,
      body: lines,
    });
    expectStatus(batch, 200);
    expect(batch.body.trim().split('\n')).toHaveLength(4);
    // A line that fails in an unforeseen way is that line's problem; the stream still ends with the cohorts.
    const deep = `{"members": ${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    const survived = await send('POST', '/v1/match/batch?asOf=2018-06-01', {
      role: 'service',
      headers: ndjson,
      body: `${deep}\n${JSON.stringify(iztapalapa)}\n`,
    }).finally(() => quiet.mockRestore());
    expectStatus(survived, 200);
    const [first, second, third] = survived.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(first).toMatchObject({ line: 1, problem: {} });
    expect(second).toMatchObject({ line: 2, report: {} });
    expect(third).toHaveProperty('cohorts');
    expectStatus(await send('POST', '/v1/match/batch', { headers: ndjson, body: '{}' }), 401);
    expectStatus(
      await send('POST', '/v1/match/batch', { role: 'committee', headers: ndjson, body: '{}' }),
      403,
    );
    expectStatus(
      await send('POST', '/v1/match/batch', {
        role: 'service',
        headers: { ...ndjson, 'Content-Length': String(64 * 1024 * 1024 + 1) },
        body: '{}',
      }),
      413,
    );
    expectStatus(
      await send('POST', '/v1/match/batch', {
        role: 'service',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      }),
      415,
    );
    expectStatus(
      await send('POST', '/v1/match/batch?asOf=yesterday', { role: 'service', headers: ndjson, body: '{}' }),
      422,
    );
  });

  it('API keys: list and revoke, for admins only', async () => {
    expectStatus(await send('GET', '/v1/keys', { role: 'admin' }), 200);
    expectStatus(await send('GET', '/v1/keys', { role: 'case_worker' }), 403);
    expectStatus(await send('GET', '/v1/keys'), 401);
    const spare = await createApiKey(t.db, 'service', 'spare');
    expectStatus(await send('POST', `/v1/keys/${spare.id}/revoke`, { role: 'committee' }), 403);
    expectStatus(await send('POST', `/v1/keys/${spare.id}/revoke`, { role: 'admin' }), 200);
    expectStatus(await send('POST', '/v1/keys/nope/revoke', { role: 'admin' }), 404);
    expectStatus(await send('POST', `/v1/keys/${spare.id}/revoke`), 401);
  });

  it('programmes and budgets', async () => {
    expectStatus(await send('GET', '/v1/programmes', { role: 'service' }), 200);
    expectStatus(await send('GET', '/v1/programmes'), 401);
    for (const id of catalogue.programmeIds())
      expectStatus(await send('GET', `/v1/programmes/${id}`, { role: 'committee' }), 200);
    expectStatus(await send('GET', '/v1/programmes/nope', { role: 'committee' }), 404);
    expectStatus(await send('GET', '/v1/programmes/nope'), 401);
    for (const id of catalogue.programmeIds())
      expectStatus(await send('GET', `/v1/budget/${id}`, { role: 'committee' }), 200);
    expectStatus(await send('GET', '/v1/budget/cdmx-coop-spi?fiscalYear=2017', { role: 'committee' }), 200);
    expectStatus(await send('GET', '/v1/budget/cdmx-coop-spi?fiscalYear=2030', { role: 'committee' }), 404);
    expectStatus(await send('GET', '/v1/budget/nope', { role: 'committee' }), 404);
    expectStatus(await send('GET', '/v1/budget/cdmx-coop-spi?fiscalYear=last', { role: 'committee' }), 422);
    expectStatus(await send('GET', '/v1/budget/cdmx-coop-spi', { role: 'service' }), 403);
    expectStatus(await send('GET', '/v1/budget/cdmx-coop-spi'), 401);
  });

  it('groups: store, list, read, replace, match, delete', async () => {
    const created = await send('POST', '/v1/groups', { role: 'case_worker', ...body(iztapalapa) });
    expectStatus(created, 201);
    const id = parsed<{ id: string }>(created).id;
    expectStatus(await send('POST', '/v1/groups', { role: 'admin', ...body({ name: 'Empty' }) }), 201);
    expectStatus(await send('POST', '/v1/groups', { role: 'case_worker', body: '[' }), 400);
    expectStatus(await send('POST', '/v1/groups', body({})), 401);
    expectStatus(await send('POST', '/v1/groups', { role: 'committee', ...body({}) }), 403);
    const idempotent = (name: string) =>
      send('POST', '/v1/groups', {
        role: 'case_worker',
        headers: { 'Idempotency-Key': 'conf-1' },
        ...body({ name }),
      });
    expectStatus(await idempotent('Once'), 201);
    expectStatus(await idempotent('Once'), 201);
    expectStatus(await idempotent('Twice'), 409);
    expectStatus(
      await send('POST', '/v1/groups', {
        role: 'case_worker',
        headers: { 'Idempotency-Key': 'k'.repeat(201) },
        ...body({ name: 'Long key' }),
      }),
      422,
    );
    expectStatus(
      await send('POST', '/v1/groups', {
        role: 'case_worker',
        body: JSON.stringify({ name: 'x'.repeat(JSON_BODY_LIMIT) }),
      }),
      413,
    );
    expectStatus(
      await send('POST', '/v1/groups', {
        role: 'case_worker',
        headers: { 'Content-Type': 'text/csv' },
        body: 'a,b',
      }),
      415,
    );
    expectStatus(
      await send('POST', '/v1/groups', { role: 'case_worker', ...body({ members: [{ age: -1 }] }) }),
      422,
    );
    expectStatus(
      await send('POST', '/v1/groups', { role: 'case_worker', ...body({ location: { state: '99' } }) }),
      422,
    );

    expectStatus(await send('GET', '/v1/groups', { role: 'case_worker' }), 200);
    expectStatus(await send('GET', '/v1/groups?limit=1&offset=1', { role: 'admin' }), 200);
    expectStatus(await send('GET', '/v1/groups?limit=0', { role: 'admin' }), 422);
    expectStatus(await send('GET', '/v1/groups', { role: 'committee' }), 403);
    expectStatus(await send('GET', '/v1/groups'), 401);

    expectStatus(await send('GET', `/v1/groups/${id}`, { role: 'case_worker' }), 200);
    expectStatus(await send('GET', '/v1/groups/missing', { role: 'case_worker' }), 404);
    expectStatus(await send('GET', `/v1/groups/${id}`, { role: 'service' }), 403);
    expectStatus(await send('GET', `/v1/groups/${id}`), 401);

    expectStatus(await send('PUT', `/v1/groups/${id}`, { role: 'case_worker', ...body(iztapalapa) }), 200);
    expectStatus(await send('PUT', '/v1/groups/missing', { role: 'case_worker', ...body({}) }), 404);
    expectStatus(await send('PUT', `/v1/groups/${id}`, { role: 'case_worker', body: '{' }), 400);
    expectStatus(
      await send('PUT', `/v1/groups/${id}`, {
        role: 'case_worker',
        body: '{}',
        headers: { 'Content-Type': 'application/json', 'Content-Length': String(JSON_BODY_LIMIT + 1) },
      }),
      413,
    );
    expectStatus(
      await send('PUT', `/v1/groups/${id}`, {
        role: 'case_worker',
        headers: { 'Content-Type': 'text/plain' },
        body: '{}',
      }),
      415,
    );
    expectStatus(
      await send('PUT', `/v1/groups/${id}`, { role: 'case_worker', ...body({ members: {} }) }),
      422,
    );
    expectStatus(await send('PUT', `/v1/groups/${id}`, { role: 'service', ...body({}) }), 403);
    expectStatus(await send('PUT', `/v1/groups/${id}`, body({})), 401);

    expectStatus(
      await send('GET', `/v1/groups/${id}/matches?asOf=2018-06-01&lang=en`, { role: 'service' }),
      200,
    );
    expectStatus(
      await send('GET', `/v1/groups/${id}/matches?programmes=cdmx-coop-spi&evaluator=reference`, {
        role: 'service',
      }),
      200,
    );
    expectStatus(await send('GET', '/v1/groups/missing/matches', { role: 'service' }), 404);
    expectStatus(await send('GET', `/v1/groups/${id}/matches?lang=fr`, { role: 'service' }), 422);
    expectStatus(await send('GET', `/v1/groups/${id}/matches?programmes=nope`, { role: 'service' }), 422);
    expectStatus(await send('GET', `/v1/groups/${id}/matches`, { role: 'committee' }), 403);
    expectStatus(await send('GET', `/v1/groups/${id}/matches`), 401);

    const other = parsed<{ id: string }>(
      await send('POST', '/v1/groups', { role: 'admin', ...body({ name: 'Gone' }) }),
    );
    expectStatus(await send('DELETE', `/v1/groups/${other.id}`, { role: 'committee' }), 403);
    expectStatus(await send('DELETE', `/v1/groups/${other.id}`), 401);
    expectStatus(
      await send('DELETE', `/v1/groups/${other.id}`, {
        role: 'admin',
        headers: { 'Content-Type': 'application/json', 'Content-Length': String(JSON_BODY_LIMIT + 1) },
        body: '{}',
      }),
      413,
    );
    expectStatus(await send('DELETE', `/v1/groups/${other.id}`, { role: 'admin' }), 204);
    expectStatus(await send('DELETE', `/v1/groups/${other.id}`, { role: 'admin' }), 404);
  });

  it('applications: create, read, submit, waitlist, reject, approve; a group with a commitment stays', async () => {
    const group = (value: unknown) =>
      send('POST', '/v1/groups', { role: 'case_worker', ...body(value) }).then(
        (r) => parsed<{ id: string }>(r).id,
      );
    const eligible = await group(iztapalapa);
    const tooSmall = await group({ ...iztapalapa, members: iztapalapa.members.slice(0, 4) });
    const apply = (groupId: string, extra: Record<string, unknown> = {}, role: Role = 'case_worker') =>
      send('POST', '/v1/applications', { role, ...body({ groupId, ...APPLY, ...extra }) });

    const created = await apply(eligible);
    expectStatus(created, 201);
    const id = parsed<{ id: string }>(created).id;
    expectStatus(await apply(eligible), 409);
    expectStatus(await apply(eligible, { amount: { amount: '1000.00', currency: 'USD' } }), 422);
    expectStatus(await apply('missing'), 422);
    expectStatus(await apply(eligible, { supportLine: 'nope' }), 422);
    expectStatus(await apply(eligible, { asOf: '2030-01-01' }), 422);
    expectStatus(await apply(eligible, {}, 'committee'), 403);
    expectStatus(await send('POST', '/v1/applications', body({})), 401);
    expectStatus(await send('POST', '/v1/applications', { role: 'case_worker', body: '{"groupId"' }), 400);
    expectStatus(
      await send('POST', '/v1/applications', {
        role: 'case_worker',
        body: '{}',
        headers: { 'Content-Type': 'application/json', 'Content-Length': String(JSON_BODY_LIMIT + 1) },
      }),
      413,
    );
    expectStatus(
      await send('POST', '/v1/applications', {
        role: 'case_worker',
        headers: { 'Content-Type': 'text/plain' },
        body: '{}',
      }),
      415,
    );
    expectStatus(
      await send('POST', '/v1/applications', { role: 'case_worker', ...body({ groupId: 5 }) }),
      422,
    );
    const keyed = (groupId: string, supportLine: string) =>
      send('POST', '/v1/applications', {
        role: 'case_worker',
        headers: { 'Idempotency-Key': `apply-${groupId}` },
        ...body({ groupId, ...APPLY, supportLine }),
      });
    const small = await keyed(tooSmall, 'spi-consulting-training');
    expectStatus(small, 201);
    expectStatus(await keyed(tooSmall, 'spi-consulting-training'), 201);
    expectStatus(await keyed(tooSmall, 'other-line'), 409);
    const smallId = parsed<{ id: string }>(small).id;

    expectStatus(await send('GET', `/v1/applications/${id}`, { role: 'service' }), 200);
    expectStatus(await send('GET', '/v1/applications/missing', { role: 'service' }), 404);
    expectStatus(await send('GET', `/v1/applications/${id}`), 401);

    const act = (action: string, appId: string, init: Init = {}) =>
      send('POST', `/v1/applications/${appId}/${action}`, { role: 'admin', ...init });
    for (const action of ['submit', 'reject', 'waitlist', 'approve']) {
      expectStatus(await act(action, 'missing'), 404);
      expectStatus(await act(action, id, { body: '{"note": ' }), 400);
      expectStatus(await act(action, id, { ...body({ note: 5 }) }), 422);
      expectStatus(await act(action, id, { ...body({ reason: 'x' }) }), 422);
      expectStatus(await act(action, id, { headers: { 'Content-Type': 'text/plain' }, body: 'note' }), 415);
      expectStatus(
        await act(action, id, {
          headers: { 'Content-Type': 'application/json', 'Content-Length': String(JSON_BODY_LIMIT + 1) },
          body: '{}',
        }),
        413,
      );
      expectStatus(await act(action, id, { role: 'service' }), 403);
      expectStatus(await act(action, id, { role: undefined }), 401);
    }
    // draft: only submit is allowed
    expectStatus(await act('reject', id), 409);
    expectStatus(await act('waitlist', id), 409);
    expectStatus(await act('approve', id), 409);
    expectStatus(await act('submit', smallId, { role: 'case_worker' }), 409);
    expectStatus(await act('submit', id, { role: 'case_worker', ...body({ note: 'complete' }) }), 200);
    expectStatus(await act('submit', id, { role: 'case_worker' }), 409);
    expectStatus(await act('waitlist', id, { role: 'committee', ...body({ note: 'no room yet' }) }), 200);
    expectStatus(await act('waitlist', id, { role: 'committee' }), 409);
    expectStatus(await act('approve', id, { role: 'committee' }), 200);
    expectStatus(await act('approve', id, { role: 'committee' }), 409);
    expectStatus(await act('reject', id, { role: 'committee' }), 409);
    expectStatus(await send('DELETE', `/v1/groups/${eligible}`, { role: 'admin' }), 409);

    // another group's application, rejected
    const rejected = parsed<{ id: string }>(await apply(await group(iztapalapa))).id;
    expectStatus(await act('submit', rejected, { role: 'case_worker' }), 200);
    expectStatus(await act('reject', rejected, { role: 'committee', ...body({ note: 'incomplete' }) }), 200);
    expectStatus(await act('submit', rejected, { role: 'case_worker' }), 409);
    expectStatus(await send('GET', '/v1/budget/cdmx-coop-spi?fiscalYear=2018', { role: 'case_worker' }), 200);
  });

  it('the coordination graph: JSON, files, flags and overlaps', async () => {
    const get = (query: string, role: Role = 'committee') => send('GET', query, { role });
    expectStatus(await get('/v1/graph?asOf=2019-06-01&groups=200&seed=3'), 200);
    expectStatus(await get('/v1/graph?asOf=2018-06-01&population=stored'), 200);
    for (const format of ['gexf', 'graphml', 'flags-csv'])
      expectStatus(await get(`/v1/graph?asOf=2016-06-01&population=none&format=${format}`), 200);
    expectStatus(await get('/v1/graph?groups=0'), 422);
    expectStatus(await get('/v1/graph?format=svg'), 422);
    expectStatus(await get('/v1/graph', 'case_worker'), 403);
    expectStatus(await send('GET', '/v1/graph'), 401);
    expectStatus(await get('/v1/graph/flags?asOf=2019-06-01&groups=200&seed=3'), 200);
    expectStatus(await get('/v1/graph/flags?asOf=2018-06-01&population=stored'), 200);
    expectStatus(await get('/v1/graph/flags?asOf=2019-02-29'), 422);
    expectStatus(await get('/v1/graph/flags', 'service'), 403);
    expectStatus(await send('GET', '/v1/graph/flags'), 401);
    expectStatus(await get('/v1/graph/overlaps?asOf=2019-06-01&groups=200&seed=3'), 200);
    expectStatus(await get('/v1/graph/overlaps?asOf=2018-06-01&population=stored&evaluator=reference'), 200);
    expectStatus(await get('/v1/graph/overlaps?population=none'), 422);
    expectStatus(await get('/v1/graph/overlaps?evaluator=reference&groups=100000'), 422);
    expectStatus(await get('/v1/graph/overlaps', 'case_worker'), 403);
    expectStatus(await send('GET', '/v1/graph/overlaps'), 401);
  });

  it('an internal error is a documented 500 problem on every /v1 route', async () => {
    // A database that went away: the key check fails, and the error is logged, not shown.
    const broken = await testApp(catalogue);
    broken.client.close();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      for (const op of checker.operations().filter((o) => o.path.startsWith('/v1/'))) {
        const url = op.path.replace('{id}', 'some-id');
        const withBody = op.method === 'POST' || op.method === 'PUT';
        const headers: Record<string, string> = { Authorization: `Bearer ${broken.keys.admin}` };
        if (withBody)
          headers['Content-Type'] = url.endsWith('/batch') ? 'application/x-ndjson' : 'application/json';
        expectStatus(
          await send(op.method, url, { app: broken.app, headers, ...(withBody ? { body: '{}' } : {}) }),
          500,
        );
      }
      expect(logged).toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });

  it('the checker itself flags what does not conform', async () => {
    const problem = { 'Content-Type': 'application/problem+json' };
    const cases: [string, string, Response, RegExp][] = [
      ['GET', '/v1/programmes', Response.json({ programmes: [{ id: 1 }] }), /must be string/],
      ['GET', '/v1/programmes', new Response('{}', { status: 418 }), /status 418 is not documented/],
      [
        'GET',
        '/v1/programmes/x',
        new Response('nope', { status: 404 }),
        /Content-Type 'text\/plain.*' is not documented/,
      ],
      [
        'GET',
        '/v1/programmes/x',
        new Response('{"title": 1}', { status: 404, headers: problem }),
        /required/,
      ],
      ['PATCH', '/v1/groups/x', new Response(null, { status: 204 }), /PATCH is not documented/],
      ['GET', '/v2/nothing', new Response(null, { status: 404 }), /no documented path/],
      [
        'POST',
        '/v1/match/batch',
        new Response('{"line": 1, "report": {}}\n{"cohorts": []}\n', {
          headers: { 'Content-Type': 'application/x-ndjson' },
        }),
        /line 1: .*must have required property/,
      ],
      [
        'POST',
        '/sign-in',
        new Response('moved', { status: 303, headers: { Location: '/' } }),
        /documents no body/,
      ],
      ['POST', '/sign-in', new Response(null, { status: 303 }), /header Location is missing/],
    ];
    for (const [method, url, response, expected] of cases) {
      const result = await checker.check(method, url, response);
      expect(result.problems.join('\n'), `${method} ${url}`).toMatch(expected);
    }
  });

  it('every response conforms, and every documented operation was called', () => {
    const bad = checked.filter((r) => r.problems.length);
    expect(bad.map((r) => describeResponse(r)).join('\n\n')).toBe('');
    const seen = new Set(checked.map((r) => `${r.method} ${r.route} ${r.status}`));
    const missing: string[] = [];
    const notCalled: string[] = [];
    for (const op of checker.operations()) {
      if (!checked.some((r) => r.method === op.method && r.route === op.path))
        notCalled.push(`${op.method} ${op.path}`);
      for (const status of op.statuses)
        if (!seen.has(`${op.method} ${op.path} ${status}`) && !NOT_PRODUCIBLE_HERE.has(status))
          missing.push(`${op.method} ${op.path} ${status}`);
    }
    expect(notCalled).toEqual([]);
    console.log(`documented statuses not produced by this test:\n  ${missing.join('\n  ')}`);
    expect(checked.length).toBeGreaterThan(200);
  });
});
