import { OPERATOR_BY_NAME } from './condition';
import type { ConditionEvaluation, LeafEvaluation } from './evaluate';
import { FACTS, factLabel, type MemberFilter } from './facts';
import { FIELD_VALUE_LABELS } from './fields';
import type { Lang } from './i18n';
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

/** Names of the values a criterion may show: yes and no, the input fields' values (src/rules/fields), and the facts' own. */
export const VALUE_LABELS: Record<string, { es: string; en: string }> = {
  true: { es: 'sí', en: 'yes' },
  false: { es: 'no', en: 'no' },
  ...FIELD_VALUE_LABELS,
  periurban_or_rural: { es: 'periurbana o rural', en: 'periurban or rural' },
};

const SHARE_FACTS = new Set(
  [...FACTS.values()]
    .filter((f) => f.distance === 'share-of-members' || f.unit === 'share (0-1)')
    .map((f) => f.name),
);
const isShare = (fact: string) => SHARE_FACTS.has(fact);
const TERRITORY_CODE = /^\d{2}(\d{3})?$/;

/** Built once: an Intl.NumberFormat costs far more to make than to use. */
const NUMBER_FORMATS: Record<Lang, Intl.NumberFormat> = {
  es: new Intl.NumberFormat('es-MX'),
  en: new Intl.NumberFormat('en-US'),
};

export function formatValue(value: unknown, lang: Lang, fact: string, names: Names): string {
  if (value === undefined || value === null) return lang === 'es' ? 'desconocido' : 'unknown';
  if (Array.isArray(value)) {
    if (!value.length) return lang === 'es' ? 'ninguno' : 'none';
    return value.map((v) => formatValue(v, lang, fact, names)).join(', ');
  }
  if (typeof value === 'number') {
    if (isShare(fact)) return `${Math.round(value * 1000) / 10} %`;
    // Small whole numbers read the same in both locales; Intl is for separators and decimals.
    if (Number.isInteger(value) && value >= 0 && value < 1000) return String(value);
    return NUMBER_FORMATS[lang].format(value);
  }
  const text = String(value);
  if ((text.length === 2 || text.length === 5) && TERRITORY_CODE.test(text) && names.territories.has(text))
    return `${names.territories.name(text)} (${text})`;
  const body = names.bodies.get(text);
  if (body) return body.shortName ?? body.name[lang];
  return VALUE_LABELS[text]?.[lang] ?? text;
}

