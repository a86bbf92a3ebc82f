import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import fc from 'fast-check';
import createClient from 'openapi-fetch';
import { beforeAll, describe, expect, it } from 'vitest';
import type { paths } from '../src/api/openapi-types';
import { ROLES, type Role } from '../src/db/schema';
import { testApp } from './api-helpers';

const iztapalapa = JSON.parse(readFileSync('examples/colectivo-iztapalapa.json', 'utf8'));

describe('HTTP API', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    t = await testApp();
  });

  it('serves /healthz without a key', async () => {
    const response = await t.request('/healthz');
    expect(response.status).toBe(200);
    expect(await t.json(response)).toMatchObject({ status: 'ok' });
  });

  it('publishes an OpenAPI 3.1 document that an independent validator accepts', async () => {
    const response = await t.request('/openapi.json');
    const document = await t.json(response);
    expect(document.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeTruthy();
  });

  it('serves the interactive documentation page', async () => {
    const response = await t.request('/docs');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('/openapi.json');
  });

  it('every route refuses a missing key (401) and a role it does not allow (403)', async () => {
    const document = (await t.json(await t.request('/openapi.json'))) as {
      paths: Record<string, Record<string, { 'x-vincula-roles'?: Role[] }>>;
    };
    let checked = 0;
    for (const [path, operations] of Object.entries(document.paths)) {
      // The pages (/, /committee) redirect to sign-in instead: test/web.test.ts.
      if (!path.startsWith('/v1/')) continue;
      for (const [method, operation] of Object.entries(operations)) {
        const roles = operation['x-vincula-roles'];
        expect(roles, `${method} ${path} declares its roles`).toBeDefined();
        const url = path.replace('{id}', 'some-id');
        const init = {
          method: method.toUpperCase(),
          ...(method === 'get' || method === 'delete' ? {} : { body: '{}' }),
        };
        const anonymous = await t.request(url, init);
        expect(anonymous.status, `${method} ${path} without a key`).toBe(401);
        expect(anonymous.headers.get('Content-Type')).toContain('application/problem+json');
        const bad = await t.request(url, { ...init, headers: { Authorization: 'Bearer vk_nope' } });
        expect(bad.status).toBe(401);
        const forbidden = ROLES.find((r) => !roles?.includes(r));
        if (forbidden) {
          const response = await t.request(url, { ...init, role: forbidden });
          expect(response.status, `${method} ${path} as ${forbidden}`).toBe(403);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(16);
  });

  it("walks a case worker's day with the typed client: match, store, apply, submit, approve, budget", async () => {
    const client = createClient<paths>({
      baseUrl: 'http://vincula.test',
      fetch: async (request: Request) => t.app.fetch(request),
      headers: { Authorization: `Bearer ${t.keys.admin}` },
    });
    const match = await client.POST('/v1/match', {
      body: { group: iztapalapa, asOf: '2018-06-01', lang: 'en' },
    });
    expect(match.response.status).toBe(200);
    const spi = match.data?.results.find((r) => r.programme.id === 'cdmx-coop-spi');
    expect(spi?.status).toBe('eligible');

    const created = await client.POST('/v1/groups', { body: iztapalapa });
    expect(created.response.status).toBe(201);
    const groupId = created.data?.id as string;
    expect(created.response.headers.get('Location')).toBe(`/v1/groups/${groupId}`);

    const stored = await client.GET('/v1/groups/{id}/matches', {
      params: { path: { id: groupId }, query: { asOf: '2018-06-01', programmes: 'cdmx-coop-spi' } },
    });
    expect(stored.data?.results[0]?.status).toBe('eligible');

    const application = await client.POST('/v1/applications', {
      body: {
        groupId,
        programme: 'cdmx-coop-spi',
        supportLine: 'spi-consulting-training',
        asOf: '2018-06-01',
      },
    });
    expect(application.response.status).toBe(201);
    expect(application.data).toMatchObject({
      state: 'draft',
      stage: 'formation',
      amount: { amount: '50000.00', currency: 'MXN' },
    });
    const id = application.data?.id as string;

    const submitted = await client.POST('/v1/applications/{id}/submit', { params: { path: { id } } });
    expect(submitted.data?.state).toBe('submitted');
    const approved = await client.POST('/v1/applications/{id}/approve', { params: { path: { id } } });
    expect(approved.response.status).toBe(200);
    expect(approved.data?.history.map((h) => h.to)).toEqual(['draft', 'submitted', 'approved']);

    const budget = await client.GET('/v1/budget/{id}', {
      params: { path: { id: 'cdmx-coop-spi' }, query: { fiscalYear: 2018 } },
    });
    const line = budget.data?.lines.find((l) => l.id === 'spi-consulting-training');
    expect(line).toMatchObject({
      amount: { amount: '7891485.00' },
      committed: { amount: '50000.00' },
      remaining: { amount: '7841485.00' },
      commitments: 1,
    });

    // the approval is now an enrolment the matcher sees
    const after = await client.GET('/v1/groups/{id}', { params: { path: { id: groupId } } });
    expect((after.data as unknown as { enrolments: unknown[] }).enrolments).toEqual([
      { programme: 'cdmx-coop-spi', fiscalYear: 2018, stage: 'formation', status: 'current' },
    ]);
  });

  it('answers no_rules for a year a programme ran without encoded rules, and warns of an unknown programme', async () => {
    const response = await t.request('/v1/match', {
      method: 'POST',
      role: 'service',
      body: JSON.stringify({
        group: {
          ...iztapalapa,
          enrolments: [{ programme: 'programa-municipal-x', fiscalYear: 2016, status: 'current' }],
        },
        asOf: '2016-06-01',
        lang: 'en',
        programmes: ['prospera', 'papp-ecnm'],
      }),
    });
    expect(response.status).toBe(200);
    const report = await t.json<{
      counts: Record<string, number>;
      results: { programme: { id: string }; status: string; summary: string }[];
      warnings: { kind: string; path: string; programme: string; message: string }[];
    }>(response);
    expect(report.results.map((r) => [r.programme.id, r.status])).toEqual([
      ['prospera', 'no_rules'],
      ['papp-ecnm', 'no_rules'],
    ]);
    expect(report.results[0]?.summary).toBe(
      'The programme ran then (2016); its rules for that year are not encoded',
    );
    expect(report.counts).toMatchObject({ no_rules: 2, not_active: 0 });
    expect(report.warnings).toEqual([
      {
        kind: 'unknown_programme',
        path: 'enrolments[0].programme',
        programme: 'programa-municipal-x',
        message: expect.stringContaining('a programme Vincula does not know'),
      },
    ]);
  });

  it('refuses to submit an application of a group that is not eligible, saying why', async () => {
    const group = await t.json<{ id: string }>(
      await t.request('/v1/groups', {
        method: 'POST',
        role: 'case_worker',
        body: JSON.stringify({ ...iztapalapa, members: iztapalapa.members.slice(0, 4) }),
      }),
    );
    const application = await t.json<{ id: string }>(
      await t.request('/v1/applications', {
        method: 'POST',
        role: 'case_worker',
        body: JSON.stringify({
          groupId: group.id,
          programme: 'cdmx-coop-spi',
          supportLine: 'spi-consulting-training',
          asOf: '2018-06-01',
        }),
      }),
    );
    const response = await t.request(`/v1/applications/${application.id}/submit`, {
      method: 'POST',
      role: 'case_worker',
    });
    expect(response.status).toBe(409);
    const problem = await t.json<{ detail: string; errors: { path: string }[] }>(response);
    expect(problem.detail).toMatch(/ineligible for cdmx-coop-spi@2018/);
    expect(problem.errors.map((e) => e.path)).toContain('criteria.min-members');
  });

  it('never returns or stores a personal identifier in clear', async () => {
    const body = { ...iztapalapa, members: [{ ...iztapalapa.members[0], personalId: 'GOMA840312MDFRRR09' }] };
    const created = await t.json<{ id: string; members: Record<string, unknown>[] }>(
      await t.request('/v1/groups', { method: 'POST', role: 'case_worker', body: JSON.stringify(body) }),
    );
    expect(JSON.stringify(created)).not.toContain('GOMA840312');
    expect(created.members[0]).toMatchObject({ hasPersonalId: true });
    const rows = await t.client.execute('select personal_id_hash, data from members');
    expect(JSON.stringify(rows.rows)).not.toContain('GOMA840312');
    expect(rows.rows.some((r) => /^[0-9a-f]{64}$/.test(String(r.personal_id_hash)))).toBe(true);
  });

  it('keeps an append-only audit log', async () => {
    const entries = await t.client.execute("select action, entity from audit_log where entity = 'group'");
    expect(entries.rows.length).toBeGreaterThan(0);
    await expect(t.client.execute("update audit_log set action = 'tampered'")).rejects.toThrow(/append-only/);
    await expect(t.client.execute('delete from audit_log')).rejects.toThrow(/append-only/);
  });

  it('honours Idempotency-Key on creation', async () => {
    const send = (body: unknown) =>
      t.request('/v1/groups', {
        method: 'POST',
        role: 'case_worker',
        headers: { 'Idempotency-Key': 'create-1' },
        body: JSON.stringify(body),
      });
    const first = await t.json<{ id: string }>(await send({ name: 'Once' }));
    const second = await t.json<{ id: string }>(await send({ name: 'Once' }));
    expect(second.id).toBe(first.id);
    const count = await t.client.execute("select count(*) as n from groups where name = 'Once'");
    expect(Number(count.rows[0]?.n)).toBe(1);
    const reused = await send({ name: 'Something else' });
    expect(reused.status).toBe(409);
  });

  it('reads, replaces, lists and deletes groups', async () => {
    const { id } = await t.json<{ id: string }>(
      await t.request('/v1/groups', {
        method: 'POST',
        role: 'admin',
        body: JSON.stringify({ name: 'Draft' }),
      }),
    );
    const replaced = await t.request(`/v1/groups/${id}`, {
      method: 'PUT',
      role: 'admin',
      body: JSON.stringify({ name: 'Final', members: [{ age: 30 }] }),
    });
    expect(await t.json(replaced)).toMatchObject({
      id,
      name: 'Final',
      members: [{ age: 30, hasPersonalId: false }],
    });
    const list = await t.json<{ groups: { id: string }[] }>(
      await t.request('/v1/groups?limit=500', { role: 'admin' }),
    );
    expect(list.groups.map((g) => g.id)).toContain(id);
    expect((await t.request(`/v1/groups/${id}`, { method: 'DELETE', role: 'admin' })).status).toBe(204);
    expect((await t.request(`/v1/groups/${id}`, { role: 'admin' })).status).toBe(404);
  });

  it('lists programmes and shows one with its versions, criteria, budget and calls', async () => {
    const list = await t.json<{ programmes: { id: string; versions: unknown[] }[] }>(
      await t.request('/v1/programmes', { role: 'service' }),
    );
    expect(list.programmes.find((p) => p.id === 'cdmx-coop-spi')?.versions).toHaveLength(3);
    const detail = await t.json<{
      versions: { key: string; criteria: { id: string }[]; budget?: unknown }[];
    }>(await t.request('/v1/programmes/cdmx-coop-spi', { role: 'committee' }));
    expect(detail.versions.map((v) => v.key)).toEqual([
      'cdmx-coop-spi@2016',
      'cdmx-coop-spi@2017',
      'cdmx-coop-spi@2018',
    ]);
    expect(detail.versions[2]?.criteria.map((c) => c.id)).toContain('majority-resident-cdmx');
    expect((await t.request('/v1/programmes/nope', { role: 'service' })).status).toBe(404);
  });

  it('streams a batch as NDJSON, with a problem line for a bad group and the cohort results last', async () => {
    const lines = [
      JSON.stringify({
        location: { country: 'UY', region: 'UY-AR' },
        members: [
          { age: 30, inPoverty: true },
          { age: 40, inPoverty: true },
        ],
      }),
      '{"members": [',
      JSON.stringify({
        location: { country: 'UY', region: 'UY-AR' },
        members: [{ age: 30, inPoverty: false }],
      }),
      JSON.stringify({ members: [{ age: 'x' }] }),
    ].join('\n');
    const response = await t.request(
      '/v1/match/batch?asOf=2008-06-01&lang=en&programmes=ism-frontier-pilot',
      {
        method: 'POST',
        role: 'service',
        headers: { 'Content-Type': 'application/x-ndjson' },
        body: lines,
      },
    );
    expect(response.status).toBe(200);
    const out = (await response.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(5);
    expect(out[0].report.results[0].status).toBe('eligible');
    expect(out[1]).toMatchObject({ line: 2, problem: { status: 400 } });
    expect(out[3]).toMatchObject({ line: 4, problem: { status: 422, errors: [{ path: 'members[0].age' }] } });
    expect(out[4].cohorts[0]).toMatchObject({
      rule: 'above-poverty-line',
      participants: 3,
      matching: 1,
      verdict: 'failed',
    });
  });
});

describe('the reference evaluator on request, for audits', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    t = await testApp();
  });

  it('gives the same report on /v1/match, the batch and a stored group with evaluator=reference', async () => {
    const match = (evaluator?: string) =>
      t.request('/v1/match', {
        method: 'POST',
        role: 'service',
        body: JSON.stringify({ group: iztapalapa, asOf: '2018-06-01', ...(evaluator ? { evaluator } : {}) }),
      });
    const fast = await (await match()).text();
    expect(await (await match('compiled')).text()).toBe(fast);
    expect(await (await match('reference')).text()).toBe(fast);
    const unknown = await match('quick');
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({ errors: [{ path: 'evaluator' }] });

    const batch = (evaluator: string) =>
      t.request(`/v1/match/batch?asOf=2018-06-01&evaluator=${evaluator}`, {
        method: 'POST',
        role: 'service',
        headers: { 'Content-Type': 'application/x-ndjson' },
        body: `${JSON.stringify(iztapalapa)}\n${JSON.stringify({ members: [] })}`,
      });
    expect(await (await batch('reference')).text()).toBe(await (await batch('compiled')).text());

    const created = await t.json<{ id: string }>(
      await t.request('/v1/groups', {
        method: 'POST',
        role: 'case_worker',
        body: JSON.stringify(iztapalapa),
      }),
    );
    const stored = (evaluator: string) =>
      t.request(`/v1/groups/${created.id}/matches?asOf=2018-06-01&evaluator=${evaluator}`, {
        role: 'case_worker',
      });
    expect(await (await stored('reference')).text()).toBe(await (await stored('compiled')).text());
  });
});

