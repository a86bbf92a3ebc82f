import type { Catalogue, ProgrammeVersion } from '../rules/catalogue';
import type { IsoDate } from '../rules/dates';
import { VALUE_LABELS } from '../rules/explain';
import type { Group } from '../rules/group';
import type { Localized } from '../rules/i18n';
import type { Currency } from '../rules/money';
import type { AppliedChange, AppliedScenario } from '../rules/scenario';
import { CODE_OF_STATUS } from '../rules/status';
import { DEFAULT_DISTRIBUTIONS, type Distributions } from './distributions';
import {
  DEFAULT_EVALUATOR,
  EVALUATORS,
  type PopulationEvaluatorFactory,
  programmesInForce,
  verdictBuffer,
} from './evaluator';
import type { Flag } from './flags';
import { lineDemands } from './flags/population';
import { major } from './flags/shared';
import type { OverlapAnalysis, Population, PopulationInfo } from './overlaps';
import { jaccard } from './overlaps';
import { analysePopulation, type CoordinationReport, coordinationReport } from './report';
import { DIMENSION_LABELS, type SegmentDimension, UNKNOWN } from './segments';
import { syntheticGroups } from './synthetic';

/**
 * A scenario against the baseline, side by side on the same population (the same groups, drawn
 * again from the same seed or read again from the same source): coverage per programme, the groups
 * that gain or lose eligibility and the criteria behind it, overlaps, segments eligible for nothing,
 * flags raised and cleared, and demand against each budget line.
 */

export interface Side {
  eligible: number;
  undetermined: number;
  coverage: number;
}

export interface CriterionCount {
  /** A criterion id, or "stage:<id>". */
  criterion: string;
  label: Localized;
  groups: number;
}

export interface ProgrammeComparison {
  key: string;
  name: Localized;
  baseline: Side;
  scenario: Side;
  /** Groups eligible in the scenario that were not in the baseline, and what had kept them out. */
  gained: number;
  gainedBecause: CriterionCount[];
  /** Groups eligible in the baseline that are not in the scenario, and what keeps them out now. */
  lost: number;
  lostBecause: CriterionCount[];
}

export interface PairComparison {
  a: { key: string; name: Localized };
  b: { key: string; name: Localized };
  baseline: { both: number; jaccard: number };
  scenario: { both: number; jaccard: number };
}

export interface SegmentComparison {
  dimension: SegmentDimension;
  dimensionLabel: Localized;
  value: string;
  /** The value as people read it (a territory's name, a legal form in words). */
  label: Localized;
  groups: number;
  baseline: { eligibleForNothing: number; share: number };
  scenario: { eligibleForNothing: number; share: number };
}

export interface BudgetComparison {
  key: string;
  name: Localized;
  line: string;
  lineLabel: Localized;
  currency: Currency;
  baseline: { budget: number; demand: number; groups: number };
  scenario: { budget: number; demand: number; groups: number };
}

export interface ScenarioComparison {
  name: Localized;
  description?: Localized;
  changes: AppliedChange[];
  asOf: IsoDate;
  population: PopulationInfo | { kind: 'none'; size: 0 };
  programmes: ProgrammeComparison[];
  pairs: PairComparison[];
  segments: SegmentComparison[];
  flags: { raised: Flag[]; cleared: Flag[]; baseline: number; scenario: number };
  budget: BudgetComparison[];
}

export interface CompareOptions {
  baseline: Catalogue;
  scenario: AppliedScenario;
  asOf: IsoDate;
  /** The population, once per pass: each call must give the same groups in the same order. */
  population?: () => Population;
  evaluator?: PopulationEvaluatorFactory;
  yieldEvery?: number;
}

const ELIGIBLE = CODE_OF_STATUS.eligible;
const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;
const turn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export async function compareScenario(options: CompareOptions): Promise<ScenarioComparison> {
  const { baseline, asOf } = options;
  const catalogue = options.scenario.catalogue;
  const evaluator = options.evaluator ?? (EVALUATORS[DEFAULT_EVALUATOR] as PopulationEvaluatorFactory);
  const analyse = async (c: Catalogue): Promise<OverlapAnalysis | undefined> =>
    options.population
      ? analysePopulation({
          catalogue: c,
          asOf,
          population: options.population(),
          evaluator,
          ...(options.yieldEvery ? { yieldEvery: options.yieldEvery } : {}),
        })
      : undefined;
  const before = await analyse(baseline);
  const after = await analyse(catalogue);
  const base = coordinationReport({ catalogue: baseline, asOf, ...(before ? { analysis: before } : {}) });
  const next = coordinationReport({ catalogue, asOf, ...(after ? { analysis: after } : {}) });
  const transitions = options.population
    ? await diffPass(baseline, catalogue, asOf, options.population(), evaluator, options.yieldEvery ?? 0)
    : undefined;

  const baseIds = new Set(base.flags.map((f) => f.id));
  const nextIds = new Set(next.flags.map((f) => f.id));
  const { scenario } = options.scenario;
  return {
    name: scenario.name,
    ...(scenario.description ? { description: scenario.description } : {}),
    changes: options.scenario.changes,
    asOf,
    population: before?.population ?? { kind: 'none', size: 0 },
    programmes: before && after ? programmeRows(before, after, transitions) : [],
    pairs: before && after ? pairRows(before, after) : [],
    segments: before && after ? segmentRows(baseline, before, after) : [],
    flags: {
      raised: next.flags.filter((f) => !baseIds.has(f.id)),
      cleared: base.flags.filter((f) => !nextIds.has(f.id)),
      baseline: base.flags.length,
      scenario: next.flags.length,
    },
    budget: budgetRows(base, next),
  };
}

