import { expect } from 'vitest';
import iztapalapa from '../examples/colectivo-iztapalapa.json';
import { json, type requester } from './request';

/**
 * What a user does with the API against a database, written once and run on every database Vincula
 * supports: D1 inside workerd (test/workers) and a networked libsql server (test/sqld.test.ts).
 * Runtime-neutral: no Node API, only fetch-style requests.
 */

type Send = ReturnType<typeof requester>;

interface StoredGroup {
  id: string;
  name: string;
  members: { id: string; hasPersonalId: boolean }[];
  enrolments: { programme: string; fiscalYear: number }[];
}

/**
 * A cooperative with more members and enrolments than one D1 statement can bind (100 parameters:
 * 4 a member, 5 an enrolment), each member with a personal identifier.
 */
export function largeGroup(memberCount = 60, enrolmentCount = 30) {
  const template = iztapalapa.members[0] as (typeof iztapalapa.members)[number];
  return {
    ...iztapalapa,
    name: `Cooperativa grande (${memberCount})`,
    members: Array.from({ length: memberCount }, (_, i) => ({
      ...template,
      id: `M${i + 1}`,
      personalId: `TEST${String(i).padStart(6, '0')}HDFRRR09`,
    })),
    enrolments: Array.from({ length: enrolmentCount }, (_, i) => ({
      programme: 'ppfic',
      fiscalYear: 1991 + i,
      status: 'completed',
    })),
  };
}

export async function storesReadsReplacesAndDeletesALargeGroup(send: Send) {
  const group = largeGroup();
  const created = await send('/v1/groups', {
    method: 'POST',
    role: 'case_worker',
    body: JSON.stringify(group),
  });
  expect(created.status).toBe(201);
  const stored = await json<StoredGroup>(created);
  expect(created.headers.get('Location')).toBe(`/v1/groups/${stored.id}`);
  expect(stored.members.map((m) => m.id)).toEqual(group.members.map((m) => m.id));
  expect(stored.members.every((m) => m.hasPersonalId)).toBe(true);
  expect(stored.enrolments.map((e) => e.fiscalYear)).toEqual(group.enrolments.map((e) => e.fiscalYear));
  expect(JSON.stringify(stored)).not.toContain('HDFRRR09');

  const read = await send(`/v1/groups/${stored.id}`, { role: 'admin' });
  expect(read.status).toBe(200);
  expect(await json(read)).toEqual(stored);

  const smaller = largeGroup(45, 26);
  const replaced = await send(`/v1/groups/${stored.id}`, {
    method: 'PUT',
    role: 'case_worker',
    body: JSON.stringify({ ...smaller, name: 'Cooperativa renombrada' }),
  });
  expect(replaced.status).toBe(200);
  const after = await json<StoredGroup>(replaced);
  expect(after).toMatchObject({ id: stored.id, name: 'Cooperativa renombrada' });
  expect(after.members).toHaveLength(45);
  expect(after.enrolments).toHaveLength(26);

  const list = await json<{ groups: { id: string }[] }>(
    await send('/v1/groups?limit=500', { role: 'admin' }),
  );
  expect(list.groups.map((g) => g.id)).toContain(stored.id);
  expect((await send(`/v1/groups/${stored.id}`, { method: 'DELETE', role: 'admin' })).status).toBe(204);
  expect((await send(`/v1/groups/${stored.id}`, { role: 'admin' })).status).toBe(404);
}

type Budget = { lines: { id: string; committed: { amount: string }; commitments: number }[] };

