import { describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app';
import { openDatabase } from '../src/db/client';
import { testApp } from './api-helpers';
import { catalogueOf, members, programme } from './helpers';

/**
 * The budget ledger under load: approvals race, and the database (not application code) decides
 * which ones fit. Constructed programmes, so the numbers are ours: a line of 50,000 MXN and a support
 * of 1,000 MXN per group leaves room for exactly 50 approvals.
 */
const funded = (id: string, overrides: Record<string, unknown> = {}) =>
  programme({
    id,
    support: [
      {
        id: 'grant',
        type: 'cash',
        label: { es: 'Apoyo', en: 'Grant' },
        maxPerGroup: { amount: 1000, currency: 'MXN' },
        budgetLine: 'grants',
        source: 'test',
      },
    ],
    budget: {
      fiscalYear: 2018,
      currency: 'MXN',
      source: 'test',
      lines: [{ id: 'grants', label: { es: 'Apoyos', en: 'Grants' }, amount: 50000, source: 'test' }],
    },
    ...overrides,
  });

const group = (name: string) => ({ name, members: members(5, [], { age: 30 }) });
type TestApp = Awaited<ReturnType<typeof testApp>>;

async function createGroup(t: TestApp, name: string) {
  const response = await t.request('/v1/groups', {
    method: 'POST',
    role: 'case_worker',
    body: JSON.stringify(group(name)),
  });
  return (await t.json<{ id: string }>(response)).id;
}

/** Creates a draft application for the group's grant and submits it; returns its id. */
async function applyAndSubmit(t: TestApp, groupId: string, programmeId: string) {
  const body = { groupId, programme: programmeId, supportLine: 'grant', asOf: '2018-06-01' };
  const created = await t.request('/v1/applications', {
    method: 'POST',
    role: 'case_worker',
    body: JSON.stringify(body),
  });
  const { id } = await t.json<{ id: string }>(created);
  const submitted = await t.request(`/v1/applications/${id}/submit`, { method: 'POST', role: 'case_worker' });
  expect(submitted.status).toBe(200);
  return id;
}

async function submittedApplications(t: TestApp, programmeId: string, n: number) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(await applyAndSubmit(t, await createGroup(t, `G${i}`), programmeId));
  return ids;
}

/** prog-a declares it may not be held with prog-b in the same fiscal year; prog-b says nothing. */
const exclusive = () =>
  catalogueOf(
    funded('prog-a', {
      exclusions: [
        {
          id: 'no-concurrent',
          label: { es: 'No simultáneo', en: 'Not concurrent' },
          programmes: ['prog-b'],
          period: 'same_fiscal_year',
          source: 'test',
        },
      ],
    }),
    funded('prog-b', { agency: 'agency-b', level: 'federal' }),
  );

const approve = (t: TestApp, id: string) =>
  t.request(`/v1/applications/${id}/approve`, { method: 'POST', role: 'committee' });

