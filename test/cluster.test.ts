import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BODIES_FILE, file, programme } from './helpers';
import { freePort, type Started, startProcess, stopProcess } from './processes';
import { createKey, environment, ROOT } from './server-helpers';

/**
 * `vincula serve --workers 2`: two server processes behind one port. Every request here opens its own
 * connection, so the primary hands them to the workers in turn; what must not depend on the worker
 * that answers (rate limits, revocations, the budget) is checked across both.
 */

let server: Started | undefined;
afterEach(async () => {
  await stopProcess(server);
  server = undefined;
});

async function serve(env: NodeJS.ProcessEnv, workers = '2') {
  const port = await freePort();
  server = startProcess(process.execPath, ['bin/vincula.js', 'serve', '--workers', workers], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
  });
  const deadline = Date.now() + 60_000;
  while (!server.output().includes('Server processes: ')) {
    if (server.child.exitCode !== null) throw new Error(`the server exited: ${server.output()}`);
    if (Date.now() > deadline) throw new Error(`the server did not start: ${server.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return `http://127.0.0.1:${port}`;
}

/** One request on a connection of its own (no keep-alive), so consecutive requests reach both workers. */
function once(url: string, init: { method?: string; key: string; body?: unknown }) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      url,
      {
        method: init.method ?? 'GET',
        agent: false,
        headers: {
          Authorization: `Bearer ${init.key}`,
          ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
      },
      (res) => {
        let body = '';
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(init.body === undefined ? undefined : JSON.stringify(init.body));
  });
}

describe('vincula serve --workers 2', () => {
  it('starts two server processes and prints one banner', async () => {
    const env = environment();
    await serve(env);
    const output = server?.output() ?? '';
    expect(output.match(/listening on/g)).toHaveLength(1);
    expect(output).toContain('Server processes: 2');
  }, 90_000);

  it('counts a key’s rate limit once for all workers: 10 per minute means 10, whichever answers', async () => {
    const env = { ...environment(), VINCULA_RATE_LIMIT_PER_KEY: '10/minute' };
    const key = await createKey(env, 'service');
    const url = await serve(env);
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) statuses.push((await once(`${url}/v1/programmes`, { key })).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.slice(10)).toEqual([429, 429, 429, 429]);
  }, 90_000);

  it('a key revoked through one worker is refused by every worker at once', async () => {
    const env = environment();
    const admin = await createKey(env, 'admin');
    const service = await createKey(env, 'service');
    const url = await serve(env);
    // Both workers verify (and cache) the service key.
    for (let i = 0; i < 4; i++)
      expect((await once(`${url}/v1/programmes`, { key: service })).status).toBe(200);
    const keys = JSON.parse((await once(`${url}/v1/keys`, { key: admin })).body) as {
      keys: { id: string; role: string }[];
    };
    const id = keys.keys.find((k) => k.role === 'service')?.id;
    expect((await once(`${url}/v1/keys/${id}/revoke`, { method: 'POST', key: admin })).status).toBe(200);
    const after: number[] = [];
    for (let i = 0; i < 6; i++) after.push((await once(`${url}/v1/programmes`, { key: service })).status);
    expect(after).toEqual([401, 401, 401, 401, 401, 401]);
  }, 90_000);

  it('200 concurrent approvals across two workers against a line with room for 50: exactly 50 commit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vincula-cluster-programmes-'));
    writeFileSync(join(dir, BODIES_FILE.path), BODIES_FILE.text);
    const funded = programme({
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
    });
    const programmeFile = file('prog-a.yaml', funded);
    writeFileSync(join(dir, programmeFile.path), programmeFile.text);
    const env = { ...environment(), VINCULA_PROGRAMMES_DIR: dir, VINCULA_RATE_LIMIT_PER_KEY: 'off' };
    const caseWorker = await createKey(env, 'case_worker');
    const committee = await createKey(env, 'committee');
    const url = await serve(env);

    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      const members = Array.from({ length: 5 }, () => ({ age: 30 }));
      const group = await once(`${url}/v1/groups`, {
        method: 'POST',
        key: caseWorker,
        body: { name: `G${i}`, members },
      });
      const groupId = (JSON.parse(group.body) as { id: string }).id;
      const created = await once(`${url}/v1/applications`, {
        method: 'POST',
        key: caseWorker,
        body: { groupId, programme: 'prog-a', supportLine: 'grant', asOf: '2018-06-01' },
      });
      const id = (JSON.parse(created.body) as { id: string }).id;
      const submitted = await once(`${url}/v1/applications/${id}/submit`, {
        method: 'POST',
        key: caseWorker,
      });
      expect(submitted.status, submitted.body).toBe(200);
      ids.push(id);
    }
    const responses = await Promise.all(
      ids.map((id) => once(`${url}/v1/applications/${id}/approve`, { method: 'POST', key: committee })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(50);
    expect(statuses.filter((s) => s === 409)).toHaveLength(150);
    const budget = JSON.parse(
      (await once(`${url}/v1/budget/prog-a?fiscalYear=2018`, { key: committee })).body,
    );
    expect(budget.lines[0]).toMatchObject({
      committed: { amount: '50000.00' },
      remaining: { amount: '0.00' },
      commitments: 50,
    });
  }, 180_000);
});
