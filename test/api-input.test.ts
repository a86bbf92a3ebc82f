import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_JSON_DEPTH } from '../src/api/json-depth';
import { insertChunks, MAX_BOUND_PARAMETERS } from '../src/db/database';
import { createApplication, createGroup, loadGroup } from '../src/db/repositories';
import { MAX_LIST_ITEMS, MAX_MEMBERS } from '../src/rules/group';
import { Matcher } from '../src/rules/match';
import { MAX_REQUEST_MINOR, parseAmount } from '../src/rules/money';
import { testApp } from './api-helpers';

/**
 * Input the API must refuse with a clear 4xx instead of obeying it or failing with a 500 (issue 16):
 * server-assigned fields in a body, amounts that overflow, JSON nested thousands deep, duplicate
 * enrolments, control characters in ids.
 */

const iztapalapa = JSON.parse(readFileSync('examples/colectivo-iztapalapa.json', 'utf8'));

type TestApp = Awaited<ReturnType<typeof testApp>>;
type Problem = { status: number; detail?: string; errors?: { path: string; message: string }[] };
type Stored = { id: string; name?: string; createdAt: string; updatedAt: string; members: unknown[] };

const count = async (t: TestApp, sql: string, args: (string | number)[] = []) =>
  Number((await t.client.execute({ sql, args })).rows[0]?.n);

