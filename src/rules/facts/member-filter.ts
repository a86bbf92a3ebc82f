import { z } from 'zod';
import { type Condition, isLeaf, type LeafCondition, OPERATOR_BY_NAME } from '../condition';
import { areaTypeSchema, type Member, POTENTIAL_LEVELS, PRODUCER_STRATA } from '../group';
import { FAILED, notCode, PASSED, UNKNOWN, type VerdictCode } from '../verdict';
import { type FactValue, type GroupContext, known, type MemberContext, missing, type Params } from './core';
import { MEMBER_FACT_BY_NAME } from './member';

// ---------------------------------------------------------------------------------------------
// Member filters: the declarative "which members count" used by count and share facts.

export const memberFilterSchema = z
  .object({
    sex: z.enum(['female', 'male', 'other']).optional(),
    minAge: z.number().int().min(0).optional(),
    maxAge: z.number().int().min(0).optional(),
    residenceState: z
      .string()
      .regex(/^\d{2}$/)
      .optional(),
    residenceMunicipalities: z
      .array(z.string().regex(/^\d{5}$/))
      .min(1)
      .optional(),
    areaTypes: z.array(areaTypeSchema).min(1).optional(),
    prosperaBeneficiary: z.boolean().optional(),
    inPoverty: z.boolean().optional(),
    indigenous: z.boolean().optional(),
    producerStrata: z.array(z.enum(PRODUCER_STRATA)).min(1).optional(),
    entrepreneurialPotentials: z.array(z.enum(POTENTIAL_LEVELS)).min(1).optional(),
  })
  .strict()
  .refine((f) => Object.keys(f).length > 0, { message: 'a member filter needs at least one condition' });
export type MemberFilter = z.infer<typeof memberFilterSchema>;

/**
 * A member filter is a condition over member facts: each key of the filter syntax names one member
 * fact and an operator (below), the filter's value is the leaf's value, and the keys are joined by
 * `all` in a fixed order. The condition is evaluated through the member fact catalogue (each fact's
 * `read`, or `compute`) and the operators' one definition, as a member criterion is: a filter and
 * the member fact it names cannot disagree (a `residenceState` filter sees the state the
 * `residenceState` fact derives from the municipality).
 */
const FILTER_LEAVES = {
  sex: { fact: 'sex', operator: 'equal' },
  minAge: { fact: 'age', operator: 'greaterThanInclusive' },
  maxAge: { fact: 'age', operator: 'lessThanInclusive' },
  residenceState: { fact: 'residenceState', operator: 'equal' },
  residenceMunicipalities: { fact: 'residenceMunicipality', operator: 'in' },
  areaTypes: { fact: 'residenceAreaType', operator: 'in' },
  prosperaBeneficiary: { fact: 'prosperaBeneficiary', operator: 'equal' },
  inPoverty: { fact: 'inPoverty', operator: 'equal' },
  indigenous: { fact: 'indigenous', operator: 'equal' },
  producerStrata: { fact: 'producerStratum', operator: 'in' },
  entrepreneurialPotentials: { fact: 'entrepreneurialPotential', operator: 'in' },
} as const satisfies Record<keyof MemberFilter, { fact: string; operator: string }>;

/** The keys of the filter syntax, in the order their leaves take in the condition. */
export const MEMBER_FILTER_KEYS = Object.keys(FILTER_LEAVES) as readonly (keyof MemberFilter)[];

/** The member fact and operator a filter key stands for. */
export const memberFilterLeaf = (key: keyof MemberFilter): { fact: string; operator: string } =>
  FILTER_LEAVES[key];

/** The condition over member facts a filter means (`all` of one leaf per key given). */
export function filterCondition(filter: MemberFilter): { all: LeafCondition[] } {
  const all: LeafCondition[] = [];
  for (const key of MEMBER_FILTER_KEYS) {
    const value = filter[key];
    if (value !== undefined) all.push({ ...FILTER_LEAVES[key], value });
  }
  return { all };
}

/** A condition over member facts, compiled: its verdict code for a member, and what it misses. */
export interface MemberCondition {
  code(ctx: MemberContext): VerdictCode;
  /** Appends the inputs to collect for a member whose code is UNKNOWN: those of its unknown leaves. */
  missing(ctx: MemberContext, out: string[]): void;
}

/**
 * Compiles a condition over member facts (Kleene, on verdict codes, as the compiled evaluator does):
 * a leaf reads its fact without making a FactValue where the fact has `read`, and is unknown when the
 * value is (undefined or null), else the operator decides.
 */
