// npm run bench:fairness — one client must not use up the server (`npm start`, in its own process):
// 1. /healthz latency while a big /v1/match/batch runs, against /healthz on the idle server (baseline);
// 2. a batch of 64 MiB of blank lines against the same bytes read by a bare Hono handler (bench/bare-server.ts,
//    the baseline);
// 3. the server's peak resident memory while several chunked batch uploads stream in, against the bytes
//    uploaded.
// BENCH_FAIRNESS_GROUPS (default 20000), BENCH_FAIRNESS_BLANK_MIB (64), BENCH_FAIRNESS_UPLOADS ("4x60":
// four concurrent uploads of 60 MiB each).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/processes';

const GROUPS = Number(process.env.BENCH_FAIRNESS_GROUPS ?? 20_000);
const BLANK_MIB = Number(process.env.BENCH_FAIRNESS_BLANK_MIB ?? 64);
const [UPLOADS, UPLOAD_MIB] = (process.env.BENCH_FAIRNESS_UPLOADS ?? '4x60').split('x').map(Number) as [
  number,
  number,
];
const ROOT = join(import.meta.dirname, '..');
const MIB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'vincula-bench-fairness-'));
const env = { ...process.env, VINCULA_DATA_DIR: dir, NODE_ENV: 'development' };

const children: ChildProcess[] = [];
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
process.on('uncaughtException', (error) => {
  console.error(error, `\nserver output:\n${output}`);
  process.exit(1);
});

let output = '';
async function startServer(args: string[], extra: NodeJS.ProcessEnv = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...env, ...extra, PORT: String(port) } });
  children.push(child);
  let own = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      own += chunk;
      if (own.includes('listening on')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${own}`)));
  });
  return { child, port };
}

const { child: server, port } = await startServer(['bin/vincula.js', 'serve']);
const base = `http://127.0.0.1:${port}`;
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
const batchUrl = `${base}/v1/match/batch?asOf=2018-06-01`;
const batchHeaders = { 'Content-Type': 'application/x-ndjson', Authorization: `Bearer ${key}` };
const group = JSON.stringify(
  JSON.parse(readFileSync(join(ROOT, 'examples/colectivo-iztapalapa.json'), 'utf8')),
);

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function healthz(): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${base}/healthz`);
  await response.text();
  if (!response.ok) throw new Error(`/healthz answered ${response.status}`);
  return performance.now() - started;
}

/** Sequential /healthz calls, 20 ms apart, until `until` settles or `max` calls. */
async function probe(until: Promise<unknown> | undefined, max: number): Promise<number[]> {
  const latencies: number[] = [];
  let done = until === undefined;
  until?.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  while (latencies.length < max && !(done && until !== undefined)) {
    latencies.push(await healthz());
    await new Promise((r) => setTimeout(r, 20));
  }
  return latencies;
}

async function postBatch(
  body: Uint8Array | string | ReadableStream<Uint8Array>,
): Promise<{ ms: number; lines: string[] }> {
  const started = performance.now();
  const response = await fetch(batchUrl, {
    signal: AbortSignal.timeout(300_000),
    method: 'POST',
    headers: batchHeaders,
    body,
    duplex: 'half',
  } as RequestInit);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`batch answered ${response.status}: ${text.slice(0, 300)}`);
  return { ms: performance.now() - started, lines: text.trim().split('\n') };
}

// ---------------------------------------------------------------- 1. /healthz during a big batch
await probe(undefined, 50); // warm-up
const idle = await probe(undefined, 200);
await postBatch(`${group}\n`.repeat(200)); // warm-up of the batch path
const body = `${group}\n`.repeat(GROUPS);
const batch = postBatch(body);
const busy = await probe(batch, 5_000);
const done = await batch;
if (done.lines.length !== GROUPS + 1) throw new Error(`the batch answered ${done.lines.length} lines`);

// ---------------------------------------------------------------- 2. blank lines
const blankBytes = BLANK_MIB * MIB;
const blankLines = new Uint8Array(blankBytes).fill(0x0a);
const bodyFile = join(dir, 'bare-body.json');
writeFileSync(bodyFile, '{}');
const bare = await startServer([join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'bench/bare-server.ts'], {
  BARE_BODY_FILE: bodyFile,
});
async function readByBare(): Promise<number> {
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${bare.port}/v1/match`, {
    method: 'POST',
    body: blankLines,
  });
  await response.text();
  if (!response.ok) throw new Error(`the bare handler answered ${response.status}`);
  return performance.now() - started;
}
const blankRuns: { bare: number; batch: number }[] = [];
for (let round = 0; round < 3; round++) {
  blankRuns.push({ bare: await readByBare(), batch: (await postBatch(blankLines)).ms });
}
bare.child.kill('SIGTERM');
const bareMs = quantile(
  blankRuns.map((r) => r.bare),
  0.5,
);
const blankMs = quantile(
  blankRuns.map((r) => r.batch),
  0.5,
);

