import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp, openApiDocument } from '../src/api/app';
import {
  addressKey,
  forwardedAddress,
  memoryLimiters,
  parseRate,
  RATE_LIMIT_DEFAULTS,
  type RateLimits,
  RateSettingError,
  rateLimitSettings,
  TokenBuckets,
} from '../src/api/rate-limit';
import { openDatabase, prepareDatabase } from '../src/db/client';
import { loadCatalogue } from '../src/rules/load-dir';
import { ConfigError, configFromEnv } from '../src/server';
import { freePort, type Started, startProcess, stopProcess } from './processes';
import { type Keys, keysPerRole } from './request';
import { createKey, environment, ROOT } from './server-helpers';

/** A clock the tests move by hand. */
function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('rate settings', () => {
  it('reads requests per period, and off', () => {
    expect(parseRate('600/minute')).toEqual({ limit: 600, periodSeconds: 60 });
    expect(parseRate('10/s')).toEqual({ limit: 10, periodSeconds: 1 });
    expect(parseRate('10 / seconds')).toEqual({ limit: 10, periodSeconds: 1 });
    expect(parseRate('5000/hour')).toEqual({ limit: 5000, periodSeconds: 3600 });
    expect(parseRate('100/10s')).toEqual({ limit: 100, periodSeconds: 10 });
    expect(parseRate('120')).toEqual({ limit: 120, periodSeconds: 60 });
    for (const off of ['off', 'OFF', '0', '0/minute', 'none']) expect(parseRate(off)).toBeUndefined();
    for (const bad of ['', 'many', '10/ms', '-5/minute', '1.5/s', '10/0s'])
      expect(() => parseRate(bad, 'X')).toThrow(RateSettingError);
  });

  it('has defaults generous for people and strict for wrong keys, each overridable', () => {
    expect(rateLimitSettings({})).toEqual({
      perKey: { limit: 600, periodSeconds: 60 },
      perAddress: { limit: 1200, periodSeconds: 60 },
      failedAuth: { limit: 20, periodSeconds: 60 },
    });
    expect(RATE_LIMIT_DEFAULTS.failedAuth).toBe('20/minute');
    expect(
      rateLimitSettings({ VINCULA_RATE_LIMIT_PER_KEY: 'off', VINCULA_RATE_LIMIT_FAILED_AUTH: '3/s' }),
    ).toMatchObject({ perKey: undefined, failedAuth: { limit: 3, periodSeconds: 1 } });
  });

  it('the Node server refuses a setting that is not a rate, and reads --trust-proxy', () => {
    const base = { NODE_ENV: 'development', VINCULA_DATA_DIR: mkdtempSync(join(tmpdir(), 'vincula-rl-')) };
    expect(() => configFromEnv({ ...base, VINCULA_RATE_LIMIT_PER_ADDRESS: 'lots' })).toThrow(ConfigError);
    expect(() => configFromEnv({ ...base, VINCULA_TRUST_PROXY: 'maybe' })).toThrow(ConfigError);
    expect(configFromEnv(base)).toMatchObject({ trustProxy: 0, rateLimits: rateLimitSettings({}) });
    expect(configFromEnv({ ...base, VINCULA_TRUST_PROXY: 'true' }).trustProxy).toBe(1);
    expect(configFromEnv({ ...base, VINCULA_TRUST_PROXY: '2' }).trustProxy).toBe(2);
  });
});

