// npm run bench:population — a synthetic population through the overlap analysis (every programme in
// force, the P × P overlap matrix, segments, flags): wall time, throughput and peak memory, against
// drawing the same population alone on one thread (the baseline, measured in this process).
// BENCH_POP_GROUPS (default 1000000), BENCH_POP_SEED (1), BENCH_POP_AS_OF (default: the date with the
// most shipped programmes in force), BENCH_POP_WORKERS (default: the cores available),
// BENCH_POP_SINGLE=0 to skip the one-thread analysis.
import { availableParallelism, cpus } from 'node:os';
import { DEFAULT_DISTRIBUTIONS } from '../src/graph/distributions';
import { programmesInForce } from '../src/graph/evaluator';
import { overlapsJson } from '../src/graph/overlaps';
import { analyseSynthetic } from '../src/graph/parallel';
import { coordinationReport } from '../src/graph/report';
import { syntheticGroups } from '../src/graph/synthetic';
import { loadCatalogue } from '../src/rules/load-dir';

const GROUPS = Number(process.env.BENCH_POP_GROUPS ?? 1_000_000);
const SEED = Number(process.env.BENCH_POP_SEED ?? 1);
const WORKERS = Number(process.env.BENCH_POP_WORKERS ?? availableParallelism());
const SINGLE = process.env.BENCH_POP_SINGLE !== '0';

const catalogue = loadCatalogue();

/** The start of a version's validity where most matchable programmes are in force (ties: the latest). */
function busiestDate(): string {
  let best = { date: '', count: -1 };
  for (const p of catalogue.programmes) {
    const count = programmesInForce(catalogue, p.validity.from).length;
    if (count > best.count || (count === best.count && p.validity.from > best.date))
      best = { date: p.validity.from, count };
  }
  return best.date;
}
const AS_OF = process.env.BENCH_POP_AS_OF ?? busiestDate();
const inForce = programmesInForce(catalogue, AS_OF);

/** Wall time and the peak resident set (all threads of the process), sampled every 20 ms. */
async function measure<T>(run: () => Promise<T> | T) {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peakRss = before;
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  const start = process.hrtime.bigint();
  const result = await run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  clearInterval(timer);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  return { result, seconds, peakRss };
}

const options = {
  catalogue,
  distributions: DEFAULT_DISTRIBUTIONS,
  source: 'src/graph/distributions.json',
  asOf: AS_OF,
  count: GROUPS,
  seed: SEED,
  evaluator: 'compiled' as const,
};

const baseline = await measure(() => {
  let members = 0;
  for (const group of syntheticGroups(DEFAULT_DISTRIBUTIONS, {
    count: GROUPS,
    seed: SEED,
    territories: catalogue.territories,
  }))
    members += group.members?.length ?? 0;
  return members;
});
const single = SINGLE ? await measure(() => analyseSynthetic({ ...options, workers: 1 })) : undefined;
let lastLog = Date.now();
const parallel = await measure(() =>
  analyseSynthetic({
    ...options,
    workers: WORKERS,
    progressEvery: Math.max(1, Math.round(GROUPS / 10)),
    onProgress: (done) => {
      if (Date.now() - lastLog < 2_000 && done !== GROUPS) return;
      lastLog = Date.now();
      process.stderr.write(`  ${done.toLocaleString('en-US')} / ${GROUPS.toLocaleString('en-US')} groups\n`);
    },
  }),
);
if (single && JSON.stringify(overlapsJson(single.result)) !== JSON.stringify(overlapsJson(parallel.result))) {
  console.error('one thread and several disagree: the figures below are not comparable');
  process.exitCode = 1;
}
const report = coordinationReport({ catalogue, asOf: AS_OF, analysis: parallel.result });

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const rate = (s: number) => Math.round(GROUPS / s).toLocaleString('en-US');
const row = (name: string, m: { seconds: number; peakRss: number }) =>
  console.log(
    `${name.padEnd(36)} ${m.seconds.toFixed(2).padStart(7)} s  ${rate(m.seconds).padStart(10)} groups/s  ${(m.seconds / baseline.seconds).toFixed(2).padStart(6)}× baseline  peak RSS ${mib(m.peakRss)}`,
  );

console.log(
  `Vincula population benchmark — Node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`,
);
console.log(
  `${GROUPS.toLocaleString('en-US')} synthetic groups (seed ${SEED}, ${baseline.result.toLocaleString('en-US')} members), overlap analysis on ${AS_OF}: ${inForce.length} programmes in force (${inForce.map((p) => p.key).join(', ')}), ${(inForce.length * (inForce.length - 1)) / 2} pairs, compiled evaluator`,
);
console.log('');
row('draw only, one thread (baseline)', baseline);
if (single) row('draw + analysis, one thread', single);
row(`draw + analysis, ${WORKERS} worker threads`, parallel);
console.log('');
console.log(
  `result: ${overlapsJson(parallel.result)
    .programmes.map((p) => `${p.key} ${p.eligible.toLocaleString('en-US')}`)
    .join(', ')}; ${report.flags.length} flags${single ? '; one thread and several agree' : ''}`,
);
