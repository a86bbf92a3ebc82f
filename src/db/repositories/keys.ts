import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../database';
import { apiKeys, auditLog, type Role } from '../schema';
import { randomToken, sameText, sha256 } from '../secrets';
import { audit, insertWhere, NOW } from './sql';

export interface Actor {
  keyId: string;
  role: Role;
}

export const KEY_PREFIX = 'vk';

/** Creates an API key; the returned key is the only time the secret exists outside a hash. */
export async function createApiKey(db: Database, role: Role, label?: string, actor = 'cli') {
  const id = randomToken(9);
  const secret = randomToken(24);
  await db.batch([
    db.insert(apiKeys).values({ id, role, label: label ?? null, secretHash: await sha256(secret) }),
    audit(db, actor, 'create', 'api_key', id, { role, label }),
  ]);
  return { id, role, key: `${KEY_PREFIX}_${id}_${secret}` };
}

export async function authenticate(db: Database, token: string): Promise<Actor | undefined> {
  const match = /^vk_([A-Za-z0-9_-]{12})_([A-Za-z0-9_-]{32})$/.exec(token);
  if (!match) return undefined;
  const [, id, secret] = match as unknown as [string, string, string];
  const row = await db.query.apiKeys.findFirst({ where: eq(apiKeys.id, id) });
  if (!row || row.revokedAt) return undefined;
  return sameText(row.secretHash, await sha256(secret)) ? { keyId: row.id, role: row.role } : undefined;
}

/** How long a verified key is trusted without asking the database again (a revocation waits this long). */
export const KEY_CACHE_MS = 30_000;
const KEY_CACHE_SIZE = 1000;

/** `authenticate` with a short memory; see keyVerifier. */
export interface KeyVerifier {
  (token: string): Promise<Actor | undefined>;
  /**
   * Forgets what is cached for a key, so its revocation holds on this server at once; a check that
   * was already running when the key was forgotten answers its own request but is not cached.
   */
  forget(keyId: string): void | Promise<void>;
}

/**
 * `authenticate` with the verdicts of the last few keys kept for KEY_CACHE_MS, so a busy client does
 * not cost a query and a hash per request. Unknown keys are not kept (a guessing client gains no
 * memory), and the cache holds at most KEY_CACHE_SIZE keys, the oldest going first. A key revoked
 * elsewhere (the CLI, another server) keeps working here until its entry expires; one revoked
 * through this server is forgotten at once.
 */
export function keyVerifier(db: Database, now: () => number = Date.now): KeyVerifier {
  const known = new Map<string, { actor: Actor; until: number }>();
  let forgets = 0;
  const verify = async (token: string): Promise<Actor | undefined> => {
    const hit = known.get(token);
    if (hit && hit.until > now()) return hit.actor;
    known.delete(token);
    const before = forgets;
    const actor = await authenticate(db, token);
    if (actor && forgets === before) {
      if (known.size >= KEY_CACHE_SIZE) known.delete(known.keys().next().value as string);
      known.set(token, { actor, until: now() + KEY_CACHE_MS });
    }
    return actor;
  };
  return Object.assign(verify, {
    forget(keyId: string) {
      forgets += 1;
      for (const [token, entry] of known) if (entry.actor.keyId === keyId) known.delete(token);
    },
  });
}

/** What may be shown of an API key: never its secret, nor the secret's hash. */
export interface ApiKeyInfo {
  id: string;
  role: Role;
  label: string | null;
  createdAt: string;
  /** When it was revoked; null while it works. */
  revokedAt: string | null;
}

const KEY_INFO = {
  id: apiKeys.id,
  role: apiKeys.role,
  label: apiKeys.label,
  createdAt: apiKeys.createdAt,
  revokedAt: apiKeys.revokedAt,
};

/** Every API key, oldest first, the revoked ones too. */
export function listApiKeys(db: Database): Promise<ApiKeyInfo[]> {
  return db.select(KEY_INFO).from(apiKeys).orderBy(asc(apiKeys.createdAt), asc(apiKeys.id));
}

/**
 * Revokes an API key: `authenticate` refuses it from then on (a keyVerifier once its cache forgets
 * it). The row stays, with the time of revocation, so the list and the audit log still name it. One
 * batch (one transaction, on D1 too): the audit entry is written only by the call that revokes, so
 * revoking a revoked key changes nothing. Undefined for an unknown id; else the key as it now is, and
 * whether this call revoked it.
 */
export async function revokeApiKey(
  db: Database,
  id: string,
  actor = 'cli',
): Promise<{ key: ApiKeyInfo; revoked: boolean } | undefined> {
  const live = and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt));
  const [, revoked, rows] = await db.batch([
    insertWhere(
      db,
      auditLog,
      { actor, action: 'revoke', entity: 'api_key', entityId: id },
      sql`exists (select 1 from ${apiKeys} where ${live})`,
    ),
    db.update(apiKeys).set({ revokedAt: NOW }).where(live).returning({ id: apiKeys.id }),
    db.select(KEY_INFO).from(apiKeys).where(eq(apiKeys.id, id)),
  ]);
  const key = rows[0];
  return key ? { key, revoked: revoked.length === 1 } : undefined;
}

export async function countApiKeys(db: Database): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(apiKeys);
  return row?.n ?? 0;
}
