import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from './api-helpers';
import { freePort, type Started, startProcess, stopProcess, waitUntilServing } from './processes';

/**
 * The Worker as a user runs it locally, `npm run dev:worker` (wrangler dev: workerd with no eval and
 * no nodejs_compat, a local D1 migrated by `npm run d1:migrate`, a key from `vincula keys create
 * --d1`), answering the same requests as the Node app: the same status, content type and body, byte
 * for byte. Live rather than against a stored fixture, so nothing can go stale between the two.
 */

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
const example = (name: string) => JSON.parse(readFileSync(join(ROOT, 'examples', name), 'utf8'));

const REQUESTS: { method: 'GET' | 'POST'; path: string; body?: string; type?: string }[] = [
  {
    method: 'POST',
    path: '/v1/match',
    body: JSON.stringify({ group: example('colectivo-iztapalapa.json'), asOf: '2018-06-01', lang: 'en' }),
  },
  {
    method: 'POST',
    path: '/v1/match',
    body: JSON.stringify({ group: example('grupo-tlapa-guerrero.json'), asOf: '2016-06-01' }),
  },
  {
    method: 'POST',
    path: '/v1/match',
    body: JSON.stringify({
      group: example('cooperativa-tlalpan.json'),
      asOf: '2018-06-01',
      lang: 'en',
      programmes: ['cdmx-coop-spf'],
    }),
  },
  { method: 'POST', path: '/v1/match', body: JSON.stringify({ group: { members: [{ age: 'forty' }] } }) },
  { method: 'POST', path: '/v1/match', body: '{"group": ' },
  {
    method: 'POST',
    path: '/v1/match/batch?asOf=2019-06-01&lang=en',
    body: `${JSON.stringify(example('colectivo-iztapalapa.json'))}\n{"members": 3}\n${JSON.stringify(example('cooperativa-tlalpan.json'))}\n`,
    type: 'application/x-ndjson',
  },
  { method: 'GET', path: '/v1/programmes' },
  { method: 'GET', path: '/v1/programmes/cdmx-coop-spi' },
  { method: 'GET', path: '/v1/budget/prospera?fiscalYear=2018' },
  { method: 'GET', path: '/v1/graph/flags?asOf=2019-06-01&groups=150&seed=7' },
  { method: 'GET', path: '/v1/graph?asOf=2016-06-01&format=graphml&population=none' },
  { method: 'GET', path: '/v1/groups/no-such-group' },
  { method: 'GET', path: '/openapi.json' },
  { method: 'GET', path: '/healthz' },
];

describe('npm run dev:worker answers as the Node server does', () => {
  let dev: Started | undefined;
  let state = '';
  let base = '';
  let workerKey = '';

  beforeAll(async () => {
    state = mkdtempSync(join(tmpdir(), 'vincula-wrangler-'));
    const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_HIDE_BANNER: 'true' };
    await run('npm', ['run', '--silent', 'd1:migrate', '--', '--persist-to', state], { cwd: ROOT, env });
    const { stdout } = await run(
      process.execPath,
      [
        'bin/vincula.js',
        'keys',
        'create',
        '--role',
        'admin',
        '--label',
        "the comparison's key",
        '--d1',
        'vincula',
        '--persist-to',
        state,
        '--quiet',
      ],
      { cwd: ROOT, env },
    );
    workerKey = stdout.trim();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    dev = startProcess(
      'npm',
      [
        'run',
        'dev:worker',
        '--',
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--inspector-port',
        String(await freePort()),
        '--persist-to',
        state,
        '--var',
        'VINCULA_ID_SECRET:wrangler-dev-secret-for-keyed-hashes-0123456789',
        '--show-interactive-dev-session=false',
      ],
      { cwd: ROOT, env },
    );
    await waitUntilServing(dev, `${base}/healthz`);
  }, 120_000);

  afterAll(async () => {
    await stopProcess(dev);
    if (state) rmSync(state, { recursive: true, force: true });
  });

  it('a key made with `vincula keys create --d1` authenticates, and a wrong one does not', async () => {
    expect(workerKey).toMatch(/^vk_[A-Za-z0-9_-]{12}_[A-Za-z0-9_-]{32}$/);
    const ok = await fetch(`${base}/v1/programmes`, { headers: { Authorization: `Bearer ${workerKey}` } });
    expect(ok.status).toBe(200);
    const wrong = await fetch(`${base}/v1/programmes`, {
      headers: { Authorization: `Bearer ${workerKey.slice(0, -4)}AAAA` },
    });
    expect(wrong.status).toBe(401);
  });

  it('gives the same status, content type and body as the Node app for the same requests', async () => {
    const node = await testApp();
    try {
      for (const { method, path, body, type = 'application/json' } of REQUESTS) {
        const init = { method, ...(body === undefined ? {} : { body }) };
        const content: Record<string, string> = body === undefined ? {} : { 'Content-Type': type };
        const expected = await node.request(path, { ...init, headers: content, role: 'admin' });
        const actual = await fetch(`${base}${path}`, {
          ...init,
          headers: { Authorization: `Bearer ${workerKey}`, ...content },
        });
        const what = `${method} ${path}`;
        expect(actual.status, what).toBe(expected.status);
        expect(actual.headers.get('Content-Type'), what).toBe(expected.headers.get('Content-Type'));
        expect(await actual.text(), what).toBe(await expected.text());
      }
    } finally {
      node.client.close();
    }
  }, 60_000);
});
