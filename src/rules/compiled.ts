import { JSONPath } from 'jsonpath-plus';
import type { ProgrammeVersion } from './catalogue';
import { type Condition, isLeaf, type LeafCondition, OPERATOR_BY_NAME, paramRefSchema } from './condition';
import type {
  ConditionEvaluation,
  CriteriaEvaluator,
  CriterionEvaluation,
  LeafEvaluation,
  SyncEvaluationSession,
} from './evaluate';
import { FACTS, type FactDef, type FactValue, type GroupContext, type MemberContext } from './facts';
import { type CodeDecision, decideCodes, failureNames, type StatusPlan, statusPlan } from './status';
import {
  codeOf,
  FAILED,
  notCode,
  PASSED,
  UNKNOWN,
  type Verdict,
  type VerdictCode,
  verdictOf,
} from './verdict';

/**
 * The compiled evaluator: each programme's conditions are compiled once into synchronous closures
 * over the same fact catalogue and operator definitions the json-rules-engine reference uses (no
 * `eval`, no `new Function`, so it runs on Workers too). It gives the same three-valued verdicts
 * and statuses as the reference (test/equivalence.test.ts holds it to that on generated groups):
 *
 * - `verdictCodes` / `status`: verdict codes only, short-circuiting inside a criterion (a leaf's
 *   value cannot change the verdict once an `all` has failed or an `any` has passed; facts are
 *   pure), with facts computed once per group and shared by every programme;
 * - `evaluate`: the full explanation trees the Matcher words (every leaf, actual and expected
 *   values, missing inputs), built only when asked for.
 */

type Context = GroupContext | MemberContext;

/**
 * Fact values of one group on one date, computed at most once and shared by every criterion and
 * programme that asks for the same fact with the same params. A context with another group, date
 * or territory index starts afresh, so one cache can serve a stream of groups. (A group object
 * changed in place between two calls would be read stale: groups are values here.)
 */
export class FactCache {
  // Plain arrays: a cache is made per match, and small typed arrays cost more to make than to use.
  private readonly values: (FactValue | undefined)[] = [];
  private readonly stamps: number[] = [];
  private generation = 0;
  private group: GroupContext['group'] | undefined;
  private asOf: string | undefined;
  private territories: GroupContext['territories'] | undefined;

  private next(ctx: Context): void {
    this.group = ctx.group;
    this.asOf = ctx.asOf;
    this.territories = ctx.territories;
    this.generation++;
  }

  get(slot: number, def: FactDef, ctx: Context, params: Record<string, unknown>): FactValue {
    if (ctx.group !== this.group || ctx.asOf !== this.asOf || ctx.territories !== this.territories)
      this.next(ctx);
    else if (this.stamps[slot] === this.generation) return this.values[slot] as FactValue;
    const value = compute(def, ctx, params);
    this.values[slot] = value;
    this.stamps[slot] = this.generation;
    return value;
  }
}

const compute = (def: FactDef, ctx: Context, params: Record<string, unknown>): FactValue =>
  def.scope === 'member' ? def.compute(ctx as MemberContext, params) : def.compute(ctx, params);

/** One slot per group fact and params across every compiled programme, so caches are shared. */
const slots = new Map<string, number>();
const slotOf = (fact: string, params: Record<string, unknown>) => {
  const key = `${fact}\u0000${JSON.stringify(params)}`;
  let slot = slots.get(key);
  if (slot === undefined) {
    slot = slots.size;
    slots.set(key, slot);
  }
  return slot;
};

interface CompiledLeaf {
  /** The leaf as written (its value may name a parameter). */
  source: LeafCondition;
  /** The leaf with its parameter resolved. */
  resolved: LeafCondition;
  def: FactDef;
  params: Record<string, unknown>;
  /** Cache slot, or -1 for member facts (read afresh for each member). */
  slot: number;
  test: (factValue: unknown) => boolean;
}

