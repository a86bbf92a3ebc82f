import type { Database } from '../db/database';
import * as repo from '../db/repositories';
import { sha256 } from '../db/secrets';
import { ApiError } from './problem';

/**
 * Idempotency-Key for POSTs that create: the same key and body replay the first response (stored with
 * the key); the same key with another body is a 409.
 */
export function idempotency(db: Database) {
  return async function idempotent(
    c: { req: { header(name: string): string | undefined }; get(k: 'actor'): repo.Actor },
    body: unknown,
    run: () => Promise<{ status: 200 | 201; body: unknown; location?: string }>,
  ) {
    const key = c.req.header('Idempotency-Key');
    if (!key) return run();
    if (key.length > 200) throw new ApiError('validation', 'Idempotency-Key is longer than 200 characters');
    const actor = c.get('actor');
    const hash = await sha256(JSON.stringify(body));
    const previous = await repo.findIdempotent(db, actor.keyId, key);
    if (previous) {
      if (previous.requestHash !== hash)
        throw new ApiError('conflict', 'this Idempotency-Key was used with a different request');
      return { status: previous.status as 200 | 201, body: JSON.parse(previous.body), replayed: true };
    }
    const result = await run();
    await repo.saveIdempotent(db, actor.keyId, key, hash, result.status, JSON.stringify(result.body));
    return result;
  };
}