async function storeGroup(t: TestApp, body: unknown = iztapalapa) {
  const response = await t.request('/v1/groups', {
    method: 'POST',
    role: 'case_worker',
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return t.json<Stored>(response);
}

const applicationBody = (groupId: string, extra: Record<string, unknown> = {}) => ({
  groupId,
  programme: 'cdmx-coop-spi',
  supportLine: 'spi-consulting-training',
  asOf: '2018-06-01',
  ...extra,
});

/** The 422 names the field and says the server assigns it. */
async function expectServerAssigned(response: Response, path: string) {
  expect(response.status, path).toBe(422);
  const problem = (await response.json()) as Problem;
  expect(problem.errors, path).toContainEqual({
    path,
    message: expect.stringMatching(/assigned by the server/),
  });
}

describe('server-assigned fields are never taken from a request body', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });

  const groupFields: [path: string, body: Record<string, unknown>][] = [
    ['id', { name: 'x', id: 'PLACEHOLDER' }],
    ['createdAt', { name: 'x', createdAt: '2000-01-01T00:00:00.000Z' }],
    ['updatedAt', { name: 'x', updatedAt: '2000-01-01T00:00:00.000Z' }],
    ['members[0].hasPersonalId', { members: [{ age: 30, hasPersonalId: true }] }],
    ['members[0].personalIdHash', { members: [{ age: 30, personalIdHash: 'a'.repeat(64) }] }],
    [
      'enrolments[0].applicationId',
      { enrolments: [{ programme: 'ppfic', fiscalYear: 2012, status: 'current', applicationId: 'x' }] },
    ],
  ];

  it("POST /v1/groups refuses them (422 naming the field): another group's id is never taken", async () => {
    const victim = await storeGroup(t, { name: 'Victim' });
    const groupsBefore = await count(t, 'select count(*) as n from groups');
    for (const [path, template] of groupFields) {
      const body = path === 'id' ? { ...template, id: victim.id } : template;
      const response = await t.request('/v1/groups', {
        method: 'POST',
        role: 'case_worker',
        body: JSON.stringify(body),
      });
      await expectServerAssigned(response, path);
      expect(response.headers.get('Location')).toBeNull();
    }
    // Also with an Idempotency-Key, and with an id no header may carry (it once became the Location: a 500).
    for (const headers of [{ 'Idempotency-Key': 'server-assigned-1' }, {}] as Record<string, string>[]) {
      const response = await t.request('/v1/groups', {
        method: 'POST',
        role: 'case_worker',
        headers,
        body: JSON.stringify({ id: 'a\r\nb', name: 'x' }),
      });
      await expectServerAssigned(response, 'id');
    }
    expect(await count(t, 'select count(*) as n from groups')).toBe(groupsBefore);
    expect(await t.json(await t.request(`/v1/groups/${victim.id}`, { role: 'admin' }))).toMatchObject({
      id: victim.id,
      name: 'Victim',
      createdAt: victim.createdAt,
      updatedAt: victim.updatedAt,
    });
  });

  it('PUT /v1/groups/{id} refuses them and leaves the stored group as it was', async () => {
    const other = await storeGroup(t, { name: 'Other' });
    const mine = await storeGroup(t, { name: 'Mine', members: [{ age: 40, personalId: 'CURP-MINE' }] });
    for (const [path, template] of groupFields) {
      const body = path === 'id' ? { ...template, id: other.id } : template;
      const response = await t.request(`/v1/groups/${mine.id}`, {
        method: 'PUT',
        role: 'case_worker',
        body: JSON.stringify(body),
      });
      await expectServerAssigned(response, path);
    }
    expect(await t.json(await t.request(`/v1/groups/${mine.id}`, { role: 'admin' }))).toEqual(mine);
    expect(await t.json(await t.request(`/v1/groups/${other.id}`, { role: 'admin' }))).toEqual(other);
  });

  it('POST /v1/applications refuses them; the application gets the server values', async () => {
    const group = await storeGroup(t);
    const fields: Record<string, unknown> = {
      id: 'my-own-id',
      state: 'approved',
      programmeKey: 'cdmx-coop-spi@2016',
      fiscalYear: 2016,
      budgetLine: 'spi-equipment',
      history: [],
      createdAt: '2000-01-01T00:00:00.000Z',
      updatedAt: '2000-01-01T00:00:00.000Z',
      createdBy: 'someone',
    };
    for (const [field, value] of Object.entries(fields)) {
      const response = await t.request('/v1/applications', {
        method: 'POST',
        role: 'case_worker',
        body: JSON.stringify(applicationBody(group.id, { [field]: value })),
      });
      await expectServerAssigned(response, field);
    }
    expect(await count(t, 'select count(*) as n from applications where group_id = ?', [group.id])).toBe(0);
    const created = await t.request('/v1/applications', {
      method: 'POST',
      role: 'case_worker',
      body: JSON.stringify(applicationBody(group.id)),
    });
    expect(created.status).toBe(201);
    const application = await t.json<{ id: string; createdAt: string }>(created);
    expect(application).toMatchObject({
      state: 'draft',
      programmeKey: 'cdmx-coop-spi@2018',
      fiscalYear: 2018,
      budgetLine: 'spi-consulting-training',
      history: [{ from: null, to: 'draft' }],
    });
    expect(application.id).not.toBe('my-own-id');
    expect(application.createdAt).not.toMatch(/^2000/);
  });

  it('the bodies of submit, approve, reject and waitlist refuse them and change nothing', async () => {
    const group = await storeGroup(t);
    const created = await t.request('/v1/applications', {
      method: 'POST',
      role: 'case_worker',
      body: JSON.stringify(applicationBody(group.id)),
    });
    const draft = await t.json<{ id: string }>(created);
    const read = async () => t.json(await t.request(`/v1/applications/${draft.id}`, { role: 'admin' }));
    const before = await read();
    const assigned: Record<string, unknown> = {
      id: 'x',
      state: 'approved',
      history: [],
      programmeKey: 'x@2016',
      fiscalYear: 2016,
      budgetLine: 'spi-equipment',
      createdAt: '2000-01-01T00:00:00.000Z',
      updatedAt: '2000-01-01T00:00:00.000Z',
      createdBy: 'someone',
    };
    for (const action of ['submit', 'approve', 'reject', 'waitlist']) {
      const role = action === 'submit' ? 'case_worker' : 'committee';
      for (const [field, value] of Object.entries(assigned)) {
        const response = await t.request(`/v1/applications/${draft.id}/${action}`, {
          method: 'POST',
          role,
          body: JSON.stringify({ note: 'n', [field]: value }),
        });
        await expectServerAssigned(response, field);
      }
      // Fields a client sets when it creates the application cannot be changed by a decision either.
      for (const field of ['amount', 'groupId', 'supportLine']) {
        const response = await t.request(`/v1/applications/${draft.id}/${action}`, {
          method: 'POST',
          role,
          body: JSON.stringify({ [field]: field === 'amount' ? { amount: 1, currency: 'MXN' } : 'x' }),
        });
        expect(response.status, `${action} ${field}`).toBe(422);
      }
    }
    expect(await read()).toEqual(before);
    // The decision itself still goes through, with the server's values.
    const submitted = await t.request(`/v1/applications/${draft.id}/submit`, {
      method: 'POST',
      role: 'case_worker',
      body: JSON.stringify({ note: 'ready' }),
    });
    expect(await t.json(submitted)).toMatchObject({ state: 'submitted', amount: { amount: '50000.00' } });
  });

  it('/v1/match still takes a group id, the caller reference it echoes', async () => {
    const response = await t.request('/v1/match', {
      method: 'POST',
      role: 'service',
      body: JSON.stringify({ group: { ...iztapalapa, id: 'my-ref-7' }, asOf: '2018-06-01' }),
    });
    expect(response.status).toBe(200);
    expect(await t.json(response)).toMatchObject({ group: { id: 'my-ref-7' } });
  });

  it("the repository never lets a group's stored data override the row's id", async () => {
    const victim = await storeGroup(t, { name: 'Victim 2' });
    // A caller of the repository that passes an id: the row still gets a fresh one, and the data none.
    const id = await createGroup(t.db, { id: victim.id, name: 'Direct' }, 'test', 'secret');
    expect(id).not.toBe(victim.id);
    const row = await t.client.execute({ sql: 'select data from groups where id = ?', args: [id] });
    expect(JSON.parse(String(row.rows[0]?.data))).not.toHaveProperty('id');
    // A row stored before the fix, with another group's id inside its data.
    await t.client.execute({
      sql: "update groups set data = json_set(data, '$.id', ?) where id = ?",
      args: [victim.id, id],
    });
    expect((await loadGroup(t.db, id))?.stored.id).toBe(id);
    expect((await loadGroup(t.db, id))?.group.id).toBeUndefined();
    const read = await t.request(`/v1/groups/${id}`, { role: 'admin' });
    expect(await t.json(read)).toMatchObject({ id, name: 'Direct' });
    const matches = await t.request(`/v1/groups/${id}/matches?asOf=2018-06-01`, { role: 'service' });
    expect(await t.json(matches)).toMatchObject({ group: { id } });
  });
});

