import type { ProgrammeVersion } from '../rules/catalogue';
import type { IsoDate } from '../rules/dates';
import type { Group } from '../rules/group';
import type { Localized } from '../rules/i18n';
import { CODE_OF_STATUS } from '../rules/status';
import { type PopulationEvaluator, verdictBuffer } from './evaluator';
import { SEGMENT_DIMENSIONS, type SegmentDimension, segmentValues } from './segments';

/**
 * Overlap analysis: runs an evaluator over a streamed population and keeps only counters (per
 * programme, per pair, per segment), never the groups or their results, so memory does not grow
 * with the population.
 */

export interface PopulationInfo {
  kind: 'synthetic' | 'stored' | 'file';
  size: number;
  seed?: number;
  /** Where the groups came from: the distributions file, the database, the NDJSON file. */
  source?: string;
}

export interface Population {
  info: Omit<PopulationInfo, 'size'>;
  /** How many groups to expect (for progress), when known in advance. */
  expected?: number;
  groups: Iterable<Group> | AsyncIterable<Group>;
}

/** A criterion whose failures are counted per municipality (criteria that depend on a local body). */
export interface TrackedCriterion {
  programme: number;
  criterion: string;
}

export interface SegmentTally {
  groups: number;
  /** Eligible for no programme in force. */
  eligibleForNothing: number;
  /** Eligible for none, but undetermined for at least one (more data could change it). */
  undeterminedOnly: number;
}

export interface PlaceTally {
  groups: number;
  eligible: number;
  /** Ineligible with the tracked criterion among the failing ones. */
  failing: number;
}

export interface OverlapAnalysis {
  asOf: IsoDate;
  evaluator: string;
  population: PopulationInfo;
  programmes: readonly ProgrammeVersion[];
  eligible: Int32Array;
  undetermined: Int32Array;
  ineligible: Int32Array;
  /** Members of the eligible groups, per programme (demand for per-person support). */
  eligibleMembers: Float64Array;
  /** Eligible groups per programme and stage ('' when the evaluator gives no stage). */
  eligibleByStage: Map<string, number>[];
  /** both[a * P + b], a < b: groups eligible for both. */
  both: Int32Array;
  /** Per pair (a * P + b, a < b): failing criteria of the programme a group missed, "programme:criterion" → groups. */
  separating: Map<number, Map<string, number>>;
  segments: Map<SegmentDimension, Map<string, SegmentTally>>;
  tracked: Map<string, Map<string, PlaceTally>>;
}

export interface AnalyseOptions {
  asOf: IsoDate;
  tracked?: readonly TrackedCriterion[];
  /** Called every `progressEvery` groups and at the end. */
  onProgress?: (done: number, expected: number | undefined) => void;
  progressEvery?: number;
  /**
   * Let other work run (a server's other requests) every this many groups; a synchronous
   * evaluator would otherwise hold the thread for the whole population. 0: never (the CLI).
   */
  yieldEvery?: number;
}

/** A macrotask turn: timers exist on Node and Workers alike. */
const turn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export const trackedKey = (programme: ProgrammeVersion, criterion: string) => `${programme.key}#${criterion}`;

const ELIGIBLE = CODE_OF_STATUS.eligible;
const UNDETERMINED = CODE_OF_STATUS.undetermined;
const INELIGIBLE = CODE_OF_STATUS.ineligible;

