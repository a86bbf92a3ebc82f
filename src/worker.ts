import './zod-jitless';
import { drizzle } from 'drizzle-orm/d1';
import { createApp } from './api/app';
import { RESPONSE_HEADERS } from './api/headers';
import { problem } from './api/problem';
import {
  BindingLimiter,
  type Limiter,
  memoryLimiters,
  RATE_LIMIT_ENV,
  type RateLimitBinding,
  type RateLimitName,
  type RateLimits,
  RateSettingError,
  rateLimitSettings,
} from './api/rate-limit';
import * as schema from './db/schema';
import { idSecretProblem } from './db/secrets';
import type { Catalogue } from './rules/catalogue';
import { parseCatalogue } from './rules/loader';
import { RULE_FILES } from './rules/rule-files.generated';
import type { WebAssets } from './web/assets';

/**
 * The Cloudflare Workers entry: the same Hono app as the Node server, on D1, with the rule files
 * bundled at build time. Migrations are applied by `wrangler d1 migrations apply`, not here.
 */
export interface WorkerEnv {
  DB?: D1Database;
  /** The secret keying personal-identifier hashes: `wrangler secret put VINCULA_ID_SECRET`. */
  VINCULA_ID_SECRET?: string;
  /** Cloudflare's rate limiting (wrangler.toml [[ratelimits]]), per API key, per address, failed authentications. */
  KEY_RATE_LIMITER?: RateLimitBinding;
  ADDRESS_RATE_LIMITER?: RateLimitBinding;
  AUTH_RATE_LIMITER?: RateLimitBinding;
  /** Rates for the in-memory limiters of an isolate, when a binding is missing; `off` turns a limit off. */
  VINCULA_RATE_LIMIT_PER_KEY?: string;
  VINCULA_RATE_LIMIT_PER_ADDRESS?: string;
  VINCULA_RATE_LIMIT_FAILED_AUTH?: string;
  /** The committee page's browser bundle (dist/web, wrangler.toml [assets]), built by `npm run build:web`. */
  ASSETS?: { fetch: (request: Request | string) => Promise<Response> };
}

/** The browser bundle read from the ASSETS binding once per isolate; undefined when not built. */
let webAssets: Promise<WebAssets | undefined> | undefined;
export async function readWebAssets(assets: WorkerEnv['ASSETS']): Promise<WebAssets | undefined> {
  if (!assets) return undefined;
  const read = async (name: string) => {
    const response = await assets.fetch(`https://assets.local/${name}`);
    return response.ok ? response.text() : undefined;
  };
  const [committee, layout, version] = await Promise.all([
    read('committee.js'),
    read('layout.js'),
    read('version.txt'),
  ]);
  if (!committee || !version) return undefined;
  return { 'committee.js': committee, ...(layout ? { 'layout.js': layout } : {}), version: version.trim() };
}

const BINDINGS: Record<RateLimitName, 'KEY_RATE_LIMITER' | 'ADDRESS_RATE_LIMITER' | 'AUTH_RATE_LIMITER'> = {
  perKey: 'KEY_RATE_LIMITER',
  perAddress: 'ADDRESS_RATE_LIMITER',
  failedAuth: 'AUTH_RATE_LIMITER',
};

/**
 * Each limit: off if its variable says so; else the Cloudflare binding when bound (its limit and period
 * are in wrangler.toml); else token buckets in this isolate's memory. The client's address is
 * CF-Connecting-IP, which Cloudflare sets (a client cannot forge it); X-Forwarded-For is never read.
 */
export function workerRateLimits(env: WorkerEnv): RateLimits {
  const settings = rateLimitSettings({
    [RATE_LIMIT_ENV.perKey]: env.VINCULA_RATE_LIMIT_PER_KEY,
    [RATE_LIMIT_ENV.perAddress]: env.VINCULA_RATE_LIMIT_PER_ADDRESS,
    [RATE_LIMIT_ENV.failedAuth]: env.VINCULA_RATE_LIMIT_FAILED_AUTH,
  });
  const memory = memoryLimiters(settings);
  const limiter = (name: RateLimitName): Limiter | undefined => {
    const binding = env[BINDINGS[name]];
    return settings[name] && binding ? new BindingLimiter(binding, BINDINGS[name]) : memory[name];
  };
  return {
    perKey: limiter('perKey'),
    perAddress: limiter('perAddress'),
    failedAuth: limiter('failedAuth'),
    address: (c) => c.req.header('CF-Connecting-IP'),
  };
}

let catalogue: Catalogue | undefined;
let current:
  | {
      db: D1Database;
      idSecret: string;
      limits: unknown[];
      assets: WebAssets | undefined;
      app: ReturnType<typeof createApp>;
    }
  | undefined;

/** What the rate limits are made of: the app (and its in-memory buckets) is kept while these stay. */
const limitsOf = (env: WorkerEnv): unknown[] => [
  env.KEY_RATE_LIMITER,
  env.ADDRESS_RATE_LIMITER,
  env.AUTH_RATE_LIMITER,
  env.VINCULA_RATE_LIMIT_PER_KEY,
  env.VINCULA_RATE_LIMIT_PER_ADDRESS,
  env.VINCULA_RATE_LIMIT_FAILED_AUTH,
];

/** The operator's mistake, said on every request until it is fixed (a client cannot cause this). */
function misconfigured(request: Request, detail: string): Response {
  console.error(`Vincula is not configured: ${detail}`);
  const body = problem('internal', `the server is not configured: ${detail}`, {
    instance: new URL(request.url).pathname,
  });
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { 'Content-Type': 'application/problem+json', ...RESPONSE_HEADERS },
  });
}

function appFor(db: D1Database, idSecret: string, env: WorkerEnv, assets: WebAssets | undefined) {
  const limits = limitsOf(env);
  if (
    current?.assets !== assets ||
    current?.db !== db ||
    current.idSecret !== idSecret ||
    current.limits.some((value, i) => value !== limits[i])
  ) {
    // Parsed on the first request rather than at start-up, which Workers bound more tightly.
    catalogue ??= parseCatalogue(RULE_FILES);
    const rateLimits = workerRateLimits(env);
    current = {
      db,
      idSecret,
      limits,
      assets,
      app: createApp({
        catalogue,
        db: drizzle(db, { schema }),
        idSecret,
        rateLimits,
        ...(assets ? { webAssets: assets } : {}),
      }),
    };
  }
  return current.app;
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    const idSecret = env.VINCULA_ID_SECRET ?? '';
    const secretProblem = idSecretProblem(idSecret);
    if (secretProblem) {
      return misconfigured(
        request,
        `${secretProblem} (set it with \`npx wrangler secret put VINCULA_ID_SECRET\`; locally, in .dev.vars)`,
      );
    }
    if (!env.DB) return misconfigured(request, 'the D1 binding DB is missing (see wrangler.toml)');
    webAssets ??= readWebAssets(env.ASSETS).catch(() => undefined);
    const assets = await webAssets;
    let app: ReturnType<typeof createApp>;
    try {
      app = appFor(env.DB, idSecret, env, assets);
    } catch (error) {
      if (error instanceof RateSettingError) return misconfigured(request, error.message);
      throw error;
    }
    return app.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<WorkerEnv>;
