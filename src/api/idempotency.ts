import { type Database, DatabaseBusyError } from '../db/database';
import * as repo from '../db/repositories';
import { sha256 } from '../db/secrets';
import { ApiError } from './problem';

/** A reservation of an Idempotency-Key still pending after this long is taken over (its request died). */
export const IDEMPOTENCY_ABANDONED_AFTER_S = 120;

/**
 * Idempotency-Key for POSTs that create: the first request with a key reserves it (a unique row,
 * inserted before the work), does the work and stores its response; a repeat with the same body gets
 * that response, waiting for it (at most waitMs) while the first is still running; a repeat with
 * another body is a 409. Work that fails gives the key back, so that the request can be tried again.
 */
export function idempotency(db: Database, waitMs: number) {
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
    const reserve = () => repo.reserveIdempotent(db, actor.keyId, key, hash, IDEMPOTENCY_ABANDONED_AFTER_S);
    const deadline = Date.now() + waitMs;
    let reservation = await reserve();
    for (let pause = 20; !reservation; pause = Math.min(pause * 2, 250)) {
      const previous = await repo.findIdempotent(db, actor.keyId, key);
      if (!previous) {
        // The first request failed and gave the key back: this one does the work.
        reservation = await reserve();
        continue;
      }
      if (previous.requestHash !== hash)
        throw new ApiError('conflict', 'this Idempotency-Key was used with a different request');
      if (previous.state === 'done')
        return { status: previous.status as 200 | 201, body: JSON.parse(previous.body), replayed: true };
      if (Date.now() >= deadline) {
        // Taken over if its request was abandoned long ago; otherwise it is still running.
        reservation = await reserve();
        if (reservation) break;
        throw new ApiError(
          'conflict',
          'a request with this Idempotency-Key is still being processed: send it again shortly to get its response',
        );
      }
      await new Promise((r) => setTimeout(r, pause));
    }
    const at = reservation as string;
    let result: Awaited<ReturnType<typeof run>>;
    try {
      result = await run();
    } catch (error) {
      // When the database stopped answering, the work may have been done: keep the key reserved
      // (a repeat waits, then is refused) until it counts as abandoned, rather than doing it twice.
      if (!(error instanceof DatabaseBusyError && error.applied === 'unknown')) {
        await repo.releaseIdempotent(db, actor.keyId, key, at).catch((e: unknown) => {
          console.error(`could not release Idempotency-Key after a failure: ${(e as Error).message}`);
        });
      }
      throw error;
    }
    await repo
      .completeIdempotent(db, actor.keyId, key, at, result.status, JSON.stringify(result.body))
      .catch((e: unknown) => {
        // The work is done: answer it. Repeats wait, then are refused, until the key counts as abandoned.
        console.error(`could not store the response of an Idempotency-Key: ${(e as Error).message}`);
      });
    return result;
  };
}