describe('amounts are bounded; a refused amount leaves nothing behind', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });

  /** spi-equipment has no maximum per group: the amount requested is all there is. */
  const apply = (groupId: string, amount: unknown) =>
    t.request('/v1/applications', {
      method: 'POST',
      role: 'case_worker',
      body: JSON.stringify(
        applicationBody(groupId, { supportLine: 'spi-equipment', amount: { amount, currency: 'MXN' } }),
      ),
    });

  it('an amount whose minor units overflow is a 422 on amount.amount, stores nothing, and does not lock the group out', async () => {
    for (const amount of [9007199254740991, '9007199254740991', 90071992547409.91, '900719925474099.99']) {
      const group = await storeGroup(t);
      const response = await apply(group.id, amount);
      expect(response.status, String(amount)).toBe(422);
      expect(((await response.json()) as Problem).errors).toEqual([
        { path: 'amount.amount', message: expect.any(String) },
      ]);
      expect(await count(t, 'select count(*) as n from applications where group_id = ?', [group.id])).toBe(0);
      const again = await apply(group.id, '1200.50');
      expect(again.status).toBe(201);
      const application = await t.json<{ id: string }>(again);
      const read = await t.request(`/v1/applications/${application.id}`, { role: 'admin' });
      expect(await t.json(read)).toMatchObject({ amount: { amount: '1200.50', currency: 'MXN' } });
    }
  });

  it(`the documented maximum, ${MAX_REQUEST_MINOR} minor units, is accepted; one cent more is refused`, async () => {
    const at = await apply((await storeGroup(t)).id, '100000000000.00');
    expect(at.status).toBe(201);
    expect(await t.json(at)).toMatchObject({ amount: { amount: '100000000000.00' } });
    const group = await storeGroup(t);
    for (const amount of ['100000000000.01', 100000000001]) {
      const above = await apply(group.id, amount);
      expect(above.status).toBe(422);
      const problem = (await above.json()) as Problem;
      expect(problem.errors).toEqual([
        { path: 'amount.amount', message: expect.stringContaining('100000000000.00 MXN') },
      ]);
    }
    expect(await count(t, 'select count(*) as n from applications where group_id = ?', [group.id])).toBe(0);
  });

  it('parseAmount refuses a whole number whose minor units are not a safe integer', () => {
    expect(() => parseAmount(9007199254740991, 'MXN')).toThrow(/too large/);
    expect(() => parseAmount(-9007199254740991, 'MXN')).toThrow(/too large/);
    expect(parseAmount(9007199254740991, 'PYG')).toBe(9007199254740991);
    expect(parseAmount(90071992547409, 'MXN')).toBe(9007199254740900);
  });

  it('the repository writes no application whose amount it could not read back', async () => {
    const group = await storeGroup(t);
    const before = await count(t, 'select count(*) as n from applications');
    for (const amountMinor of [2 ** 60, 1.5, Number.NaN]) {
      await expect(
        createApplication(
          t.db,
          {
            groupId: group.id,
            programme: 'cdmx-coop-spi',
            programmeKey: 'cdmx-coop-spi@2018',
            fiscalYear: 2018,
            asOf: '2018-06-01',
            stage: 'formation',
            callId: null,
            supportLine: 'spi-equipment',
            budgetLine: 'spi-equipment',
            amountMinor,
            currency: 'MXN',
          },
          'test',
        ),
      ).rejects.toThrow(/amount/);
    }
    expect(await count(t, 'select count(*) as n from applications')).toBe(before);
  });
});