export function compileMemberCondition(condition: Condition): MemberCondition {
  if (isLeaf(condition)) {
    const def = MEMBER_FACT_BY_NAME.get(condition.fact);
    const operator = OPERATOR_BY_NAME.get(condition.operator);
    if (def?.scope !== 'member') throw new Error(`'${condition.fact}' is not a member fact`);
    if (!operator) throw new Error(`unknown operator '${condition.operator}'`);
    if (condition.path) throw new Error('a member condition here takes no path');
    const params = (condition.params ?? {}) as Params;
    const test = operator.compile(condition.value);
    const read =
      def.read ??
      ((ctx: MemberContext) => {
        const value = def.compute(ctx, params);
        return value.known ? value.value : undefined;
      });
    const code = (ctx: MemberContext): VerdictCode => {
      const value = read(ctx);
      if (value === undefined || value === null) return UNKNOWN;
      return test(value) ? PASSED : FAILED;
    };
    return {
      code,
      missing(ctx, out) {
        const value = def.compute(ctx, params);
        if (!value.known) out.push(...value.missing);
        else if (value.value === undefined || value.value === null) out.push(condition.fact);
      },
    };
  }
  if ('not' in condition) {
    const inner = compileMemberCondition(condition.not);
    return { code: (ctx) => notCode(inner.code(ctx)), missing: inner.missing };
  }
  const any = 'any' in condition;
  const parts = (any ? condition.any : condition.all).map(compileMemberCondition);
  if (parts.length === 1) return parts[0] as MemberCondition;
  return {
    code: any
      ? (ctx) => {
          let code: VerdictCode = FAILED;
          for (const part of parts) {
            const v = part.code(ctx);
            if (v === PASSED) return PASSED;
            if (v > code) code = v;
          }
          return code;
        }
      : (ctx) => {
          let code: VerdictCode = PASSED;
          for (const part of parts) {
            const v = part.code(ctx);
            if (v === FAILED) return FAILED;
            if (v < code) code = v;
          }
          return code;
        },
    missing(ctx, out) {
      for (const part of parts) if (part.code(ctx) === UNKNOWN) part.missing(ctx, out);
    },
  };
}

const FILTER_CONDITIONS = new WeakMap<MemberFilter, MemberCondition>();

/** A filter's condition, compiled once per filter (filters come from rule files). */
function memberFilter(filter: MemberFilter): MemberCondition {
  let compiled = FILTER_CONDITIONS.get(filter);
  if (!compiled) {
    compiled = compileMemberCondition(filterCondition(filter));
    FILTER_CONDITIONS.set(filter, compiled);
  }
  return compiled;
}

/** Does the member meet the filter: PASSED, FAILED or UNKNOWN (a fact it needs is missing). */
export function memberMatches(filter: MemberFilter, ctx: MemberContext): VerdictCode {
  return memberFilter(filter).code(ctx);
}

/**
 * One member context for every count, moved from member to member: evaluation is synchronous,
 * member facts keep no context and a count never starts another. Emptied after each count, so it
 * keeps no group alive.
 */
const COUNT_CONTEXT: MemberContext = {
  group: {},
  asOf: '',
  territories: undefined as never,
  member: {},
  index: 0,
};

export function countMatching(ctx: GroupContext, filter: MemberFilter): FactValue {
  const members = ctx.group.members;
  if (members === undefined) return missing('members');
  const member = COUNT_CONTEXT;
  member.group = ctx.group;
  member.asOf = ctx.asOf;
  member.territories = ctx.territories;
  const value = countMembers(member, members, memberFilter(filter));
  member.group = {};
  member.member = {};
  member.territories = undefined as never;
  return value;
}

function countMembers(
  member: MemberContext,
  members: readonly Member[],
  condition: MemberCondition,
): FactValue {
  let count = 0;
  let undecided = false;
  for (let index = 0; index < members.length; index++) {
    member.member = members[index] as Member;
    member.index = index;
    const code = condition.code(member);
    if (code === PASSED) count += 1;
    else if (code === UNKNOWN) undecided = true;
  }
  if (!undecided) return known(count);
  const unknown: string[] = [];
  for (let index = 0; index < members.length; index++) {
    member.member = members[index] as Member;
    member.index = index;
    if (condition.code(member) === UNKNOWN) condition.missing(member, unknown);
  }
  return { known: false, missing: [...new Set(unknown)] };
}
