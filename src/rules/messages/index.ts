import type { z } from 'zod';
import type { Problem, ProblemDetail } from '../errors';
import { fieldLabel as registryFieldLabel } from '../fields';
import type { Lang } from '../i18n';
import en from './en';
import es, { type MessageCatalogue } from './es';
import { REQUEST_LABELS, VALUE_LABELS } from './values';

/**
 * The message catalogue: one per language (`es.ts`, `en.ts`), and the formatting every message shares
 * (numbers, money, shares, field and value names). Reports, near misses, conflicts, validation errors,
 * the command line and the pages word what they say here; the decisions stay in the modules that make
 * them and hand over data.
 */
export type { MessageCatalogue };
export { VALUE_LABELS };

const CATALOGUES: Record<Lang, MessageCatalogue> = { es, en };

export function messages(lang: Lang): MessageCatalogue {
  return CATALOGUES[lang];
}

/** What a value of an enumeration is called ("asociación civil"), or undefined when it has no name. */
export function valueLabel(value: string, lang: Lang): string | undefined {
  return VALUE_LABELS[value]?.[lang];
}

// ----------------------------------------------------------------------------------------- numbers

/** Built once: an Intl.NumberFormat costs far more to make than to use. */
const NUMBERS: Record<Lang, Intl.NumberFormat> = {
  es: new Intl.NumberFormat('es-MX', { maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }),
};
const SHARES: Record<Lang, Intl.NumberFormat> = {
  es: new Intl.NumberFormat('es-MX', { style: 'percent', maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }),
};
const MONEY = new Map<string, Intl.NumberFormat>();

/** A number as the language writes it: "1,491.65". */
export function formatNumber(value: number, lang: Lang): string {
  return NUMBERS[lang].format(value);
}

/** A share (0-1) as a percentage: "50 %" (es-MX), "50%" (en). */
export function formatShare(value: number, lang: Lang): string {
  return SHARES[lang].format(value);
}

/** An amount in major units with its currency: "$1,491.65 MXN", "$150,000 MXN". */
export function formatMoney(amount: number | string, currency: string, lang: Lang): string {
  const value = Number(amount);
  const whole = Number.isInteger(value);
  const key = `${lang}:${currency}:${whole}`;
  let format = MONEY.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat(messages(lang).locale, {
        style: 'currency',
        currency,
        currencyDisplay: 'narrowSymbol',
        ...(whole ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}),
      });
    } catch {
      format = NUMBERS[lang];
    }
    MONEY.set(key, format);
  }
  const text = format.format(value);
  return text.includes(currency) ? text : `${text} ${currency}`;
}

/** "3 integrantes", "1 sesión": a count with its unit, agreeing. */
export function countOf(n: number, unit: keyof MessageCatalogue['units'], lang: Lang): string {
  const [one, other] = messages(lang).units[unit];
  return `${formatNumber(n, lang)} ${n === 1 ? one : other}`;
}

/** A support line's ceiling as the report shows it: "máximo $150,000 MXN por grupo", that the sources give none, or that the line had no budget that year. */
export function supportMaximum(
  support: {
    maxPerGroup?: { amount: string; currency: string };
    maxPerPerson?: { amount: string; currency: string };
    /** Table 4's "----": the line has no budget that year. */
    unfunded?: boolean;
  },
  lang: Lang,
  fiscalYear: number,
): string {
  const r = messages(lang).report;
  if (support.unfunded) return r.noBudget(fiscalYear);
  const max = support.maxPerGroup ?? support.maxPerPerson;
  if (!max) return r.noMax;
  return `${r.max} ${formatMoney(max.amount, max.currency, lang)} ${support.maxPerGroup ? r.perGroup : r.perPerson}`;
}

// ------------------------------------------------------------------------------------------ fields

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * What a person calls an input field: "Integrante 1 · Edad o fecha de nacimiento", not
 * `members[0].age`. Every field path shown to a person goes through here: the group's fields are
 * named by the field registry (src/rules/fields), the rest of a request here.
 */
export function fieldLabel(path: string, lang: Lang): string {
  const own = REQUEST_LABELS[path]?.[lang];
  if (own) return capitalise(own);
  return capitalise(registryFieldLabel(path, lang));
}

// --------------------------------------------------------------------------------------- languages

/** The language an Accept-Language header prefers among Spanish and English, if it names either. */
export function acceptLanguage(header: string | undefined | null): Lang | undefined {
  if (!header) return undefined;
  let best: { lang: Lang; q: number } | undefined;
  for (const part of header.split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const primary = tag.split('-')[0];
    if (primary !== 'es' && primary !== 'en') continue;
    const q = Number(
      params
        .find((p) => p.trim().startsWith('q='))
        ?.trim()
        .slice(2) ?? 1,
    );
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { lang: primary, q };
  }
  return best?.lang;
}

