import { applyD1Migrations, createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { drizzle } from 'drizzle-orm/d1';
import { beforeAll, describe, expect, it } from 'vitest';
import iztapalapa from '../../examples/colectivo-iztapalapa.json';
import * as schema from '../../src/db/schema';
import worker, { type WorkerEnv } from '../../src/worker';
import { type Keys, keysPerRole } from '../request';

/**
 * Limits on the Workers entry: bodies counted as they are read; rate limits by Cloudflare's bindings
 * (wrangler.toml), else in each isolate's memory.
 */

const db = drizzle(env.DB, { schema });
let keys: Keys;

beforeAll(async () => {
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
  keys = await keysPerRole(db);
});

const call = (path: string, headers: Record<string, string>, workerEnv: WorkerEnv = env) =>
  worker.fetch(new Request(`http://vincula.test${path}`, { headers }), workerEnv, createExecutionContext());
const from = (address: string, key?: string) => ({
  'CF-Connecting-IP': address,
  ...(key ? { Authorization: `Bearer ${key}` } : {}),
});

describe('rate limits on Workers', () => {
  it('are bound in wrangler.toml', () => {
    expect(typeof env.KEY_RATE_LIMITER?.limit).toBe('function');
    expect(typeof env.ADDRESS_RATE_LIMITER?.limit).toBe('function');
    expect(typeof env.AUTH_RATE_LIMITER?.limit).toBe('function');
  });

  it("count wrong keys per CF-Connecting-IP with the AUTH_RATE_LIMITER binding (20 a minute), and then refuse that address's keys", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++)
      statuses.push((await call('/v1/programmes', from('203.0.113.9', `wrong-${i}`))).status);
    const refused = statuses.filter((s) => s === 401).length;
    expect(refused).toBeGreaterThanOrEqual(20);
    expect(refused).toBeLessThanOrEqual(21);
    expect(statuses.slice(refused)).toEqual(Array(40 - refused).fill(429));
    const limited = await call('/v1/programmes', from('203.0.113.9', keys.admin));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('Retry-After')).toMatch(/^\d+$/);
    expect(await limited.json()).toMatchObject({
      type: 'https://vincula.dev/problems/rate-limited',
      status: 429,
    });
    // Another address, and /healthz, are not affected.
    expect((await call('/v1/programmes', from('203.0.113.10', keys.admin))).status).toBe(200);
    expect((await call('/healthz', from('203.0.113.9'))).status).toBe(200);
  });

  it('fall back to token buckets in the isolate without a binding, at the rates of the variables', async () => {
    const unbound: WorkerEnv = {
      ...env,
      KEY_RATE_LIMITER: undefined,
      VINCULA_RATE_LIMIT_PER_KEY: '2/minute',
    };
    expect((await call('/v1/programmes', from('198.51.100.1', keys.committee), unbound)).status).toBe(200);
    expect((await call('/v1/programmes', from('198.51.100.2', keys.committee), unbound)).status).toBe(200);
    const spent = await call('/v1/programmes', from('198.51.100.3', keys.committee), unbound);
    expect(spent.status).toBe(429);
    expect(spent.headers.get('Retry-After')).toBe('30');
    // Without CF-Connecting-IP (not behind Cloudflare) the address limits do not apply; the key's does.
    const noAddress: WorkerEnv = {
      ...unbound,
      AUTH_RATE_LIMITER: undefined,
      VINCULA_RATE_LIMIT_FAILED_AUTH: '1/minute',
    };
    for (let i = 0; i < 5; i++)
      expect((await call('/v1/programmes', { Authorization: 'Bearer wrong' }, noAddress)).status).toBe(401);
  });

  it('are turned off by "off", and a setting that is not a rate is said on every request', async () => {
    const off: WorkerEnv = { ...env, VINCULA_RATE_LIMIT_FAILED_AUTH: 'off' };
    for (let i = 0; i < 30; i++)
      expect((await call('/v1/programmes', from('192.0.2.77', 'wrong'), off)).status).toBe(401);
    const bad = await call('/healthz', {}, { ...env, VINCULA_RATE_LIMIT_PER_KEY: 'plenty' });
    expect(bad.status).toBe(500);
    expect(((await bad.json()) as { detail: string }).detail).toContain(
      "VINCULA_RATE_LIMIT_PER_KEY 'plenty' is not a rate",
    );
  });
});

describe('body limits on Workers', () => {
  const post = (path: string, body: string | ReadableStream<Uint8Array>, type = 'application/json') =>
    worker.fetch(
      new Request(`http://vincula.test${path}`, {
        method: 'POST',
        headers: { 'Content-Type': type, Authorization: `Bearer ${keys.service}` },
        body,
      }),
      env,
      createExecutionContext(),
    );

  it('refuses a JSON body over 1 MiB with 413 problem+json, declared or streamed', async () => {
    const declared = await post('/v1/match', ' '.repeat(1024 * 1024 + 1));
    expect(declared.status).toBe(413);
    expect(declared.headers.get('Content-Type')).toBe('application/problem+json');
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const streamed = await post(
      '/v1/match',
      new ReadableStream<Uint8Array>({
        pull(controller) {
          if (pulled >= 8 * 1024 * 1024) return controller.close();
          pulled += chunk.length;
          controller.enqueue(chunk);
        },
      }),
    );
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toMatchObject({
      status: 413,
      detail: 'the body limit of this route is 1048576 bytes',
    });
    expect(pulled).toBeLessThan(4 * 1024 * 1024);
  });

  it('answers a batch line by line: blank lines skipped, a line over 1 MiB refused on its own', async () => {
    const group = JSON.stringify(iztapalapa);
    const body = `\n\n${group}\n\r\n${'x'.repeat(1024 * 1024 + 1)}\n${group}`;
    const response = await post('/v1/match/batch?asOf=2018-06-01', body, 'application/x-ndjson');
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.line, Object.keys(l)[1] ?? Object.keys(l)[0]])).toEqual([
      [3, 'report'],
      [5, 'problem'],
      [6, 'report'],
      [undefined, 'cohorts'],
    ]);
  });
});