export async function analyseOverlaps(
  evaluator: PopulationEvaluator,
  population: Population,
  options: AnalyseOptions,
): Promise<OverlapAnalysis> {
  const programmes = evaluator.programmes;
  const P = programmes.length;
  const eligible = new Int32Array(P);
  const undetermined = new Int32Array(P);
  const ineligible = new Int32Array(P);
  const eligibleMembers = new Float64Array(P);
  // Per programme: eligible groups by stage index (the last slot for "no stage").
  const byStage = programmes.map((p) => new Int32Array(p.stages.length + 1));
  const both = new Int32Array(P * P);
  // Per pair (a * P + b) and the programme missed: groups eligible for the other, per failure.
  const missedA = new Map<number, Int32Array>();
  const missedB = new Map<number, Int32Array>();
  const segmentTallies = SEGMENT_DIMENSIONS.map(() => new Map<string, SegmentTally>());
  const values: (string | undefined)[] = [];
  const tracked = new Map<string, Map<string, PlaceTally>>();
  const trackedList = (options.tracked ?? []).map((t) => ({
    ...t,
    key: trackedKey(programmes[t.programme] as ProgrammeVersion, t.criterion),
    failure: (evaluator.failureNames[t.programme] ?? []).indexOf(t.criterion),
  }));
  for (const t of trackedList) tracked.set(t.key, new Map());
  const every = Math.max(1, options.progressEvery ?? 1000);
  const out = verdictBuffer(evaluator);
  const status = out.status;

  /** Counts the failures of programme `p` into `counts` (one slot per failure name). */
  const countFailures = (counts: Map<number, Int32Array>, pair: number, p: number) => {
    const names = evaluator.failureNames[p] ?? [];
    let row = counts.get(pair);
    if (!row) {
      row = new Int32Array(names.length);
      counts.set(pair, row);
    }
    for (let f = 0; f < names.length; f++) if (out.fails(p, f)) row[f] = (row[f] as number) + 1;
  };

  let size = 0;
  const add = (group: Group) => {
    size++;
    let anyEligible = false;
    let anyUndetermined = false;
    const memberCount = group.members?.length ?? 0;
    for (let p = 0; p < P; p++) {
      const s = status[p];
      if (s === ELIGIBLE) {
        anyEligible = true;
        eligible[p] = (eligible[p] as number) + 1;
        eligibleMembers[p] = (eligibleMembers[p] as number) + memberCount;
        const stages = byStage[p] as Int32Array;
        const stage = out.stage[p] as number;
        const slot = stage >= 0 ? stage : stages.length - 1;
        stages[slot] = (stages[slot] as number) + 1;
      } else if (s === UNDETERMINED) {
        anyUndetermined = true;
        undetermined[p] = (undetermined[p] as number) + 1;
      } else ineligible[p] = (ineligible[p] as number) + 1;
    }
    for (let a = 0; a < P; a++) {
      const sa = status[a];
      for (let b = a + 1; b < P; b++) {
        const sb = status[b];
        const pair = a * P + b;
        if (sa === ELIGIBLE && sb === ELIGIBLE) both[pair] = (both[pair] as number) + 1;
        else if (sa === ELIGIBLE && sb === INELIGIBLE) countFailures(missedB, pair, b);
        else if (sb === ELIGIBLE && sa === INELIGIBLE) countFailures(missedA, pair, a);
      }
    }
    segmentValues(group, values);
    for (let d = 0; d < SEGMENT_DIMENSIONS.length; d++) {
      const value = values[d];
      if (value === undefined) continue;
      const tallies = segmentTallies[d] as Map<string, SegmentTally>;
      let tally = tallies.get(value);
      if (!tally) {
        tally = { groups: 0, eligibleForNothing: 0, undeterminedOnly: 0 };
        tallies.set(value, tally);
      }
      tally.groups++;
      if (!anyEligible) {
        tally.eligibleForNothing++;
        if (anyUndetermined) tally.undeterminedOnly++;
      }
    }
    const municipality = group.location?.municipality;
    if (municipality) {
      for (const t of trackedList) {
        const places = tracked.get(t.key) as Map<string, PlaceTally>;
        let tally = places.get(municipality);
        if (!tally) {
          tally = { groups: 0, eligible: 0, failing: 0 };
          places.set(municipality, tally);
        }
        const s = status[t.programme];
        tally.groups++;
        if (s === ELIGIBLE) tally.eligible++;
        else if (s === INELIGIBLE && t.failure >= 0 && out.fails(t.programme, t.failure)) tally.failing++;
      }
    }
    if (options.onProgress && size % every === 0) options.onProgress(size, undefined);
  };

  const step = (group: Group): Promise<void> | undefined => {
    const pending = evaluator.evaluate(group, out);
    if (pending) return pending.then(() => add(group));
    add(group);
    return undefined;
  };
  if (Symbol.asyncIterator in population.groups) {
    for await (const group of population.groups as AsyncIterable<Group>) await step(group);
  } else {
    // A synchronous evaluator over a synchronous population runs without a microtask per group.
    const yieldEvery = options.yieldEvery ?? 0;
    for (const group of population.groups as Iterable<Group>) {
      const pending = step(group);
      if (pending) await pending;
      if (yieldEvery && size % yieldEvery === 0) await turn();
    }
  }
  options.onProgress?.(size, population.expected);

  const separating = new Map<number, Map<string, number>>();
  for (const [counts, side] of [
    [missedA, 'a'],
    [missedB, 'b'],
  ] as const) {
    for (const [pair, row] of counts) {
      const p = side === 'a' ? Math.floor(pair / P) : pair % P;
      const programme = programmes[p] as ProgrammeVersion;
      const names = evaluator.failureNames[p] ?? [];
      let map = separating.get(pair);
      if (!map) {
        map = new Map();
        separating.set(pair, map);
      }
      row.forEach((n, f) => {
        if (n) map.set(`${programme.id}:${names[f]}`, (map.get(`${programme.id}:${names[f]}`) ?? 0) + n);
      });
    }
  }

  return inCanonicalOrder({
    asOf: options.asOf,
    evaluator: evaluator.name,
    population: { ...population.info, size },
    programmes,
    eligible,
    undetermined,
    ineligible,
    eligibleMembers,
    eligibleByStage: programmes.map((p, i) => {
      const counts = byStage[i] as Int32Array;
      const map = new Map<string, number>();
      counts.forEach((n, slot) => {
        if (n) map.set(slot < p.stages.length ? (p.stages[slot]?.id as string) : '', n);
      });
      return map;
    }),
    both,
    separating,
    segments: segmentsMap(segmentTallies),
    tracked,
  });
}

