import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { drizzle } from 'drizzle-orm/sqlite-proxy';
import { createApiKey } from '../db/repositories';
import * as schema from '../db/schema';

/**
 * API keys for a Cloudflare D1 database. A Worker has no CLI, so the key is made here by the same
 * createApiKey as on Node, over a drizzle database that records its statements instead of running
 * them; wrangler then executes them on the local (wrangler dev) or the deployed database.
 */

/** wrangler could not run the statements: nothing was stored. */
export class D1KeyError extends Error {}

export interface D1Target {
  database: string;
  remote: boolean;
  /** wrangler's local state folder (--persist-to), for a local database. */
  persistTo?: string;
}

/** A bound value as an SQL literal, so the statements can be run as a file (only hashes and labels: no secret). */
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  return `'${String(value).replace(/'/g, "''")}'`;
}

function inline(sql: string, params: readonly unknown[]): string {
  const parts = sql.split('?');
  if (parts.length !== params.length + 1)
    throw new Error(`cannot inline ${params.length} parameters in: ${sql}`);
  return parts.map((part, i) => (i < params.length ? part + literal(params[i]) : part)).join('');
}

/** The key and the SQL that stores it (its hash and the audit entry). */
export async function apiKeySql(role: schema.Role, label?: string) {
  const statements: string[] = [];
  const record = async (queries: { sql: string; params: unknown[] }[]) => {
    for (const q of queries) statements.push(`${inline(q.sql, q.params)};`);
    return queries.map(() => ({ rows: [] }));
  };
  const db = drizzle(async (sql, params) => (await record([{ sql, params }]))[0] as { rows: [] }, record, {
    schema,
  });
  const created = await createApiKey(db, role, label);
  return { created, sql: `${statements.join('\n')}\n` };
}

/** `wrangler d1 execute <database> …` on the local or the deployed database; its exit status and output. */
function wranglerExecute(target: D1Target, args: readonly string[]) {
  const wrangler = join(
    dirname(createRequire(import.meta.url).resolve('wrangler/package.json')),
    'bin/wrangler.js',
  );
  return spawnSync(
    process.execPath,
    [
      wrangler,
      'd1',
      'execute',
      target.database,
      target.remote ? '--remote' : '--local',
      ...(target.persistTo ? ['--persist-to', target.persistTo] : []),
      ...args,
      '--yes',
    ],
    {
      encoding: 'utf8',
      // Offline unless the user asked otherwise: no usage metrics, no update check in the banner.
      env: {
        WRANGLER_SEND_METRICS: 'false',
        WRANGLER_HIDE_BANNER: 'true',
        ...process.env,
      },
    },
  );
}

/** Creates a key in a D1 database through `wrangler d1 execute`; throws wrangler's output when it fails. */
export async function createD1ApiKey(target: D1Target, role: schema.Role, label?: string) {
  const { created, sql } = await apiKeySql(role, label);
  const dir = mkdtempSync(join(tmpdir(), 'vincula-d1-key-'));
  try {
    const file = join(dir, 'key.sql');
    writeFileSync(file, sql, { mode: 0o600 });
    const result = wranglerExecute(target, ['--file', file]);
    if (result.status !== 0) {
      throw new D1KeyError(
        `wrangler d1 execute ${target.database} failed, so no key was created:\n${result.stderr || result.stdout || result.error?.message}`,
      );
    }
    return created;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What wrangler said went wrong, from its --json output ({"error": {"text": …}}). */
function wranglerError(stdout: string): string | undefined {
  try {
    const text = (JSON.parse(stdout) as { error?: { text?: unknown } }).error?.text;
    return typeof text === 'string' ? text : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A drizzle database over a D1 database reached through wrangler, for the CLI's key commands: each
 * query, or each batch (its statements in order), is one `wrangler d1 execute --command`, so the
 * repository functions run on D1 as they do on libsql. `failed` says what did not happen when wrangler
 * fails. Values are written into the SQL as literals (inline): only ids, labels and times, no secret.
 */
export function d1Database(target: D1Target, failed: string) {
  const execute = (queries: { sql: string; params: unknown[]; method: string }[]) => {
    const result = wranglerExecute(target, [
      '--command',
      queries.map((q) => inline(q.sql, q.params)).join(';\n'),
      '--json',
    ]);
    if (result.status !== 0) {
      throw new D1KeyError(
        `wrangler d1 execute ${target.database} failed, so ${failed}:\n${wranglerError(result.stdout) ?? (result.stderr || result.stdout || result.error?.message)}`,
      );
    }
    const answers = JSON.parse(result.stdout) as { results?: Record<string, unknown>[] }[];
    // drizzle reads rows as arrays in the order of the selected columns, which wrangler's objects keep.
    return queries.map((q, i) => {
      const rows = (answers[i]?.results ?? []).map((row) => Object.values(row));
      return { rows: q.method === 'get' ? rows[0] : rows } as { rows: unknown[] };
    });
  };
  return drizzle(
    async (sql, params, method) => execute([{ sql, params, method }])[0] as { rows: unknown[] },
    async (queries) => execute(queries),
    { schema },
  );
}
