import { OPERATOR_BY_NAME } from './condition';
import type { ConditionEvaluation, LeafEvaluation } from './evaluate';
import { FACTS, factLabel, type MemberFilter } from './facts';
import type { Lang } from './i18n';
import {
  countOf,
  formatMoney,
  formatNumber,
  formatShare,
  messages,
  VALUE_LABELS,
  valueLabel,
} from './messages';
import type { Body } from './programme';
import type { TerritoryIndex } from './territory';

/** What the messages need to name territories and bodies instead of showing their codes. */
export interface Names {
  territories: TerritoryIndex;
  bodies: ReadonlyMap<string, Body>;
}

/**
 * Turns evaluated conditions into words a case worker can act on: what the group has, what the rule
 * asks, and for a failed rule the smallest change that would pass it (the near miss).
 */

export interface NearMiss {
  criterion: string;
  fact: string;
  actual: unknown;
  operator: string;
  expected: unknown;
  /** How far off, in `unit` (members, years, ...), when the fact is numeric. */
  gap?: number;
  unit?: string;
  message: string;
}

/** What each enumeration value is called: kept in the message catalogue (messages/values.ts). */
export { VALUE_LABELS };

const SHARE_FACTS = new Set(
  [...FACTS.values()]
    .filter((f) => f.distance === 'share-of-members' || f.unit === 'share (0-1)')
    .map((f) => f.name),
);
/** Shares (0-1) read as percentages: the member shares, and the facts named as shares (territory data). */
const isShare = (fact: string) =>
  SHARE_FACTS.has(fact) || (/share/i.test(fact) && FACTS.get(fact)?.type === 'number');
const TERRITORY_CODE = /^\d{2}(\d{3})?$/;

/** Facts whose values are amounts of money in the currency their params name. */
const MONEY_FACTS = new Set(
  [...FACTS.values()].filter((f) => f.unit?.includes('params.currency')).map((f) => f.name),
);
const currencyOf = (fact: string, params: unknown): string | undefined =>
  MONEY_FACTS.has(fact) ? (params as { currency?: string } | undefined)?.currency : undefined;

/**
 * A value as a person reads it: "sí", "50 %", "$1,491.65 MXN", "Ciudad de México (09)", "asociación
 * civil" (never the enumeration's code). `params` are the condition's (the currency of an amount).
 */
export function formatValue(
  value: unknown,
  lang: Lang,
  fact: string,
  names: Names,
  params?: unknown,
): string {
  const m = messages(lang);
  if (value === undefined || value === null) return m.unknown;
  if (Array.isArray(value)) {
    if (!value.length) return m.none;
    return value.map((v) => formatValue(v, lang, fact, names, params)).join(', ');
  }
  if (typeof value === 'boolean') return value ? m.yes : m.no;
  if (typeof value === 'number') {
    if (isShare(fact)) return formatShare(value, lang);
    const currency = currencyOf(fact, params);
    if (currency) return formatMoney(value, currency, lang);
    return formatNumber(value, lang);
  }
  const text = String(value);
  if ((text.length === 2 || text.length === 5) && TERRITORY_CODE.test(text) && names.territories.has(text))
    return `${names.territories.name(text)} (${text})`;
  const body = names.bodies.get(text);
  if (body) return body.shortName ?? body.name[lang];
  return valueLabel(text, lang) ?? text;
}

