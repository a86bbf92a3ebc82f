// npm run bench:http — /v1/match on the Node server (`npm start`) under load from autocannon: requests
// per second and p50 / p99 latency, beside a bare Hono handler serving a precomputed response of the
// same bytes (bench/bare-server.ts), in the same run and on the same machine.
// BENCH_HTTP_SECONDS (default 10), BENCH_HTTP_CONNECTIONS (default "1,10": one client waiting for each
// answer, and ten at once), BENCH_HTTP_EVALUATOR (compiled), BENCH_HTTP_WORKERS (default "1,<cores>": the
// server as `serve --workers 1`, then with one process per core, each beside the bare handler run with
// as many processes).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { freePort } from '../test/processes';

const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const CONNECTIONS = (process.env.BENCH_HTTP_CONNECTIONS ?? '1,10').split(',').map(Number);
const EVALUATOR = process.env.BENCH_HTTP_EVALUATOR ?? 'compiled';
const WORKERS = [
  ...new Set((process.env.BENCH_HTTP_WORKERS ?? `1,${availableParallelism()}`).split(',').map(Number)),
];
const ROOT = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'vincula-bench-http-'));
// The rate limiter stays on (its cost is in the figures) at rates this load never reaches: one key
// from one address is exactly what it would otherwise stop.
const env = {
  ...process.env,
  VINCULA_DATA_DIR: dir,
  NODE_ENV: 'development',
  VINCULA_RATE_LIMIT_PER_KEY: '1000000/second',
  VINCULA_RATE_LIMIT_PER_ADDRESS: '1000000/second',
};

// Each server runs in its own process group, and the whole group is stopped: `tsx`'s command line
// starts a second Node process, which outlived the benchmark when only its parent was killed.
const children: ChildProcess[] = [];
function stopAll(signal: NodeJS.Signals) {
  for (const child of children) {
    if (child.pid === undefined || child.exitCode !== null) continue;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  }
}
process.on('exit', () => stopAll('SIGKILL'));
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    stopAll('SIGKILL');
    process.exit(130);
  });

async function startServer(args: string[], extra: NodeJS.ProcessEnv, ready: RegExp) {
  const port = await freePort();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...env, ...extra, PORT: String(port) },
    detached: true,
  });
  children.push(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (ready.test(output)) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${output}`)));
  });
  return `http://127.0.0.1:${port}`;
}

const key = execFileSync(
  process.execPath,
  ['bin/vincula.js', 'keys', 'create', '--role', 'service', '--quiet'],
  {
    cwd: ROOT,
    env,
  },
)
  .toString()
  .trim();
const group = JSON.parse(readFileSync(join(ROOT, 'examples/colectivo-iztapalapa.json'), 'utf8'));
const request = JSON.stringify({ group, asOf: '2018-06-01', evaluator: EVALUATOR });
const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` };

const bodyFile = join(dir, 'body.json');
let body = '';

async function load(url: string, connections: number) {
  const run = (duration: number) =>
    autocannon({ url: `${url}/v1/match`, method: 'POST', headers, body: request, connections, duration });
  await run(2); // warm-up: JIT, caches
  const result = await run(SECONDS);
  if (result.non2xx || result.errors)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

async function stopServers() {
  const running = children.splice(0);
  for (const child of running) if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
  await Promise.all(
    running.map((child) =>
      child.exitCode === null && child.signalCode === null
        ? new Promise((resolve) => child.once('exit', resolve))
        : undefined,
    ),
  );
}

type Load = Awaited<ReturnType<typeof load>>;
const runs: { workers: number; connections: number; baseline: Load; match: Load }[] = [];
for (const workers of WORKERS) {
  const vincula = await startServer(
    ['bin/vincula.js', 'serve', '--workers', String(workers)],
    {},
    workers === 1 ? /listening on/ : /Server processes/,
  );
  const first = await fetch(`${vincula}/v1/match`, { method: 'POST', headers, body: request });
  if (first.status !== 200) throw new Error(`/v1/match answered ${first.status}: ${await first.text()}`);
  body = await first.text();
  writeFileSync(bodyFile, body);
  const bare = await startServer(
    ['--import', 'tsx', 'bench/bare-server.ts'],
    { BARE_BODY_FILE: bodyFile, BARE_WORKERS: String(workers) },
    /listening on/,
  );
  const check = await fetch(`${bare}/v1/match`, { method: 'POST', headers, body: request });
  if ((await check.text()) !== body) throw new Error('the bare handler does not serve the same bytes');
  for (const connections of CONNECTIONS)
    runs.push({
      workers,
      connections,
      baseline: await load(bare, connections),
      match: await load(vincula, connections),
    });
  await stopServers();
}

console.log(
  `Vincula HTTP benchmark — Node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`,
);
console.log(
  `POST /v1/match (examples/colectivo-iztapalapa.json on 2018-06-01, every programme, ${EVALUATOR} evaluator, response ${body.length.toLocaleString('en-US')} bytes); autocannon ${SECONDS} s after a 2 s warm-up, on the same machine as the servers`,
);
for (const { workers, connections, baseline, match } of runs) {
  console.log('');
  const processes = `${workers} process${workers === 1 ? '' : 'es'}`;
  console.log(`${processes}, ${connections} connection${connections === 1 ? '' : 's'}:`);
  const row = (name: string, r: Load) =>
    console.log(
      `  ${name.padEnd(52)} ${Math.round(r.rps).toLocaleString('en-US').padStart(8)} req/s  p50 ${String(r.p50).padStart(3)} ms  p99 ${String(r.p99).padStart(3)} ms  ${(r.rps / baseline.rps).toFixed(2)}× bare`,
    );
  row(`bare Hono handler, ${processes} (baseline)`, baseline);
  row(`/v1/match (vincula serve --workers ${workers})`, match);
  console.log(
    `  /v1/match / bare: ${(match.rps / baseline.rps).toFixed(2)}× the throughput (target ≥ 0.35× with one process); p99 ${match.p99} ms (target < 10 ms at 10 connections)`,
  );
}
process.exit(0);
