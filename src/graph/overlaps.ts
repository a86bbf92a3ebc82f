import type { ProgrammeVersion } from '../rules/catalogue';
import type { IsoDate } from '../rules/dates';
import type { Group } from '../rules/group';
import type { Localized } from '../rules/i18n';
import type { PopulationEvaluator, ProgrammeVerdict } from './evaluator';
import { type SegmentDimension, segmentsOf } from './segments';

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
}

export const trackedKey = (programme: ProgrammeVersion, criterion: string) => `${programme.key}#${criterion}`;

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
  const eligibleByStage = programmes.map(() => new Map<string, number>());
  const both = new Int32Array(P * P);
  const separating = new Map<number, Map<string, number>>();
  const segments = new Map<SegmentDimension, Map<string, SegmentTally>>();
  const tracked = new Map<string, Map<string, PlaceTally>>();
  const trackedList = (options.tracked ?? []).map((t) => ({
    ...t,
    key: trackedKey(programmes[t.programme] as ProgrammeVersion, t.criterion),
  }));
  for (const t of trackedList) tracked.set(t.key, new Map());
  const isEligible = new Uint8Array(P);
  const every = Math.max(1, options.progressEvery ?? 1000);

  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  const separate = (pair: number, verdict: ProgrammeVerdict, programme: ProgrammeVersion) => {
    let counts = separating.get(pair);
    if (!counts) {
      counts = new Map();
      separating.set(pair, counts);
    }
    for (const criterion of verdict.failing) bump(counts, `${programme.id}:${criterion}`);
  };

  let size = 0;
  const add = (group: Group, verdicts: readonly ProgrammeVerdict[]) => {
    size++;
    let anyEligible = false;
    let anyUndetermined = false;
    for (let p = 0; p < P; p++) {
      const v = verdicts[p] as ProgrammeVerdict;
      isEligible[p] = v.status === 'eligible' ? 1 : 0;
      if (v.status === 'eligible') {
        anyEligible = true;
        eligible[p] = (eligible[p] as number) + 1;
        eligibleMembers[p] = (eligibleMembers[p] as number) + (group.members?.length ?? 0);
        bump(eligibleByStage[p] as Map<string, number>, v.stage ?? '');
      } else if (v.status === 'undetermined') {
        anyUndetermined = true;
        undetermined[p] = (undetermined[p] as number) + 1;
      } else ineligible[p] = (ineligible[p] as number) + 1;
    }
    for (let a = 0; a < P; a++) {
      for (let b = a + 1; b < P; b++) {
        const pair = a * P + b;
        if (isEligible[a] && isEligible[b]) both[pair] = (both[pair] as number) + 1;
        else if (isEligible[a] && verdicts[b]?.status === 'ineligible')
          separate(pair, verdicts[b] as ProgrammeVerdict, programmes[b] as ProgrammeVersion);
        else if (isEligible[b] && verdicts[a]?.status === 'ineligible')
          separate(pair, verdicts[a] as ProgrammeVerdict, programmes[a] as ProgrammeVersion);
      }
    }
    for (const [dimension, value] of segmentsOf(group)) {
      let values = segments.get(dimension);
      if (!values) {
        values = new Map();
        segments.set(dimension, values);
      }
      const tally = values.get(value) ?? { groups: 0, eligibleForNothing: 0, undeterminedOnly: 0 };
      tally.groups++;
      if (!anyEligible) {
        tally.eligibleForNothing++;
        if (anyUndetermined) tally.undeterminedOnly++;
      }
      values.set(value, tally);
    }
    const municipality = group.location?.municipality;
    if (municipality) {
      for (const t of trackedList) {
        const places = tracked.get(t.key) as Map<string, PlaceTally>;
        const tally = places.get(municipality) ?? { groups: 0, eligible: 0, failing: 0 };
        const v = verdicts[t.programme] as ProgrammeVerdict;
        tally.groups++;
        if (v.status === 'eligible') tally.eligible++;
        else if (v.status === 'ineligible' && v.failing.includes(t.criterion)) tally.failing++;
        places.set(municipality, tally);
      }
    }
    if (options.onProgress && size % every === 0) options.onProgress(size, undefined);
  };

  const run = async (group: Group) => {
    const result = evaluator.evaluate(group);
    add(group, result instanceof Promise ? await result : result);
  };
  if (Symbol.asyncIterator in population.groups) {
    for await (const group of population.groups as AsyncIterable<Group>) await run(group);
  } else {
    for (const group of population.groups as Iterable<Group>) await run(group);
  }
  options.onProgress?.(size, population.expected);

  return {
    asOf: options.asOf,
    evaluator: evaluator.name,
    population: { ...population.info, size },
    programmes,
    eligible,
    undetermined,
    ineligible,
    eligibleMembers,
    eligibleByStage,
    both,
    separating,
    segments,
    tracked,
  };
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
