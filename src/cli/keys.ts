import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Database } from '../db/database';
import type { ApiKeyInfo } from '../db/repositories';
import { countNoun, NOUNS } from '../rules/i18n';

/**
 * `vincula keys list` and `vincula keys revoke <id>`, on the configured database (as `keys create`)
 * or, with --d1, on a Cloudflare D1 database through wrangler. `keys create` is in main.ts.
 */

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Something the user must fix; main() prints errors named ConfigError without a stack trace. */
class CliError extends Error {
  override name = 'ConfigError';
}

interface Target {
  d1?: string;
  remote?: boolean;
  persistTo?: string;
}

const KEY_ID = /^[A-Za-z0-9_-]{12}$/;
const FULL_KEY = /^vk_([A-Za-z0-9_-]{12})_[A-Za-z0-9_-]{32}$/;

/** The --d1 options, as `keys create` has them. */
function withTarget(command: Command): Command {
  return command
    .option('--d1 <database>', 'a Cloudflare D1 database (its name in wrangler.toml), through wrangler')
    .option('--remote', "with --d1: the deployed database, not wrangler dev's local one")
    .option('--persist-to <dir>', "with --d1, local: wrangler's state folder (default .wrangler/state)");
}

/** Runs `use` on the configured database (migrated, as `keys create` does) or the D1 database asked for. */
async function onDatabase<T>(target: Target, failed: string, use: (db: Database) => Promise<T>): Promise<T> {
  if ((target.remote || target.persistTo) && !target.d1)
    throw new CliError('--remote and --persist-to go with --d1 <database>');
  if (target.remote && target.persistTo)
    throw new CliError('--persist-to is for the local database; leave it out with --remote');
  if (target.d1) {
    const { d1Database, D1KeyError } = await import('./d1-keys');
    const db = d1Database(
      {
        database: target.d1,
        remote: target.remote === true,
        ...(target.persistTo ? { persistTo: resolve(target.persistTo) } : {}),
      },
      failed,
    );
    try {
      return await use(db);
    } catch (error) {
      // drizzle wraps what the database driver (here wrangler) threw.
      const cause = error instanceof Error && error.cause instanceof D1KeyError ? error.cause : error;
      throw cause instanceof D1KeyError ? new CliError(cause.message) : error;
    }
  }
  const { configFromEnv, openConfiguredDatabase } = await import('../server');
  const { client, db } = await openConfiguredDatabase(configFromEnv());
  try {
    return await use(db);
  } finally {
    client.close();
  }
}

/** A label as the terminal should show it: its control characters made visible, not obeyed. */
const printable = (text: string) => text.replace(/\p{Cc}/gu, '\uFFFD');
/** 2026-04-20T09:15:02.118Z → 2026-04-20 09:15:02 (the table says UTC). */
const when = (iso: string | null) => (iso ? iso.replace('T', ' ').slice(0, 19) : '—');

function table(keys: readonly ApiKeyInfo[]): string {
  const rows = [
    ['ID', 'ROLE', 'CREATED (UTC)', 'REVOKED (UTC)', 'LABEL'],
    ...keys.map((k) => [k.id, k.role, when(k.createdAt), when(k.revokedAt), printable(k.label ?? '')]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] as string).length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] as number)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function registerKeyCommands(keys: Command, io: Io) {
  withTarget(
    keys
      .command('list')
      .description(
        'List the API keys: id, role, label, when created and when revoked (never a key or its hash)',
      )
      .option('--json', 'print the list as JSON (as GET /v1/keys answers)'),
  ).action(async (options: Target & { json?: boolean }) => {
    const { listApiKeys } = await import('../db/repositories');
    const list = await onDatabase(options, 'the keys could not be listed', listApiKeys);
    if (options.json) {
      io.out(`${JSON.stringify({ keys: list }, null, 2)}\n`);
      return;
    }
    if (!list.length) {
      io.out('No API key yet. Create one with:  npx vincula keys create --role admin\n');
      return;
    }
    const revoked = list.filter((k) => k.revokedAt).length;
    io.out(
      `${table(list)}\n\n${countNoun(list.length, NOUNS.apiKey, 'en')}: ${list.length - revoked} working, ${revoked} revoked\n`,
    );
  });

  withTarget(
    keys
      .command('revoke')
      .description(
        'Revoke an API key by its id (see `keys list`): it stops working; a running server that checked it in the last 30 s may accept it until its key cache forgets it, 30 s at most',
      )
      .argument('<id>', 'the key id, the 12 characters after vk_'),
  ).action(async (id: string, options: Target) => {
    const full = FULL_KEY.exec(id);
    if (full) throw new CliError(`give the key's id, not the key itself: vincula keys revoke ${full[1]}`);
    if (!KEY_ID.test(id))
      throw new CliError(
        `'${printable(id)}' is not a key id: 12 letters, digits, - or _ (see vincula keys list)`,
      );
    const { KEY_CACHE_MS, revokeApiKey } = await import('../db/repositories');
    const result = await onDatabase(options, 'no key was revoked', (db) => revokeApiKey(db, id));
    if (!result) throw new CliError(`no API key has the id ${id} (see vincula keys list)`);
    const { key } = result;
    const label = key.label ? ` (${printable(key.label)})` : '';
    if (!result.revoked) {
      io.out(
        `The ${key.role} key ${key.id}${label} was already revoked, at ${when(key.revokedAt)} UTC: nothing changed.\n`,
      );
      return;
    }
    io.out(
      `Revoked the ${key.role} key ${key.id}${label}. A running server that accepted it in the last ${KEY_CACHE_MS / 1000} s may go on accepting it for up to ${KEY_CACHE_MS / 1000} s (its key cache).\n`,
    );
  });
}
