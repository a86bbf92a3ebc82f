import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import {
  describeRate,
  type Limiter,
  memoryLimiters,
  type Rate,
  type RateDecision,
  type RateLimitName,
  type RateLimits,
} from './api/rate-limit';
import type { KeyVerifier } from './db/repositories';
import {
  ConfigError,
  nodeRateLimits,
  openConfiguredDatabase,
  type ServerConfig,
  startServer,
} from './server';

/**
 * `vincula serve --workers N`: N server processes (node:cluster) sharing the port and the database.
 * The primary process migrates the database once, starts the workers, prints one banner, replaces a
 * worker that dies, and stops them all on SIGINT/SIGTERM. What must be the same whichever worker
 * answers lives in the primary or the database:
 *
 * - the rate limits: the workers ask the primary's token buckets over IPC, so "600 requests a minute
 *   per key" means the same with one worker or eight;
 * - budget approvals, idempotency keys, groups and applications: the database (one statement commits
 *   an amount against a line, whichever process runs it);
 * - a key revoked through one worker is forgotten by every worker before the revocation is answered.
 *
 * Each worker keeps its own cache of verified API keys (a key revoked with the CLI or another server
 * is accepted for up to 30 s, as with one process) and its own cache of graph analyses.
 */

/** What `--workers` and VINCULA_WORKERS accept: a count from 1 to 64, or `auto` (one per core). */
export function workerCount(value: string | undefined): number {
  const text = (value ?? 'auto').trim().toLowerCase();
  if (text === '' || text === 'auto') return availableParallelism();
  const count = Number(text);
  if (!Number.isInteger(count) || count < 1 || count > 64) {
    throw new ConfigError(
      `workers '${value}' is not a number of server processes: use a count from 1 to 64, or auto (one per core, here ${availableParallelism()})`,
    );
  }
  return count;
}

type LimitRequest = {
  vincula: 'limit';
  id: number;
  limiter: RateLimitName;
  op: 'take' | 'wait';
  key: string;
};
type Message =
  | { vincula: 'log'; line: string }
  | { vincula: 'failed'; message: string; config: boolean }
  | { vincula: 'ready'; port: number }
  | LimitRequest
  | { vincula: 'limited'; id: number; answer: RateDecision | number }
  | { vincula: 'revoked'; id: number; keyId: string }
  | { vincula: 'forget'; id: number; keyId: string }
  | { vincula: 'forgotten'; id: number };

const LIMITER_NAMES: RateLimitName[] = ['perKey', 'perAddress', 'failedAuth'];

/** Starts the primary: one banner once every worker listens; close() stops them all. */
export async function startCluster(
  config: ServerConfig,
  workers: number,
  log: (line: string) => void = console.log,
): Promise<{ close(): Promise<void>; port: number }> {
  // Migrate once, before any worker opens the database.
  (await openConfiguredDatabase(config)).client.close();
  const limiters = memoryLimiters(config.rateLimits);
  let stopping = false;
  let banner: string | undefined;
  let port = 0;
  let restarts = 0;
  let failure: { message: string; config: boolean } | undefined;
  const ready = new Set<Worker>();
  const pendingForgets = new Map<number, { origin: Worker; id: number; waiting: number }>();
  let nextForget = 0;

  const send = (worker: Worker, message: Message) => {
    if (worker.isConnected()) worker.send(message);
  };

  let settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
  const allReady = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });

  const onMessage = (worker: Worker, message: Message) => {
    switch (message.vincula) {
      case 'log':
        // The first worker's banner is the server's; the others say the same thing.
        if (banner === undefined && message.line.includes('listening on')) banner = message.line;
        else if (!message.line.includes('listening on')) log(message.line);
        return;
      case 'failed':
        failure ??= { message: message.message, config: message.config };
        return;
      case 'ready':
        port = message.port;
        ready.add(worker);
        if (ready.size === workers) settle?.resolve();
        return;
      case 'limit': {
        const limiter = limiters[message.limiter];
        const answer: RateDecision | number = limiter
          ? message.op === 'take'
            ? (limiter.take(message.key) as RateDecision)
            : (limiter.wait(message.key) as number)
          : message.op === 'take'
            ? { ok: true }
            : 0;
        send(worker, { vincula: 'limited', id: message.id, answer });
        return;
      }
      case 'revoked': {
        const others = Object.values(cluster.workers ?? {}).filter(
          (w): w is Worker => w !== undefined && w !== worker && w.isConnected(),
        );
        if (others.length === 0) {
          send(worker, { vincula: 'forgotten', id: message.id });
          return;
        }
        const id = nextForget++;
        pendingForgets.set(id, { origin: worker, id: message.id, waiting: others.length });
        for (const other of others) send(other, { vincula: 'forget', id, keyId: message.keyId });
        return;
      }
      case 'forgotten': {
        const pending = pendingForgets.get(message.id);
        if (!pending) return;
        pending.waiting -= 1;
        if (pending.waiting === 0) {
          pendingForgets.delete(message.id);
          send(pending.origin, { vincula: 'forgotten', id: pending.id });
        }
        return;
      }
      default:
        return;
    }
  };

  const fork = () => {
    const worker = cluster.fork();
    const started = Date.now();
    worker.on('message', (message: Message) => onMessage(worker, message));
    worker.on('exit', (code, signal) => {
      ready.delete(worker);
      // A revocation waiting for this worker's answer no longer needs it.
      for (const [id, pending] of pendingForgets) {
        if (pending.origin === worker) pendingForgets.delete(id);
      }
      if (stopping) return;
      if (banner === undefined) {
        // The worker said why (a port in use is the user's to fix); else how it ended.
        settle?.reject(
          failure?.config
            ? new ConfigError(failure.message)
            : new Error(
                `a server process exited before it listened (${failure?.message ?? signal ?? `status ${code}`})`,
              ),
        );
        return;
      }
      // Replace it, unless workers die as soon as they start (then stop rather than loop).
      restarts = Date.now() - started < 5_000 ? restarts + 1 : 0;
      if (restarts > 5) {
        log('Server processes keep exiting as they start; stopping.');
        void close().then(() => process.exit(1));
        return;
      }
      log(`A server process exited (${signal ?? `status ${code}`}); starting another.`);
      fork();
    });
  };

  const close = async () => {
    stopping = true;
    const exits = Object.values(cluster.workers ?? {}).map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (!worker || worker.isDead()) return resolve();
          worker.once('exit', () => resolve());
          worker.process.kill('SIGTERM');
        }),
    );
    await Promise.all(exits);
  };

  for (let i = 0; i < workers; i++) fork();
  try {
    await allReady;
  } catch (error) {
    await close();
    throw error;
  }
  log(
    [
      banner ?? `Vincula API listening on port ${port}`,
      `Server processes: ${workers} (--workers), sharing the port and the database; rate limits counted once for all`,
    ].join('\n'),
  );
  return { close, port };
}