type CodeFn = (ctx: Context, cache: FactCache) => VerdictCode;
type TreeFn = (ctx: Context, cache: FactCache) => ConditionEvaluation;

function compileLeaf(source: LeafCondition, resolved: LeafCondition): CompiledLeaf {
  const def = FACTS.get(resolved.fact);
  const operator = OPERATOR_BY_NAME.get(resolved.operator);
  // The loader has checked both; a programme that reaches here without them is a programming error.
  if (!def) throw new Error(`unknown fact '${resolved.fact}'`);
  if (!operator) throw new Error(`unknown operator '${resolved.operator}'`);
  const params = resolved.params ?? {};
  return {
    source,
    resolved,
    def,
    params,
    slot: def.scope === 'member' ? -1 : slotOf(resolved.fact, params),
    test: operator.compile(resolved.value),
  };
}

function factValue(leaf: CompiledLeaf, ctx: Context, cache: FactCache): FactValue {
  return leaf.slot < 0
    ? compute(leaf.def, ctx, leaf.params)
    : cache.get(leaf.slot, leaf.def, ctx, leaf.params);
}

/** What json-rules-engine compares: the fact's value (undefined when unknown), through the leaf's path. */
function comparedValue(leaf: CompiledLeaf, value: FactValue): unknown {
  if (!value.known) return undefined;
  const path = leaf.resolved.path;
  const v = value.value;
  // As json-rules-engine's almanac: a path applies to objects; other values are compared as they are.
  return path && v !== null && typeof v === 'object' ? JSONPath({ path, json: v, wrap: false }) : v;
}

function leafCode(leaf: CompiledLeaf): CodeFn {
  const { def, params, slot, test } = leaf;
  // A member field (read afresh for each member) is compared without making a FactValue.
  const read = def.read as ((ctx: Context) => unknown) | undefined;
  if (!leaf.resolved.path && slot < 0 && read) {
    return (ctx) => {
      const value = read(ctx);
      if (value === undefined || value === null) return UNKNOWN;
      return test(value) ? PASSED : FAILED;
    };
  }
  // Without a path (every shipped rule) the fact's value is compared as it is.
  if (!leaf.resolved.path) {
    return (ctx, cache) => {
      const value = slot < 0 ? compute(def, ctx, params) : cache.get(slot, def, ctx, params);
      if (!value.known || value.value === undefined || value.value === null) return UNKNOWN;
      return test(value.value) ? PASSED : FAILED;
    };
  }
  return (ctx, cache) => {
    const actual = comparedValue(leaf, factValue(leaf, ctx, cache));
    if (actual === undefined || actual === null) return UNKNOWN;
    return leaf.test(actual) ? PASSED : FAILED;
  };
}

function leafTree(leaf: CompiledLeaf): TreeFn {
  const { source, resolved } = leaf;
  const ref = paramRefSchema.safeParse(source.value);
  const params = resolved.params && Object.keys(resolved.params).length ? resolved.params : undefined;
  const parameter = ref.success ? ref.data.param : undefined;
  const share = leaf.def.distance === 'share-of-members';
  // Keys in the order the reference writes them, so both give the same JSON; no spreads (hot path).
  const start = (): LeafEvaluation => {
    const out = {
      kind: 'leaf',
      fact: resolved.fact,
      operator: resolved.operator,
      expected: resolved.value,
    } as LeafEvaluation;
    if (params) out.params = params;
    if (resolved.path) out.path = resolved.path;
    if (parameter) out.parameter = parameter;
    return out;
  };
  return (ctx, cache): LeafEvaluation => {
    const value = factValue(leaf, ctx, cache);
    const actual = comparedValue(leaf, value);
    const result = start();
    if (actual === undefined || actual === null) {
      result.verdict = 'unknown';
      result.missing = value.known
        ? [resolved.path ? `${resolved.fact} ${resolved.path}` : resolved.fact]
        : value.missing.slice();
      return result;
    }
    result.actual = actual;
    result.verdict = leaf.test(actual) ? 'passed' : 'failed';
    result.missing = [];
    if (share && value.known && value.detail) result.detail = value.detail;
    return result;
  };
}

