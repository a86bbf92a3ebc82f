import type { Catalogue, ProgrammeVersion } from '../rules/catalogue';
import type { IsoDate } from '../rules/dates';
import type { Group } from '../rules/group';
import { Matcher, type Status } from '../rules/match';

/**
 * The one seam between the overlap analysis and an evaluator. The analysis asks, for each group of a
 * population, the status of every programme in force; it keeps only compact counters, so whatever
 * evaluates (the json-rules-engine reference today, a compiled evaluator later) plugs in here.
 */

export type PopulationStatus = Exclude<Status, 'not_active'>;

export interface ProgrammeVerdict {
  status: PopulationStatus;
  /** Criterion ids (and `stage:<id>` prerequisites) that fail where the status is decided. */
  failing: readonly string[];
  /** The stage the status refers to, when the evaluator knows it (budget demand counts per stage). */
  stage?: string;
}

export interface PopulationEvaluator {
  /** Shown with the results, e.g. "reference (json-rules-engine)". */
  readonly name: string;
  /** The programme versions evaluated; verdicts are index-aligned with this list. */
  readonly programmes: readonly ProgrammeVersion[];
  /** May be synchronous (a compiled evaluator) or asynchronous (the json-rules-engine reference). */
  evaluate(group: Group): readonly ProgrammeVerdict[] | Promise<readonly ProgrammeVerdict[]>;
}

export type PopulationEvaluatorFactory = (
  catalogue: Catalogue,
  programmes: readonly ProgrammeVersion[],
  asOf: IsoDate,
) => PopulationEvaluator;

/** Matchable programme versions in force on a date, in catalogue order. */
export function programmesInForce(catalogue: Catalogue, asOf: IsoDate): ProgrammeVersion[] {
  const out: ProgrammeVersion[] = [];
  for (const id of catalogue.programmeIds()) {
    const lookup = catalogue.versionAt(id, asOf);
    if (lookup?.active && lookup.version.matchable) out.push(lookup.version);
  }
  return out;
}

/**
 * The reference implementation: the full Matcher (json-rules-engine, three-valued, the same
 * status, failing criteria and stage a case worker sees). Slow but authoritative.
 */
export const referenceEvaluator: PopulationEvaluatorFactory = (catalogue, programmes, asOf) => {
  const matcher = new Matcher(catalogue);
  const ids = programmes.map((p) => p.id);
  const index = new Map(programmes.map((p, i) => [p.key, i]));
  return {
    name: 'reference (json-rules-engine)',
    programmes,
    async evaluate(group) {
      const verdicts: ProgrammeVerdict[] = programmes.map(() => ({ status: 'undetermined', failing: [] }));
      if (!ids.length) return verdicts;
      const report = await matcher.match(group, { asOf, programmes: ids });
      for (const result of report.results) {
        const i = index.get(result.programme.key);
        if (i === undefined || result.status === 'not_active') continue;
        verdicts[i] = {
          status: result.status,
          failing: result.failing,
          ...(result.stage ? { stage: result.stage.id } : {}),
        };
      }
      return verdicts;
    },
  };
};

/** Evaluators a caller may choose by name. The compiled evaluator joins this list when it exists. */
export const EVALUATORS: Readonly<Record<string, PopulationEvaluatorFactory>> = {
  reference: referenceEvaluator,
};
export const DEFAULT_EVALUATOR = 'reference';

/**
 * The largest synthetic or stored population the HTTP API analyses per request, per evaluator: the
 * reference evaluator manages a few hundred groups a second when four programmes are in force, so
 * 2,000 groups stay within a few seconds. The CLI has no bound.
 */
export const API_GROUP_LIMITS: Readonly<Record<string, number>> = { reference: 2000 };
