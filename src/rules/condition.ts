import { z } from 'zod';
import type { Localized } from './i18n';

/**
 * Conditions are json-rules-engine's condition language (all / any / not, fact, operator, value,
 * params, path). One extension: a value may be `{ param: name }`, which the loader replaces with the
 * programme's named parameter, so a vague threshold lives in one documented place.
 */

export const paramRefSchema = z.object({ param: z.string().min(1) }).strict();
export type ParamRef = z.infer<typeof paramRefSchema>;

export const leafConditionSchema = z
  .object({
    fact: z.string().min(1),
    operator: z.string().min(1),
    value: z
      .unknown()
      .refine((v) => v !== undefined, { message: 'a condition needs a value' }) as z.ZodType<unknown>,
    params: z.record(z.string(), z.unknown()).optional(),
    path: z.string().startsWith('$', 'a path is a JSONPath starting with $').optional(),
  })
  .strict();
export type LeafCondition = z.infer<typeof leafConditionSchema>;

export type Condition = LeafCondition | { all: Condition[] } | { any: Condition[] } | { not: Condition };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(conditionSchema).min(1) }).strict(),
    z.object({ any: z.array(conditionSchema).min(1) }).strict(),
    z.object({ not: conditionSchema }).strict(),
    leafConditionSchema,
  ]),
);

export function isLeaf(condition: Condition): condition is LeafCondition {
  return 'fact' in condition;
}

