import type { ProgrammeVersion } from '../src/rules/catalogue';
import { ReferenceEvaluator } from '../src/rules/evaluate';
import { computeFact } from '../src/rules/facts';
import type { Group } from '../src/rules/group';
import { type DecidedStatus, decide } from '../src/rules/status';
import type { TerritoryIndex } from '../src/rules/territory';

/** Statuses only, through the json-rules-engine reference evaluator (no explanations). */
export async function referenceStatus(
  evaluator: ReferenceEvaluator,
  version: ProgrammeVersion,
  group: Group,
  territories: TerritoryIndex,
): Promise<DecidedStatus> {
  const context = { group, asOf: version.validity.from, territories };
  const evaluations = await evaluator.evaluate(version, 'group', context);
  const verdicts = new Map(evaluations.map((e) => [e.id, e.verdict]));
  const completed = computeFact('completedStages', context);
  return decide(version, verdicts, completed.known ? (completed.value as string[]) : undefined).status;
}

export { ReferenceEvaluator };
