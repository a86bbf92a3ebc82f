// npm run bench:population — a synthetic population through the overlap analysis: wall time, throughput
// and peak memory, against drawing the same population alone (the baseline, measured in this process).
// BENCH_POP_GROUPS (default 100000), BENCH_POP_SEED (1), BENCH_POP_AS_OF (2018-06-01: four programmes in force).
import { cpus } from 'node:os';
import { DEFAULT_DISTRIBUTIONS } from '../src/graph/distributions';
import { DEFAULT_EVALUATOR, programmesInForce } from '../src/graph/evaluator';
import { analysePopulation, coordinationReport } from '../src/graph/report';
import { syntheticGroups } from '../src/graph/synthetic';
import { loadCatalogue } from '../src/rules/load-dir';

const GROUPS = Number(process.env.BENCH_POP_GROUPS ?? 100_000);
const SEED = Number(process.env.BENCH_POP_SEED ?? 1);
const AS_OF = process.env.BENCH_POP_AS_OF ?? '2018-06-01';

const catalogue = loadCatalogue();
const draw = () =>
  syntheticGroups(DEFAULT_DISTRIBUTIONS, { count: GROUPS, seed: SEED, territories: catalogue.territories });

/** Peak resident set size, sampled every 50 ms while `run` runs (and once at the end). */
async function measure<T>(run: () => Promise<T>) {
  global.gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const timer = setInterval(sample, 50);
  const start = process.hrtime.bigint();
  const result = await run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  clearInterval(timer);
  sample();
  return { result, seconds, peakRss, peakHeap, startRss: before.rss };
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en-US');

const baseline = await measure(async () => {
  let members = 0;
  for (const group of draw()) members += group.members?.length ?? 0;
  return members;
});

let lastLog = Date.now();
let reported = -1;
const analysis = await measure(() =>
  analysePopulation({
    catalogue,
    asOf: AS_OF,
    population: { info: { kind: 'synthetic', seed: SEED }, expected: GROUPS, groups: draw() },
    progressEvery: Math.max(1, Math.round(GROUPS / 20)),
    onProgress: (done) => {
      if (done === reported || (Date.now() - lastLog < 10_000 && done !== GROUPS)) return;
      reported = done;
      lastLog = Date.now();
      process.stderr.write(`  ${done.toLocaleString('en-US')} / ${GROUPS.toLocaleString('en-US')} groups\n`);
    },
  }),
);
const report = coordinationReport({ catalogue, asOf: AS_OF, analysis: analysis.result });

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(
  `Vincula population benchmark — Node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} × ${cpu}`,
);
console.log(
  `${GROUPS.toLocaleString('en-US')} synthetic groups (seed ${SEED}, ${baseline.result.toLocaleString('en-US')} members), overlap analysis on ${AS_OF}: ${programmesInForce(catalogue, AS_OF).length} programmes in force, ${DEFAULT_EVALUATOR} evaluator`,
);
console.log('');
console.log(
  `draw only (baseline)        ${baseline.seconds.toFixed(1).padStart(7)} s  ${rate(GROUPS, baseline.seconds).padStart(9)} groups/s  peak RSS ${mib(baseline.peakRss)} (heap ${mib(baseline.peakHeap)})`,
);
console.log(
  `draw + overlap analysis     ${analysis.seconds.toFixed(1).padStart(7)} s  ${rate(GROUPS, analysis.seconds).padStart(9)} groups/s  peak RSS ${mib(analysis.peakRss)} (heap ${mib(analysis.peakHeap)})`,
);
console.log(`analysis / draw: ${(analysis.seconds / baseline.seconds).toFixed(1)}× the time`);
console.log(
  `result: ${report.overlaps?.programmes.map((p) => `${p.key} ${p.eligible.toLocaleString('en-US')}`).join(', ')}; ${report.flags.length} flags`,
);
