import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import * as schema from './schema';

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Opens the database: a local libsql file by default, or a libsql server (sqld, Turso) by URL. */
export function openDatabase(url: string, authToken?: string) {
  if (url.startsWith('file:')) {
    const path = url.slice('file:'.length);
    if (path && path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  }
  const client = createClient({ url, ...(authToken ? { authToken } : {}) });
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
  // Only a local file has writers waiting on its lock; sqld and Turso refuse this PRAGMA.
  if (db.$client.protocol === 'file') await db.run('PRAGMA busy_timeout = 5000');
  await migrate(db, { migrationsFolder: MIGRATIONS_DIR });
}