describe('budget ledger', () => {
  it('200 concurrent approvals against a line with room for 50: exactly 50 commit, 150 are refused with the numbers', async () => {
    const t = await testApp(catalogueOf(funded('prog-a')));
    const ids = await submittedApplications(t, 'prog-a', 200);

    // Two servers on the same database file, as two processes would be: the guard is in SQL.
    const second = openDatabase(t.url);
    const other = createApp({
      catalogue: catalogueOf(funded('prog-a')),
      db: second.db,
      idSecret: 'test-secret-for-keyed-hashes-0123456789',
      today: () => '2018-06-01',
    });
    const approve = (id: string, i: number) =>
      (i % 2 ? other : t.app).request(`/v1/applications/${id}/approve`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${t.keys.committee}` },
      });
    const responses = await Promise.all(ids.map(approve));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(50);
    expect(statuses.filter((s) => s === 409)).toHaveLength(150);

    const refused = await responses.find((r) => r.status === 409)?.json();
    expect(refused).toMatchObject({
      status: 409,
      detail:
        "approving 1000.00 MXN would exceed budget line 'grants' of prog-a@2018: 50000.00 MXN of 50000.00 MXN committed, 0.00 MXN left",
    });

    const ledger = await t.client.execute(
      'select count(*) as n, sum(amount_minor) as total from budget_ledger',
    );
    expect(Number(ledger.rows[0]?.n)).toBe(50);
    expect(Number(ledger.rows[0]?.total)).toBe(50000_00);
    const approved = await t.client.execute(
      "select count(*) as n from applications where state = 'approved'",
    );
    expect(Number(approved.rows[0]?.n)).toBe(50);

    const budget = await t.json<{
      lines: { committed: { amount: string }; remaining: { amount: string }; commitments: number }[];
    }>(await t.request('/v1/budget/prog-a?fiscalYear=2018', { role: 'committee' }));
    expect(budget.lines[0]).toMatchObject({
      committed: { amount: '50000.00' },
      remaining: { amount: '0.00' },
      commitments: 50,
    });
    second.client.close();
  }, 60_000);

  it('approving twice commits once', async () => {
    const t = await testApp(catalogueOf(funded('prog-a')));
    const [id] = await submittedApplications(t, 'prog-a', 1);
    const [a, b] = await Promise.all([approve(t, id as string), approve(t, id as string)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const ledger = await t.client.execute('select count(*) as n from budget_ledger');
    expect(Number(ledger.rows[0]?.n)).toBe(1);
  });

  it('a waitlisted application can be approved later, and its history says so', async () => {
    const t = await testApp(catalogueOf(funded('prog-a')));
    const [id] = await submittedApplications(t, 'prog-a', 1);
    expect(
      (
        await t.request(`/v1/applications/${id}/waitlist`, {
          method: 'POST',
          role: 'committee',
          body: JSON.stringify({ note: 'line full' }),
        })
      ).status,
    ).toBe(200);
    const approved = await t.json<{ state: string; history: { from: string | null; to: string }[] }>(
      await approve(t, id as string),
    );
    expect(approved.state).toBe('approved');
    expect(approved.history.map((h) => [h.from, h.to])).toEqual([
      [null, 'draft'],
      ['draft', 'submitted'],
      ['submitted', 'waitlisted'],
      ['waitlisted', 'approved'],
    ]);
  });

  it('enforces exclusions at approval: a group holding an excluded programme this fiscal year is refused', async () => {
    const t = await testApp(exclusive());
    const groupId = await createGroup(t, 'Both');
    const a = await applyAndSubmit(t, groupId, 'prog-a');
    const b = await applyAndSubmit(t, groupId, 'prog-b');
    expect((await approve(t, b)).status).toBe(200);
    // prog-a excludes prog-b, so approving prog-a now is refused, and nothing is committed for it.
    const refused = await approve(t, a);
    expect(refused.status).toBe(409);
    expect(await t.json(refused)).toMatchObject({
      detail:
        'the group already holds Programme A (prog-b) in 2018, which Programme A (prog-a) may not be combined with: Not concurrent (exclusion no-concurrent of prog-a)',
    });
    const ledger = await t.client.execute('select programme_key from budget_ledger');
    expect(ledger.rows.map((r) => r.programme_key)).toEqual(['prog-b@2018']);
  });

  it('the exclusion holds in the other direction too (declared only on one programme)', async () => {
    const t = await testApp(exclusive());
    const groupId = await createGroup(t, 'Both');
    const a = await applyAndSubmit(t, groupId, 'prog-a');
    const b = await applyAndSubmit(t, groupId, 'prog-b');
    expect((await approve(t, a)).status).toBe(200);
    const refused = await approve(t, b);
    expect(refused.status).toBe(409);
    expect(await t.json(refused)).toMatchObject({
      detail:
        'the group already holds Programme A (prog-a) in 2018, which Programme A (prog-b) may not be combined with: Not concurrent (exclusion no-concurrent of prog-a)',
    });
  });
});