describe('bad input gets a clear 4xx, never a 5xx', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    t = await testApp();
  });

  it('malformed JSON is 400', async () => {
    const response = await t.request('/v1/match', { method: 'POST', role: 'service', body: '{"group": ' });
    expect(response.status).toBe(400);
    expect(await t.json(response)).toMatchObject({
      type: 'https://vincula.dev/problems/malformed',
      status: 400,
    });
  });

  it('wrong types are 422 with the field path', async () => {
    const response = await t.request('/v1/match', {
      method: 'POST',
      role: 'service',
      body: JSON.stringify({ group: { members: [{ age: 'thirty' }] } }),
    });
    expect(response.status).toBe(422);
    expect(await t.json(response)).toMatchObject({ errors: [{ path: 'group.members[0].age' }] });
  });

  it('unknown fields are 422 with the nearest known field, in the request and in the group', async () => {
    const response = await t.request('/v1/match', {
      method: 'POST',
      role: 'service',
      body: JSON.stringify({ group: { members: [{ agee: 30 }], membres: [] }, asof: '2018-06-01' }),
    });
    expect(response.status).toBe(422);
    expect((await t.json<{ errors: unknown[] }>(response)).errors).toEqual(
      expect.arrayContaining([
        { path: 'group.members[0]', message: "unknown field 'agee' (did you mean 'age'?)" },
        { path: 'group', message: "unknown field 'membres' (did you mean 'members'?)" },
        { path: '(body)', message: "unknown field 'asof' (did you mean 'asOf'?)" },
      ]),
    );
  });

  it('an unknown programme is 422 in a filter and 404 in a path', async () => {
    const response = await t.request('/v1/match', {
      method: 'POST',
      role: 'service',
      body: JSON.stringify({ group: {}, programmes: ['nope'] }),
    });
    expect(response.status).toBe(422);
    expect(await t.json(response)).toMatchObject({
      errors: [{ path: 'programmes', message: "unknown programme 'nope'" }],
    });
    expect((await t.request('/v1/budget/nope', { role: 'committee' })).status).toBe(404);
  });

  it('a body over the documented 1 MiB limit is 413, with or without a declared length', async () => {
    const big = JSON.stringify({ group: { name: 'x'.repeat(1024 * 1024 + 10) } });
    const declared = await t.request('/v1/match', {
      method: 'POST',
      role: 'service',
      body: big,
      headers: { 'Content-Length': String(big.length) },
    });
    expect(declared.status).toBe(413);
    // A streamed body (no Content-Length) is counted as it arrives.
    const bytes = new TextEncoder().encode(big);
    const streamed = await t.request('/v1/match', {
      method: 'POST',
      role: 'service',
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 65536) controller.enqueue(bytes.subarray(i, i + 65536));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toMatchObject({ status: 413 });
    // Within the limit, both ways are served.
    const small = JSON.stringify({ group: {}, asOf: '2018-06-01' });
    const ok = await t.request('/v1/match', {
      method: 'POST',
      role: 'service',
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(small));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(ok.status).toBe(200);
  });

  it('a few hundred generated bad bodies get no 5xx', async () => {
    const routes = [
      '/v1/match',
      '/v1/groups',
      '/v1/applications',
      '/v1/groups/missing',
      '/v1/applications/missing/submit',
    ];
    const body = fc.oneof(
      fc.json(),
      fc.string(),
      fc.record({ group: fc.anything() }),
      fc.record({
        group: fc.record({ members: fc.array(fc.dictionary(fc.string(), fc.jsonValue())) }),
        asOf: fc.string(),
      }),
      fc.record({
        groupId: fc.string(),
        programme: fc.string(),
        supportLine: fc.string(),
        amount: fc.anything(),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), body, async (route, payload) => {
        const text = typeof payload === 'string' ? payload : (JSON.stringify(payload) ?? 'null');
        const method = route === '/v1/groups/missing' ? 'PUT' : 'POST';
        const response = await t.request(route, { method, role: 'admin', body: text });
        expect(response.status, `${method} ${route} ${text.slice(0, 200)}`).toBeLessThan(500);
      }),
      { numRuns: 300, seed: 20261122 },
    );
  });
});