/** Kleene AND is the minimum of the codes, OR the maximum; each stops as soon as the result is settled. */
function compileCode(source: Condition, resolved: Condition): CodeFn {
  if (isLeaf(source)) return leafCode(compileLeaf(source, resolved as LeafCondition));
  if ('all' in source) {
    const parts = source.all.map((c, i) =>
      compileCode(c, (resolved as { all: Condition[] }).all[i] as Condition),
    );
    if (parts.length === 1) return parts[0] as CodeFn;
    return (ctx, cache) => {
      let code: VerdictCode = PASSED;
      for (const part of parts) {
        const v = part(ctx, cache);
        if (v === FAILED) return FAILED;
        if (v < code) code = v;
      }
      return code;
    };
  }
  if ('any' in source) {
    const parts = source.any.map((c, i) =>
      compileCode(c, (resolved as { any: Condition[] }).any[i] as Condition),
    );
    if (parts.length === 1) return parts[0] as CodeFn;
    return (ctx, cache) => {
      let code: VerdictCode = FAILED;
      for (const part of parts) {
        const v = part(ctx, cache);
        if (v === PASSED) return PASSED;
        if (v > code) code = v;
      }
      return code;
    };
  }
  const inner = compileCode(source.not, (resolved as { not: Condition }).not);
  return (ctx, cache) => notCode(inner(ctx, cache));
}

/** The explanation tree: every leaf evaluated, combined as the reference combines them. */
function compileTree(source: Condition, resolved: Condition): TreeFn {
  if (isLeaf(source)) return leafTree(compileLeaf(source, resolved as LeafCondition));
  const kind = 'all' in source ? 'all' : 'any' in source ? 'any' : 'not';
  const sources = 'all' in source ? source.all : 'any' in source ? source.any : [source.not];
  const resolvedParts =
    'all' in resolved
      ? resolved.all
      : 'any' in resolved
        ? resolved.any
        : [(resolved as { not: Condition }).not];
  const parts = sources.map((c, i) => compileTree(c, resolvedParts[i] as Condition));
  return (ctx, cache) => {
    const children: ConditionEvaluation[] = [];
    let code: VerdictCode = kind === 'any' ? FAILED : PASSED;
    for (const part of parts) {
      const child = part(ctx, cache);
      children.push(child);
      const v = codeOf(child.verdict);
      code = (kind === 'any' ? Math.max(code, v) : Math.min(code, v)) as VerdictCode;
    }
    if (kind === 'not') code = notCode(code);
    return { kind, verdict: verdictOf(code), children };
  };
}

interface CompiledCriterion {
  id: string;
  /** Index in version.criteria. */
  index: number;
  code: CodeFn;
  tree: TreeFn;
}

/** The sentinel for "no member criteria" in decideCodes. */
const NO_MEMBERS = -1;

/** One programme version, compiled. */
export class CompiledProgramme {
  readonly group: readonly CompiledCriterion[];
  readonly member: readonly CompiledCriterion[];
  readonly plan: StatusPlan;
  /** Group criteria every stage needs, and those of one stage. */
  private readonly base: readonly CompiledCriterion[];
  private readonly staged: readonly CompiledCriterion[];
  /** Bit positions of `failing`: every criterion id (by index), then `stage:<id>` for each stage. */
  readonly failureNames: readonly string[];
  private readonly stageCodes: Uint8Array;
  private readonly completedKeys: readonly string[];