/** "who are PROSPERA beneficiaries, resident in Ciudad de México (09)" for a member filter. */
export function describeFilter(filter: MemberFilter, lang: Lang, names: Names): string {
  const f = messages(lang).filter;
  const parts: string[] = [];
  if (filter.sex) parts.push(f.sex(formatValue(filter.sex, lang, 'sex', names)));
  if (filter.minAge !== undefined && filter.maxAge !== undefined)
    parts.push(f.ageBetween(filter.minAge, filter.maxAge));
  else if (filter.minAge !== undefined) parts.push(f.ageMin(filter.minAge));
  else if (filter.maxAge !== undefined) parts.push(f.ageMax(filter.maxAge));
  if (filter.residenceState) parts.push(f.residentIn(formatValue(filter.residenceState, lang, '', names)));
  if (filter.residenceMunicipalities)
    parts.push(f.residentIn(formatValue(filter.residenceMunicipalities, lang, '', names)));
  if (filter.areaTypes) parts.push(f.inArea(formatValue(filter.areaTypes, lang, '', names)));
  if (filter.prosperaBeneficiary !== undefined) parts.push(f.prospera(filter.prosperaBeneficiary));
  if (filter.inPoverty !== undefined) parts.push(f.poverty(filter.inPoverty));
  if (filter.indigenous !== undefined) parts.push(f.indigenous(filter.indigenous));
  if (filter.producerStrata) parts.push(f.stratum(filter.producerStrata.join(', ')));
  if (filter.entrepreneurialPotentials)
    parts.push(
      f.potential(
        filter.entrepreneurialPotentials.map((v) => formatValue(v, lang, 'entrepreneurialPotential', names)),
      ),
    );
  return parts.join(', ');
}

/**
 * Phrases depend only on the rule (fact, params) and the language: kept per params object (one per
 * condition in a loaded catalogue) and per fact, so matching a population words each rule once.
 */
interface Phrases {
  phrase?: Partial<Record<Lang, string>>;
  who?: Partial<Record<Lang, string>>;
}
const PHRASES = new WeakMap<
  Names,
  { byFact: Map<string, Phrases>; byParams: WeakMap<object, Map<string, Phrases>> }
>();

function cached(
  leaf: Pick<LeafEvaluation, 'fact' | 'params'>,
  kind: keyof Phrases,
  lang: Lang,
  names: Names,
  make: () => string,
): string {
  let caches = PHRASES.get(names);
  if (!caches) {
    caches = { byFact: new Map(), byParams: new WeakMap() };
    PHRASES.set(names, caches);
  }
  // By the fact's name, within the params object when the condition has params.
  let byFact = caches.byFact;
  if (leaf.params) {
    byFact = caches.byParams.get(leaf.params) ?? new Map();
    caches.byParams.set(leaf.params, byFact);
  }
  let entry = byFact.get(leaf.fact);
  if (!entry) {
    entry = {};
    byFact.set(leaf.fact, entry);
  }
  const texts = entry[kind] ?? {};
  entry[kind] = texts;
  let text = texts[lang];
  if (text === undefined) {
    text = make();
    texts[lang] = text;
  }
  return text;
}

/** The fact's label, with its member filter spelled out when it has one. */
export function factPhrase(leaf: Pick<LeafEvaluation, 'fact' | 'params'>, lang: Lang, names: Names): string {
  return cached(leaf, 'phrase', lang, names, () => wordFact(leaf, lang, names));
}

function wordFact(leaf: Pick<LeafEvaluation, 'fact' | 'params'>, lang: Lang, names: Names): string {
  const m = messages(lang);
  const label = m.facts[leaf.fact] ?? factLabel(leaf.fact, lang);
  if (leaf.params && (leaf.fact === 'membersMatching' || leaf.fact === 'shareOfMembersMatching'))
    return m.filteredFact(label, describeFilter(leaf.params as MemberFilter, lang, names));
  return label;
}

/** One line per leaf: "Número de integrantes: 4 — se requiere: mayor o igual a 5". */
export function describeLeaf(leaf: LeafEvaluation, lang: Lang, names: Names): string {
  const m = messages(lang);
  const actual =
    leaf.verdict === 'unknown' ? m.noData : formatValue(leaf.actual, lang, leaf.fact, names, leaf.params);
  const share = leaf.detail ? ` (${m.fraction(leaf.detail.numerator, leaf.detail.denominator)})` : '';
  const mark = leaf.verdict === 'passed' ? '✓' : leaf.verdict === 'failed' ? '✗' : '?';
  return `${mark} ${factPhrase(leaf, lang, names)}: ${actual}${share}${requirement(leaf, lang, names)}`;
}

/**
 * " — se requiere: al menos 5": the same for every group that meets a condition, so kept per
 * fact, operator and value (lists by identity: one per condition in a loaded catalogue).
 */