// ---------------------------------------------------------------------------------------- problems

/** The parts of a zod issue a message needs, kept with the problem (no input value: it may be personal). */
export function issueDetail(issue: z.core.$ZodIssue): ProblemDetail {
  const i = issue as unknown as Record<string, unknown>;
  const detail: ProblemDetail = { code: issue.code, message: issue.message };
  for (const key of ['expected', 'origin', 'maximum', 'minimum', 'inclusive', 'values', 'keys', 'format'])
    if (i[key] !== undefined) detail[key] = typeof i[key] === 'bigint' ? Number(i[key]) : i[key];
  return detail;
}

/** The schemas' own messages (group.ts, dates.ts), as zod carries them, to the catalogue's reason. */
const SCHEMA_REASONS = new Map<string, keyof MessageCatalogue['invalid']['reasons']>([
  ['expected a two-digit INEGI state code, e.g. "09"', 'stateCode'],
  ['expected a five-digit INEGI municipality code, e.g. "09007"', 'municipalityCode'],
  ['expected an ISO 3166-1 country code, e.g. "MX", "UY"', 'countryCode'],
  ['expected an ISO 3166-2 subdivision code, e.g. "UY-AR"', 'regionCode'],
  [
    'municipality code does not belong to the state code (its first two digits are the state)',
    'municipalityState',
  ],
  [
    'state and municipality are INEGI codes for Mexico; use region (ISO 3166-2) for other countries',
    'inegiOutsideMexico',
  ],
  ['region does not belong to the country', 'regionCountry'],
  ['constitutedOn is given but legallyConstituted is false', 'constitutedOnButNot'],
  ['expected a date written YYYY-MM-DD', 'isoDate'],
  ['is not a real calendar date', 'realDate'],
]);

const quoted = (values: readonly unknown[], lang: Lang) =>
  messages(lang).listJoin(values.map((v) => `«${valueLabel(String(v), lang) ?? String(v)}»`));

/** The reason of a problem in the language: from its detail when it has one, else as written. */
export function problemText(problem: Pick<Problem, 'reason' | 'detail'>, lang: Lang): string {
  const d = problem.detail;
  return d ? detailText(d, lang) : problem.reason;
}

/** A zod issue worded in the language. */
export function issueText(issue: z.core.$ZodIssue, lang: Lang): string {
  return detailText(issueDetail(issue), lang);
}

function detailText(d: ProblemDetail, lang: Lang): string {
  const m = messages(lang).invalid;
  const message = String(d.message ?? '');
  const n = (x: unknown) => formatNumber(Number(x), lang);
  switch (d.code) {
    case 'invalid_type':
      if (/received undefined/.test(message)) return m.required;
      if (d.expected === 'int') return m.notWhole;
      return m.type[d.expected as keyof typeof m.type] ?? m.type.other;
    case 'too_big':
      if (d.origin === 'array' || d.origin === 'set') return m.maxItems(n(d.maximum));
      if (d.origin === 'string') return m.maxLength(n(d.maximum));
      return m.max(n(d.maximum), d.inclusive !== false);
    case 'too_small':
      if (d.origin === 'array' || d.origin === 'set') return m.minItems(n(d.minimum));
      if (d.origin === 'string') return m.empty;
      return m.min(n(d.minimum), d.inclusive !== false);
    case 'invalid_value':
      return m.oneOf(quoted((d.values as unknown[]) ?? [], lang));
    case 'unrecognized_keys': {
      if (lang === 'en') return message;
      // The nearest known field of each was found when the issue was raised (suggest.ts).
      const fields = ((d.keys as string[]) ?? []).map((key) => {
        const near = message.split(`'${key}' (did you mean `)[1]?.split('?)')[0];
        return `'${key}'${near ? ` (${m.didYouMean(near.replace(/ or /g, ' o '))})` : ''}`;
      });
      return m.unknownFields(fields.join(', '));
    }
    case 'unknown_territory':
      return m.unknownTerritory(String(d.value));
    case 'unknown_programme':
      return m.unknownProgramme(String(d.value));
    default: {
      const reason = SCHEMA_REASONS.get(message);
      if (reason) return m.reasons[reason];
      if (lang === 'en') return message;
      if (/amount|decimal|too large/.test(message)) return m.reasons.amount;
      return d.code === 'invalid_format' ? m.format : m.other;
    }
  }
}