// ---------------------------------------------------------------- 3. memory during chunked uploads
/** The server's resident memory, from Linux's /proc. */
const rss = () =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1]) * 1024;
const chunk = new Uint8Array(64 * 1024).fill(0x0a);
const chunked = (bytes: number) => {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= bytes) {
        controller.enqueue(new TextEncoder().encode(`${group}\n`));
        controller.close();
        return;
      }
      controller.enqueue(chunk);
      sent += chunk.length;
    },
  });
};
const before = rss();
let peak = before;
const sampler = setInterval(() => {
  peak = Math.max(peak, rss());
}, 10);
const uploadStarted = performance.now();
const uploads = await Promise.all(
  Array.from({ length: UPLOADS }, () => postBatch(chunked(UPLOAD_MIB * MIB))),
);
const uploadMs = performance.now() - uploadStarted;
clearInterval(sampler);
peak = Math.max(peak, rss());
for (const upload of uploads) {
  if (!upload.lines.at(-1)?.startsWith('{"cohorts"')) throw new Error('an upload did not finish');
}

for (const child of children) child.kill('SIGTERM');

console.log(
  `Vincula fairness benchmark — Node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}; the server (npm start) in its own process, the client here`,
);
console.log('');
console.log(
  `1. GET /healthz, one call every 20 ms: idle (baseline) and during one POST /v1/match/batch of ${GROUPS.toLocaleString('en-US')} groups (examples/colectivo-iztapalapa.json, 2018-06-01, every programme)`,
);
const row = (name: string, values: number[]) =>
  console.log(
    `   ${name.padEnd(24)} ${String(values.length).padStart(5)} calls  p50 ${ms(quantile(values, 0.5)).padStart(9)}  p99 ${ms(quantile(values, 0.99)).padStart(9)}  max ${ms(Math.max(...values)).padStart(9)}`,
  );
row('idle (baseline)', idle);
row('during the batch', busy);
console.log(
  `   the batch: ${(done.ms / 1000).toFixed(2)} s, ${Math.round(GROUPS / (done.ms / 1000)).toLocaleString('en-US')} groups/s`,
);
console.log(
  `   /healthz p99 during the batch / idle: ${(quantile(busy, 0.99) / quantile(idle, 0.99)).toFixed(1)}× (target: p99 under 50 ms)`,
);
console.log('');
console.log(
  `2. ${BLANK_MIB} MiB of empty lines (${blankBytes.toLocaleString('en-US')} × "\\n"), median of 3`,
);
console.log(
  `   read and dropped by a bare Hono handler (baseline) ${ms(bareMs).padStart(10)}  ${(BLANK_MIB / (bareMs / 1000)).toFixed(0)} MiB/s`,
);
console.log(
  `   POST /v1/match/batch                               ${ms(blankMs).padStart(10)}  ${(BLANK_MIB / (blankMs / 1000)).toFixed(0)} MiB/s, ${(blankMs / bareMs).toFixed(2)}× the baseline's time`,
);
console.log('');
console.log(
  `3. ${UPLOADS} concurrent chunked (Transfer-Encoding: chunked) batch uploads of ${UPLOAD_MIB} MiB of blank lines and one group, ${(uploadMs / 1000).toFixed(2)} s`,
);
console.log(
  `   server RSS: ${(before / MIB).toFixed(0)} MiB before, peak ${(peak / MIB).toFixed(0)} MiB: +${((peak - before) / MIB).toFixed(0)} MiB for ${UPLOADS * UPLOAD_MIB} MiB uploaded (${((peak - before) / (UPLOADS * UPLOAD_MIB * MIB)).toFixed(2)}× the bytes)`,
);
process.exit(0);
