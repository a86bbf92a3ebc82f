import { z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { problemContent, problemResponse } from './problem';
import { describeRate, type Rate, type RateLimitName, type RateLimitSettings } from './rate-limit-settings';
import { requestCredential } from './session';

export * from './rate-limit-settings';

/**
 * Rate limits: one client must not use up the server. Three token buckets, each "N requests per
 * period, at most N at once":
 *
 * - per API key, on every authenticated /v1 request (after the key is verified);
 * - per client address, on every request but /healthz (before anything else is done);
 * - per client address, for failed authentication: each request that carried a credential (a Bearer
 *   header, the sign-in cookie, or the sign-in form) and was answered 401 takes a token, and an
 *   address with none left is answered 429 before its key is even looked up.
 *
 * A spent bucket is answered 429 problem+json with Retry-After (seconds). On Node the buckets live in
 * memory (a bounded map, least recently used first out); on Workers Cloudflare's rate-limiting
 * bindings count them when bound, else the same in-memory buckets, per isolate.
 */

/** What a limiter answers. */
export type RateDecision = { ok: true } | { ok: false; retryAfter: number };

export interface Limiter {
  /** Takes one request from key's allowance; when none is left, how many seconds to wait. */
  take(key: string): RateDecision | Promise<RateDecision>;
  /** Seconds to wait before key has any allowance again (0: it has), without taking any. */
  wait(key: string): number | Promise<number>;
  /** "600 requests per minute" (noun "request"), for the 429's detail. */
  describe(noun: string): string;
}

export interface RateLimits {
  perKey?: Limiter | undefined;
  perAddress?: Limiter | undefined;
  failedAuth?: Limiter | undefined;
  /** The client's address; undefined when unknown, and then the address limits do not apply. */
  address: (c: Context) => string | undefined;
}

// ---------------------------------------------------------------------------------- token buckets

/** Most keys (or addresses) one limiter remembers; past that the least recently seen is forgotten. */
export const MAX_TRACKED = 20_000;

/**
 * Token buckets in memory: each key holds up to `limit` tokens and gains limit/period per second. The
 * map is bounded (the least recently used key goes first), and a bucket that has filled up again is
 * dropped, since forgetting it changes nothing.
 */
export class TokenBuckets implements Limiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(
    readonly rate: Rate,
    options: { maxKeys?: number; now?: () => number } = {},
  ) {
    this.perMs = rate.limit / (rate.periodSeconds * 1000);
    this.maxKeys = options.maxKeys ?? MAX_TRACKED;
    this.now = options.now ?? Date.now;
  }

  /** How many keys are remembered (for tests: it never exceeds maxKeys). */
  get size() {
    return this.buckets.size;
  }

  private tokens(key: string, now: number): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return this.rate.limit;
    return Math.min(this.rate.limit, bucket.tokens + (now - bucket.at) * this.perMs);
  }

  private retryAfter(tokens: number): number {
    return Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000));
  }

  describe(noun: string): string {
    return describeRate(this.rate, noun);
  }

  take(key: string): RateDecision {
    const now = this.now();
    const tokens = this.tokens(key, now);
    if (tokens >= 1) {
      // Delete and set again: the map's order is then least recently used first.
      this.buckets.delete(key);
      this.buckets.set(key, { tokens: tokens - 1, at: now });
    }
    this.sweep(now);
    return tokens >= 1 ? { ok: true } : { ok: false, retryAfter: this.retryAfter(tokens) };
  }

  wait(key: string): number {
    const tokens = this.tokens(key, this.now());
    return tokens < 1 ? this.retryAfter(tokens) : 0;
  }

  /** Forgets the oldest buckets: past maxKeys always, and a few more if they are full again anyway. */
  private sweep(now: number) {
    let checked = 0;
    for (const [key, bucket] of this.buckets) {
      const full = bucket.tokens + (now - bucket.at) * this.perMs >= this.rate.limit;
      if (this.buckets.size > this.maxKeys || (full && checked < 2)) this.buckets.delete(key);
      else break;
      checked += 1;
    }
  }
}

// ------------------------------------------------------------------------------- Workers binding

/** Cloudflare's rate-limiting binding (wrangler.toml [[ratelimits]]): `limit({ key })`. */
export interface RateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

/**
 * A limiter counted by Cloudflare (across the isolates of one location). The binding says only yes or
 * no, so Retry-After is its period (60 s in wrangler.toml); a key it refused is remembered in this
 * isolate for that long, which is what `wait` (the failed-authentication check) consults.
 */
export class BindingLimiter implements Limiter {
  private readonly refused = new Map<string, number>();

  constructor(
    private readonly binding: RateLimitBinding,
    private readonly name: string,
    private readonly periodSeconds = 60,
    private readonly now: () => number = Date.now,
  ) {}

