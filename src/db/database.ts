import type { BatchItem, BatchResponse } from 'drizzle-orm/batch';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type * as schema from './schema';

/**
 * What the repositories need: an async SQLite drizzle database over this schema, with batch. Both
 * drizzle-orm/libsql (file, sqld, Turso) and drizzle-orm/d1 (Cloudflare D1) are one; this module
 * imports no driver, so the Workers bundle never pulls in the libsql client.
 */
export type Database = BaseSQLiteDatabase<'async', unknown, typeof schema> & {
  batch<U extends BatchItem<'sqlite'>, T extends Readonly<[U, ...U[]]>>(batch: T): Promise<BatchResponse<T>>;
};

/** D1 (and the Durable Object SQLite under local D1) binds at most 100 parameters per statement. */
export const MAX_BOUND_PARAMETERS = 100;

/** Rows for multi-row inserts, split so that no statement binds more than MAX_BOUND_PARAMETERS. */
export function insertChunks<T extends object>(rows: readonly T[]): T[][] {
  // A loop, not Math.max(...rows): spreading hundreds of thousands of arguments overflows the stack.
  const perRow = rows.reduce((most, row) => Math.max(most, Object.keys(row).length), 1);
  const size = Math.max(1, Math.floor(MAX_BOUND_PARAMETERS / perRow));
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  return chunks;
}

/**
 * The database could not do the work in time: a write still refused with SQLITE_BUSY after the
 * retries, a turn in the write queue that did not come, or a libsql server that did not answer. The
 * API answers 503 with Retry-After (never 500: the request was fine). `applied` says whether the work
 * may have been done anyway: 'no' when SQLite refused it, 'unknown' when the server stopped answering.
 */
export class DatabaseBusyError extends Error {
  override name = 'DatabaseBusyError';
  constructor(
    message: string,
    readonly applied: 'no' | 'unknown',
    readonly retryAfterSeconds = 1,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** SQLITE_BUSY from libsql (file or server), D1 or the error chain of either. */
export function isBusyError(error: unknown): boolean {
  for (
    let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, i = 0;
    e && i < 5;
    i++
  ) {
    if (e.code === 'SQLITE_BUSY' || /SQLITE_BUSY|database is locked/.test(String(e.message))) return true;
    e = e.cause as typeof e;
  }
  return false;
}
