import { applyD1Migrations, createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { drizzle } from 'drizzle-orm/d1';
import { beforeAll, describe, expect, it } from 'vitest';
import iztapalapa from '../../examples/colectivo-iztapalapa.json';
import journal from '../../src/db/migrations/meta/_journal.json';
import { createGroup } from '../../src/db/repositories';
import * as schema from '../../src/db/schema';
import { parseGroup } from '../../src/rules/match';
import worker, { type WorkerEnv } from '../../src/worker';
import {
  approvesAgainstTheBudgetLedger,
  honoursIdempotencyKeys,
  keepsRecordsOfPublicMoney,
  largeGroup,
  replaysConcurrentIdempotentRequests,
  storesReadsReplacesAndDeletesALargeGroup,
} from '../api-scenarios';
import { json, type Keys, keysPerRole, requester } from '../request';

/** The Workers entry inside workerd, on a local D1 database migrated with the committed migrations. */

const db = drizzle(env.DB, { schema });
const call = (path: string, init: RequestInit = {}, workerEnv: WorkerEnv = env) =>
  worker.fetch(new Request(`http://vincula.test${path}`, init), workerEnv, createExecutionContext());
let keys: Keys;
let send: ReturnType<typeof requester>;

beforeAll(async () => {
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
  keys = await keysPerRole(db);
  send = requester(call, keys);
});

describe('the Workers entry on D1', () => {
  it('applies the drizzle-kit migrations committed in src/db/migrations, append-only audit log included', async () => {
    expect(env.TEST_MIGRATIONS.map((m) => m.name)).toEqual(journal.entries.map((e) => `${e.tag}.sql`));
    const applied = await env.DB.prepare('select name from d1_migrations order by id').all<{
      name: string;
    }>();
    expect(applied.results.map((r) => r.name)).toEqual(journal.entries.map((e) => `${e.tag}.sql`));
    await expect(env.DB.prepare("update audit_log set action = 'tampered'").run()).rejects.toThrow(
      /append-only/,
    );
  });

  it('matches an example group (POST /v1/match)', async () => {
    const response = await send('/v1/match', {
      method: 'POST',
      role: 'service',
      body: JSON.stringify({ group: iztapalapa, asOf: '2018-06-01', lang: 'en' }),
    });
    expect(response.status).toBe(200);
    const report = await json<{
      counts: Record<string, number>;
      results: { programme: { id: string }; status: string }[];
    }>(response);
    expect(report.counts).toEqual({
      eligible: 1,
      ineligible: 1,
      undetermined: 2,
      no_rules: 2,
      not_active: 5,
    });
    const status = Object.fromEntries(report.results.map((r) => [r.programme.id, r.status]));
    expect(status).toMatchObject({ 'cdmx-coop-spi': 'eligible', 'cdmx-coop-spf': 'ineligible' });
  });

  it('refuses a missing or unknown key (401) and a role the route does not allow (403), as problem+json', async () => {
    const body = JSON.stringify({ group: iztapalapa, asOf: '2018-06-01' });
    const anonymous = await call('/v1/match', { method: 'POST', body });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('Content-Type')).toContain('application/problem+json');
    expect(await json(anonymous)).toMatchObject({ status: 401, instance: '/v1/match' });
    const unknown = await call('/v1/match', {
      method: 'POST',
      body,
      headers: { Authorization: `Bearer ${keys.admin.slice(0, -4)}AAAA` },
    });
    expect(unknown.status).toBe(401);
    const forbidden = await send('/v1/match', { method: 'POST', role: 'committee', body });
    expect(forbidden.status).toBe(403);
    expect(await json(forbidden)).toMatchObject({ detail: expect.stringContaining("role 'committee'") });
    expect((await send('/v1/groups', { method: 'POST', role: 'service', body: '{}' })).status).toBe(403);
  });

  it('stores, reads, replaces and deletes a group larger than one D1 statement can bind', async () => {
    await storesReadsReplacesAndDeletesALargeGroup(send);
  });

  it('replays a repeated Idempotency-Key and refuses it with another body', async () => {
    await honoursIdempotencyKeys(send);
  });

  it('20 concurrent requests with one Idempotency-Key do the work once, and all get its response', async () => {
    await replaysConcurrentIdempotentRequests(send);
  });

  it('keeps personal identifiers in D1 only as keyed hashes', async () => {
    await send('/v1/groups', { method: 'POST', role: 'case_worker', body: JSON.stringify(largeGroup(3, 0)) });
    const rows = await env.DB.prepare('select personal_id_hash, data from members').all();
    expect(JSON.stringify(rows.results)).not.toContain('HDFRRR09');
    expect(rows.results.every((r) => /^[0-9a-f]{64}$/.test(String(r.personal_id_hash)))).toBe(true);
  });

  it('approves against the budget ledger in one D1 batch, and refuses what the ledger and its keys forbid', async () => {
    await approvesAgainstTheBudgetLedger(send);
  });

  it('deletes a group with nothing or only drafts, and keeps one with an application past draft, in D1 too', async () => {
    const { kept } = await keepsRecordsOfPublicMoney(send);
    await expect(
      env.DB.prepare('delete from applications where id = ?').bind(kept.submitted?.application).run(),
    ).rejects.toThrow(/applications past draft are kept/);
    await expect(env.DB.prepare('delete from budget_ledger').run()).rejects.toThrow(/append-only/);
  });

  it('analyses a stored population of more groups than one page of bound parameters', async () => {
    const group = parseGroup(iztapalapa);
    for (let i = 0; i < 120; i++)
      await createGroup(db, { ...group, name: `Grupo ${i}` }, 'test', env.VINCULA_ID_SECRET);
    const count = await env.DB.prepare('select count(*) as n from groups').first<{ n: number }>();
    const response = await send('/v1/graph/overlaps?population=stored&asOf=2018-06-01', {
      role: 'committee',
    });
    expect(response.status).toBe(200);
    const overlaps = await json<{ population: { kind: string; size: number } }>(response);
    expect(overlaps.population).toMatchObject({ kind: 'stored', size: count?.n });
    expect(count?.n).toBeGreaterThan(120);
  });
});

describe('operator misconfiguration', () => {
  it('refuses to serve without VINCULA_ID_SECRET, or with a short one, saying how to set it', async () => {
    for (const secret of [undefined, '', 'too-short']) {
      const response = await call('/healthz', {}, { DB: env.DB, VINCULA_ID_SECRET: secret });
      expect(response.status).toBe(500);
      expect(response.headers.get('Content-Type')).toContain('application/problem+json');
      const problem = await json<{ detail: string }>(response);
      expect(problem.detail).toContain('VINCULA_ID_SECRET');
      expect(problem.detail).toContain('wrangler secret put VINCULA_ID_SECRET');
    }
  });

  it('refuses to serve without the D1 binding', async () => {
    const response = await call('/healthz', {}, { VINCULA_ID_SECRET: env.VINCULA_ID_SECRET });
    expect(response.status).toBe(500);
    expect((await json<{ detail: string }>(response)).detail).toContain('D1 binding DB');
  });
});

describe('response headers on Workers', () => {
  it('X-Content-Type-Options: nosniff on answers of the app and on the misconfigured Worker’s', async () => {
    const responses = [
      await call('/healthz'),
      await call('/v1/programmes'),
      await send('/v1/programmes', { role: 'service' }),
      await call('/no/such/route'),
      await call('/docs'),
      await call('/healthz', {}, { VINCULA_ID_SECRET: env.VINCULA_ID_SECRET }),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 401, 200, 404, 200, 500]);
    for (const response of responses) expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
  });
});
