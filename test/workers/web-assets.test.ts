import { applyD1Migrations, createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { drizzle } from 'drizzle-orm/d1';
import { beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../src/api/session';
import * as schema from '../../src/db/schema';
import worker, { type WorkerEnv } from '../../src/worker';
import { type Keys, keysPerRole } from '../request';

/** The committee page's browser bundle on Workers: built into dist/web, read through ASSETS, served. */

const call = (path: string, init: RequestInit = {}, workerEnv: WorkerEnv = env) =>
  worker.fetch(new Request(`http://vincula.test${path}`, init), workerEnv, createExecutionContext());
let keys: Keys;

beforeAll(async () => {
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
  keys = await keysPerRole(drizzle(env.DB, { schema }));
});

describe('the committee page on Workers', () => {
  it('serves the bundle and the layout worker from the ASSETS binding, cached for good under their hash', async () => {
    const version = (await (await env.ASSETS.fetch('https://assets.local/version.txt')).text()).trim();
    expect(version).toMatch(/^[0-9a-f]{12}$/);
    for (const name of ['committee.js', 'layout.js']) {
      const built = await (await env.ASSETS.fetch(`https://assets.local/${name}`)).text();
      const response = await call(`/web/${name}?v=${version}`);
      expect(response.status, name).toBe(200);
      expect(response.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
      expect(response.headers.get('Cache-Control')).toContain('immutable');
      expect(await response.text()).toBe(built);
    }
  });

  it('points the committee page at the bundle, so the graph draws', async () => {
    const html = await (
      await call('/committee?asOf=2018-06-01', { headers: { Cookie: `${SESSION_COOKIE}=${keys.committee}` } })
    ).text();
    expect(html).toMatch(/<script src="\/web\/committee\.js\?v=[0-9a-f]{12}" defer="?"?>/);
    expect(html).toMatch(/"layoutWorker":"\/web\/layout\.js\?v=[0-9a-f]{12}"/);
    expect(html).not.toContain('npm run build:web');
  });
});
