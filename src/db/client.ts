import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Client, createClient, type InStatement } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { DatabaseBusyError, isBusyError } from './database';
import * as schema from './schema';

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** How long a statement on a local file waits for another process's lock (on every pooled connection). */
export const FILE_BUSY_TIMEOUT_MS = 5000;
/** How long one request to a libsql server may take: past it the call fails (503) instead of hanging. */
export const REMOTE_REQUEST_TIMEOUT_MS = 30_000;
/** How long a write waits for its turn behind this process's other writes to a libsql server. */
export const REMOTE_WRITE_WAIT_MS = 15_000;

export interface DatabaseOptions {
  /** Local file: the busy timeout of every connection of the client's pool. */
  busyTimeoutMs?: number;
  /** libsql server: the timeout of each HTTP request. */
  requestTimeoutMs?: number;
  /** libsql server: how long a write waits for this process's previous write. */
  writeWaitMs?: number;
  /** Attempts of a write that SQLite refuses with SQLITE_BUSY (nothing of it was applied). */
  writeAttempts?: number;
}

/** Opens the database: a local libsql file by default, or a libsql server (sqld, Turso) by URL. */
export function openDatabase(url: string, authToken?: string, options: DatabaseOptions = {}) {
  const local = url.startsWith('file:');
  if (local) {
    const path = url.slice('file:'.length);
    if (path && path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  }
  const requestTimeoutMs = options.requestTimeoutMs ?? REMOTE_REQUEST_TIMEOUT_MS;
  const open = () =>
    createClient({
      url,
      ...(authToken ? { authToken } : {}),
      // The client keeps a pool of connections to a file: a PRAGMA busy_timeout would reach only one.
      ...(local ? { timeout: options.busyTimeoutMs ?? FILE_BUSY_TIMEOUT_MS } : {}),
      // Over HTTP, no request may hang: a libsql server that stops answering is a 503, not a stuck call.
      fetch: (request: Request) => fetch(request, { signal: AbortSignal.timeout(requestTimeoutMs) }),
    });
  const client = guardWrites(open(), {
    serialize: !local,
    attempts: options.writeAttempts ?? (local ? 2 : 6),
    waitMs: options.writeWaitMs ?? REMOTE_WRITE_WAIT_MS,
    requestTimeoutMs,
    ...(local ? { reopen: open } : {}),
  });
  const db = drizzle(client, { schema });
  return { client, db };
}

export type { Database } from './database';
/** The libsql database (Node: a file, sqld or Turso); D1 is the other kind of Database. */
export type LibsqlDatabase = ReturnType<typeof openDatabase>['db'];

/**
 * Applies the committed migrations (idempotent) and turns foreign keys on: the Node path. On D1,
 * wrangler applies the same migration files (`migrations_dir` in wrangler.toml) and foreign keys are always on.
 */
export async function prepareDatabase(db: LibsqlDatabase): Promise<void> {
  await db.run('PRAGMA foreign_keys = ON');
  await migrate(db, { migrationsFolder: MIGRATIONS_DIR });
}

const WRITE_STATEMENT = /^\s*(insert|update|delete|replace|create|drop|alter)\b/i;
const sqlOf = (stmt: InStatement | string) => (typeof stmt === 'string' ? stmt : stmt.sql);

/**
 * The client, with its writes made safe under concurrency:
 *
 * - A write refused with SQLITE_BUSY is tried again after a short, growing pause: a batch is one
 *   transaction and a single statement is its own, so SQLite applied none of it. After the last
 *   attempt it fails with DatabaseBusyError (503), never a bare SQLITE_BUSY (500).
 * - On a local file, SQLITE_BUSY also retires the client: libsql leaves the refused statement active
 *   on its pooled connection, which then can commit nothing ("cannot commit transaction - SQL
 *   statements in progress"; a single write there stays uncommitted and keeps the lock) until the
 *   statement is garbage-collected. The next calls get a fresh client; the old one is closed shortly.
 * - On a libsql server (sqld), this process sends one write at a time. sqld 0.24 queues writers on
 *   its own connections, and under many queued writers it refuses some with SQLITE_BUSY ("Cannot
 *   promote read transaction to write transaction") and can lose track of its queue during a WAL
 *   checkpoint, after which it takes no write at all until restarted (reads go on). Writers queued in
 *   this process leave at most one writer per Node server in sqld's queue.
 * - A request that times out, or a write that does not get its turn in time, is DatabaseBusyError too.
 */
export function guardWrites(
  first: Client,
  options: {
    serialize: boolean;
    attempts: number;
    waitMs: number;
    requestTimeoutMs: number;
    reopen?: () => Client;
  },
): Client {
  let client = first;
  const retired = new Set<Client>();
  const retire = (used: Client) => {
    if (!options.reopen || used !== client) return;
    client = options.reopen();
    retired.add(used);
    // Calls already under way on it finish first.
    setTimeout(() => {
      retired.delete(used);
      used.close();
    }, 1000).unref?.();
  };
  let tail: Promise<unknown> = Promise.resolve();
  /** Runs `work` after this process's previous write has finished, waiting at most options.waitMs. */
  const inTurn = async <T>(work: () => Promise<T>): Promise<T> => {
    if (!options.serialize) return work();
    const previous = tail;
    let done!: () => void;
    const mine = new Promise<void>((resolve) => {
      done = resolve;
    });
    tail = mine;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const turn = await Promise.race([
      previous.then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), options.waitMs);
      }),
    ]);
    clearTimeout(timer);
    if (!turn) {
      // The next writer still waits for the one before us, not for us.
      void previous.then(done);
      throw new DatabaseBusyError(
        `the database did not take this process's previous write within ${options.waitMs} ms`,
        'no',
        2,
      );
    }
    try {
      return await work();
    } finally {
      done();
    }
  };
  const timedOut = (error: unknown) => {
    for (let e = error as { name?: unknown; cause?: unknown } | undefined, i = 0; e && i < 5; i++) {
      if (e.name === 'TimeoutError' || e.name === 'AbortError') return true;
      e = e.cause as typeof e;
    }
    return false;
  };
  const unavailable = (error: unknown) =>
    timedOut(error)
      ? new DatabaseBusyError(
          `the database did not answer within ${options.requestTimeoutMs} ms`,
          'unknown',
          5,
          { cause: error },
        )
      : error;
  const write = async <T>(work: (c: Client) => Promise<T>): Promise<T> =>
    inTurn(async () => {
      for (let attempt = 1; ; attempt++) {
        const used = client;
        try {
          return await work(used);
        } catch (error) {
          if (!isBusyError(error)) throw unavailable(error);
          retire(used);
          if (attempt >= options.attempts) {
            throw new DatabaseBusyError(
              `the database stayed locked by other writers (${attempt} attempts)`,
              'no',
              1,
              { cause: error },
            );
          }
          // 25, 50, 100, 200, 400 ms, with jitter so that servers retrying together drift apart.
          await new Promise((r) => setTimeout(r, 25 * 2 ** (attempt - 1) * (0.5 + Math.random())));
        }
      }
    });
  const read = async <T>(work: (c: Client) => Promise<T>): Promise<T> => {
    const used = client;
    try {
      return await work(used);
    } catch (error) {
      if (isBusyError(error)) {
        retire(used);
        throw new DatabaseBusyError('the database is locked by other writers', 'no', 1, { cause: error });
      }
      throw unavailable(error);
    }
  };
  const guarded: Partial<Client> = {
    execute: ((stmt: InStatement | string, args?: never) =>
      (WRITE_STATEMENT.test(sqlOf(stmt)) ? write : read)((c) =>
        typeof stmt === 'string' ? c.execute(stmt, args) : c.execute(stmt),
      )) as Client['execute'],
    batch: (stmts, mode) => write((c) => c.batch(stmts, mode)),
    migrate: (stmts) => write((c) => c.migrate(stmts)),
    close: () => {
      for (const used of retired) used.close();
      retired.clear();
      client.close();
    },
  };
  return new Proxy(first, {
    get(_target, property) {
      if (property in guarded) return guarded[property as keyof Client];
      const value = Reflect.get(client, property, client);
      return typeof value === 'function' ? value.bind(client) : value;
    },
  });
}
