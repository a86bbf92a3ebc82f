import { Engine } from 'json-rules-engine';
import type { ProgrammeVersion } from './catalogue';
import { type Condition, isLeaf, OPERATORS, paramRefSchema } from './condition';
import { computeFact, FACTS, type GroupContext, type MemberContext, type ShareDetail } from './facts';
import { and, not, or, type Verdict } from './verdict';

/**
 * The reference evaluator: json-rules-engine evaluates every leaf (fact, operator, value, params,
 * path); Vincula combines the leaves with three-valued (Kleene) logic, because a missing fact must
 * make a criterion unknown, never false. json-rules-engine's own two-valued verdict is not used.
 */

export interface LeafEvaluation {
  kind: 'leaf';
  fact: string;
  params?: Record<string, unknown>;
  path?: string;
  operator: string;
  expected: unknown;
  /** The programme parameter the expected value came from, if any. */
  parameter?: string;
  actual?: unknown;
  verdict: Verdict;
  /** Input paths to collect (unknown leaves only). */
  missing: string[];
  detail?: ShareDetail;
}

export interface NodeEvaluation {
  kind: 'all' | 'any' | 'not';
  verdict: Verdict;
  children: ConditionEvaluation[];
}

export type ConditionEvaluation = LeafEvaluation | NodeEvaluation;

export interface CriterionEvaluation {
  id: string;
  verdict: Verdict;
  tree: ConditionEvaluation;
}

interface EvaluatedLeaf {
  fact: string;
  operator: string;
  value: unknown;
  params?: Record<string, unknown>;
  path?: string;
  factResult?: unknown;
  result?: boolean;
}
type EvaluatedNode =
  | EvaluatedLeaf
  | { all: EvaluatedNode[] }
  | { any: EvaluatedNode[] }
  | { not: EvaluatedNode };

const CONTEXT_FACT = '$context';

/**
 * What the Matcher asks of an evaluator: the criteria of one scope of a programme version, evaluated
 * for a group (or one member) as explanation trees, in file order. A session serves one match: an
 * evaluator may keep what it computed for the group (the compiled one keeps fact values) until the
 * next session.
 */
export interface EvaluationSession {
  evaluate(
    version: ProgrammeVersion,
    scope: 'group' | 'member',
    context: GroupContext | MemberContext,
  ): CriterionEvaluation[] | Promise<CriterionEvaluation[]>;
}
export interface SyncEvaluationSession extends EvaluationSession {
  evaluate(
    version: ProgrammeVersion,
    scope: 'group' | 'member',
    context: GroupContext | MemberContext,
  ): CriterionEvaluation[];
}
export interface CriteriaEvaluator {
  /** "reference" or "compiled": shown with results and accepted by the API and the CLI. */
  readonly name: string;
  /** True when sessions answer synchronously (the Matcher then can, too). */
  readonly sync: boolean;
  session(): EvaluationSession;
}

export class ReferenceEvaluator implements CriteriaEvaluator {
  readonly name = 'reference';
  readonly sync = false;

  session(): EvaluationSession {
    return this;
  }

  private readonly engines = new WeakMap<ProgrammeVersion, Map<'group' | 'member', Engine>>();

  /** Evaluates the programme's criteria of one scope for a group (or one member). */
  async evaluate(
    version: ProgrammeVersion,
    scope: 'group' | 'member',
    context: GroupContext | MemberContext,
  ): Promise<CriterionEvaluation[]> {
    const criteria = version.criteria.filter((c) => c.scope === scope);
    if (!criteria.length) return [];
    const engine = this.engine(version, scope);
    const run = await engine.run({ [CONTEXT_FACT]: context });
    const byName = new Map<string, EvaluatedNode>();
    for (const result of [...run.results, ...run.failureResults]) {
      byName.set(result.name as string, result.conditions as unknown as EvaluatedNode);
    }
    return criteria.map((criterion) => {
      const evaluated = byName.get(criterion.id);
      if (!evaluated) throw new Error(`json-rules-engine returned no result for criterion '${criterion.id}'`);
      const tree = combine(criterion.condition, evaluated, context);
      return { id: criterion.id, verdict: tree.verdict, tree };
    });
  }