describe(`JSON nested deeper than ${MAX_JSON_DEPTH} levels is refused before it is parsed`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  async function expectTooDeep(response: Response, path: string) {
    expect(response.status).toBe(422);
    expect(response.headers.get('Content-Type')).toContain('application/problem+json');
    const problem = (await response.json()) as Problem;
    expect(problem.detail).toMatch(`nested deeper than ${MAX_JSON_DEPTH} levels`);
    expect(problem.errors).toEqual([{ path, message: `nested deeper than ${MAX_JSON_DEPTH} levels` }]);
  }

  it('on every JSON body route: a 422 naming where, never a 500', async () => {
    const group = await storeGroup(t, { name: 'Deep' });
    const application = await t.json<{ id: string }>(
      await t.request('/v1/applications', {
        method: 'POST',
        role: 'case_worker',
        body: JSON.stringify(applicationBody((await storeGroup(t)).id)),
      }),
    );
    const inner = `[0]${'[0]'.repeat(MAX_JSON_DEPTH - 3)}`;
    const cases: [method: string, path: string, body: string, where: string][] = [
      ['POST', '/v1/match', `{"group": {"name": ${deep(10_000)}}}`, `group.name${inner}`],
      ['POST', '/v1/match', `{"group": {"members": [${deep(10_000)}]}}`, `group.members${'[0]'.repeat(62)}`],
      ['POST', '/v1/groups', `{"name": ${deep(10_000)}}`, `name[0]${'[0]'.repeat(MAX_JSON_DEPTH - 2)}`],
      ['PUT', `/v1/groups/${group.id}`, `{"name": ${deep(10_000)}}`, `name[0]${'[0]'.repeat(62)}`],
      ['POST', '/v1/applications', `{"groupId": ${deep(100)}}`, `groupId${'[0]'.repeat(63)}`],
      [
        'POST',
        `/v1/applications/${application.id}/submit`,
        `{"note": ${deep(65)}}`,
        `note${'[0]'.repeat(63)}`,
      ],
      ['POST', `/v1/applications/${application.id}/reject`, deep(65), '[0]'.repeat(64)],
    ];
    for (const [method, path, body, where] of cases) {
      const role = path.endsWith('reject') ? 'committee' : 'admin';
      await expectTooDeep(await t.request(path, { method, role, body }), where);
    }
    expect(await t.json(await t.request(`/v1/groups/${group.id}`, { role: 'admin' }))).toMatchObject({
      name: 'Deep',
    });
    // Just within the limit, the body is read as usual (and refused for what it is, not for its depth).
    const within = await t.request('/v1/groups', {
      method: 'POST',
      role: 'admin',
      body: `{"name": ${deep(MAX_JSON_DEPTH - 1)}}`,
    });
    expect(within.status).toBe(422);
    expect(((await within.json()) as Problem).errors?.[0]?.path).toBe('name');
  });

  it('a batch answers a too-deep line with a problem line, and goes on to the later lines and the cohorts', async () => {
    const response = await t.request('/v1/match/batch?asOf=2018-06-01&programmes=cdmx-coop-spi', {
      method: 'POST',
      role: 'service',
      headers: { 'Content-Type': 'application/x-ndjson' },
      body: [JSON.stringify(iztapalapa), `{"members": [${deep(10_000)}]}`, JSON.stringify(iztapalapa)].join(
        '\n',
      ),
    });
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ line: 1, report: { results: [{ status: 'eligible' }] } });
    expect(lines[1]).toMatchObject({
      line: 2,
      problem: {
        status: 422,
        detail: `line 2: nested deeper than ${MAX_JSON_DEPTH} levels`,
        errors: [{ path: `members[0]${'[0]'.repeat(MAX_JSON_DEPTH - 2)}` }],
      },
    });
    expect(lines[2]).toMatchObject({ line: 3, report: { results: [{ status: 'eligible' }] } });
    expect(lines[3]).toHaveProperty('cohorts');
  });

  it("a line that fails unexpectedly is that line's problem; a batch stopped by an unexpected error says so in its last line", async () => {
    const match = Matcher.prototype.match;
    vi.spyOn(Matcher.prototype, 'match').mockImplementation(function (this: Matcher, group, options) {
      if (group.name === 'boom') throw new Error('boom');
      return match.call(this, group, options);
    });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const body = [JSON.stringify(iztapalapa), '{"name": "boom"}', JSON.stringify(iztapalapa)].join('\n');
    const batch = async () =>
      (
        await (
          await t.request('/v1/match/batch?asOf=2018-06-01&programmes=cdmx-coop-spi', {
            method: 'POST',
            role: 'service',
            headers: { 'Content-Type': 'application/x-ndjson' },
            body,
          })
        ).text()
      )
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
    const lines = await batch();
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ line: 1, report: {} });
    expect(lines[1]).toEqual({
      line: 2,
      problem: expect.objectContaining({ status: 500, type: 'https://vincula.dev/problems/internal' }),
    });
    expect(lines[2]).toMatchObject({ line: 3, report: {} });
    expect(lines[3]).toHaveProperty('cohorts');
    expect(console.error).toHaveBeenCalled();

    // Past the lines (the cohort rules here), the batch cannot go on: its last line says so.
    const batchOf = Matcher.prototype.batch;
    vi.spyOn(Matcher.prototype, 'batch').mockImplementation(function (this: Matcher, options) {
      const real = batchOf.call(this, options);
      return {
        match: (group) => real.match(group),
        cohorts: () => {
          throw new Error('cohorts');
        },
      };
    });
    const stopped = await batch();
    expect(stopped).toHaveLength(4);
    expect(stopped[3]).toEqual({
      error: expect.objectContaining({
        status: 500,
        type: 'https://vincula.dev/problems/internal',
        detail: expect.stringMatching(/stopped/),
      }),
    });
  });
});