  constructor(readonly version: ProgrammeVersion) {
    const compiled = version.criteria.map((c, index): CompiledCriterion & { scope: 'group' | 'member' } => ({
      id: c.id,
      index,
      scope: c.scope,
      code: compileCode(c.condition, c.resolved),
      tree: compileTree(c.condition, c.resolved),
    }));
    this.group = compiled.filter((c) => c.scope === 'group');
    this.member = compiled.filter((c) => c.scope === 'member');
    this.plan = statusPlan(version);
    const base = new Set(this.plan.base);
    this.base = this.group.filter((c) => base.has(c.index));
    this.staged = this.group.filter((c) => !base.has(c.index));
    this.failureNames = failureNames(version);
    this.stageCodes = new Uint8Array(version.stages.length);
    this.completedKeys = version.stages.map((s) => `${version.id}:${s.id}`);
  }

  /** Explanation trees of the criteria of one scope, in file order (the reference's contract). */
  evaluate(scope: 'group' | 'member', ctx: Context, cache: FactCache): CriterionEvaluation[] {
    return (scope === 'group' ? this.group : this.member).map((c) => {
      const tree = c.tree(ctx, cache);
      return { id: c.id, verdict: tree.verdict, tree };
    });
  }

  /**
   * Verdict codes of every criterion into `verdicts` (indexed like version.criteria; a member
   * criterion gets its verdict over the members, Kleene OR), and the members' verdict: does some
   * member meet every member criterion (-1 when the programme has none).
   */
  verdictCodes(ctx: GroupContext, cache: FactCache, verdicts: Uint8Array): VerdictCode | typeof NO_MEMBERS {
    for (const c of this.group) verdicts[c.index] = c.code(ctx, cache);
    return this.memberCodes(ctx, cache, verdicts, true);
  }

  /**
   * The members' verdict (does some member meet every member criterion), and with `summaries`
   * each member criterion's verdict over the members (Kleene OR) into `verdicts`. Without
   * summaries, a member stops at its first failed criterion and the scan at the first member who
   * qualifies: the verdict is settled either way.
   */
  private memberCodes(
    ctx: GroupContext,
    cache: FactCache,
    verdicts: Uint8Array,
    summaries: boolean,
  ): VerdictCode | typeof NO_MEMBERS {
    if (!this.member.length) return NO_MEMBERS;
    const members = ctx.group.members;
    if (members === undefined) {
      for (const c of this.member) verdicts[c.index] = UNKNOWN;
      return UNKNOWN;
    }
    if (summaries) for (const c of this.member) verdicts[c.index] = FAILED;
    let some: VerdictCode = FAILED;
    // One member context, moved from member to member (evaluation is synchronous and keeps no context).
    const member: MemberContext = { ...ctx, member: {}, index: 0 };
    for (let index = 0; index < members.length; index++) {
      member.member = members[index] as MemberContext['member'];
      member.index = index;
      let all: VerdictCode = PASSED;
      for (const c of this.member) {
        const v = c.code(member, cache);
        if (summaries) {
          if (v > (verdicts[c.index] as number)) verdicts[c.index] = v;
        } else if (v === FAILED) {
          all = FAILED;
          break;
        }
        if (v < all) all = v;
      }
      if (all > some) some = all;
      // Settled: without summaries once a member qualifies; with one member criterion, its summary
      // is the members' verdict itself.
      if (some === PASSED && (!summaries || this.member.length === 1)) break;
    }
    return some;
  }