/** The tallies by dimension, leaving out dimensions no group had a value for. */
function segmentsMap(tallies: Map<string, SegmentTally>[]): Map<SegmentDimension, Map<string, SegmentTally>> {
  const out = new Map<SegmentDimension, Map<string, SegmentTally>>();
  tallies.forEach((values, d) => {
    if (values.size) out.set(SEGMENT_DIMENSIONS[d] as SegmentDimension, values);
  });
  return out;
}

/** Jaccard index of two eligible sets: |A ∩ B| / |A ∪ B| (0 when both are empty). */
export function jaccard(a: number, b: number, both: number): number {
  const union = a + b - both;
  return union === 0 ? 0 : both / union;
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

export interface OverlapPair {
  a: string;
  b: string;
  both: number;
  jaccard: number;
  /** Criteria that keep groups eligible for one out of the other, most decisive first ("programme:criterion"). */
  separating: string[];
  separatingGroups: number[];
}

export interface OverlapsJson {
  asOf: IsoDate;
  evaluator: string;
  population: PopulationInfo;
  programmes: {
    key: string;
    id: string;
    label: Localized;
    eligible: number;
    undetermined: number;
    ineligible: number;
    coverage: number;
  }[];
  pairs: OverlapPair[];
  gaps: {
    segment: { dimension: SegmentDimension; value: string };
    groups: number;
    eligibleForNothing: number;
    undeterminedOnly: number;
    share: number;
  }[];
}

/** Every pair of programmes in force, with its overlap. */
export function overlapPairs(analysis: OverlapAnalysis, top = 5): OverlapPair[] {
  const P = analysis.programmes.length;
  const pairs: OverlapPair[] = [];
  for (let a = 0; a < P; a++) {
    for (let b = a + 1; b < P; b++) {
      const pair = a * P + b;
      const both = analysis.both[pair] as number;
      const ranked = [...(analysis.separating.get(pair) ?? new Map<string, number>()).entries()]
        .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
        .slice(0, top);
      pairs.push({
        a: (analysis.programmes[a] as ProgrammeVersion).key,
        b: (analysis.programmes[b] as ProgrammeVersion).key,
        both,
        jaccard: round(jaccard(analysis.eligible[a] as number, analysis.eligible[b] as number, both)),
        separating: ranked.map(([c]) => c),
        separatingGroups: ranked.map(([, n]) => n),
      });
    }
  }
  return pairs;
}

/** The JSON the API and the CLI give for an overlap analysis. */
export function overlapsJson(analysis: OverlapAnalysis): OverlapsJson {
  const size = analysis.population.size;
  const gaps: OverlapsJson['gaps'] = [];
  for (const [dimension, values] of analysis.segments) {
    for (const [value, t] of values) {
      gaps.push({
        segment: { dimension, value },
        groups: t.groups,
        eligibleForNothing: t.eligibleForNothing,
        undeterminedOnly: t.undeterminedOnly,
        share: round(t.groups ? t.eligibleForNothing / t.groups : 0),
      });
    }
  }
  gaps.sort(
    (x, y) =>
      y.share - x.share ||
      y.groups - x.groups ||
      x.segment.dimension.localeCompare(y.segment.dimension) ||
      x.segment.value.localeCompare(y.segment.value),
  );
  return {
    asOf: analysis.asOf,
    evaluator: analysis.evaluator,
    population: analysis.population,
    programmes: analysis.programmes.map((p, i) => ({
      key: p.key,
      id: p.id,
      label: p.name,
      eligible: analysis.eligible[i] as number,
      undetermined: analysis.undetermined[i] as number,
      ineligible: analysis.ineligible[i] as number,
      coverage: round(size ? (analysis.eligible[i] as number) / size : 0),
    })),
    pairs: overlapPairs(analysis),
    gaps,
  };
}

/**
 * The maps of an analysis in one order whatever produced it (one thread, or merged parts): stages in
 * their order then "no stage", pairs by index and their criteria by name, segments by dimension with
 * values and places in the order they first appear in the stream.
 */
function inCanonicalOrder(analysis: OverlapAnalysis): OverlapAnalysis {
  const stageOrder = (p: ProgrammeVersion) => (id: string) => {
    const i = p.stages.findIndex((s) => s.id === id);
    return i < 0 ? p.stages.length : i;
  };
  const byKey = <K, V>(map: Map<K, V>, rank: (k: K) => number | string) =>
    new Map(
      [...map].sort(([a], [b]) => {
        const x = rank(a);
        const y = rank(b);
        return x < y ? -1 : x > y ? 1 : 0;
      }),
    );
  const dimensions = (d: SegmentDimension) => SEGMENT_DIMENSIONS.indexOf(d);
  return {
    ...analysis,
    eligibleByStage: analysis.eligibleByStage.map((m, i) =>
      byKey(m, stageOrder(analysis.programmes[i] as ProgrammeVersion)),
    ),
    separating: new Map(
      [...byKey(analysis.separating, (pair) => pair)].map(([pair, counts]) => [
        pair,
        byKey(counts, (k) => k),
      ]),
    ),
    segments: byKey(analysis.segments, dimensions),
  };
}

/**
 * The analysis of a population split into consecutive parts, from the parts' analyses (in order):
 * counters add up, values and places keep the order in which they first appear in the whole stream,
 * and the rest is put in canonical order, so the result equals the analysis of the whole population
 * run in one piece, map order included.
 */
export function mergeAnalyses(parts: readonly OverlapAnalysis[]): OverlapAnalysis {
  const [first, ...rest] = parts;
  if (!first) throw new Error('nothing to merge');
  const add = (into: Int32Array | Float64Array, from: Int32Array | Float64Array) => {
    for (let i = 0; i < into.length; i++) into[i] = (into[i] as number) + (from[i] as number);
  };
  const sum = <K>(into: Map<K, number>, from: Map<K, number>) => {
    for (const [k, n] of from) into.set(k, (into.get(k) ?? 0) + n);
  };
  const nested = <K, J, T extends object>(
    into: Map<K, Map<J, T>>,
    from: Map<K, Map<J, T>>,
    merge: (a: T, b: T) => void,
  ) => {
    for (const [k, inner] of from) {
      let target = into.get(k);
      if (!target) {
        target = new Map();
        into.set(k, target);
      }
      for (const [j, tally] of inner) {
        const existing = target.get(j);
        if (existing) merge(existing, tally);
        else target.set(j, { ...tally });
      }
    }
  };
  const merged: OverlapAnalysis = {
    ...first,
    population: { ...first.population },
    eligible: first.eligible.slice(),
    undetermined: first.undetermined.slice(),
    ineligible: first.ineligible.slice(),
    eligibleMembers: first.eligibleMembers.slice(),
    eligibleByStage: first.eligibleByStage.map((m) => new Map(m)),
    both: first.both.slice(),
    separating: new Map([...first.separating].map(([k, m]) => [k, new Map(m)])),
    segments: new Map(),
    tracked: new Map(),
  };
  const tallies = (a: SegmentTally, b: SegmentTally) => {
    a.groups += b.groups;
    a.eligibleForNothing += b.eligibleForNothing;
    a.undeterminedOnly += b.undeterminedOnly;
  };
  const places = (a: PlaceTally, b: PlaceTally) => {
    a.groups += b.groups;
    a.eligible += b.eligible;
    a.failing += b.failing;
  };
  nested(merged.segments, first.segments, tallies);
  nested(merged.tracked, first.tracked, places);
  for (const part of rest) {
    if (part.asOf !== first.asOf || part.programmes.length !== first.programmes.length)
      throw new Error('the parts analyse different dates or programmes');
    merged.population.size += part.population.size;
    add(merged.eligible, part.eligible);
    add(merged.undetermined, part.undetermined);
    add(merged.ineligible, part.ineligible);
    add(merged.eligibleMembers, part.eligibleMembers);
    add(merged.both, part.both);
    for (const [i, m] of part.eligibleByStage.entries())
      sum(merged.eligibleByStage[i] as Map<string, number>, m);
    for (const [pair, counts] of part.separating) {
      const into = merged.separating.get(pair) ?? new Map<string, number>();
      merged.separating.set(pair, into);
      sum(into, counts);
    }
    nested(merged.segments, part.segments, tallies);
    nested(merged.tracked, part.tracked, places);
  }
  return inCanonicalOrder(merged);
}
