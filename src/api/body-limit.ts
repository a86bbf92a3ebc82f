import type { Context, MiddlewareHandler } from 'hono';
import { problemResponse } from './problem';

/** A request body passed its route's limit while it was being read. */
export class BodyTooLarge extends Error {
  override name = 'BodyTooLarge';
  constructor(readonly limit: number) {
    super(`the body limit of this route is ${limit} bytes`);
  }
}

/**
 * 413, and the connection is not kept: the rest of the body was not read, so the client should not
 * send its next request after it on the same connection (on Workers the header is the runtime's).
 */
export function tooLarge(c: Context, limit: number) {
  c.header('Connection', 'close');
  return problemResponse(c, 'too_large', new BodyTooLarge(limit).message);
}

/**
 * Body limits, enforced while the body is read. A declared Content-Length is checked as it is, without
 * touching the body (on Node that would build a full Request for every call). A streamed (chunked) body
 * is passed through a counter that errors as soon as it passes the limit, so nothing is buffered
 * beyond what the route itself reads: a JSON route reads at most its limit and answers 413; the NDJSON
 * batch, which reads line by line, stops where the limit is passed and says so in its last line.
 * (hono's bodyLimit reads a streamed body whole into memory before the route sees it.)
 */
export function limitBody(limitOf: (c: Context) => number): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const limit = limitOf(c);
    const declared = c.req.header('content-length');
    if (declared !== undefined && c.req.header('transfer-encoding') === undefined) {
      return Number.parseInt(declared, 10) > limit ? tooLarge(c, limit) : next();
    }
    const body = c.req.raw.body;
    if (!body) return next();
    let size = 0;
    let exceeded = false;
    const counted = body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          size += chunk.byteLength;
          if (size > limit) {
            exceeded = true;
            controller.error(new BodyTooLarge(limit));
          } else controller.enqueue(chunk);
        },
      }),
    );
    // duplex: required by Node's fetch for a streamed body; Workers ignore it.
    c.req.raw = new Request(c.req.raw, { body: counted, duplex: 'half' } as RequestInit);
    await next();
    // A route that read past the limit failed on it (the JSON validator says "malformed"): say why.
    if (exceeded && c.res.status >= 400 && c.res.status !== 413) c.res = tooLarge(c, limit);
  };
}
