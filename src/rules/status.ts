import type { ProgrammeVersion } from './catalogue';
import { codeOf, FAILED, PASSED, UNKNOWN, type Verdict, type VerdictCode, verdictOf } from './verdict';

/**
 * The one place that turns criterion verdicts into a programme status: base criteria, stage
 * criteria and stage prerequisites, combined three-valued; the status is the best stage's.
 * Every evaluator (the json-rules-engine reference, the compiled one) goes through here: `decide`
 * gives the whole decision for explanations, `decideCodes` the same status and stage on verdict
 * codes, without allocating, for population-scale work. Both read the same plan and the same
 * stage choice (`chooseStage`).
 */

export type DecidedStatus = 'eligible' | 'undetermined' | 'ineligible';

export interface StageDecision {
  id: string;
  status: DecidedStatus;
  /** Criteria that apply at this stage (base criteria and the stage's own). */
  criteria: string[];
  requires: { stage: string; verdict: Verdict }[];
}

export interface Decision {
  status: DecidedStatus;
  /** Criteria the status rests on. */
  focus: string[];
  stages: StageDecision[];
  /** Index in `stages` of the stage the status refers to. */
  stage?: number;
}

/** A programme version's criteria and stages as indices into `version.criteria`, built once. */
export interface StatusPlan {
  /** Group criteria without a stage. */
  base: number[];
  stages: {
    id: string;
    /** Base criteria and the stage's own group criteria. */
    criteria: number[];
    requires: { stage: string; key: string }[];
  }[];
}

const plans = new WeakMap<ProgrammeVersion, StatusPlan>();

export function statusPlan(version: ProgrammeVersion): StatusPlan {
  let plan = plans.get(version);
  if (plan) return plan;
  const base: number[] = [];
  version.criteria.forEach((c, i) => {
    if (!c.stage && c.scope === 'group') base.push(i);
  });
  plan = {
    base,
    stages: version.stages.map((s) => {
      const criteria = [...base];
      version.criteria.forEach((c, i) => {
        if (c.stage === s.id && c.scope === 'group') criteria.push(i);
      });
      return {
        id: s.id,
        criteria,
        requires: s.requires.map((r) => ({ stage: r, key: `${version.id}:${r}` })),
      };
    }),
  };
  plans.set(version, plan);
  return plan;
}

/**
 * Every way a version can fail where its status is decided, in a fixed order: its criteria (by
 * index), then `stage:<id>` for each stage as a prerequisite, then `exclusion:<id>` for each of its
 * exclusions (src/rules/exclusions.ts). Compact verdicts number failures so.
 */
export function failureNames(version: ProgrammeVersion): string[] {
  return [
    ...version.criteria.map((c) => c.id),
    ...version.stages.map((s) => `stage:${s.id}`),
    ...version.exclusions.map((e) => `exclusion:${e.id}`),
  ];
}

/** A status as a verdict code and back: ineligible is FAILED, undetermined UNKNOWN, eligible PASSED. */
export const STATUS_OF_CODE: readonly DecidedStatus[] = ['ineligible', 'undetermined', 'eligible'];
export const CODE_OF_STATUS: Readonly<Record<DecidedStatus, VerdictCode>> = {
  ineligible: FAILED,
  undetermined: UNKNOWN,
  eligible: PASSED,
};

export function statusOf(verdict: Verdict): DecidedStatus {
  return STATUS_OF_CODE[codeOf(verdict)] as DecidedStatus;
}

/** A stage prerequisite: passed when completed, failed when not, unknown when the history is unknown. */
const prerequisite = (completed: readonly string[] | undefined, key: string): VerdictCode =>
  completed === undefined ? UNKNOWN : completed.includes(key) ? PASSED : FAILED;

/**
 * The stage the status refers to, from each stage's code: the most advanced eligible stage is what
 * the group can apply for now; otherwise the first stage with the best status, the one to work on.
 */
function chooseStage(count: number, codeAt: (stage: number) => VerdictCode): number {
  let best: VerdictCode = FAILED;
  for (let i = 0; i < count; i++) {
    const code = codeAt(i);
    if (code > best) best = code;
  }
  let stage = -1;
  for (let i = 0; i < count; i++) {
    if (codeAt(i) !== best) continue;
    stage = i;
    if (best !== PASSED) break;
  }
  return stage;
}

