import type { FactDef, FactValue, GroupContext, MemberContext, Params } from './facts/core';
import { GROUP_FACTS } from './facts/group';
import { MEMBER_FACTS } from './facts/member';
import { TERRITORY_FACTS } from './facts/territory';
import type { Lang } from './i18n';

/**
 * The one fact catalogue: every fact a rule file may name, how it is derived from a group, and what
 * is missing when it cannot be. Facts are three-valued by construction: a fact either has a value or
 * lists the input paths a case worker must collect. The facts are in src/rules/facts/: group.ts
 * (the group as a whole), member.ts (one member), territory.ts (the group's territory); member
 * filters, conditions over member facts, in member-filter.ts.
 */

export * from './facts/core';
export { memberAge } from './facts/member';
export * from './facts/member-filter';

export const FACTS: ReadonlyMap<string, FactDef> = new Map<string, FactDef>(
  [...GROUP_FACTS, ...TERRITORY_FACTS, ...MEMBER_FACTS].map((f) => [f.name, f]),
);

export function factLabel(name: string, lang: Lang): string {
  return FACTS.get(name)?.description[lang] ?? name;
}

/** Computes one fact for a group or member context. Params are assumed validated by the loader. */
export function computeFact(name: string, ctx: GroupContext | MemberContext, params?: unknown): FactValue {
  const def = FACTS.get(name);
  if (!def) throw new Error(`unknown fact '${name}'`);
  if (def.scope === 'member' && !('member' in ctx)) {
    throw new Error(`fact '${name}' is about a member and was asked of a group`);
  }
  const p = (params ?? {}) as Params;
  return def.scope === 'member' ? def.compute(ctx as MemberContext, p) : def.compute(ctx, p);
}
