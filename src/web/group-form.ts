import type { Catalogue } from '../rules/catalogue';
import { InputError } from '../rules/errors';
import { type Control, controlled, DEBT_KINDS, type FormSection } from '../rules/fields';
import type { Group } from '../rules/group';
import type { Lang, Localized } from '../rules/i18n';
import { parseGroup } from '../rules/match';
import { problemText } from '../rules/messages';
import { CURRENCY_DIGITS } from '../rules/money';
import { MARGINALISATION_DEGREES, territoryAttributesSchema } from '../rules/territory';
import { type TextKey, tr } from './text';

/**
 * The case-worker form as data: every control is named after the group path it fills
 * ("members[2].residence.state"), so the engine's validation errors land next to their field, and the
 * form keeps exactly what the user typed (strings) until it is turned into a group. The controls
 * come from the field registry (src/rules/fields/): a field added there shows here.
 */

export type FieldKind =
  | 'text'
  | 'date'
  | 'int'
  | 'number'
  | 'tri'
  | 'select'
  | 'country'
  | 'region'
  | 'state'
  | 'municipality'
  | 'amount'
  | 'currency';

export interface FieldSpec {
  /** Path inside the group (or the member, or the enrolment). */
  path: string;
  kind: FieldKind;
  label: Localized;
  options?: readonly string[];
  hint?: Localized;
}

const CURRENCY_LABEL: Localized = { es: 'Moneda', en: 'Currency' };

/** A control's wording: its prompt, or its label with the unit it is written in. */
const wording = (label: Localized, control: Control): Localized =>
  control.prompt ??
  (control.unit ? { es: `${label.es} (${control.unit.es})`, en: `${label.en} (${control.unit.en})` } : label);

/** The form's specs of the registry fields with a control below `prefix` (paths relative to it). */
function specs(prefix: string, section?: FormSection): FieldSpec[] {
  return controlled(prefix).flatMap(({ path: full, def }): FieldSpec[] => {
    const { control } = def;
    if (section !== undefined && control.section !== section) return [];
    const path = full.slice(prefix.length);
    const label = wording(def.label, control);
    const hint = control.hint ? { hint: control.hint } : {};
    switch (control.kind) {
      case 'list':
        return [];
      case 'money':
        return [
          { path: `${path}.amount`, kind: 'amount', label, ...hint },
          { path: `${path}.currency`, kind: 'currency', label: CURRENCY_LABEL },
        ];
      case 'programme':
        return [{ path, kind: 'select', label, ...hint }];
      default:
        return [
          {
            path,
            kind: control.kind,
            label,
            ...(control.options ? { options: control.options } : {}),
            ...hint,
          },
        ];
    }
  });
}

/** The fieldsets of the group's own fields, in the order the page shows them. */
const LEGENDS: [FormSection, TextKey][] = [
  ['general', 'sectionGeneral'],
  ['location', 'sectionLocation'],
  ['registeredOffice', 'sectionRegisteredOffice'],
  ['training', 'sectionTraining'],
  ['territory', 'sectionTerritory'],
];

/** The group's own fields, in the fieldsets the page shows them in. */
export const GROUP_SECTIONS: { legend: TextKey; fields: FieldSpec[] }[] = LEGENDS.map(
  ([section, legend]) => ({
    legend,
    fields: specs('', section),
  }),
);

export const MEMBER_FIELDS: FieldSpec[] = specs('members[].');

export const ENROLMENT_FIELDS: FieldSpec[] = specs('enrolments[].');

export { DEBT_KINDS };
/** Whether a list (debts, enrolments, ...) is unknown, known to be empty, or given below. */
export const LIST_KNOWLEDGE = ['', 'none', 'some'] as const;

/** What the user typed: strings only, by control name. */
export interface Draft {
  asOf: string;
  lang: Lang;
  group: Record<string, string>;
  members: Record<string, string>[];
  enrolments: Record<string, string>[];
  enrolmentsKnown: string;
  debtsKnown: string;
  debtAgencies: string[];
  debtKind: string;
  disqualificationsKnown: string;
  disqualificationAgencies: string[];
  json: string;
}

export function emptyDraft(asOf: string, lang: Lang): Draft {
  return {
    asOf,
    lang,
    group: {},
    members: [],
    enrolments: [],
    enrolmentsKnown: '',
    debtsKnown: '',
    debtAgencies: [],
    debtKind: 'financial',
    disqualificationsKnown: '',
    disqualificationAgencies: [],
    json: '',
  };
}

export interface FieldError {
  /** The control's name (a group path), or "(group)" / "json" for the form as a whole. */
  path: string;
  message: string;
}

// ------------------------------------------------------------------------------- body → draft

export type FormBody = Record<string, string | File | (string | File)[]>;

const text = (v: FormBody[string] | undefined): string =>
  typeof v === 'string' ? v : Array.isArray(v) ? String(v.find((x) => typeof x === 'string') ?? '') : '';