type Texts = Partial<Record<Lang, string>>;
type ByValue = { values: Map<unknown, Texts>; lists: WeakMap<object, Texts> };
/** Per catalogue (its names), operator and fact: the operator and fact strings are the rule file's own. */
const REQUIREMENTS = new WeakMap<Names, Map<string, Map<string, ByValue>>>();

function requirement(leaf: LeafEvaluation, lang: Lang, names: Names): string {
  let byOperator = REQUIREMENTS.get(names);
  if (!byOperator) {
    byOperator = new Map();
    REQUIREMENTS.set(names, byOperator);
  }
  let byFact = byOperator.get(leaf.operator);
  if (!byFact) {
    byFact = new Map();
    byOperator.set(leaf.operator, byFact);
  }
  let entry = byFact.get(leaf.fact);
  if (!entry) {
    entry = { values: new Map(), lists: new WeakMap() };
    byFact.set(leaf.fact, entry);
  }
  // An amount is cached with its currency: the same number in another currency is another text.
  const currency = currencyOf(leaf.fact, leaf.params);
  const expected =
    currency && typeof leaf.expected === 'number' ? `${currency} ${leaf.expected}` : leaf.expected;
  const isObject = expected !== null && typeof expected === 'object';
  let texts = isObject ? entry.lists.get(expected) : entry.values.get(expected);
  if (!texts) {
    texts = {};
    if (isObject) entry.lists.set(expected, texts);
    else entry.values.set(expected, texts);
  }
  let text = texts[lang];
  if (text === undefined) {
    const op = OPERATOR_BY_NAME.get(leaf.operator);
    text = messages(lang).required(
      op?.description[lang] ?? leaf.operator,
      formatValue(leaf.expected, lang, leaf.fact, names, leaf.params),
    );
    texts[lang] = text;
  }
  return text;
}

export function leaves(tree: ConditionEvaluation, out: LeafEvaluation[] = []): LeafEvaluation[] {
  if (tree.kind === 'leaf') out.push(tree);
  else for (const child of tree.children) leaves(child, out);
  return out;
}

/** The failed leaves whose change would turn the tree around (alternatives of an any, parts of an all). */
function failingLeaves(tree: ConditionEvaluation): LeafEvaluation[] {
  if (tree.verdict !== 'failed') return [];
  if (tree.kind === 'leaf') return [tree];
  if (tree.kind === 'not') return [];
  return tree.children.flatMap(failingLeaves);
}

const EPSILON = 1e-9;

/** Smallest count k with (numerator + k) / denominator satisfying the comparison with t. */
function membersToPass(
  detail: { numerator: number; denominator: number },
  operator: string,
  t: number,
): number | undefined {
  const x = Math.round(t * detail.denominator * 1e6) / 1e6;
  const n = detail.numerator;
  switch (operator) {
    case 'greaterThan':
      return Math.floor(x + EPSILON) + 1 - n;
    case 'greaterThanInclusive':
      return Math.ceil(x - EPSILON) - n;
    case 'lessThan':
      return n - (Math.ceil(x - EPSILON) - 1);
    case 'lessThanInclusive':
      return n - Math.floor(x + EPSILON);
    default:
      return undefined;
  }
}

function numericGap(actual: number, operator: string, expected: unknown): number | undefined {
  if (typeof expected === 'number') {
    switch (operator) {
      case 'greaterThanInclusive':
        return expected - actual;
      case 'greaterThan':
        return expected - actual + (Number.isInteger(expected) && Number.isInteger(actual) ? 1 : 0);
      case 'lessThanInclusive':
        return actual - expected;
      case 'lessThan':
        return actual - expected + (Number.isInteger(expected) && Number.isInteger(actual) ? 1 : 0);
      default:
        return undefined;
    }
  }
  if (operator === 'between' && Array.isArray(expected)) {
    const [min, max] = expected as [number, number];
    return actual < min ? min - actual : actual - max;
  }
  return undefined;
}