describe('token buckets', () => {
  it('allow the limit at once, then one request per period/limit, with Retry-After to the next', () => {
    const time = clock();
    const buckets = new TokenBuckets({ limit: 3, periodSeconds: 60 }, { now: time.now });
    for (let i = 0; i < 3; i++) expect(buckets.take('a')).toEqual({ ok: true });
    expect(buckets.take('a')).toEqual({ ok: false, retryAfter: 20 });
    expect(buckets.wait('a')).toBe(20);
    expect(buckets.take('b')).toEqual({ ok: true }); // another key has its own bucket
    time.advance(15_000);
    expect(buckets.take('a')).toEqual({ ok: false, retryAfter: 5 });
    time.advance(5_000);
    expect(buckets.wait('a')).toBe(0);
    expect(buckets.take('a')).toEqual({ ok: true });
    expect(buckets.take('a').ok).toBe(false);
    time.advance(60_000); // refilled to the limit, not beyond
    for (let i = 0; i < 3; i++) expect(buckets.take('a').ok).toBe(true);
    expect(buckets.take('a').ok).toBe(false);
  });

  it('remember a bounded number of keys, and forget buckets that are full again', () => {
    const time = clock();
    const buckets = new TokenBuckets({ limit: 2, periodSeconds: 1 }, { now: time.now, maxKeys: 100 });
    for (let i = 0; i < 10_000; i++) buckets.take(`k${i}`);
    expect(buckets.size).toBeLessThanOrEqual(100);
    // The most recent keys are kept.
    buckets.take('k9999');
    expect(buckets.take('k9999').ok).toBe(false);
    time.advance(2_000);
    for (let i = 0; i < 200; i++) buckets.take(`fresh${i % 3}`);
    expect(buckets.size).toBeLessThanOrEqual(5);
  });
});

