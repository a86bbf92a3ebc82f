import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, createClient, LibsqlError } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { createApp } from '../api/app';
import { loadCatalogue } from '../rules/load-dir';
import { guardWrites, openDatabase, prepareDatabase } from './client';
import { DatabaseBusyError } from './database';
import { createApiKey } from './repositories';

const busy = () => new LibsqlError('database is locked', 'SQLITE_BUSY');
const options = { serialize: true, attempts: 4, waitMs: 200, requestTimeoutMs: 1000 };

/** A client whose batch runs `step` for each call; execute answers at once. */
function fakeClient(step: (call: number) => Promise<unknown>) {
  let calls = 0;
  const client = {
    protocol: 'http',
    batch: () => step(++calls),
    execute: async () => ({ rows: [] }),
    migrate: () => step(++calls),
  } as unknown as Client;
  return { client, calls: () => calls };
}

describe('the write guard of the libsql client', () => {
  it('tries a write refused with SQLITE_BUSY again, and fails with DatabaseBusyError (not SQLITE_BUSY) after the last attempt', async () => {
    const twice = fakeClient(async (call) => {
      if (call <= 2) throw busy();
      return ['ok'];
    });
    expect(await guardWrites(twice.client, options).batch([])).toEqual(['ok']);
    expect(twice.calls()).toBe(3);

    const always = fakeClient(async () => {
      throw busy();
    });
    const error = await guardWrites(always.client, options)
      .batch([])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseBusyError);
    expect(error).toMatchObject({ applied: 'no', retryAfterSeconds: 1 });
    expect(always.calls()).toBe(4);
  });

  it('does not try again what failed for another reason', async () => {
    const unique = fakeClient(async () => {
      throw new LibsqlError('UNIQUE constraint failed', 'SQLITE_CONSTRAINT');
    });
    await expect(guardWrites(unique.client, options).batch([])).rejects.toThrow(/UNIQUE/);
    expect(unique.calls()).toBe(1);
  });

  it('on a libsql server, sends one write at a time; a write whose turn does not come in time is refused, and the queue holds', async () => {
    let inFlight = 0;
    let most = 0;
    const releases: (() => void)[] = [];
    const { client } = fakeClient(async () => {
      most = Math.max(most, ++inFlight);
      await new Promise<void>((resolve) => releases.push(resolve));
      inFlight--;
      return [];
    });
    const guarded = guardWrites(client, options);
    const first = guarded.batch([]);
    const second = guarded.batch([]).catch((e: unknown) => e);
    // The first write hangs past waitMs: the second is refused without having been sent.
    expect(await second).toBeInstanceOf(DatabaseBusyError);
    expect(releases).toHaveLength(1);
    // A third still waits for the first, not for the refused second.
    const third = guarded.batch([]);
    await new Promise((r) => setTimeout(r, 20));
    expect(releases).toHaveLength(1);
    releases[0]?.();
    await first;
    await new Promise((r) => setTimeout(r, 20));
    expect(releases).toHaveLength(2);
    releases[1]?.();
    await third;
    expect(most).toBe(1);
    // Reads are not queued behind writes.
    await expect(guarded.execute('select 1')).resolves.toEqual({ rows: [] });
  });
});

describe('a write the database cannot take', () => {
  it('is a 503 problem with Retry-After while another process holds the lock, and the database takes writes again afterwards', async () => {
    const url = `file:${join(mkdtempSync(join(tmpdir(), 'vincula-busy-')), 'busy.db')}`;
    const { client, db } = openDatabase(url, undefined, { busyTimeoutMs: 150 });
    const other = createClient({ url });
    try {
      await prepareDatabase(db);
      const { key } = await createApiKey(db, 'case_worker');
      const app = createApp({
        catalogue: loadCatalogue(),
        db,
        idSecret: 'test-secret-for-keyed-hashes-0123456789',
      });
      const post = () =>
        app.request('/v1/groups', {
          method: 'POST',
          headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ name: 'Busy' }),
        });

      // Another process (here another client on the file) holds the write lock.
      const lock = await other.transaction('write');
      await lock.execute("insert into audit_log (actor, action, entity) values ('other', 'lock', 'test')");
      const refused = await post();
      expect(refused.status).toBe(503);
      expect(refused.headers.get('Retry-After')).toBe('1');
      expect(refused.headers.get('Content-Type')).toBe('application/problem+json');
      expect(await refused.json()).toMatchObject({
        type: 'https://vincula.dev/problems/unavailable',
        status: 503,
        instance: '/v1/groups',
      });
      await lock.rollback();

      // Nothing was half-written; the next write goes through, committed: the other process sees it
      // and can write after it (libsql would otherwise leave it open on a connection holding the lock).
      const count = async () =>
        Number((await other.execute("select count(*) as n from groups where name = 'Busy'")).rows[0]?.n);
      expect(await count()).toBe(0);
      expect((await post()).status).toBe(201);
      expect((await post()).status).toBe(201);
      expect(await count()).toBe(2);
      await other.execute("insert into audit_log (actor, action, entity) values ('other', 'after', 'test')");
    } finally {
      other.close();
      client.close();
    }
  });
});