  private engine(version: ProgrammeVersion, scope: 'group' | 'member'): Engine {
    let engines = this.engines.get(version);
    if (!engines) {
      engines = new Map();
      this.engines.set(version, engines);
    }
    let engine = engines.get(scope);
    if (engine) return engine;
    engine = new Engine([], { allowUndefinedFacts: true });
    for (const op of OPERATORS) {
      if (op.custom) engine.addOperator(op.name, op.evaluate);
    }
    for (const name of FACTS.keys()) {
      engine.addFact(name, async (params, almanac) => {
        const context = await almanac.factValue<GroupContext | MemberContext>(CONTEXT_FACT);
        const value = computeFact(name, context, params);
        return value.known ? value.value : undefined;
      });
    }
    for (const criterion of version.criteria.filter((c) => c.scope === scope)) {
      engine.addRule({
        name: criterion.id,
        conditions: toEngineCondition(criterion.resolved) as never,
        event: { type: criterion.id },
      });
    }
    engines.set(scope, engine);
    return engine;
  }
}

/** json-rules-engine wants a top-level all/any/not; a bare leaf is wrapped in all. */
function toEngineCondition(condition: Condition): Condition {
  return isLeaf(condition) ? { all: [condition] } : condition;
}

/** Walks the rule's own condition beside json-rules-engine's evaluated tree, combining three-valued. */
function combine(
  source: Condition,
  evaluated: EvaluatedNode,
  context: GroupContext | MemberContext,
): ConditionEvaluation {
  if (isLeaf(source)) {
    const leaf = ('all' in evaluated ? evaluated.all[0] : evaluated) as EvaluatedLeaf;
    return leafEvaluation(source, leaf, context);
  }
  if ('all' in source) {
    const children = source.all.map((c, i) =>
      combine(c, (evaluated as { all: EvaluatedNode[] }).all[i] as EvaluatedNode, context),
    );
    return { kind: 'all', verdict: and(children.map((c) => c.verdict)), children };
  }
  if ('any' in source) {
    const children = source.any.map((c, i) =>
      combine(c, (evaluated as { any: EvaluatedNode[] }).any[i] as EvaluatedNode, context),
    );
    return { kind: 'any', verdict: or(children.map((c) => c.verdict)), children };
  }
  const child = combine(source.not, (evaluated as { not: EvaluatedNode }).not, context);
  return { kind: 'not', verdict: not(child.verdict), children: [child] };
}

function leafEvaluation(
  source: Extract<Condition, { fact: string }>,
  leaf: EvaluatedLeaf,
  context: GroupContext | MemberContext,
): LeafEvaluation {
  if (leaf.result === undefined) {
    throw new Error(`json-rules-engine did not evaluate the condition on '${leaf.fact}'`);
  }
  const ref = paramRefSchema.safeParse(source.value);
  const base = {
    kind: 'leaf' as const,
    fact: leaf.fact,
    operator: leaf.operator,
    expected: leaf.value,
    ...(leaf.params && Object.keys(leaf.params).length ? { params: leaf.params } : {}),
    ...(leaf.path ? { path: leaf.path } : {}),
    ...(ref.success ? { parameter: ref.data.param } : {}),
  };
  if (leaf.factResult === undefined || leaf.factResult === null) {
    const value = computeFact(leaf.fact, context, leaf.params);
    const missing = value.known ? [leaf.path ? `${leaf.fact} ${leaf.path}` : leaf.fact] : value.missing;
    return { ...base, verdict: 'unknown', missing };
  }
  const verdict: Verdict = leaf.result ? 'passed' : 'failed';
  const result: LeafEvaluation = { ...base, actual: leaf.factResult, verdict, missing: [] };
  if (FACTS.get(leaf.fact)?.distance === 'share-of-members') {
    const value = computeFact(leaf.fact, context, leaf.params);
    if (value.known && value.detail) result.detail = value.detail;
  }
  return result;
}