describe('client addresses', () => {
  it('count IPv4 as it is and IPv6 by its /64', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002::9')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});

// ------------------------------------------------------------------------------ on the app, in process

const catalogue = loadCatalogue();
let keys: Keys;
let closeDb: () => void;
let db: Awaited<ReturnType<typeof setUpDb>>;

async function setUpDb() {
  const dir = mkdtempSync(join(tmpdir(), 'vincula-rate-'));
  const { client, db } = openDatabase(`file:${join(dir, 'test.db')}`);
  await prepareDatabase(db);
  closeDb = () => client.close();
  return db;
}

beforeAll(async () => {
  db = await setUpDb();
  keys = await keysPerRole(db);
});
afterAll(() => closeDb());

/** An app with small limits on a hand-moved clock; the address from X-Forwarded-For (one proxy). */
function limitedApp(settings: Parameters<typeof memoryLimiters>[0]) {
  const time = clock();
  const rateLimits: RateLimits = {
    ...memoryLimiters(settings, { now: time.now }),
    address: (c) => forwardedAddress(c, 1),
  };
  const app = createApp({ catalogue, db, idSecret: 'test-secret-for-keyed-hashes-0123456789', rateLimits });
  const send = (path: string, init: { key?: string; from?: string; method?: string; body?: string } = {}) =>
    app.request(path, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.key ? { Authorization: `Bearer ${init.key}` } : {}),
        ...(init.from ? { 'X-Forwarded-For': `10.9.9.9, ${init.from}` } : {}),
        ...(init.body ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(init.body ? { body: init.body } : {}),
    });
  return { app, time, send };
}

async function expectTooMany(response: Response, retryAfter: number, detail: RegExp) {
  expect(response.status).toBe(429);
  expect(response.headers.get('Content-Type')).toBe('application/problem+json');
  expect(response.headers.get('Retry-After')).toBe(String(retryAfter));
  const body = (await response.json()) as { type: string; status: number; detail: string };
  expect(body).toMatchObject({ type: 'https://vincula.dev/problems/rate-limited', status: 429 });
  expect(body.detail).toMatch(detail);
}

describe('rate limits on the API', () => {
  it('answer 429 with Retry-After once a key has spent its allowance; the bucket refills', async () => {
    const { send, time } = limitedApp({
      perKey: { limit: 3, periodSeconds: 60 },
      perAddress: undefined,
      failedAuth: undefined,
    });
    for (let i = 0; i < 3; i++)
      expect((await send('/v1/programmes', { key: keys.service, from: `192.0.2.${i}` })).status).toBe(200);
    // Another address does not help: the key is counted.
    await expectTooMany(
      await send('/v1/programmes', { key: keys.service, from: '192.0.2.99' }),
      20,
      /too many requests with this API key \(at most 3 requests per minute\)/,
    );
    // Other keys are not affected.
    expect((await send('/v1/programmes', { key: keys.admin })).status).toBe(200);
    time.advance(20_000);
    expect((await send('/v1/programmes', { key: keys.service })).status).toBe(200);
    expect((await send('/v1/programmes', { key: keys.service })).status).toBe(429);
  });

  it('stop wrong keys per address: 429 even before the key is looked up, until the bucket refills', async () => {
    const { send, time } = limitedApp({
      perKey: undefined,
      perAddress: undefined,
      failedAuth: { limit: 5, periodSeconds: 60 },
    });
    const attacker = '198.51.100.7';
    for (let i = 0; i < 5; i++)
      expect((await send('/v1/programmes', { key: `wrong-${i}`, from: attacker })).status).toBe(401);
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++)
      statuses.push((await send('/v1/programmes', { key: `wrong-${i}`, from: attacker })).status);
    expect(new Set(statuses)).toEqual(new Set([429]));
    await expectTooMany(
      await send('/v1/programmes', { key: 'wrong', from: attacker }),
      12,
      /too many failed authentications from this address \(at most 5 failed authentications per minute\)/,
    );
    // A good key from that address waits too (no oracle); other addresses are not affected.
    expect((await send('/v1/programmes', { key: keys.admin, from: attacker })).status).toBe(429);
    expect((await send('/v1/programmes', { key: 'wrong', from: '198.51.100.8' })).status).toBe(401);
    expect((await send('/v1/programmes', { key: keys.admin, from: '198.51.100.8' })).status).toBe(200);
    // Successful requests do not count; requests without any credential are not authentication attempts.
    for (let i = 0; i < 20; i++)
      expect((await send('/v1/programmes', { key: keys.admin, from: '198.51.100.9' })).status).toBe(200);
    for (let i = 0; i < 20; i++)
      expect((await send('/v1/programmes', { from: '198.51.100.9' })).status).toBe(401);
    expect((await send('/v1/programmes', { key: keys.admin, from: '198.51.100.9' })).status).toBe(200);
    // One attempt back every 12 s.
    time.advance(12_000);
    expect((await send('/v1/programmes', { key: 'wrong', from: attacker })).status).toBe(401);
    expect((await send('/v1/programmes', { key: 'wrong', from: attacker })).status).toBe(429);
    time.advance(12_000);
    expect((await send('/v1/programmes', { key: keys.admin, from: attacker })).status).toBe(200);
  });

  it("count the pages' sign-in form as an authentication attempt", async () => {
    const { app } = limitedApp({
      perKey: undefined,
      perAddress: undefined,
      failedAuth: { limit: 2, periodSeconds: 60 },
    });
    const signIn = () =>
      app.request('http://localhost/sign-in', {
        method: 'POST',
        headers: {
          Origin: 'http://localhost',
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Forwarded-For': '203.0.113.50',
        },
        body: 'key=not-a-key&lang=en',
      });
    expect((await signIn()).status).toBe(401);
    expect((await signIn()).status).toBe(401);
    expect((await signIn()).status).toBe(429);
  });

  it('limit every request per address, except /healthz', async () => {
    const { send } = limitedApp({
      perKey: undefined,
      perAddress: { limit: 4, periodSeconds: 10 },
      failedAuth: undefined,
    });
    for (let i = 0; i < 50; i++) expect((await send('/healthz', { from: '192.0.2.1' })).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await send('/openapi.json', { from: '192.0.2.1' })).status).toBe(200);
    await expectTooMany(
      await send('/v1/programmes', { key: keys.admin, from: '192.0.2.1' }),
      3,
      /too many requests from this address \(at most 4 requests per 10 seconds\)/,
    );
    expect((await send('/openapi.json', { from: '192.0.2.2' })).status).toBe(200);
    // X-Forwarded-For entries left of the trusted proxy's are the client's to write, and are ignored.
    expect((await send('/openapi.json', { from: '192.0.2.1' })).status).toBe(429);
  });

  it('do nothing when turned off, or when the address is unknown', async () => {
    const off = limitedApp(
      rateLimitSettings({
        VINCULA_RATE_LIMIT_PER_KEY: 'off',
        VINCULA_RATE_LIMIT_PER_ADDRESS: '0',
        VINCULA_RATE_LIMIT_FAILED_AUTH: 'off',
      }),
    );
    for (let i = 0; i < 100; i++)
      expect((await off.send('/v1/programmes', { key: 'wrong', from: '192.0.2.3' })).status).toBe(401);
    for (let i = 0; i < 100; i++)
      expect((await off.send('/v1/programmes', { key: keys.admin })).status).toBe(200);

    const unknown = limitedApp({
      perKey: undefined,
      perAddress: { limit: 1, periodSeconds: 60 },
      failedAuth: { limit: 1, periodSeconds: 60 },
    });
    for (let i = 0; i < 10; i++)
      expect((await unknown.send('/v1/programmes', { key: 'wrong' })).status).toBe(401);
  });

  it('are in the OpenAPI description', () => {
    const description = openApiDocument(catalogue).info.description ?? '';
    expect(description).toContain('429 Too Many Requests');
    expect(description).toContain('Retry-After');
  });
});

