import type { ProgrammeVersion } from './catalogue';
import { and, type Verdict } from './evaluate';

/**
 * The one place that turns criterion verdicts into a programme status: base criteria, stage
 * criteria and stage prerequisites, combined three-valued; the status is the best stage's.
 * Every evaluator (the json-rules-engine reference, any faster one) goes through here.
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

const ORDER: Record<DecidedStatus, number> = { eligible: 0, undetermined: 1, ineligible: 2 };

export function statusOf(verdict: Verdict): DecidedStatus {
  return verdict === 'passed' ? 'eligible' : verdict === 'failed' ? 'ineligible' : 'undetermined';
}

/**
 * @param completedStages "programme:stage" entries the group has completed, or undefined if unknown.
 * @param memberVerdict for person/household programmes: does some member qualify (Kleene OR over members).
 */
export function decide(
  version: ProgrammeVersion,
  verdicts: ReadonlyMap<string, Verdict>,
  completedStages: readonly string[] | undefined,
  memberVerdict?: Verdict,
): Decision {
  const verdict = (id: string) => verdicts.get(id) ?? 'unknown';
  const extra = memberVerdict === undefined ? [] : [memberVerdict];
  const base: string[] = [];
  for (const c of version.criteria) if (!c.stage && c.scope === 'group') base.push(c.id);

  if (!version.stages.length) {
    return { status: statusOf(and([...base.map(verdict), ...extra])), focus: base, stages: [] };
  }
  const prerequisite = (stage: string): Verdict =>
    completedStages === undefined
      ? 'unknown'
      : completedStages.includes(`${version.id}:${stage}`)
        ? 'passed'
        : 'failed';
  const stages = version.stages.map((s): StageDecision => {
    const criteria = [...base];
    for (const c of version.criteria) if (c.stage === s.id) criteria.push(c.id);
    const requires = s.requires.map((r) => ({ stage: r, verdict: prerequisite(r) }));
    const status = statusOf(and([...criteria.map(verdict), ...requires.map((r) => r.verdict), ...extra]));
    return { id: s.id, status, criteria, requires };
  });
  let best = 2;
  for (const s of stages) best = Math.min(best, ORDER[s.status]);
  // The most advanced eligible stage is what the group can apply for now; otherwise the first one to work on.
  let stage = -1;
  for (let i = 0; i < stages.length; i++) {
    if (ORDER[(stages[i] as StageDecision).status] !== best) continue;
    stage = i;
    if (best !== 0) break;
  }
  const chosen = stages[stage] as StageDecision;
  return { status: chosen.status, focus: chosen.criteria, stages, stage };
}