/** The README walkthrough's flow: store, apply, submit, approve against the budget line, and what the ledger then refuses. */
export async function approvesAgainstTheBudgetLedger(send: Send) {
  const line = async () =>
    (
      await json<Budget>(await send('/v1/budget/cdmx-coop-spi?fiscalYear=2018', { role: 'committee' }))
    ).lines.find((l) => l.id === 'spi-consulting-training');
  const before = await line();

  const group = await json<{ id: string }>(
    await send('/v1/groups', { method: 'POST', role: 'case_worker', body: JSON.stringify(iztapalapa) }),
  );
  const body = JSON.stringify({
    groupId: group.id,
    programme: 'cdmx-coop-spi',
    supportLine: 'spi-consulting-training',
    asOf: '2018-06-01',
  });
  const created = await send('/v1/applications', { method: 'POST', role: 'case_worker', body });
  expect(created.status).toBe(201);
  const application = await json<{ id: string; state: string }>(created);
  expect(application.state).toBe('draft');
  // A second application for the same support line breaks a unique key: a 409, not a 500.
  expect((await send('/v1/applications', { method: 'POST', role: 'case_worker', body })).status).toBe(409);

  const path = `/v1/applications/${application.id}`;
  expect(
    (await json<{ state: string }>(await send(`${path}/submit`, { method: 'POST', role: 'case_worker' })))
      .state,
  ).toBe('submitted');
  expect((await send(`${path}/approve`, { method: 'POST', role: 'case_worker' })).status).toBe(403);
  const approved = await send(`${path}/approve`, { method: 'POST', role: 'committee' });
  expect(approved.status).toBe(200);
  expect((await json<{ history: { to: string }[] }>(approved)).history.map((h) => h.to)).toEqual([
    'draft',
    'submitted',
    'approved',
  ]);
  expect((await send(`${path}/approve`, { method: 'POST', role: 'committee' })).status).toBe(409);

  const after = await line();
  const pesos = (amount: string | undefined) => Number(amount ?? 0);
  expect(pesos(after?.committed.amount) - pesos(before?.committed.amount)).toBe(50_000);
  expect((after?.commitments ?? 0) - (before?.commitments ?? 0)).toBe(1);

  // The ledger keeps the commitment: the group it references cannot be deleted (a foreign key).
  const deleted = await send(`/v1/groups/${group.id}`, { method: 'DELETE', role: 'admin' });
  expect(deleted.status).toBe(409);
  const stored = await json<{ enrolments: unknown[] }>(
    await send(`/v1/groups/${group.id}`, { role: 'admin' }),
  );
  expect(stored.enrolments).toEqual([
    { programme: 'cdmx-coop-spi', fiscalYear: 2018, stage: 'formation', status: 'current' },
  ]);
}

/** A repeated Idempotency-Key replays the first response; the same key with another body is refused. */
export async function honoursIdempotencyKeys(send: Send) {
  const post = (body: unknown) =>
    send('/v1/groups', {
      method: 'POST',
      role: 'case_worker',
      headers: { 'Idempotency-Key': 'scenario-create-1' },
      body: JSON.stringify(body),
    });
  const first = await post({ name: 'Una vez' });
  expect(first.status).toBe(201);
  const again = await post({ name: 'Una vez' });
  expect(again.status).toBe(201);
  expect((await json<{ id: string }>(again)).id).toBe((await json<{ id: string }>(first)).id);
  expect((await post({ name: 'Otra cosa' })).status).toBe(409);
}

/**
 * Concurrent requests with one Idempotency-Key and one body do the work once and all get its
 * response; the same key with another body, sent alongside, is refused.
 */
export async function replaysConcurrentIdempotentRequests(send: Send, n = 20) {
  const run = crypto.randomUUID();
  const post = (path: string, key: string, body: unknown) =>
    send(path, {
      method: 'POST',
      role: 'case_worker',
      headers: { 'Idempotency-Key': key },
      body: JSON.stringify(body),
    });
  const name = `Concurrente ${run}`;
  const group = largeGroup(5, 0);
  const [groups, other] = await Promise.all([
    Promise.all(Array.from({ length: n }, () => post('/v1/groups', `group-${run}`, { ...group, name }))),
    post('/v1/groups', `group-${run}`, { ...group, name: `${name} (otro)` }),
  ]);
  expect(groups.map((r) => r.status)).toEqual(groups.map(() => 201));
  expect(other.status).toBe(409);
  const ids = new Set(await Promise.all(groups.map(async (r) => (await json<{ id: string }>(r)).id)));
  expect(ids.size).toBe(1);
  const [groupId] = [...ids] as [string];
  expect(groups.map((r) => r.headers.get('Location'))).toEqual(groups.map(() => `/v1/groups/${groupId}`));
  const listed = await json<{ groups: { name: string }[] }>(
    await send('/v1/groups?limit=500', { role: 'admin' }),
  );
  expect(listed.groups.filter((g) => g.name === name)).toHaveLength(1);

  const body = {
    groupId,
    programme: 'cdmx-coop-spi',
    supportLine: 'spi-consulting-training',
    asOf: '2018-06-01',
  };
  const applications = await Promise.all(
    Array.from({ length: n }, () => post('/v1/applications', `application-${run}`, body)),
  );
  expect(applications.map((r) => r.status)).toEqual(applications.map(() => 201));
  const applied = await Promise.all(applications.map((r) => json<{ id: string; history: unknown[] }>(r)));
  expect(new Set(applied.map((a) => a.id)).size).toBe(1);
  expect(applied[0]?.history).toHaveLength(1);
}