export interface CodeDecision {
  /** 0 ineligible, 1 undetermined, 2 eligible (the verdict codes). */
  status: VerdictCode;
  /** Index of the stage the status refers to, -1 without stages. */
  stage: number;
}

/**
 * The same status and stage as `decide`, from verdict codes indexed like `version.criteria`.
 * `stageCodes` is scratch space of at least one slot per stage; `out` is filled and returned.
 */
export function decideCodes(
  plan: StatusPlan,
  verdicts: ArrayLike<number>,
  completed: readonly string[] | undefined,
  memberVerdict: VerdictCode | -1,
  stageCodes: Uint8Array,
  out: CodeDecision,
): CodeDecision {
  const stages = plan.stages;
  if (!stages.length) {
    let code: VerdictCode = memberVerdict === -1 ? PASSED : memberVerdict;
    for (const i of plan.base) if ((verdicts[i] as number) < code) code = verdicts[i] as VerdictCode;
    out.status = code;
    out.stage = -1;
    return out;
  }
  for (let s = 0; s < stages.length; s++) {
    const stage = stages[s] as StatusPlan['stages'][number];
    let code: VerdictCode = memberVerdict === -1 ? PASSED : memberVerdict;
    for (const i of stage.criteria) if ((verdicts[i] as number) < code) code = verdicts[i] as VerdictCode;
    for (const r of stage.requires) {
      if (code === FAILED) break;
      const p = prerequisite(completed, r.key);
      if (p < code) code = p;
    }
    stageCodes[s] = code;
  }
  const stage = chooseStage(stages.length, (s) => stageCodes[s] as VerdictCode);
  out.status = stageCodes[stage] as VerdictCode;
  out.stage = stage;
  return out;
}

/**
 * @param completedStages "programme:stage" entries the group has completed, or undefined if unknown.
 * @param memberVerdict for person/household programmes: does some member qualify (Kleene OR over members).
 * @param exclusions the version's exclusions read as criteria (src/rules/exclusions.ts): each binds every
 *   stage like a base criterion, so a group holding an excluded programme is ineligible on it.
 */
export function decide(
  version: ProgrammeVersion,
  verdicts: ReadonlyMap<string, Verdict>,
  completedStages: readonly string[] | undefined,
  memberVerdict?: Verdict,
  exclusions: readonly { id: string; verdict: Verdict }[] = [],
): Decision {
  const plan = statusPlan(version);
  const ids = version.criteria.map((c) => c.id);
  const codes = ids.map((id) => codeOf(verdicts.get(id) ?? 'unknown'));
  // Exclusions and the member verdict bind every stage alike: both enter as one code every stage starts from.
  let member: VerdictCode | -1 = memberVerdict === undefined ? -1 : codeOf(memberVerdict);
  const excluded = exclusions.map((e) => e.id);
  for (const e of exclusions) {
    const code = codeOf(e.verdict);
    if (member === -1 || code < member) member = code;
  }
  const stageCodes = new Uint8Array(plan.stages.length);
  const decision = decideCodes(plan, codes, completedStages, member, stageCodes, {
    status: UNKNOWN,
    stage: -1,
  });
  const base = [...plan.base.map((i) => ids[i] as string), ...excluded];
  const status = STATUS_OF_CODE[decision.status] as DecidedStatus;
  if (!plan.stages.length) return { status, focus: base, stages: [] };
  const stages = plan.stages.map(
    (s, i): StageDecision => ({
      id: s.id,
      status: STATUS_OF_CODE[stageCodes[i] as VerdictCode] as DecidedStatus,
      criteria: [...s.criteria.map((c) => ids[c] as string), ...excluded],
      requires: s.requires.map((r) => ({
        stage: r.stage,
        verdict: verdictOf(prerequisite(completedStages, r.key)),
      })),
    }),
  );
  const chosen = stages[decision.stage] as StageDecision;
  return { status, focus: chosen.criteria, stages, stage: decision.stage };
}
