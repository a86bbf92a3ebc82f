import { createHash } from 'node:crypto';
import type { Catalogue, ProgrammeVersion } from '../rules/catalogue';
import type { IsoDate } from '../rules/dates';
import { mergeAnalyses, type OverlapAnalysis, type PlaceTally, type SegmentTally } from './overlaps';
import type { SegmentDimension } from './segments';

/**
 * A synthetic run split into shards: `vincula simulate --groups N --shard i/n --counters part-i.json`
 * draws and analyses the i-th of n consecutive ranges of the run's groups (group g is drawn from its
 * own random stream, so a range is the same groups whichever machine draws it) and writes the
 * analysis's counters; `vincula merge part-*.json` checks that the parts are the whole of one run and
 * adds them up into exactly the analysis a single run would have made. A shard is also the unit of a
 * resumed run: the shards already written need not be run again.
 */

export interface Shard {
  /** 1-based. */
  index: number;
  of: number;
}

export const MAX_SHARDS = 10_000;

/** "2/4" → the second of four shards; a clear message otherwise. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(match?.[1]);
  const of = Number(match?.[2]);
  if (!match || of < 1 || of > MAX_SHARDS || index < 1 || index > of) {
    throw new RangeError(
      `'${text}' is not a shard: write i/n, the i-th of n parts of the run (1 ≤ i ≤ n ≤ ${MAX_SHARDS}), as 2/4`,
    );
  }
  return { index, of };
}

/** The consecutive range of groups shard i/n of a run of `count` groups draws. */
export function shardRange(count: number, shard: Shard): { start: number; count: number } {
  const start = Math.floor((count * (shard.index - 1)) / shard.of);
  return { start, count: Math.floor((count * shard.index) / shard.of) - start };
}

/** What identifies a run: the parts of one run agree on all of it. */
export interface RunIdentity {
  groups: number;
  seed: number;
  asOf: IsoDate;
  evaluator: string;
  /** The distributions file the groups were drawn from. */
  source: string;
  /** A hash of the distributions and of the loaded programmes (rules, bodies, territories). */
  fingerprint: string;
}

export function runFingerprint(catalogue: Catalogue, distributions: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(distributions))
    .update('\u0000')
    .update(JSON.stringify(catalogue.snapshot()))
    .digest('hex');
}

const KIND = 'vincula-overlap-counters';

interface CountersFile {
  kind: typeof KIND;
  version: 1;
  run: RunIdentity;
  shard: Shard;
  analysis: {
    asOf: IsoDate;
    evaluator: string;
    population: OverlapAnalysis['population'];
    programmes: string[];
    eligible: number[];
    undetermined: number[];
    ineligible: number[];
    eligibleMembers: number[];
    eligibleByStage: [string, number][][];
    both: number[];
    separating: [number, [string, number][]][];
    segments: [SegmentDimension, [string, SegmentTally][]][];
    tracked: [string, [string, PlaceTally][]][];
  };
}

const entries = <K, V, W>(map: Map<K, V>, f: (v: V) => W): [K, W][] => [...map].map(([k, v]) => [k, f(v)]);
const same = <T>(v: T) => v;

/** The counters of one shard's analysis, as the JSON `--counters` writes. */
export function countersJson(analysis: OverlapAnalysis, run: RunIdentity, shard: Shard): string {
  const file: CountersFile = {
    kind: KIND,
    version: 1,
    run,
    shard,
    analysis: {
      asOf: analysis.asOf,
      evaluator: analysis.evaluator,
      population: analysis.population,
      programmes: analysis.programmes.map((p) => p.key),
      eligible: [...analysis.eligible],
      undetermined: [...analysis.undetermined],
      ineligible: [...analysis.ineligible],
      eligibleMembers: [...analysis.eligibleMembers],
      eligibleByStage: analysis.eligibleByStage.map((m) => [...m]),
      both: [...analysis.both],
      separating: entries(analysis.separating, (m) => [...m]),
      segments: entries(analysis.segments, (m) => entries(m, same)),
      tracked: entries(analysis.tracked, (m) => entries(m, same)),
    },
  };
  return `${JSON.stringify(file)}\n`;
}

/** A counters file that cannot be merged: which file, and why. */
export class CountersError extends Error {
  override name = 'CountersError';
}