interface Transitions {
  programmes: readonly ProgrammeVersion[];
  gained: Int32Array;
  lost: Int32Array;
  /** Per programme: failure index → groups. */
  gainedBecause: Map<number, number>[];
  lostBecause: Map<number, number>[];
  baseNames: readonly (readonly string[])[];
  nextNames: readonly (readonly string[])[];
}

/** Each group evaluated under both catalogues: who gains or loses eligibility, and on which criteria. */
async function diffPass(
  baseline: Catalogue,
  scenario: Catalogue,
  asOf: IsoDate,
  population: Population,
  factory: PopulationEvaluatorFactory,
  yieldEvery: number,
): Promise<Transitions> {
  const a = factory(baseline, programmesInForce(baseline, asOf), asOf);
  const b = factory(scenario, programmesInForce(scenario, asOf), asOf);
  const P = a.programmes.length;
  const outA = verdictBuffer(a);
  const outB = verdictBuffer(b);
  const t: Transitions = {
    programmes: a.programmes,
    gained: new Int32Array(P),
    lost: new Int32Array(P),
    gainedBecause: a.programmes.map(() => new Map()),
    lostBecause: a.programmes.map(() => new Map()),
    baseNames: a.failureNames,
    nextNames: b.failureNames,
  };
  const bump = (m: Map<number, number>, k: number) => m.set(k, (m.get(k) ?? 0) + 1);
  let n = 0;
  const each = async (group: Group) => {
    await a.evaluate(group, outA);
    await b.evaluate(group, outB);
    for (let p = 0; p < P; p++) {
      const was = outA.status[p] === ELIGIBLE;
      const is = outB.status[p] === ELIGIBLE;
      if (was === is) continue;
      if (is) {
        t.gained[p] = (t.gained[p] as number) + 1;
        const names = t.baseNames[p] ?? [];
        for (let f = 0; f < names.length; f++)
          if (outA.fails(p, f)) bump(t.gainedBecause[p] as Map<number, number>, f);
      } else {
        t.lost[p] = (t.lost[p] as number) + 1;
        const names = t.nextNames[p] ?? [];
        for (let f = 0; f < names.length; f++)
          if (outB.fails(p, f)) bump(t.lostBecause[p] as Map<number, number>, f);
      }
    }
    if (yieldEvery && ++n % yieldEvery === 0) await turn();
  };
  const groups = population.groups as AsyncIterable<Group> | Iterable<Group>;
  if (Symbol.asyncIterator in groups) for await (const g of groups) await each(g);
  else for (const g of groups as Iterable<Group>) await each(g);
  return t;
}

/** A failure's words: the criterion's label, or the stage's name. */
function failureLabel(version: ProgrammeVersion, name: string): Localized {
  if (name.startsWith('stage:')) {
    const stage = version.stages.find((s) => s.id === name.slice(6));
    return stage
      ? { es: `etapa «${stage.name.es}»`, en: `stage "${stage.name.en}"` }
      : { es: name, en: name };
  }
  return version.criteria.find((c) => c.id === name)?.label ?? { es: name, en: name };
}

function ranked(version: ProgrammeVersion, names: readonly string[], counts: Map<number, number>) {
  return [...counts]
    .sort((x, y) => y[1] - x[1] || x[0] - y[0])
    .map(([f, groups]) => ({
      criterion: names[f] as string,
      label: failureLabel(version, names[f] as string),
      groups,
    }));
}

const side = (analysis: OverlapAnalysis, i: number): Side => ({
  eligible: analysis.eligible[i] as number,
  undetermined: analysis.undetermined[i] as number,
  coverage: round(analysis.population.size ? (analysis.eligible[i] as number) / analysis.population.size : 0),
});

function programmeRows(
  before: OverlapAnalysis,
  after: OverlapAnalysis,
  t: Transitions | undefined,
): ProgrammeComparison[] {
  return before.programmes.map((version, i) => {
    const j = after.programmes.findIndex((p) => p.key === version.key);
    const scenarioVersion = (after.programmes[j] ?? version) as ProgrammeVersion;
    const k = t ? t.programmes.findIndex((p) => p.key === version.key) : -1;
    return {
      key: version.key,
      name: version.name,
      baseline: side(before, i),
      scenario: j >= 0 ? side(after, j) : { eligible: 0, undetermined: 0, coverage: 0 },
      gained: t && k >= 0 ? (t.gained[k] as number) : 0,
      gainedBecause:
        t && k >= 0 ? ranked(version, t.baseNames[k] ?? [], t.gainedBecause[k] as Map<number, number>) : [],
      lost: t && k >= 0 ? (t.lost[k] as number) : 0,
      lostBecause:
        t && k >= 0
          ? ranked(scenarioVersion, t.nextNames[k] ?? [], t.lostBecause[k] as Map<number, number>)
          : [],
    };
  });
}

