import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { type AppDeps, createApp } from './api/app';
import type { DocsAssets } from './api/docs';
import {
  describeRate,
  forwardedAddress,
  memoryLimiters,
  type Rate,
  type RateLimitSettings,
  type RateLimits,
  rateLimitSettings,
} from './api/rate-limit';
import { openDatabase, prepareDatabase } from './db/client';
import { countApiKeys } from './db/repositories';
import { idSecretProblem, randomToken } from './db/secrets';
import { loadCatalogue, programmesDir } from './rules/load-dir';
import type { WebAssets } from './web/assets';
import { buildWebAssets } from './web/build';

/** The Node entry: the embedded libsql file database by default, or DATABASE_URL. */

const PROJECT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_DATA_DIR = join(PROJECT_DIR, '.vincula');
export const DEFAULT_PORT = 8787;

/** A configuration the server refuses to start with; the CLI prints its message and exits 1. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface ServerConfig {
  databaseUrl: string;
  authToken?: string;
  idSecret: string;
  port: number;
  host: string;
  programmesDir: string;
  /** Requests per key, per address, and failed authentications per address (undefined: off). */
  rateLimits: RateLimitSettings;
  /** How many proxies in front append to X-Forwarded-For (0: the header is ignored). */
  trustProxy: number;
}

/** Reads the configuration from the environment; refuses production mode without the hashing secret. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const production = env.NODE_ENV === 'production' || env.VINCULA_ENV === 'production';
  const dataDir = env.VINCULA_DATA_DIR ? resolve(env.VINCULA_DATA_DIR) : DEFAULT_DATA_DIR;
  let idSecret = env.VINCULA_ID_SECRET;
  if (!idSecret) {
    if (production) {
      throw new ConfigError(
        'VINCULA_ID_SECRET is not set: in production the server refuses to start without the secret that keys the hashes of personal identifiers',
      );
    }
    // Development: a secret kept beside the local database, so hashes stay comparable across restarts.
    const file = join(dataDir, 'id-secret');
    if (!existsSync(file)) {
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(file, randomToken(32), { mode: 0o600 });
    }
    idSecret = readFileSync(file, 'utf8').trim();
  }
  const tooShort = production ? idSecretProblem(idSecret) : undefined;
  if (tooShort) throw new ConfigError(tooShort);
  const port = Number(env.PORT ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`PORT '${env.PORT}' is not a port number`);
  let rateLimits: RateLimitSettings;
  try {
    rateLimits = rateLimitSettings(env);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  return {
    databaseUrl: env.DATABASE_URL ?? `file:${join(dataDir, 'vincula.db')}`,
    ...(env.DATABASE_AUTH_TOKEN ? { authToken: env.DATABASE_AUTH_TOKEN } : {}),
    idSecret,
    port,
    host: env.HOST ?? '127.0.0.1',
    programmesDir: programmesDir(undefined, env),
    rateLimits,
    trustProxy: trustProxyHops(env.VINCULA_TRUST_PROXY),
  };
}

/** VINCULA_TRUST_PROXY: unset, false or 0 (ignore X-Forwarded-For), true (one proxy), or a count. */
function trustProxyHops(value: string | undefined): number {
  const text = (value ?? '').trim().toLowerCase();
  if (text === '' || text === 'false' || text === 'off') return 0;
  if (text === 'true' || text === 'on') return 1;
  const hops = Number(text);
  if (!Number.isInteger(hops) || hops < 0 || hops > 10) {
    throw new ConfigError(
      `VINCULA_TRUST_PROXY '${value}' is not a number of proxies: use true (one proxy), a count from 0 to 10, or false`,
    );
  }
  return hops;
}

/** The socket's peer address, from @hono/node-server (undefined when called outside its server). */
function socketAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

/** The in-memory limiters for the Node server, with the address taken from the socket or the proxy. */
export function nodeRateLimits(config: Pick<ServerConfig, 'rateLimits' | 'trustProxy'>): RateLimits {
  const hops = config.trustProxy;
  return {
    ...memoryLimiters(config.rateLimits),
    address: hops > 0 ? (c) => forwardedAddress(c, hops) : socketAddress,
  };
}