const texts = (v: FormBody[string] | undefined): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');

/** Rows of a repeated section ("members[3].age" → row 3), renumbered in order. */
function rows(body: FormBody, list: string): Record<string, string>[] {
  const byIndex = new Map<number, Record<string, string>>();
  const pattern = new RegExp(`^${list}\\[(\\d+)\\]\\.(.+)$`);
  for (const [name, value] of Object.entries(body)) {
    const match = pattern.exec(name);
    if (!match) continue;
    const index = Number(match[1]);
    if (index > 500) continue;
    const row = byIndex.get(index) ?? {};
    row[match[2] as string] = text(value);
    byIndex.set(index, row);
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, row]) => row);
}

export function draftFromBody(body: FormBody, fallback: { asOf: string; lang: Lang }): Draft {
  const group: Record<string, string> = {};
  for (const section of GROUP_SECTIONS) for (const f of section.fields) group[f.path] = text(body[f.path]);
  const lang = text(body.lang);
  return {
    asOf: text(body.asOf) || fallback.asOf,
    lang: lang === 'en' || lang === 'es' ? lang : fallback.lang,
    group,
    members: rows(body, 'members'),
    enrolments: rows(body, 'enrolments'),
    enrolmentsKnown: text(body['enrolments.known']),
    debtsKnown: text(body['debts.known']),
    debtAgencies: texts(body['debts.agencies']),
    debtKind: text(body['debts.kind']) || 'financial',
    disqualificationsKnown: text(body['disqualifications.known']),
    disqualificationAgencies: texts(body['disqualifications.agencies']),
    json: text(body.json),
  };
}

// ------------------------------------------------------------------------------ draft → group

type Json = Record<string, unknown>;

function setPath(target: Json, path: string, value: unknown) {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    node[part] ??= {};
    node = node[part] as Json;
  }
  node[parts.at(-1) as string] = value;
}

const isBlank = (row: Record<string, string>) => Object.values(row).every((v) => !v.trim());

/** Converts the fields of one object (the group, a member, an enrolment); blank means unknown. */
function convert(
  values: Record<string, string>,
  fields: readonly FieldSpec[],
  prefix: string,
  errors: FieldError[],
  lang: Lang,
): Json {
  const t = tr(lang);
  const out: Json = {};
  for (const f of fields) {
    if (f.kind === 'currency') continue;
    const raw = (values[f.path] ?? '').trim();
    if (!raw) continue;
    const name = `${prefix}${f.path}`;
    const fail = (message: TextKey) => errors.push({ path: name, message: t(message) });
    switch (f.kind) {
      case 'int':
        if (/^-?\d+$/.test(raw)) setPath(out, f.path, Number(raw));
        else fail('errorWholeNumber');
        break;
      case 'number': {
        const n = Number(raw.replace(',', '.'));
        if (/^-?\d*[.,]?\d+$/.test(raw) && Number.isFinite(n)) setPath(out, f.path, n);
        else fail('errorNumber');
        break;
      }
      case 'tri':
        if (raw === 'true' || raw === 'false') setPath(out, f.path, raw === 'true');
        else fail('errorYesNo');
        break;
      case 'amount': {
        const base = f.path.replace(/\.amount$/, '');
        // Thousands separators as people write them ("12,500.50" or "12 500"); the engine parses the rest.
        const amount = raw.replace(/[\s,](?=\d{3}(\D|$))/g, '');
        setPath(out, base, { amount, currency: values[`${base}.currency`] || 'MXN' });
        break;
      }
      default:
        setPath(out, f.path, raw);
    }
  }
  return out;
}

export interface Converted {
  /** The group as JSON input (before the engine's own validation). */
  input: Json;
  errors: FieldError[];
  enrolmentRows: number[];
}

/** Turns what was typed into group input, with the form's own errors (numbers, yes/no, lists). */
export function groupInput(draft: Draft): Converted {
  const errors: FieldError[] = [];
  const t = tr(draft.lang);
  const fields = GROUP_SECTIONS.flatMap((s) => s.fields);
  const input = convert(draft.group, fields, '', errors, draft.lang);

  if (draft.members.length) {
    input.members = draft.members.map((m, i) =>
      convert(m, MEMBER_FIELDS, `members[${i}].`, errors, draft.lang),
    );
  }

  // Blank enrolment rows are left out; enrolmentRows maps the list back to the rows shown.
  const enrolmentRows = draft.enrolments.flatMap((row, i) => (isBlank(row) ? [] : [i]));
  const enrolments = enrolmentRows.map((i) =>
    convert(draft.enrolments[i] ?? {}, ENROLMENT_FIELDS, `enrolments[${i}].`, errors, draft.lang),
  );
  knownList(draft.enrolmentsKnown, enrolments.length, 'enrolments.known', errors, t, () => {
    input.enrolments = enrolments;
  });

  knownList(draft.debtsKnown, draft.debtAgencies.length, 'debts.agencies', errors, t, () => {
    input.debts = draft.debtAgencies.map((agency) => ({ agency, kind: draft.debtKind || 'financial' }));
  });
  knownList(
    draft.disqualificationsKnown,
    draft.disqualificationAgencies.length,
    'disqualifications.agencies',
    errors,
    t,
    () => {
      input.disqualifications = draft.disqualificationAgencies.map((agency) => ({ agency }));
    },
  );
  return { input, errors, enrolmentRows };
}

