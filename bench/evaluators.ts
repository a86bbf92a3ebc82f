// npm run bench: group × programme evaluations per second — the json-rules-engine reference, the compiled
// evaluator (statuses only; explanations; the full match report) and the hand-written ceiling, in one run.
import { cpus } from 'node:os';
import type { ProgrammeVersion } from '../src/rules/catalogue';
import { compiled, compiledEvaluator, FactCache } from '../src/rules/compiled';
import type { CriterionEvaluation, EvaluationSession } from '../src/rules/evaluate';
import { describeLeaf, leaves, nearMisses } from '../src/rules/explain';
import type { Group } from '../src/rules/group';
import { loadCatalogue } from '../src/rules/load-dir';
import { Matcher } from '../src/rules/match';
import { type CodeDecision, STATUS_OF_CODE } from '../src/rules/status';
import { CEILING } from './ceiling';
import { ReferenceEvaluator, referenceStatus } from './reference';
import { syntheticGroups } from './synthetic';

const GROUPS = Number(process.env.BENCH_GROUPS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SEED = 1;

const catalogue = loadCatalogue();
const versions = Object.keys(CEILING).map((key) => {
  const version = catalogue.programmes.find((p) => p.key === key);
  if (!version) throw new Error(`programme ${key} not in the catalogue`);
  return version;
});
const groups = syntheticGroups(GROUPS, SEED);
const evaluations = groups.length * versions.length;

/** Median rate over ROUNDS; fast runs repeat `repeat` times a round so one round lasts long enough to time. */
async function measure(name: string, run: () => Promise<void> | void, repeat = 1) {
  await run(); // warm-up (JIT, json-rules-engine engines, caches)
  const rates: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < repeat; i++) await run();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    rates.push((evaluations * repeat) / seconds);
  }
  rates.sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)] as number;
  return { name, median, min: rates[0] as number, max: rates.at(-1) as number };
}

const evaluator = new ReferenceEvaluator();
const matcher = new Matcher(catalogue, 'reference');
const fast = new Matcher(catalogue, 'compiled');
const programmes = versions.map((v) => ({
  version: v,
  compiled: compiled(v),
  verdicts: new Uint8Array(v.criteria.length),
}));
const cache = new FactCache();
const decision: CodeDecision = { status: 0, stage: -1 };
/** Statuses only, compiled: every programme for a group, facts shared between them. */
function compiledStatuses(group: (typeof groups)[number], sink: Uint32Array) {
  for (const p of programmes) {
    const context = { group, asOf: p.version.validity.from, territories: catalogue.territories };
    const status = p.compiled.status(context, cache, p.verdicts, decision).status;
    sink[status] = (sink[status] as number) + 1;
  }
}

/**
 * Explanations: each criterion's tree (actual and expected values, missing inputs), one message per
 * condition, and the near misses of the failed criteria — what a case worker reads, without the
 * report's programme header, support lines and calls (the same for both evaluators).
 */
const names = { territories: catalogue.territories, bodies: catalogue.bodies };
function explain(trees: CriterionEvaluation[]): number {
  let n = 0;
  for (const c of trees) {
    for (const leaf of leaves(c.tree)) n += describeLeaf(leaf, 'es', names).length;
    if (c.verdict === 'failed') n += nearMisses(c.id, c.tree, 'es', names).length;
  }
  return n;
}
const context = (group: Group, version: ProgrammeVersion) => ({
  group,
  asOf: version.validity.from,
  territories: catalogue.territories,
});
async function explanations(session: () => EvaluationSession) {
  let sink = 0;
  for (const group of groups) {
    const s = session();
    for (const version of versions)
      sink += explain(await s.evaluate(version, 'group', context(group, version)));
  }
  if (sink < 0) console.log(sink);
}

