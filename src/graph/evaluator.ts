import type { Catalogue, ProgrammeVersion } from '../rules/catalogue';
import { compiled, FactCache } from '../rules/compiled';
import type { IsoDate } from '../rules/dates';
import { exclusionChecks } from '../rules/exclusions';
import type { Group } from '../rules/group';
import { type EvaluatorName, Matcher } from '../rules/match';
import { CODE_OF_STATUS, type CodeDecision, failureNames } from '../rules/status';

/**
 * The one seam between the overlap analysis and an evaluator. The analysis asks, for each group of a
 * population, the status of every programme in force as compact verdicts (a status code, a stage
 * index and a bitset of failing criteria per programme, in one reused buffer), and keeps only
 * counters: no result object outlives its group, so memory does not grow with the population.
 */

/** Per-group verdicts for P programmes, reused from group to group. */
export class VerdictBuffer {
  /** Per programme: the status as a verdict code (CODE_OF_STATUS: 0 ineligible, 1 undetermined, 2 eligible). */
  readonly status: Uint8Array;
  /** Per programme: index in version.stages of the stage the status refers to, or -1. */
  readonly stage: Int16Array;
  /** Per programme, `words` words: bit i set when failure i (`failureNames`) fails where the status is decided. */
  readonly failing: Uint32Array;

  constructor(
    programmes: number,
    readonly words: number,
  ) {
    this.status = new Uint8Array(programmes);
    this.stage = new Int16Array(programmes);
    this.failing = new Uint32Array(programmes * words);
  }

  fails(programme: number, failure: number): boolean {
    const word = this.failing[programme * this.words + (failure >>> 5)] as number;
    return (word & (1 << (failure & 31))) !== 0;
  }

  /** Marks a failure (for evaluators that get failures by name). */
  fail(programme: number, failure: number): void {
    const at = programme * this.words + (failure >>> 5);
    this.failing[at] = (this.failing[at] as number) | (1 << (failure & 31));
  }
}

export interface PopulationEvaluator {
  /** Shown with the results: "compiled" or "reference". */
  readonly name: string;
  /** The programme versions evaluated; verdicts are index-aligned with this list. */
  readonly programmes: readonly ProgrammeVersion[];
  /** Per programme, what each failing bit names: criterion ids, then `stage:<id>`. */
  readonly failureNames: readonly (readonly string[])[];
  /** Writes one group's verdicts; synchronous (compiled) or asynchronous (json-rules-engine). */
  evaluate(group: Group, out: VerdictBuffer): void | Promise<void>;
}

export type PopulationEvaluatorFactory = (
  catalogue: Catalogue,
  programmes: readonly ProgrammeVersion[],
  asOf: IsoDate,
) => PopulationEvaluator;

/** A buffer sized for an evaluator's programmes and failures. */
export function verdictBuffer(evaluator: PopulationEvaluator): VerdictBuffer {
  const most = Math.max(1, ...evaluator.failureNames.map((n) => n.length));
  return new VerdictBuffer(evaluator.programmes.length, Math.ceil(most / 32));
}

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
 * The compiled evaluator, straight to compact verdicts: no explanation is built, and each fact is
 * computed once per group for every programme that reads it.
 */
export const compiledPopulationEvaluator: PopulationEvaluatorFactory = (catalogue, programmes, asOf) => {
  const compiledProgrammes = programmes.map((p) => compiled(p));
  const scratch = programmes.map((p) => new Uint8Array(p.criteria.length));
  const cache = new FactCache();
  const decision: CodeDecision = { status: 0, stage: -1 };
  return {
    name: 'compiled',
    programmes,
    failureNames: compiledProgrammes.map((p) => p.failureNames),
    evaluate(group, out) {
      out.failing.fill(0);
      const context = { group, asOf, territories: catalogue.territories };
      for (let p = 0; p < compiledProgrammes.length; p++) {
        const failing = { words: out.failing, offset: p * out.words * 32 };
        const version = programmes[p] as ProgrammeVersion;
        (compiledProgrammes[p] as (typeof compiledProgrammes)[number]).status(
          context,
          cache,
          scratch[p] as Uint8Array,
          decision,
          failing,
          group.enrolments || version.exclusions.length
            ? exclusionChecks(catalogue, version, group.enrolments)
            : undefined,
        );
        out.status[p] = decision.status;
        out.stage[p] = decision.stage;
      }
    },
  };
};

/**
 * The reference: the full Matcher on json-rules-engine (the status, failing criteria and stage a case
 * worker sees), turned into the same compact verdicts. Slow but authoritative, for audits.
 */
export const referencePopulationEvaluator: PopulationEvaluatorFactory = (catalogue, programmes, asOf) => {
  const matcher = new Matcher(catalogue, 'reference');
  const ids = programmes.map((p) => p.id);
  const index = new Map(programmes.map((p, i) => [p.key, i]));
  const names = programmes.map((p) => failureNames(p));
  const bit = names.map((list) => new Map(list.map((name, i) => [name, i])));
  return {
    name: 'reference',
    programmes,
    failureNames: names,
    async evaluate(group, out) {
      out.failing.fill(0);
      out.status.fill(CODE_OF_STATUS.undetermined);
      out.stage.fill(-1);
      if (!ids.length) return;
      const report = await matcher.match(group, { asOf, programmes: ids });
      for (const result of report.results) {
        const i = index.get(result.programme.key);
        if (i === undefined || result.status === 'not_active' || result.status === 'no_rules') continue;
        const version = programmes[i] as ProgrammeVersion;
        out.status[i] = CODE_OF_STATUS[result.status];
        out.stage[i] = result.stage ? version.stages.findIndex((s) => s.id === result.stage?.id) : -1;
        for (const name of result.failing) {
          const b = bit[i]?.get(name);
          if (b !== undefined) out.fail(i, b);
        }
      }
    },
  };
};

/** Evaluators a caller may choose by name (API `evaluator=`, CLI `--evaluator`). */
export const EVALUATORS: Readonly<Record<EvaluatorName, PopulationEvaluatorFactory>> = {
  compiled: compiledPopulationEvaluator,
  reference: referencePopulationEvaluator,
};
export const DEFAULT_EVALUATOR: EvaluatorName = 'compiled';

/**
 * The largest synthetic or stored population the HTTP API analyses per request, per evaluator,
 * to keep a request within a few seconds on one core: the reference evaluator manages a few
 * hundred groups a second when four programmes are in force, the compiled one tens of thousands.
 * The CLI has no bound.
 */
export const API_GROUP_LIMITS: Readonly<Record<EvaluatorName, number>> = {
  compiled: 20_000,
  reference: 2000,
};

/** The largest population the API and the committee page analyse with the default evaluator. */
export const GRAPH_MAX_GROUPS = API_GROUP_LIMITS[DEFAULT_EVALUATOR];
