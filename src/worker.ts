import './zod-jitless';
import { drizzle } from 'drizzle-orm/d1';
import { createApp } from './api/app';
import { RESPONSE_HEADERS } from './api/headers';
import { problem } from './api/problem';
import * as schema from './db/schema';
import { idSecretProblem } from './db/secrets';
import type { Catalogue } from './rules/catalogue';
import { parseCatalogue } from './rules/loader';
import { RULE_FILES } from './rules/rule-files.generated';

/**
 * The Cloudflare Workers entry: the same Hono app as the Node server, on D1, with the rule files
 * bundled at build time. Migrations are applied by `wrangler d1 migrations apply`, not here.
 */
export interface WorkerEnv {
  DB?: D1Database;
  /** The secret keying personal-identifier hashes: `wrangler secret put VINCULA_ID_SECRET`. */
  VINCULA_ID_SECRET?: string;
}

let catalogue: Catalogue | undefined;
let current: { db: D1Database; idSecret: string; app: ReturnType<typeof createApp> } | undefined;

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

function appFor(db: D1Database, idSecret: string) {
  if (current?.db !== db || current.idSecret !== idSecret) {
    // Parsed on the first request rather than at start-up, which Workers bound more tightly.
    catalogue ??= parseCatalogue(RULE_FILES);
    current = { db, idSecret, app: createApp({ catalogue, db: drizzle(db, { schema }), idSecret }) };
  }
  return current.app;
}

export default {
  fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Response | Promise<Response> {
    const idSecret = env.VINCULA_ID_SECRET ?? '';
    const secretProblem = idSecretProblem(idSecret);
    if (secretProblem) {
      return misconfigured(
        request,
        `${secretProblem} (set it with \`npx wrangler secret put VINCULA_ID_SECRET\`; locally, in .dev.vars)`,
      );
    }
    if (!env.DB) return misconfigured(request, 'the D1 binding DB is missing (see wrangler.toml)');
    return appFor(env.DB, idSecret).fetch(request, env, ctx);
  },
} satisfies ExportedHandler<WorkerEnv>;