describe('input that passes the group schema but not the store, and ids with control characters: a 4xx, never a 500', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });

  it('duplicate enrolments (same programme, fiscal year and stage) are a 422 naming the repeat', async () => {
    const enrolment = {
      programme: 'cdmx-coop-spi',
      fiscalYear: 2018,
      stage: 'formation',
      status: 'completed',
    };
    const body = {
      name: 'Twice',
      enrolments: [
        enrolment,
        { ...enrolment, stage: 'strengthening' },
        { programme: 'ppfic', fiscalYear: 2012, status: 'current' },
        { ...enrolment, status: 'current' },
        { programme: 'ppfic', fiscalYear: 2012, status: 'withdrawn' },
      ],
    };
    const groupsBefore = await count(t, 'select count(*) as n from groups');
    const created = await t.request('/v1/groups', {
      method: 'POST',
      role: 'case_worker',
      body: JSON.stringify(body),
    });
    expect(created.status).toBe(422);
    expect(((await created.json()) as Problem).errors).toEqual([
      { path: 'enrolments[3]', message: expect.stringContaining('enrolments[0]') },
      { path: 'enrolments[4]', message: expect.stringContaining('enrolments[2]') },
    ]);
    expect(await count(t, 'select count(*) as n from groups')).toBe(groupsBefore);

    const stored = await storeGroup(t, { name: 'Once', enrolments: [enrolment] });
    const replaced = await t.request(`/v1/groups/${stored.id}`, {
      method: 'PUT',
      role: 'case_worker',
      body: JSON.stringify(body),
    });
    expect(replaced.status).toBe(422);
    expect(await t.json(await t.request(`/v1/groups/${stored.id}`, { role: 'admin' }))).toEqual(stored);
    // Distinct enrolments are stored as before.
    const distinct = await storeGroup(t, { enrolments: body.enrolments.slice(0, 3) });
    expect(distinct.members).toEqual([]);
  });

  it('a group with hundreds of thousands of members is split into statements without overflowing the stack', () => {
    // 1 MiB of "{}" is 340,000 members: Math.max(...rows) over them was a RangeError, a 500 on POST /v1/groups.
    const rows = Array.from({ length: 500_000 }, (_, position) => ({ groupId: 'g', position, data: {} }));
    const chunks = insertChunks(rows);
    const size = Math.floor(MAX_BOUND_PARAMETERS / 3);
    expect(chunks).toHaveLength(Math.ceil(rows.length / size));
    expect(chunks[0]).toHaveLength(size);
    expect(chunks.flat()).toEqual(rows);
  });

  it('an id with CR/LF or other control characters is a 4xx problem on every route that takes one', async () => {
    const routes: [string, string][] = [
      ['GET', '/v1/groups/a%0D%0Ab'],
      ['PUT', '/v1/groups/a%0D%0Ab'],
      ['DELETE', '/v1/groups/a%0D%0Ab'],
      ['GET', '/v1/groups/a%0D%0Ab/matches'],
      ['GET', '/v1/applications/a%0Ab'],
      ['POST', '/v1/applications/a%0D%0Ab/submit'],
      ['POST', '/v1/applications/a%00b/approve'],
      ['GET', '/v1/programmes/a%0D%0Ab'],
      ['GET', '/v1/budget/a%0D%0Ab'],
    ];
    for (const [method, path] of routes) {
      const response = await t.request(path, {
        method,
        role: 'admin',
        ...(method === 'PUT' ? { body: '{}' } : {}),
      });
      expect([404, 422], `${method} ${path}`).toContain(response.status);
      expect(response.headers.get('Content-Type')).toContain('application/problem+json');
    }
    const application = await t.request('/v1/applications', {
      method: 'POST',
      role: 'case_worker',
      body: JSON.stringify(applicationBody('a\r\nb')),
    });
    expect(application.status).toBe(422);
    expect(((await application.json()) as Problem).errors).toEqual([
      { path: 'groupId', message: "no group 'a\r\nb'" },
    ]);
  });
});