/** "none" is a known empty list, "some" needs items, and items imply "some". */
function knownList(
  known: string,
  count: number,
  path: string,
  errors: FieldError[],
  t: (key: TextKey) => string,
  set: () => void,
) {
  if (known === 'none' && count > 0) errors.push({ path, message: t('errorNoneButListed') });
  else if (known === 'some' && count === 0) errors.push({ path, message: t('errorSomeButEmpty') });
  else if (known === 'none' || count > 0) set();
}

/** Where an engine error shows in the form: agency checkboxes for debts, the shown row for enrolments. */
function fieldOf(path: string, enrolmentRows: number[]): string {
  if (/^debts(\[\d+\].*)?$/.test(path)) return 'debts.agencies';
  if (/^disqualifications(\[\d+\].*)?$/.test(path)) return 'disqualifications.agencies';
  return path.replace(
    /^enrolments\[(\d+)\]/,
    (_, k: string) => `enrolments[${enrolmentRows[Number(k)] ?? k}]`,
  );
}

export type ParsedForm = { ok: true; group: Group } | { ok: false; errors: FieldError[] };

/** The form's own checks, then the engine's (the same parseGroup as the API and the CLI). */
export function parseDraft(draft: Draft, catalogue: Catalogue): ParsedForm {
  const { input, errors, enrolmentRows } = groupInput(draft);
  try {
    const group = parseGroup(input, catalogue);
    if (errors.length) return { ok: false, errors };
    return { ok: true, group };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const reported = new Set(errors.map((e) => e.path));
    for (const p of error.problems) {
      const path = fieldOf(p.path, enrolmentRows);
      if (!reported.has(path)) errors.push({ path, message: problemText(p, draft.lang) });
    }
    return { ok: false, errors };
  }
}

// ----------------------------------------------------------------------------- group → draft

const get = (value: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (node, key) => (node && typeof node === 'object' ? (node as Json)[key] : undefined),
      value,
    );

function fill(source: unknown, fields: readonly FieldSpec[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const value = get(source, f.path);
    out[f.path] = value !== undefined && value !== null && typeof value !== 'object' ? String(value) : '';
  }
  return out;
}

/** Fills the form from group JSON (an example, or pasted JSON), and says what the form cannot show. */
export function draftFromInput(input: unknown, base: Draft): { draft: Draft; notShown: string[] } {
  const group = (input && typeof input === 'object' && !Array.isArray(input) ? input : {}) as Json;
  const fields = GROUP_SECTIONS.flatMap((s) => s.fields);
  const list = (key: string) => (Array.isArray(group[key]) ? (group[key] as unknown[]) : undefined);
  const item = (x: unknown) => (x && typeof x === 'object' ? (x as Json) : {});
  const debts = list('debts')?.map(item);
  const disqualifications = list('disqualifications')?.map(item);
  const enrolments = list('enrolments');
  const draft: Draft = {
    ...base,
    group: fill(group, fields),
    members: (list('members') ?? []).map((m) => fill(m, MEMBER_FIELDS)),
    enrolments: (enrolments ?? []).map((e) => fill(e, ENROLMENT_FIELDS)),
    enrolmentsKnown: enrolments ? (enrolments.length ? 'some' : 'none') : '',
    debtsKnown: debts ? (debts.length ? 'some' : 'none') : '',
    debtAgencies: (debts ?? []).map((d) => String(d.agency ?? '')),
    debtKind: String(debts?.[0]?.kind ?? 'financial'),
    disqualificationsKnown: disqualifications ? (disqualifications.length ? 'some' : 'none') : '',
    disqualificationAgencies: (disqualifications ?? []).map((d) => String(d.agency ?? '')),
  };
  const back = leaves(groupInput(draft).input);
  const notShown = [...leaves(group)]
    .filter(([path, value]) => back.get(path) !== value)
    .map(([path]) => path);
  return { draft, notShown };
}

/** Every leaf of a JSON value by path ("members[0].residence.state"), written as text. */
function leaves(value: unknown, path = '', out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) leaves(v, `${path}[${i}]`, out);
  } else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) leaves(v, path ? `${path}.${k}` : k, out);
  else if (value !== null && value !== undefined) out.set(path, String(value));
  return out;
}

export const CURRENCIES = Object.keys(CURRENCY_DIGITS);