export function nearMisses(
  criterion: string,
  tree: ConditionEvaluation,
  lang: Lang,
  names: Names,
): NearMiss[] {
  return failingLeaves(tree).map((leaf) => nearMiss(criterion, leaf, lang, names));
}

/** A near miss, its keys always in the same order (the JSON a client reads). */
function missOf(
  criterion: string,
  leaf: LeafEvaluation,
  message: string,
  gap?: number,
  unit?: string,
): NearMiss {
  const miss: NearMiss = {
    criterion,
    fact: leaf.fact,
    actual: leaf.actual,
    operator: leaf.operator,
    expected: leaf.expected,
  } as NearMiss;
  if (gap !== undefined) miss.gap = gap;
  if (unit !== undefined) miss.unit = unit;
  miss.message = message;
  return miss;
}

/** How far a value is from passing, in the fact's own unit: "1 sesión", "$1,008.35 MXN", "10 puntos porcentuales". */
function gapText(gap: number, leaf: LeafEvaluation, lang: Lang): string {
  if (isShare(leaf.fact)) return countOf(Math.round(gap * 1000) / 10, 'points', lang);
  const currency = currencyOf(leaf.fact, leaf.params);
  if (currency) return formatMoney(Math.round(gap * 100) / 100, currency, lang);
  const unit = FACTS.get(leaf.fact)?.unit;
  if (unit === 'years' || unit === 'meetings' || unit === 'supports' || unit === 'members')
    return countOf(gap, unit, lang);
  return formatNumber(gap, lang);
}

function nearMiss(criterion: string, leaf: LeafEvaluation, lang: Lang, names: Names): NearMiss {
  const m = messages(lang);
  const fact = FACTS.get(leaf.fact);
  const phrase = factPhrase(leaf, lang, names);
  const members = (n: number) => countOf(n, 'members', lang);
  const who = leaf.params
    ? cached(leaf, 'who', lang, names, () => describeFilter(leaf.params as MemberFilter, lang, names))
    : '';
  const value = (v: unknown) => formatValue(v, lang, leaf.fact, names, leaf.params);
  const op = OPERATOR_BY_NAME.get(leaf.operator)?.description[lang] ?? leaf.operator;

  if (fact?.distance === 'share-of-members' && leaf.detail && typeof leaf.expected === 'number') {
    const k = membersToPass(leaf.detail, leaf.operator, leaf.expected);
    if (k !== undefined && k > 0) {
      const now = m.fraction(leaf.detail.numerator, leaf.detail.denominator);
      const message = leaf.operator.startsWith('greater')
        ? m.near.moreMeeting(k, who, now)
        : m.near.fewerMeeting(k, who, now);
      return missOf(criterion, leaf, message, k, 'members');
    }
  }
  if (typeof leaf.actual === 'number') {
    const gap = numericGap(leaf.actual, leaf.operator, leaf.expected);
    if (gap !== undefined && gap > 0) {
      const raising =
        leaf.operator.startsWith('greater') ||
        (leaf.operator === 'between' && leaf.actual < ((leaf.expected as number[])[0] ?? 0));
      if (fact?.distance === 'members') {
        const message = raising
          ? m.near.moreMembers(members(gap), who)
          : m.near.fewerMembers(members(gap), who);
        return missOf(criterion, leaf, message, gap, 'members');
      }
      const unit = fact?.unit ?? '';
      const message = (raising ? m.near.short : m.near.over)(
        phrase,
        value(leaf.actual),
        gapText(gap, leaf, lang),
        gap === 1,
        op,
        value(leaf.expected),
      );
      return missOf(criterion, leaf, message, gap, unit || undefined);
    }
  }
  if (fact?.type === 'boolean' && typeof leaf.expected === 'boolean' && leaf.operator === 'equal') {
    const message = leaf.expected
      ? m.near.mustBeTrue(phrase.toLowerCase())
      : m.near.mustBeFalse(phrase.toLowerCase());
    return missOf(criterion, leaf, message);
  }
  return missOf(criterion, leaf, m.near.mustBe(phrase, value(leaf.actual), op, value(leaf.expected)));
}