describe('a group is bounded in size, so one request cannot hold the server for minutes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });

  it(`more than ${MAX_MEMBERS} members or ${MAX_LIST_ITEMS} enrolments is a 422 on the list, on match and store alike`, async () => {
    const members = Array.from({ length: MAX_MEMBERS + 1 }, () => ({}));
    for (const [path, body] of [
      ['/v1/match', { asOf: '2018-06-01', group: { members } }],
      ['/v1/groups', { members }],
    ] as const) {
      const response = await t.request(path, { method: 'POST', role: 'admin', body: JSON.stringify(body) });
      expect(response.status, path).toBe(422);
      const problem = (await response.json()) as { errors: { path: string }[] };
      expect(problem.errors.map((e) => e.path)).toContain(path === '/v1/match' ? 'group.members' : 'members');
    }
    const enrolments = Array.from({ length: MAX_LIST_ITEMS + 1 }, (_, i) => ({
      programme: 'cdmx-coop-spi',
      fiscalYear: 1900 + i,
      status: 'completed',
    }));
    const response = await t.request('/v1/groups', {
      method: 'POST',
      role: 'admin',
      body: JSON.stringify({ enrolments }),
    });
    expect(response.status).toBe(422);
    // At the bound, the group is matched as usual.
    const atBound = await t.request('/v1/match', {
      method: 'POST',
      role: 'service',
      body: JSON.stringify({
        asOf: '2018-06-01',
        programmes: ['cdmx-coop-spi'],
        group: { members: members.slice(1) },
      }),
    });
    expect(atBound.status).toBe(200);
  });
});