  /**
   * Status (0 ineligible, 1 undetermined, 2 eligible) and stage of the group, as `decide` gives
   * them, with the failing criteria where the status is decided as bits of `failing` (positions in
   * `failureNames`, from bit `offset`): the compact verdict population-scale work keeps.
   * Without `failing`, a failed base criterion settles the status at once (every stage needs it).
   * `exclusions` are the version's exclusions read as criteria for the group (`exclusionChecks`):
   * they bind every stage, as in `decide`.
   */
  status(
    ctx: GroupContext,
    cache: FactCache,
    verdicts: Uint8Array,
    out: CodeDecision,
    failing?: { words: Uint32Array; offset: number },
    exclusions: readonly { id: string; verdict: Verdict }[] = [],
  ): CodeDecision {
    let excluded: VerdictCode | typeof NO_MEMBERS = NO_MEMBERS;
    for (const e of exclusions) {
      const code = codeOf(e.verdict);
      if (excluded === NO_MEMBERS || code < excluded) excluded = code;
    }
    if (!failing && excluded === FAILED) {
      out.status = FAILED;
      out.stage = this.plan.stages.length ? 0 : -1;
      return out;
    }
    let memberVerdict: VerdictCode | typeof NO_MEMBERS;
    if (failing) memberVerdict = this.verdictCodes(ctx, cache, verdicts);
    else {
      for (const c of this.base) {
        const v = c.code(ctx, cache);
        if (v === FAILED) {
          out.status = FAILED;
          out.stage = this.plan.stages.length ? 0 : -1;
          return out;
        }
        verdicts[c.index] = v;
      }
      for (const c of this.staged) verdicts[c.index] = c.code(ctx, cache);
      memberVerdict = this.memberCodes(ctx, cache, verdicts, false);
    }
    const completed = this.plan.stages.length ? completedStages(ctx, cache) : undefined;
    // Exclusions enter with the member verdict, as one code every stage starts from (see `decide`).
    const binding =
      excluded === NO_MEMBERS
        ? memberVerdict
        : memberVerdict === NO_MEMBERS || excluded < memberVerdict
          ? excluded
          : memberVerdict;
    decideCodes(this.plan, verdicts, completed, binding, this.stageCodes, out);
    if (failing) {
      this.markFailing(verdicts, completed, memberVerdict, out, failing.words, failing.offset);
      for (const e of exclusions) {
        const bit = e.verdict === 'failed' ? this.failureNames.indexOf(e.id) : -1;
        const at = failing.offset + bit;
        if (bit >= 0) failing.words[at >>> 5] = (failing.words[at >>> 5] as number) | (1 << (at & 31));
      }
    }
    return out;
  }

  private markFailing(
    verdicts: Uint8Array,
    completed: readonly string[] | undefined,
    memberVerdict: number,
    decision: CodeDecision,
    words: Uint32Array,
    offset: number,
  ) {
    const set = (bit: number) => {
      const at = offset + bit;
      words[at >>> 5] = (words[at >>> 5] as number) | (1 << (at & 31));
    };
    const stage = decision.stage >= 0 ? this.plan.stages[decision.stage] : undefined;
    for (const i of stage ? stage.criteria : this.plan.base) if (verdicts[i] === FAILED) set(i);
    if (decision.status === FAILED && memberVerdict === FAILED)
      for (const c of this.member) if (verdicts[c.index] === FAILED) set(c.index);
    if (stage && completed) {
      const criteria = this.version.criteria.length;
      for (const r of stage.requires)
        if (!completed.includes(r.key)) set(criteria + this.completedKeys.indexOf(r.key));
    }
  }
}

const completedDef = FACTS.get('completedStages') as FactDef;
const completedSlot = slotOf('completedStages', {});
function completedStages(ctx: GroupContext, cache: FactCache): readonly string[] | undefined {
  const value = cache.get(completedSlot, completedDef, ctx, {});
  return value.known ? (value.value as string[]) : undefined;
}

const compiledVersions = new WeakMap<ProgrammeVersion, CompiledProgramme>();

/** The compiled form of a version, compiled on first use and kept as long as the version. */
export function compiled(version: ProgrammeVersion): CompiledProgramme {
  let programme = compiledVersions.get(version);
  if (!programme) {
    programme = new CompiledProgramme(version);
    compiledVersions.set(version, programme);
  }
  return programme;
}

/** The compiled evaluator behind the Matcher: explanation trees, synchronously, one fact cache per match. */
export const compiledEvaluator: CriteriaEvaluator & { readonly sync: true } = {
  name: 'compiled',
  sync: true,
  session(): SyncEvaluationSession {
    const cache = new FactCache();
    return { evaluate: (version, scope, context) => compiled(version).evaluate(scope, context, cache) };
  },
};
