import { z } from 'zod';
import type { IsoDate } from '../dates';
import type { Group, Member } from '../group';
import type { Localized } from '../i18n';
import { CURRENCY_DIGITS, currencySchema, type Money } from '../money';
import type { TerritoryIndex } from '../territory';

/**
 * What every fact is: its definition, the contexts it is computed in, and three-valued values (a
 * fact either has a value or lists the input paths a case worker must collect). The facts
 * themselves are in group.ts, member.ts and territory.ts beside this file; src/rules/facts.ts
 * puts them in one catalogue.
 */

export type FactScope = 'group' | 'member';
export type FactType = 'number' | 'boolean' | 'string' | 'enum' | 'list';

export interface GroupContext {
  group: Group;
  asOf: IsoDate;
  territories: TerritoryIndex;
}
export interface MemberContext extends GroupContext {
  member: Member;
  index: number;
}

/** A share's parts, so a near miss can say how many members it takes to change the verdict. */
export interface ShareDetail {
  numerator: number;
  denominator: number;
}

export type FactValue =
  | { known: true; value: unknown; detail?: ShareDetail }
  | { known: false; missing: string[] };

interface FactDefBase {
  name: string;
  scope: FactScope;
  type: FactType;
  values?: readonly string[];
  unit?: string;
  description: Localized;
  /** Input paths the fact reads (for docs/facts.md). */
  inputs: string[];
  /** Schema of the condition's `params`, for facts that take them. */
  params?: z.ZodType;
  /** How a near miss counts the distance: in members (count, share) or in the fact's own unit. */
  distance?: 'members' | 'share-of-members';
}
/**
 * A fact read straight from an input field has `read` too: the value, or undefined when unknown,
 * with no FactValue made (evaluators on the hot path use it; `compute` is defined through it).
 */
interface Readable<C> {
  read?(ctx: C): unknown;
}
export type Params = Record<string, unknown>;
export interface GroupFactDef extends FactDefBase, Readable<GroupContext> {
  scope: 'group';
  compute(ctx: GroupContext, params: Params): FactValue;
}
export interface MemberFactDef extends FactDefBase, Readable<MemberContext> {
  scope: 'member';
  compute(ctx: MemberContext, params: Params): FactValue;
}
export type FactDef = GroupFactDef | MemberFactDef;

export const known = (value: unknown, detail?: ShareDetail): FactValue =>
  detail ? { known: true, value, detail } : { known: true, value };
export const missing = (...paths: string[]): FactValue => ({ known: false, missing: paths });
export const from = (value: unknown, path: string): FactValue =>
  value === undefined ? missing(path) : known(value);

/** A group fact read straight from one input field (dotted path). */
export function groupInput(
  name: string,
  path: string,
  type: FactType,
  description: Localized,
  extra: Pick<GroupFactDef, 'values' | 'unit'> = {},
): GroupFactDef {
  const field = reader(path);
  const read = (ctx: GroupContext) => field(ctx.group);
  return {
    name,
    scope: 'group',
    type,
    description,
    inputs: [path],
    ...extra,
    read,
    compute: (ctx) => from(read(ctx), path),
  };
}

/**
 * A member fact read straight from one field of the member. The field comes as a function (not
 * only its path): it runs for every member of every group, and a named property read is fastest.
 */
export function memberInput(
  name: string,
  path: string,
  field: (member: Member) => unknown,
  type: FactType,
  description: Localized,
  extra: Pick<MemberFactDef, 'values' | 'unit'> = {},
): MemberFactDef {
  const read = (ctx: MemberContext) => field(ctx.member);
  return {
    name,
    scope: 'member',
    type,
    description,
    inputs: [`members[].${path}`],
    ...extra,
    read,
    compute: (ctx) => {
      const value = read(ctx);
      return value === undefined ? missing(`members[${ctx.index}].${path}`) : known(value);
    },
  };
}

type Fields = Record<string, unknown> | undefined;

/** Reads a dotted path ("training.managementToolCompleted"); undefined where any step is missing. */
function reader(path: string): (value: object) => unknown {
  const [first, second, ...rest] = path.split('.') as [string, ...string[]];
  if (second === undefined) return (value) => (value as Fields)?.[first];
  if (!rest.length) return (value) => ((value as Fields)?.[first] as Fields)?.[second];
  return (value) => {
    let current: unknown = value;
    for (const key of [first, second, ...rest]) current = (current as Fields)?.[key];
    return current;
  };
}

export const currencyParams = z.object({ currency: currencySchema }).strict();

/** Money as a number of major units in the currency the rule asks for; another currency is not comparable. */
export function amountIn(money: Money | undefined, params: Record<string, unknown>, path: string): FactValue {
  if (money === undefined) return missing(path);
  const { currency } = params as z.infer<typeof currencyParams>;
  if (money.currency !== currency) return missing(`${path} (in ${currency})`);
  return known(money.minor / 10 ** CURRENCY_DIGITS[currency]);
}