// The evaluators must agree before their speeds mean anything.
let agree = 0;
let compiledAgree = 0;
for (const p of programmes) {
  const ceiling = CEILING[p.version.key] as (typeof CEILING)[string];
  for (const group of groups) {
    const status = await referenceStatus(evaluator, p.version, group, catalogue.territories);
    if (ceiling(group) === status) agree++;
    const context = { group, asOf: p.version.validity.from, territories: catalogue.territories };
    if (STATUS_OF_CODE[p.compiled.status(context, cache, p.verdicts, decision).status] === status)
      compiledAgree++;
  }
}

const results = [
  await measure('reference: json-rules-engine, statuses only', async () => {
    for (const group of groups) {
      for (const version of versions) await referenceStatus(evaluator, version, group, catalogue.territories);
    }
  }),
  await measure('reference: explanations', () => explanations(() => evaluator.session())),
  await measure('reference: full match report', async () => {
    for (const group of groups) {
      for (const version of versions) {
        await matcher.match(group, { asOf: version.validity.from, programmes: [version.id] });
      }
    }
  }),
  await measure(
    'compiled: statuses only',
    () => {
      const sink = new Uint32Array(3);
      for (const group of groups) compiledStatuses(group, sink);
      if (sink[0] === 0xffffffff) console.log(sink);
    },
    20,
  ),
  await measure('compiled: explanations', () => explanations(() => compiledEvaluator.session()), 4),
  await measure(
    'compiled: full match report',
    () => {
      for (const group of groups) {
        for (const version of versions)
          fast.matchSync(group, { asOf: version.validity.from, programmes: [version.id] });
      }
    },
    2,
  ),
  await measure(
    'ceiling: hand-written TypeScript, statuses only',
    () => {
      let sink = 0;
      for (const group of groups)
        for (const version of versions)
          sink += (CEILING[version.key] as (typeof CEILING)[string])(group).length;
      if (sink < 0) console.log(sink);
    },
    100,
  ),
];

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(
  `Vincula evaluator benchmark — Node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} × ${cpu}`,
);
console.log(
  `${GROUPS} synthetic groups (seed ${SEED}) × ${versions.length} programmes (${versions.map((v) => v.key).join(', ')}) = ${evaluations} evaluations per round, median of ${ROUNDS} rounds`,
);
console.log(`agreement: ${agree}/${evaluations} statuses identical between the reference and the ceiling`);
console.log(
  `agreement: ${compiledAgree}/${evaluations} statuses identical between the reference and the compiled evaluator`,
);
console.log('');
const baseline = results[0]?.median ?? 1;
for (const r of results) {
  console.log(
    `${r.name.padEnd(52)} ${Math.round(r.median).toLocaleString('en-US').padStart(12)} evals/s  (min ${Math.round(r.min).toLocaleString('en-US')}, max ${Math.round(r.max).toLocaleString('en-US')})  ${(r.median / baseline).toFixed(2)}× reference`,
  );
}
const rate = (name: string) => results.find((r) => r.name.startsWith(name))?.median ?? 0;
const ratio = (a: string, b: string) => `${(rate(a) / rate(b)).toFixed(1)}×`;
console.log('');
console.log(`ceiling / reference statuses: ${ratio('ceiling', 'reference: json')}`);
console.log(
  `compiled statuses / reference statuses: ${ratio('compiled: statuses', 'reference: json')} (target ≥ 100×); ceiling / compiled statuses: ${ratio('ceiling', 'compiled: statuses')} (target ≤ 5×)`,
);
console.log(
  `compiled explanations / reference statuses: ${ratio('compiled: explanations', 'reference: json')} (target ≥ 20×); / reference explanations: ${ratio('compiled: explanations', 'reference: explanations')}`,
);
console.log(
  `compiled full report / reference statuses: ${ratio('compiled: full', 'reference: json')}; / reference full report: ${ratio('compiled: full', 'reference: full')}`,
);
if (agree !== evaluations || compiledAgree !== evaluations) {
  console.error('the evaluators disagree: the figures above are not comparable');
  process.exitCode = 1;
}