// ------------------------------------------------------------------------------ the server, end to end

describe('rate limits on the Node server (vincula serve)', () => {
  let server: Started | undefined;
  afterEach(() => stopProcess(server));

  it('stop 2,000 wrong keys from one address by default, ignore X-Forwarded-For, take --rate-limit-per-key', async () => {
    const env = { ...environment(), PORT: String(await freePort()) };
    const key = await createKey(env, 'service');
    server = startProcess(process.execPath, ['bin/vincula.js', 'serve', '--rate-limit-per-key', '5/minute'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    const base = `http://127.0.0.1:${env.PORT}`;
    const deadline = Date.now() + 60_000;
    while (!server.output().includes('listening on') && Date.now() < deadline) {
      if (server.child.exitCode !== null) throw new Error(server.output());
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(server.output()).toContain(
      'Rate limits: 5 requests per minute per key, 1200 requests per minute per address, 20 failed authentications per minute per address',
    );

    // The key's own limit, from the command line.
    const withKey = () => fetch(`${base}/v1/programmes`, { headers: { Authorization: `Bearer ${key}` } });
    for (let i = 0; i < 5; i++) expect((await withKey()).status).toBe(200);
    const spent = await withKey();
    expect(spent.status).toBe(429);
    expect(spent.headers.get('Retry-After')).toBe('12');

    // 2,000 wrong keys, 20 at a time, each claiming another address in X-Forwarded-For (not trusted).
    const statuses = new Map<number, number>();
    const started = performance.now();
    for (let i = 0; i < 2_000; i += 20) {
      const batch = await Promise.all(
        Array.from({ length: 20 }, (_, j) =>
          fetch(`${base}/v1/programmes`, {
            headers: { Authorization: `Bearer wrong-${i + j}`, 'X-Forwarded-For': `10.0.${i % 250}.${j}` },
          }).then(async (r) => {
            if (r.status === 429) expect(Number(r.headers.get('Retry-After'))).toBeGreaterThan(0);
            await r.arrayBuffer();
            return r.status;
          }),
        ),
      );
      for (const status of batch) statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    const seconds = (performance.now() - started) / 1000;
    const refused = statuses.get(401) ?? 0;
    console.log(
      `2,000 wrong-key requests in ${seconds.toFixed(2)} s: ${refused} × 401, ${statuses.get(429) ?? 0} × 429`,
    );
    // 20 a minute, and a few more: those in flight together when the bucket ran out, one every 3 s since.
    expect(refused).toBeGreaterThanOrEqual(20);
    expect(refused).toBeLessThan(20 + 20 + Math.ceil(seconds / 3));
    expect(refused + (statuses.get(429) ?? 0)).toBe(2_000);

    // /healthz is not limited.
    for (let i = 0; i < 30; i++) expect((await fetch(`${base}/healthz`)).status).toBe(200);
  }, 120_000);
});