/**
 * Deleting a group: with nothing, or only drafts, it goes (the drafts with it); with an application
 * past draft (submitted, waitlisted, approved, rejected) it is refused with a 409 that says why, and
 * the group, its applications and their history stay readable. Returns the ids, for checks on the
 * database itself.
 */
export async function keepsRecordsOfPublicMoney(send: Send) {
  const run = crypto.randomUUID();
  const group = async (name: string) =>
    (
      await json<{ id: string }>(
        await send('/v1/groups', {
          method: 'POST',
          role: 'case_worker',
          body: JSON.stringify({ ...largeGroup(5, 0), name: `${name} ${run}` }),
        }),
      )
    ).id;
  const STATE = { submit: 'submitted', waitlist: 'waitlisted', reject: 'rejected', approve: 'approved' };
  type Step = keyof typeof STATE;
  const apply = async (groupId: string, steps: Step[], supportLine = 'spi-consulting-training') => {
    // spi-equipment has no maximum in the rule files: the amount is asked for.
    const amount = supportLine === 'spi-equipment' ? { amount: { amount: '10000.00', currency: 'MXN' } } : {};
    const created = await send('/v1/applications', {
      method: 'POST',
      role: 'case_worker',
      body: JSON.stringify({
        groupId,
        programme: 'cdmx-coop-spi',
        supportLine,
        asOf: '2018-06-01',
        ...amount,
      }),
    });
    expect(created.status).toBe(201);
    const { id } = await json<{ id: string }>(created);
    for (const step of steps) {
      const role = step === 'submit' ? 'case_worker' : 'committee';
      expect((await send(`/v1/applications/${id}/${step}`, { method: 'POST', role })).status).toBe(200);
    }
    return id;
  };
  const remove = (id: string) => send(`/v1/groups/${id}`, { method: 'DELETE', role: 'admin' });

  const empty = await group('Sin solicitudes');
  expect((await remove(empty)).status).toBe(204);
  expect((await send(`/v1/groups/${empty}`, { role: 'admin' })).status).toBe(404);

  const withDraft = await group('Con borrador');
  const draft = await apply(withDraft, []);
  expect((await remove(withDraft)).status).toBe(204);
  expect((await send(`/v1/applications/${draft}`, { role: 'admin' })).status).toBe(404);

  const kept: Record<string, { group: string; application: string }> = {};
  const cases: [string, Step[]][] = [
    ['submitted', ['submit']],
    ['waitlisted', ['submit', 'waitlist']],
    ['rejected', ['submit', 'reject']],
    ['approved', ['submit', 'approve']],
  ];
  for (const [state, steps] of cases) {
    const groupId = await group(state);
    const application = await apply(groupId, steps);
    const refused = await remove(groupId);
    expect(refused.status).toBe(409);
    expect(await json(refused)).toMatchObject({
      status: 409,
      detail: expect.stringContaining(`applications past draft (1 ${state})`),
    });
    expect((await send(`/v1/groups/${groupId}`, { role: 'admin' })).status).toBe(200);
    const read = await json<{ state: string; history: { to: string }[] }>(
      await send(`/v1/applications/${application}`, { role: 'admin' }),
    );
    expect(read.state).toBe(state);
    expect(read.history.map((h) => h.to)).toEqual(['draft', ...steps.map((s) => STATE[s])]);
    kept[state] = { group: groupId, application };
  }

  // A draft beside a submitted application: nothing is deleted, the draft included.
  const mixed = await group('Mixto');
  await apply(mixed, ['submit']);
  const mixedDraft = await apply(mixed, [], 'spi-equipment');
  const refused = await remove(mixed);
  expect(refused.status).toBe(409);
  expect(await json(refused)).toMatchObject({ detail: expect.stringContaining('(1 submitted)') });
  expect((await send(`/v1/applications/${mixedDraft}`, { role: 'admin' })).status).toBe(200);

  return { deleted: { empty, withDraft, draft }, kept };
}