/** "who are PROSPERA beneficiaries, resident in Ciudad de México (09)" for a member filter. */
export function describeFilter(filter: MemberFilter, lang: Lang, names: Names): string {
  const es = lang === 'es';
  const parts: string[] = [];
  if (filter.sex)
    parts.push(
      es
        ? `sexo ${formatValue(filter.sex, lang, 'sex', names)}`
        : formatValue(filter.sex, lang, 'sex', names),
    );
  if (filter.minAge !== undefined && filter.maxAge !== undefined) {
    parts.push(
      es ? `de ${filter.minAge} a ${filter.maxAge} años` : `aged ${filter.minAge} to ${filter.maxAge}`,
    );
  } else if (filter.minAge !== undefined)
    parts.push(es ? `de ${filter.minAge} años o más` : `aged ${filter.minAge} or over`);
  else if (filter.maxAge !== undefined)
    parts.push(es ? `de ${filter.maxAge} años o menos` : `aged ${filter.maxAge} or under`);
  if (filter.residenceState) {
    parts.push(
      `${es ? 'con residencia en' : 'resident in'} ${formatValue(filter.residenceState, lang, '', names)}`,
    );
  }
  if (filter.residenceMunicipalities) {
    parts.push(
      `${es ? 'con residencia en' : 'resident in'} ${formatValue(filter.residenceMunicipalities, lang, '', names)}`,
    );
  }
  if (filter.areaTypes)
    parts.push(
      `${es ? 'en zona' : 'in a'} ${formatValue(filter.areaTypes, lang, '', names)}${es ? '' : ' area'}`,
    );
  if (filter.prosperaBeneficiary !== undefined) {
    parts.push(
      filter.prosperaBeneficiary
        ? es
          ? 'beneficiarios de PROSPERA'
          : 'PROSPERA beneficiaries'
        : es
          ? 'no beneficiarios de PROSPERA'
          : 'not PROSPERA beneficiaries',
    );
  }
  if (filter.inPoverty !== undefined) {
    parts.push(
      filter.inPoverty
        ? es
          ? 'en situación de pobreza'
          : 'living in poverty'
        : es
          ? 'fuera de pobreza'
          : 'not in poverty',
    );
  }
  if (filter.indigenous !== undefined)
    parts.push(
      filter.indigenous ? (es ? 'indígenas' : 'indigenous') : es ? 'no indígenas' : 'not indigenous',
    );
  if (filter.producerStrata)
    parts.push(`${es ? 'de estrato' : 'of stratum'} ${filter.producerStrata.join(', ')}`);
  if (filter.entrepreneurialPotentials)
    parts.push(
      `${es ? 'con potencial emprendedor' : 'with entrepreneurial potential'} ${filter.entrepreneurialPotentials.map((v) => formatValue(v, lang, 'entrepreneurialPotential', names)).join(es ? ' o ' : ' or ')}`,
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
  const label = factLabel(leaf.fact, lang);
  if (leaf.params && (leaf.fact === 'membersMatching' || leaf.fact === 'shareOfMembersMatching')) {
    const who = describeFilter(leaf.params as MemberFilter, lang, names);
    return lang === 'es'
      ? `${label.replace(/ que cumplen el filtro dado en params$/, '')} (${who})`
      : `${label.replace(/ who meet the filter given in params$/, '')} (${who})`;
  }
  return label;
}

/** One line per leaf: "Número de integrantes: 4 — se requiere ≥ 5". */
export function describeLeaf(leaf: LeafEvaluation, lang: Lang, names: Names): string {
  const actual =
    leaf.verdict === 'unknown'
      ? lang === 'es'
        ? 'sin dato'
        : 'no data'
      : formatValue(leaf.actual, lang, leaf.fact, names);
  const share = leaf.detail
    ? ` (${leaf.detail.numerator} ${lang === 'es' ? 'de' : 'of'} ${leaf.detail.denominator})`
    : '';
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
  const expected = leaf.expected;
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
    text = ` — ${lang === 'es' ? 'se requiere' : 'required'}: ${op?.description[lang] ?? leaf.operator} ${formatValue(expected, lang, leaf.fact, names)}`;
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

const memberCount = (n: number, es: boolean) =>
  es ? `${n} integrante${n === 1 ? '' : 's'}` : `${n} member${n === 1 ? '' : 's'}`;

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

function nearMiss(criterion: string, leaf: LeafEvaluation, lang: Lang, names: Names): NearMiss {
  const es = lang === 'es';
  const fact = FACTS.get(leaf.fact);
  const phrase = factPhrase(leaf, lang, names);
  const members = (n: number) => memberCount(n, es);
  const who = leaf.params
    ? cached(leaf, 'who', lang, names, () => describeFilter(leaf.params as MemberFilter, lang, names))
    : '';

  if (fact?.distance === 'share-of-members' && leaf.detail && typeof leaf.expected === 'number') {
    const k = membersToPass(leaf.detail, leaf.operator, leaf.expected);
    if (k !== undefined && k > 0) {
      const raising = leaf.operator.startsWith('greater');
      const message = raising
        ? es
          ? `Necesita ${members(k)} más ${k === 1 ? 'que cumpla' : 'que cumplan'}: ${who || 'la condición'} (hoy ${leaf.detail.numerator} de ${leaf.detail.denominator})`
          : `Needs ${k} more member${k === 1 ? '' : 's'} meeting: ${who || 'the condition'} (now ${leaf.detail.numerator} of ${leaf.detail.denominator})`
        : es
          ? `Tiene ${members(k)} de más ${k === 1 ? 'que cumple' : 'que cumplen'}: ${who || 'la condición'} (hoy ${leaf.detail.numerator} de ${leaf.detail.denominator})`
          : `Has ${k} member${k === 1 ? '' : 's'} too many meeting: ${who || 'the condition'} (now ${leaf.detail.numerator} of ${leaf.detail.denominator})`;
      return missOf(criterion, leaf, message, k, 'members');
    }
  }
  if (typeof leaf.actual === 'number') {
    const gap = numericGap(leaf.actual, leaf.operator, leaf.expected);
    if (gap !== undefined && gap > 0) {
      if (fact?.distance === 'members') {
        const raising =
          leaf.operator.startsWith('greater') ||
          (leaf.operator === 'between' && leaf.actual < ((leaf.expected as number[])[0] ?? 0));
        const message = raising
          ? es
            ? `Necesita ${members(gap)} más${who ? ` (${who})` : ''}`
            : `Needs ${members(gap)} more${who ? ` (${who})` : ''}`
          : es
            ? `Tiene ${members(gap)} de más${who ? ` (${who})` : ''}`
            : `Has ${members(gap)} too many${who ? ` (${who})` : ''}`;
        return missOf(criterion, leaf, message, gap, 'members');
      }
      const unit = fact?.unit ?? '';
      const message = es
        ? `${phrase}: ${formatValue(leaf.actual, lang, leaf.fact, names)}; le faltan ${formatValue(gap, lang, leaf.fact, names)} ${unit}`.trim()
        : `${phrase}: ${formatValue(leaf.actual, lang, leaf.fact, names)}; off by ${formatValue(gap, lang, leaf.fact, names)} ${unit}`.trim();
      return missOf(criterion, leaf, message, gap, unit || undefined);
    }
  }
  const op = OPERATOR_BY_NAME.get(leaf.operator);
  if (fact?.type === 'boolean' && typeof leaf.expected === 'boolean' && leaf.operator === 'equal') {
    const message = leaf.expected
      ? es
        ? `Debe cumplirse primero: ${phrase.toLowerCase()}`
        : `Must first be true: ${phrase.toLowerCase()}`
      : es
        ? `No debe cumplirse (hoy se cumple): ${phrase.toLowerCase()}`
        : `Must not be the case (it is): ${phrase.toLowerCase()}`;
    return missOf(criterion, leaf, message);
  }
  const message = es
    ? `${phrase}: ${formatValue(leaf.actual, lang, leaf.fact, names)}; debe ser ${op?.description.es ?? leaf.operator} ${formatValue(leaf.expected, lang, leaf.fact, names)}`
    : `${phrase}: ${formatValue(leaf.actual, lang, leaf.fact, names)}; must be ${op?.description.en ?? leaf.operator} ${formatValue(leaf.expected, lang, leaf.fact, names)}`;
  return missOf(criterion, leaf, message);
}