/** Runs in a worker: the server as with one process, its rate limits and revocations shared. */
export async function startClusterWorker(config: ServerConfig) {
  const pending = new Map<number, (answer: RateDecision | number) => void>();
  const forgotten = new Map<number, () => void>();
  let next = 0;
  let ownKeys: KeyVerifier | undefined;
  const send = (message: Message) => process.send?.(message);

  process.on('message', (message: Message) => {
    if (message.vincula === 'limited') {
      pending.get(message.id)?.(message.answer);
      pending.delete(message.id);
    } else if (message.vincula === 'forget') {
      ownKeys?.forget(message.keyId);
      send({ vincula: 'forgotten', id: message.id });
    } else if (message.vincula === 'forgotten') {
      forgotten.get(message.id)?.();
      forgotten.delete(message.id);
    }
  });

  const ask = (limiter: RateLimitName, op: 'take' | 'wait', key: string) =>
    new Promise<RateDecision | number>((resolve) => {
      const id = next++;
      pending.set(id, resolve);
      send({ vincula: 'limit', id, limiter, op, key });
    });
  const shared = (name: RateLimitName, rate: Rate | undefined): Limiter | undefined =>
    rate && {
      take: (key) => ask(name, 'take', key) as Promise<RateDecision>,
      wait: (key) => ask(name, 'wait', key) as Promise<number>,
      describe: (noun) => describeRate(rate, noun),
    };
  const local = nodeRateLimits(config);
  const rateLimits: RateLimits = { address: local.address };
  for (const name of LIMITER_NAMES) rateLimits[name] = shared(name, config.rateLimits[name]);

  const started = startServer(config, (line) => send({ vincula: 'log', line }), {
    rateLimits,
    exposeKeyVerifier: (verifier) => {
      ownKeys = verifier;
    },
    onKeyRevoked: (keyId) =>
      new Promise<void>((resolve) => {
        const id = next++;
        forgotten.set(id, resolve);
        send({ vincula: 'revoked', id, keyId });
      }),
  });
  let server: Awaited<typeof started>;
  try {
    server = await started;
  } catch (error) {
    // The primary reports it (once, for all workers) and stops; this process has nothing to serve.
    const message: Message = {
      vincula: 'failed',
      message: (error as Error).message,
      config: error instanceof ConfigError,
    };
    process.send?.(message, () => process.exit(1));
    return new Promise<never>(() => {});
  }
  send({ vincula: 'ready', port: server.port });
  // The primary gone (killed), this worker has no one to ask for limits: stop.
  process.on('disconnect', () => {
    setTimeout(() => process.exit(0), 2_000).unref();
    void server.close().then(() => process.exit(0));
  });
  return server;
}

export const isClusterWorker = () => cluster.isWorker;
