import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app';
import type { Role } from '../src/db/schema';
import { sha256 } from '../src/db/secrets';
import { loadCatalogue } from '../src/rules/load-dir';
import { testApp } from './api-helpers';
import { replaysConcurrentIdempotentRequests } from './api-scenarios';
import { requester } from './request';
import { createKey, environment, freePort, killRunning, listening, start } from './server-helpers';

/**
 * Idempotency-Key under concurrency, on the file database: through `vincula serve` processes, as
 * clients send them (test/sqld.test.ts runs the same scenario on sqld, D1 in test/workers).
 */

afterAll(killRunning);

/** n servers on one database file, and a requester that sends each request to any of them. */
async function servers(n: number) {
  const env = environment();
  // The scenario's roles.
  const keys = {} as Record<Role, string>;
  for (const role of ['case_worker', 'admin'] as const) keys[role] = await createKey(env, role);
  const bases: string[] = [];
  for (let i = 0; i < n; i++) {
    const port = await freePort();
    const server = start({ ...env, PORT: String(port) });
    await listening(server);
    bases.push(`http://127.0.0.1:${port}`);
  }
  let next = 0;
  return requester((path, init) => {
    next += 1;
    return fetch(`${bases[next % n]}${path}`, { ...init, signal: AbortSignal.timeout(30_000) });
  }, keys);
}

type TestApp = Awaited<ReturnType<typeof testApp>>;

const postGroup = (t: TestApp, key: string, body: unknown) =>
  t.request('/v1/groups', {
    method: 'POST',
    role: 'case_worker',
    headers: { 'Idempotency-Key': key },
    body: JSON.stringify(body),
  });

/** The key's row as another request would have left it. */
async function reserved(t: TestApp, key: string, body: unknown, at: string, state = 'pending') {
  const apiKeyId = t.keys.case_worker.slice('vk_'.length, 'vk_'.length + 12);
  await t.client.execute({
    sql: 'insert into idempotency_keys (api_key_id, key, request_hash, status, body, state, at) values (?, ?, ?, 0, ?, ?, ?)',
    args: [apiKeyId, key, await sha256(JSON.stringify(body)), '', state, at],
  });
  return apiKeyId;
}

describe('Idempotency-Key under concurrency', () => {
  it('20 concurrent requests with one key create one group and one application, and all get their response', async () => {
    await replaysConcurrentIdempotentRequests(await servers(1));
  }, 60_000);

  it('the same on two servers sharing the database file', async () => {
    await replaysConcurrentIdempotentRequests(await servers(2));
  }, 60_000);

  it('work that fails gives the key back: the same request is tried again, not refused as in progress', async () => {
    const t = await testApp();
    const body = {
      groupId: 'no-such-group',
      programme: 'cdmx-coop-spi',
      supportLine: 'spi-consulting-training',
    };
    const send = () =>
      t.request('/v1/applications', {
        method: 'POST',
        role: 'case_worker',
        headers: { 'Idempotency-Key': 'fails-1' },
        body: JSON.stringify(body),
      });
    expect((await send()).status).toBe(422);
    const again = await send();
    expect(again.status).toBe(422);
    expect(await again.json()).toMatchObject({ detail: "no group 'no-such-group'" });
    const rows = await t.client.execute("select count(*) as n from idempotency_keys where key = 'fails-1'");
    expect(Number(rows.rows[0]?.n)).toBe(0);
  });

  it('a repeat waits for the first request and gets its response; one still running past the wait is a 409', async () => {
    const t = await testApp();
    const app = createApp({
      catalogue: loadCatalogue(),
      db: t.db,
      idSecret: 'test-secret-for-keyed-hashes-0123456789',
      idempotencyWaitMs: 1500,
    });
    const send = requester((path, init) => app.request(path, init), t.keys);
    const apiKeyId = await reserved(t, 'running-1', { name: 'Running' }, new Date().toISOString());
    const waiting = send('/v1/groups', {
      method: 'POST',
      role: 'case_worker',
      headers: { 'Idempotency-Key': 'running-1' },
      body: JSON.stringify({ name: 'Running' }),
    });
    await new Promise((r) => setTimeout(r, 300));
    await t.client.execute({
      sql: "update idempotency_keys set state = 'done', status = 201, body = ? where api_key_id = ? and key = 'running-1'",
      args: [JSON.stringify({ id: 'from-the-first-request', name: 'Running' }), apiKeyId],
    });
    const replayed = await waiting;
    expect(replayed.status).toBe(201);
    expect(await replayed.json()).toEqual({ id: 'from-the-first-request', name: 'Running' });

    await reserved(t, 'running-2', { name: 'Still running' }, new Date().toISOString());
    const started = Date.now();
    const refused = await send('/v1/groups', {
      method: 'POST',
      role: 'case_worker',
      headers: { 'Idempotency-Key': 'running-2' },
      body: JSON.stringify({ name: 'Still running' }),
    });
    expect(refused.status).toBe(409);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    expect(await refused.json()).toMatchObject({ detail: expect.stringContaining('still being processed') });
  });

  it('a reservation abandoned by a request that never finished is taken over', async () => {
    const t = await testApp();
    await reserved(t, 'abandoned-1', { name: 'Abandoned' }, '2000-01-01T00:00:00.000Z');
    const response = await postGroup(t, 'abandoned-1', { name: 'Abandoned' });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const again = await postGroup(t, 'abandoned-1', { name: 'Abandoned' });
    expect(((await again.json()) as { id: string }).id).toBe(id);
    const row = await t.client.execute(
      "select state, status from idempotency_keys where key = 'abandoned-1'",
    );
    expect(row.rows[0]).toMatchObject({ state: 'done', status: 201 });
  });
});