/** Operators json-rules-engine ships with, and what each expects of its value. */
export interface OperatorInfo {
  name: string;
  custom: boolean;
  symbol: string;
  description: Localized;
  /** Shape of the value, for validation and the rule-format docs. */
  value: 'any' | 'number' | 'list' | 'range';
  /**
   * The operator's one definition: given the condition's value, the test of a known fact value.
   * For json-rules-engine's own operators this repeats its definition (engine-default-operators.js
   * in json-rules-engine 7, fact-value validator included), so that the compiled evaluator runs them
   * synchronously, the value prepared once; condition.test.ts holds the two to the same answers.
   */
  compile: (value: unknown) => (factValue: unknown) => boolean;
  /** The same test in json-rules-engine's operator form (fact value, condition value). */
  evaluate: (factValue: unknown, value: unknown) => boolean;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
/** json-rules-engine's validator for its numeric operators: anything parseFloat reads as a number. */
// For numbers that is: not NaN (parseFloat of a number's text gives it back).
const numeric = (v: unknown) =>
  typeof v === 'number' ? !Number.isNaN(v) : Number.parseFloat(v as string).toString() !== 'NaN';
const list = (v: unknown) => v as unknown[];
function sharesAny(a: readonly unknown[], b: readonly unknown[]): boolean {
  for (const x of b) if (a.includes(x)) return true;
  return false;
}

const DEFINITIONS: readonly Omit<OperatorInfo, 'evaluate'>[] = [
  {
    name: 'equal',
    custom: false,
    symbol: '=',
    value: 'any',
    description: { es: 'igual a', en: 'equal to' },
    compile: (b) => (a) => a === b,
  },
  {
    name: 'notEqual',
    custom: false,
    symbol: '≠',
    value: 'any',
    description: { es: 'distinto de', en: 'not equal to' },
    compile: (b) => (a) => a !== b,
  },
  {
    name: 'in',
    custom: false,
    symbol: '∈',
    value: 'list',
    description: { es: 'uno de', en: 'one of' },
    compile: (b) => {
      const values = list(b);
      return (a) => values.indexOf(a) > -1;
    },
  },
  {
    name: 'notIn',
    custom: false,
    symbol: '∉',
    value: 'list',
    description: { es: 'ninguno de', en: 'none of' },
    compile: (b) => {
      const values = list(b);
      return (a) => values.indexOf(a) === -1;
    },
  },
  {
    name: 'contains',
    custom: false,
    symbol: '∋',
    value: 'any',
    description: { es: 'incluye', en: 'includes' },
    compile: (b) => (a) => Array.isArray(a) && a.indexOf(b) > -1,
  },
  {
    name: 'doesNotContain',
    custom: false,
    symbol: '∌',
    value: 'any',
    description: { es: 'no incluye', en: 'does not include' },
    compile: (b) => (a) => Array.isArray(a) && a.indexOf(b) === -1,
  },
  {
    name: 'lessThan',
    custom: false,
    symbol: '<',
    value: 'number',
    description: { es: 'menor que', en: 'less than' },
    compile: (b) => (a) => numeric(a) && (a as number) < (b as number),
  },
  {
    name: 'lessThanInclusive',
    custom: false,
    symbol: '≤',
    value: 'number',
    description: { es: 'menor o igual a', en: 'at most' },
    compile: (b) => (a) => numeric(a) && (a as number) <= (b as number),
  },
  {
    name: 'greaterThan',
    custom: false,
    symbol: '>',
    value: 'number',
    description: { es: 'mayor que', en: 'more than' },
    compile: (b) => (a) => numeric(a) && (a as number) > (b as number),
  },
  {
    name: 'greaterThanInclusive',
    custom: false,
    symbol: '≥',
    value: 'number',
    description: { es: 'mayor o igual a', en: 'at least' },
    compile: (b) => (a) => numeric(a) && (a as number) >= (b as number),
  },
  {
    name: 'between',
    custom: true,
    symbol: '∈',
    value: 'range',
    description: { es: 'entre (incluidos los extremos)', en: 'between (bounds included)' },
    compile: (value) => {
      const [min, max] = value as [number, number];
      return (fact) => isNumber(fact) && fact >= min && fact <= max;
    },
  },
  {
    name: 'intersects',
    custom: true,
    symbol: '∩',
    value: 'list',
    description: { es: 'incluye alguno de', en: 'includes any of' },
    compile: (value) => (fact) => Array.isArray(fact) && sharesAny(fact, list(value)),
  },
  {
    name: 'disjoint',
    custom: true,
    symbol: '∩=∅',
    value: 'list',
    description: { es: 'no incluye ninguno de', en: 'includes none of' },
    compile: (value) => (fact) => Array.isArray(fact) && !sharesAny(fact, list(value)),
  },
];

export const OPERATORS: readonly OperatorInfo[] = DEFINITIONS.map((d) => ({
  ...d,
  evaluate: (factValue: unknown, value: unknown) => d.compile(value)(factValue),
}));

export const OPERATOR_BY_NAME: ReadonlyMap<string, OperatorInfo> = new Map(OPERATORS.map((o) => [o.name, o]));

/** Checks an operator's value shape; returns a reason or undefined. */
export function operatorValueProblem(operator: OperatorInfo, value: unknown): string | undefined {
  switch (operator.value) {
    case 'number':
      return isNumber(value) ? undefined : `operator '${operator.name}' compares with a number`;
    case 'list':
      return Array.isArray(value) && value.length > 0
        ? undefined
        : `operator '${operator.name}' needs a non-empty list as its value`;
    case 'range':
      return Array.isArray(value) &&
        value.length === 2 &&
        isNumber(value[0]) &&
        isNumber(value[1]) &&
        value[0] <= value[1]
        ? undefined
        : `operator '${operator.name}' needs [min, max] with min ≤ max`;
    default:
      return undefined;
  }
}

/** Visits every leaf with its path inside the condition (for validation and explanation). */
export function forEachLeaf(
  condition: Condition,
  visit: (leaf: LeafCondition, path: (string | number)[]) => void,
  path: (string | number)[] = [],
): void {
  if (isLeaf(condition)) visit(condition, path);
  else if ('all' in condition) {
    for (const [i, c] of condition.all.entries()) forEachLeaf(c, visit, [...path, 'all', i]);
  } else if ('any' in condition) {
    for (const [i, c] of condition.any.entries()) forEachLeaf(c, visit, [...path, 'any', i]);
  } else forEachLeaf(condition.not, visit, [...path, 'not']);
}

/** Replaces `{ param: name }` values by the parameter's value. */
export function resolveParams(condition: Condition, params: Record<string, { value: unknown }>): Condition {
  if (isLeaf(condition)) {
    const ref = paramRefSchema.safeParse(condition.value);
    if (!ref.success) return condition;
    const parameter = params[ref.data.param];
    if (!parameter) throw new Error(`unknown parameter '${ref.data.param}'`);
    return { ...condition, value: parameter.value };
  }
  if ('all' in condition) return { all: condition.all.map((c) => resolveParams(c, params)) };
  if ('any' in condition) return { any: condition.any.map((c) => resolveParams(c, params)) };
  return { not: resolveParams(condition.not, params) };
}