function describeLimits(config: ServerConfig): string {
  const { perKey, perAddress, failedAuth } = config.rateLimits;
  const part = (rate: Rate | undefined, noun: string, per: string) =>
    rate ? `${describeRate(rate, noun)} ${per}` : `no limit ${per}`;
  const proxies = config.trustProxy;
  return `Rate limits: ${part(perKey, 'request', 'per key')}, ${part(perAddress, 'request', 'per address')}, ${part(failedAuth, 'failed authentication', 'per address')}${proxies ? ` (the address from X-Forwarded-For, behind ${proxies} prox${proxies === 1 ? 'y' : 'ies'})` : ''}`;
}

function docsAssets(): DocsAssets | undefined {
  try {
    const require = createRequire(import.meta.url);
    const dir = dirname(require.resolve('swagger-ui-dist/package.json'));
    return {
      'swagger-ui.css': readFileSync(join(dir, 'swagger-ui.css'), 'utf8'),
      'swagger-ui-bundle.js': readFileSync(join(dir, 'swagger-ui-bundle.js'), 'utf8'),
    };
  } catch {
    return undefined;
  }
}

/** The committee page's bundle, built in memory at start so `npm start` needs no build step. */
async function webAssets(log: (line: string) => void): Promise<WebAssets | undefined> {
  try {
    return await buildWebAssets();
  } catch (error) {
    log(
      `The committee page's graph is unavailable: its browser bundle did not build (${(error as Error).message})`,
    );
    return undefined;
  }
}

export async function openConfiguredDatabase(config: ServerConfig) {
  const { client, db } = openDatabase(config.databaseUrl, config.authToken);
  await prepareDatabase(db);
  return { client, db };
}

/** What a cluster worker changes (src/cluster.ts): limits asked of the primary, revocations shared. */
export type ServerOverrides = Pick<AppDeps, 'rateLimits' | 'onKeyRevoked' | 'exposeKeyVerifier'>;

export async function startServer(
  config: ServerConfig,
  log: (line: string) => void = console.log,
  overrides: ServerOverrides = {},
) {
  const catalogue = loadCatalogue(config.programmesDir);
  const { client, db } = await openConfiguredDatabase(config);
  const docs = docsAssets();
  const web = await webAssets(log);
  const app = createApp({
    catalogue,
    db,
    idSecret: config.idSecret,
    ...(docs ? { docsAssets: docs } : {}),
    ...(web ? { webAssets: web } : {}),
    rateLimits: nodeRateLimits(config),
    ...overrides,
  });
  const keys = await countApiKeys(db);
  return new Promise<{ close(): Promise<void>; port: number }>((resolvePromise, reject) => {
    const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
      const url = `http://${config.host}:${info.port}`;
      // One write, so whoever reads the output (a test, a supervisor) sees the banner whole.
      log(
        [
          `Vincula API listening on ${url} — ${catalogue.programmes.length} programme versions loaded`,
          `Database: ${config.databaseUrl.startsWith('file:') ? config.databaseUrl.slice(5) : config.databaseUrl.replace(/\/\/[^@]*@/, '//')} (migrated)`,
          `Pages: ${url}/ (case workers) · ${url}/committee (committees) · sign in at ${url}/sign-in`,
          `Docs: ${url}/docs · OpenAPI: ${url}/openapi.json · Health: ${url}/healthz`,
          describeLimits(config),
          ...(keys === 0 ? ['No API key yet. Create one with:  npx vincula keys create --role admin'] : []),
        ].join('\n'),
      );
      resolvePromise({
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => {
              client.close();
              done();
            });
          }),
      });
    });
    server.once('error', (error: NodeJS.ErrnoException) => {
      client.close();
      reject(
        error.code === 'EADDRINUSE'
          ? new ConfigError(
              `port ${config.port} on ${config.host} is in use: set PORT (or --port) to another port`,
            )
          : error,
      );
    });
  });
}
