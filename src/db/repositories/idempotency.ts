import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../database';
import { idempotencyKeys } from '../schema';
import { NOW } from './sql';

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;

const idempotencyRow = (apiKeyId: string, key: string) =>
  and(eq(idempotencyKeys.apiKeyId, apiKeyId), eq(idempotencyKeys.key, key));

export async function findIdempotent(db: Database, apiKeyId: string, key: string) {
  return db.query.idempotencyKeys.findFirst({ where: idempotencyRow(apiKeyId, key) });
}

/**
 * Reserves an Idempotency-Key for a request before its work is done: one insert, which the unique
 * key lets only one request make. A reservation still pending `abandonedAfterSeconds` after it was
 * made (its server stopped mid-request) is taken over. Returns the reservation's `at`, the token that
 * completing or releasing it needs, or undefined when another request holds the key.
 */
export async function reserveIdempotent(
  db: Database,
  apiKeyId: string,
  key: string,
  requestHash: string,
  abandonedAfterSeconds: number,
): Promise<string | undefined> {
  const [inserted] = await db
    .insert(idempotencyKeys)
    .values({ apiKeyId, key, requestHash, status: 0, body: '', state: 'pending' })
    .onConflictDoNothing()
    .returning({ at: idempotencyKeys.at });
  if (inserted) return inserted.at;
  const [taken] = await db
    .update(idempotencyKeys)
    .set({ requestHash, at: NOW })
    .where(
      and(
        idempotencyRow(apiKeyId, key),
        eq(idempotencyKeys.state, 'pending'),
        sql`${idempotencyKeys.at} < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ${`-${abandonedAfterSeconds} seconds`})`,
      ),
    )
    .returning({ at: idempotencyKeys.at });
  return taken?.at;
}

/** Stores the response of the request that holds the reservation `at`. */
export async function completeIdempotent(
  db: Database,
  apiKeyId: string,
  key: string,
  at: string,
  status: number,
  body: string,
) {
  await db
    .update(idempotencyKeys)
    .set({ status, body, state: 'done' })
    .where(
      and(idempotencyRow(apiKeyId, key), eq(idempotencyKeys.state, 'pending'), eq(idempotencyKeys.at, at)),
    );
}

/** Gives the key back after the work failed, so that the request can be tried again with it. */
export async function releaseIdempotent(db: Database, apiKeyId: string, key: string, at: string) {
  await db
    .delete(idempotencyKeys)
    .where(
      and(idempotencyRow(apiKeyId, key), eq(idempotencyKeys.state, 'pending'), eq(idempotencyKeys.at, at)),
    );
}