function readCounters(name: string, text: string, catalogue: Catalogue) {
  let file: CountersFile;
  try {
    file = JSON.parse(text) as CountersFile;
  } catch (error) {
    throw new CountersError(`${name}: not JSON (${(error as Error).message})`);
  }
  if (file?.kind !== KIND || file.version !== 1 || !file.run || !file.shard || !file.analysis)
    throw new CountersError(`${name}: not a counters file written by vincula simulate --counters`);
  const byKey = new Map(catalogue.programmes.map((p) => [p.key, p]));
  const programmes: ProgrammeVersion[] = file.analysis.programmes.map((key) => {
    const version = byKey.get(key);
    if (!version)
      throw new CountersError(`${name}: programme version ${key} is not in the loaded programmes`);
    return version;
  });
  const a = file.analysis;
  const analysis: OverlapAnalysis = {
    asOf: a.asOf,
    evaluator: a.evaluator,
    population: a.population,
    programmes,
    eligible: Int32Array.from(a.eligible),
    undetermined: Int32Array.from(a.undetermined),
    ineligible: Int32Array.from(a.ineligible),
    eligibleMembers: Float64Array.from(a.eligibleMembers),
    eligibleByStage: a.eligibleByStage.map((m) => new Map(m)),
    both: Int32Array.from(a.both),
    separating: new Map(a.separating.map(([k, m]) => [k, new Map(m)])),
    segments: new Map(a.segments.map(([k, m]) => [k, new Map(m)])),
    tracked: new Map(a.tracked.map(([k, m]) => [k, new Map(m)])),
  };
  return { run: file.run, shard: file.shard, analysis };
}

const describeRun = (run: RunIdentity) =>
  `${run.groups} groups, seed ${run.seed}, as of ${run.asOf}, ${run.evaluator} evaluator, ${run.source}`;

/**
 * The analysis of the whole run from its shards' counters files (any order): every shard 1..n exactly
 * once, all of the same run, drawn from the same distributions and programmes as are loaded now.
 */
export function mergeCounters(
  files: readonly { name: string; text: string }[],
  catalogue: Catalogue,
  distributions: unknown,
): { run: RunIdentity; analysis: OverlapAnalysis } {
  if (files.length === 0) throw new CountersError('no counters files to merge');
  const parts = files.map((f) => ({ name: f.name, ...readCounters(f.name, f.text, catalogue) }));
  const [first] = parts;
  if (!first) throw new CountersError('no counters files to merge');
  const { run } = first;
  const fingerprint = runFingerprint(catalogue, distributions);
  for (const part of parts) {
    const { run: r } = part;
    if (
      r.groups !== run.groups ||
      r.seed !== run.seed ||
      r.asOf !== run.asOf ||
      r.evaluator !== run.evaluator ||
      r.source !== run.source ||
      r.fingerprint !== run.fingerprint
    ) {
      throw new CountersError(
        `${part.name} is a part of another run (${describeRun(r)}) than ${first.name} (${describeRun(run)})`,
      );
    }
    if (part.shard.of !== first.shard.of)
      throw new CountersError(
        `${part.name} is shard ${part.shard.index}/${part.shard.of}, ${first.name} ${first.shard.index}/${first.shard.of}: the parts split the run differently`,
      );
  }
  if (run.fingerprint !== fingerprint)
    throw new CountersError(
      'the parts were drawn from other distributions or analysed with other programmes than those loaded now: merge with the same --dir and --distributions as the shards',
    );
  const byIndex = new Map<number, (typeof parts)[number]>();
  for (const part of parts) {
    const again = byIndex.get(part.shard.index);
    if (again)
      throw new CountersError(
        `${part.name} and ${again.name} are both shard ${part.shard.index}/${part.shard.of}`,
      );
    byIndex.set(part.shard.index, part);
  }
  const missing: number[] = [];
  for (let i = 1; i <= first.shard.of; i++) if (!byIndex.has(i)) missing.push(i);
  if (missing.length > 0)
    throw new CountersError(
      `shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${first.shard.of}`).join(', ')} missing: run ${missing.length === 1 ? 'it' : 'them'} (vincula simulate … --shard i/${first.shard.of} --counters FILE) and merge again`,
    );
  const ordered = [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, part]) => part.analysis);
  return { run, analysis: mergeAnalyses(ordered) };
}