function pairRows(before: OverlapAnalysis, after: OverlapAnalysis): PairComparison[] {
  const P = before.programmes.length;
  const out: PairComparison[] = [];
  const index = new Map(after.programmes.map((p, i) => [p.key, i]));
  const Q = after.programmes.length;
  for (let a = 0; a < P; a++) {
    for (let b = a + 1; b < P; b++) {
      const va = before.programmes[a] as ProgrammeVersion;
      const vb = before.programmes[b] as ProgrammeVersion;
      const both = before.both[a * P + b] as number;
      const x = index.get(va.key);
      const y = index.get(vb.key);
      const [lo, hi] = [x ?? -1, y ?? -1].sort((m, n) => m - n) as [number, number];
      const bothAfter = lo >= 0 ? (after.both[lo * Q + hi] as number) : 0;
      if (!both && !bothAfter) continue;
      out.push({
        a: { key: va.key, name: va.name },
        b: { key: vb.key, name: vb.name },
        baseline: {
          both,
          jaccard: round(jaccard(before.eligible[a] as number, before.eligible[b] as number, both)),
        },
        scenario: {
          both: bothAfter,
          jaccard:
            x !== undefined && y !== undefined
              ? round(jaccard(after.eligible[x] as number, after.eligible[y] as number, bothAfter))
              : 0,
        },
      });
    }
  }
  return out;
}

const YES_NO: Record<string, Localized> = { yes: { es: 'sí', en: 'yes' }, no: { es: 'no', en: 'no' } };

function segmentLabel(catalogue: Catalogue, dimension: SegmentDimension, value: string): Localized {
  if ((dimension === 'state' || dimension === 'municipality') && catalogue.territories.has(value)) {
    const name = catalogue.territories.name(value);
    return { es: name, en: name };
  }
  if (dimension === 'size') return { es: `${value} integrantes`, en: `${value} members` };
  return (dimension === 'constituted' ? YES_NO[value] : VALUE_LABELS[value]) ?? { es: value, en: value };
}

/** Segments whose groups eligible for nothing changed, largest change first. */
function segmentRows(catalogue: Catalogue, before: OverlapAnalysis, after: OverlapAnalysis) {
  const out: SegmentComparison[] = [];
  for (const [dimension, values] of before.segments) {
    for (const [value, t] of values) {
      if (value === UNKNOWN || !t.groups) continue;
      const u = after.segments.get(dimension)?.get(value);
      const now = u?.eligibleForNothing ?? t.eligibleForNothing;
      if (now === t.eligibleForNothing) continue;
      out.push({
        dimension,
        dimensionLabel: DIMENSION_LABELS[dimension],
        value,
        label: segmentLabel(catalogue, dimension, value),
        groups: t.groups,
        baseline: { eligibleForNothing: t.eligibleForNothing, share: round(t.eligibleForNothing / t.groups) },
        scenario: { eligibleForNothing: now, share: round(now / t.groups) },
      });
    }
  }
  return out.sort(
    (x, y) =>
      Math.abs(y.scenario.share - y.baseline.share) - Math.abs(x.scenario.share - x.baseline.share) ||
      y.groups - x.groups,
  );
}

function budgetRows(base: CoordinationReport, next: CoordinationReport): BudgetComparison[] {
  const after = new Map(lineDemands(next.model).map((d) => [`${d.version.key}/${d.line.id}`, d]));
  return lineDemands(base.model).map((d) => {
    const n = after.get(`${d.version.key}/${d.line.id}`) ?? d;
    const currency = d.line.amount.currency;
    return {
      key: d.version.key,
      name: d.version.name,
      line: d.line.id,
      lineLabel: d.line.label,
      currency,
      baseline: {
        budget: major(d.line.amount),
        demand: major({ minor: Math.round(d.demand), currency }),
        groups: d.groups,
      },
      scenario: {
        budget: major(n.line.amount),
        demand: major({ minor: Math.round(n.demand), currency }),
        groups: n.groups,
      },
    };
  });
}

/** The documented synthetic population as a factory: every call draws the same groups (same seed). */
export function syntheticPopulation(
  catalogue: Catalogue,
  options: { groups: number; seed: number; distributions?: Distributions; source?: string },
): () => Population {
  return () => ({
    info: { kind: 'synthetic', seed: options.seed, source: options.source ?? 'src/graph/distributions.json' },
    expected: options.groups,
    groups: syntheticGroups(options.distributions ?? DEFAULT_DISTRIBUTIONS, {
      count: options.groups,
      seed: options.seed,
      territories: catalogue.territories,
    }),
  });
}