  describe(): string {
    return `the limit of the ${this.name} binding in wrangler.toml`;
  }

  async take(key: string): Promise<RateDecision> {
    const { success } = await this.binding.limit({ key });
    if (success) return { ok: true };
    this.refused.delete(key);
    this.refused.set(key, this.now() + this.periodSeconds * 1000);
    if (this.refused.size > MAX_TRACKED) this.refused.delete(this.refused.keys().next().value as string);
    return { ok: false, retryAfter: this.periodSeconds };
  }

  wait(key: string): number {
    const until = this.refused.get(key);
    if (until === undefined) return 0;
    const left = until - this.now();
    if (left > 0) return Math.ceil(left / 1000);
    this.refused.delete(key);
    return 0;
  }
}

/** In-memory buckets for each limit that is on. */
export function memoryLimiters(
  settings: RateLimitSettings,
  options: { maxKeys?: number; now?: () => number } = {},
): Pick<RateLimits, RateLimitName> {
  const make = (rate: Rate | undefined) => (rate ? new TokenBuckets(rate, options) : undefined);
  return {
    perKey: make(settings.perKey),
    perAddress: make(settings.perAddress),
    failedAuth: make(settings.failedAuth),
  };
}

// ------------------------------------------------------------------------------------ addresses

/**
 * The key an address is counted under: IPv4 as it is (an IPv4-mapped IPv6 address as its IPv4), IPv6
 * by its /64, the block one subscriber usually holds whole.
 */
export function addressKey(address: string): string {
  const ip = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (mapped) return mapped[1] as string;
  if (!ip.includes(':')) return ip;
  const [head = '', tail = ''] = ip.split('%')[0]?.split('::') ?? [];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::')
    ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/**
 * The client's address as a trusted proxy reports it in X-Forwarded-For: the entry `hops` from the
 * right (each proxy appends the address it saw; anything further left was written by the client and
 * may be forged). Undefined when the header has fewer entries.
 */
export function forwardedAddress(c: Context, hops: number): string | undefined {
  const entries = (c.req.header('X-Forwarded-For') ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  return entries[entries.length - hops];
}

// ----------------------------------------------------------------------------------- middleware

/** Seconds, 429 problem+json. */
export function tooManyRequests(c: Context, retryAfter: number, detail: string) {
  c.header('Retry-After', String(retryAfter));
  return problemResponse(c, 'rate_limited', `${detail}; try again in ${retryAfter} s`);
}

/** The 429 response in the OpenAPI document. */
export const rateLimitedResponse = {
  description:
    'Too many requests from this API key or address, or too many failed authentications from this address: wait the Retry-After seconds',
  headers: z.object({
    'Retry-After': z.string().openapi({ description: 'Seconds to wait before trying again', example: '12' }),
  }),
  content: problemContent,
};

/** Whether a request tries to authenticate: its 401 counts as a failed attempt. */
function authenticates(c: Context): boolean {
  return (
    c.req.header('Authorization') !== undefined ||
    requestCredential(c) !== undefined ||
    (c.req.method === 'POST' && c.req.path === '/sign-in')
  );
}

/** Per address (every route but /healthz), and failed authentication per address. Mount first. */
export function addressRateLimit(limits: RateLimits): MiddlewareHandler {
  const { perAddress, failedAuth } = limits;
  return async (c, next) => {
    if (c.req.path === '/healthz' || (!perAddress && !failedAuth)) return next();
    const raw = limits.address(c);
    if (raw === undefined || raw === '') return next();
    const address = addressKey(raw);
    if (perAddress) {
      const decision = await perAddress.take(address);
      if (!decision.ok) {
        return tooManyRequests(
          c,
          decision.retryAfter,
          `too many requests from this address (at most ${perAddress.describe('request')})`,
        );
      }
    }
    const counted = failedAuth !== undefined && authenticates(c);
    if (counted) {
      const wait = await failedAuth.wait(address);
      if (wait > 0) {
        return tooManyRequests(
          c,
          wait,
          `too many failed authentications from this address (at most ${failedAuth.describe('failed authentication')})`,
        );
      }
    }
    await next();
    if (counted && c.res.status === 401) await failedAuth.take(address);
  };
}

/** Per API key; mount after the authentication middleware, which sets the actor. */
export function keyRateLimit(
  limits: RateLimits,
): MiddlewareHandler<{ Variables: { actor?: { keyId: string } } }> {
  const { perKey } = limits;
  return async (c, next) => {
    const actor = c.get('actor');
    if (!perKey || !actor) return next();
    const decision = await perKey.take(actor.keyId);
    if (!decision.ok) {
      return tooManyRequests(
        c,
        decision.retryAfter,
        `too many requests with this API key (at most ${perKey.describe('request')})`,
      );
    }
    return next();
  };
}
