import type { Catalogue } from '../rules/catalogue';
import { InputError } from '../rules/errors';
import {
  AREA_TYPES,
  ENROLMENT_STATUSES,
  type Group,
  LEGAL_FORMS,
  POTENTIAL_LEVELS,
  PRODUCER_STRATA,
  SECTORS,
} from '../rules/group';
import type { Lang } from '../rules/i18n';
import { parseGroup } from '../rules/match';
import { CURRENCY_DIGITS } from '../rules/money';
import { MARGINALISATION_DEGREES, territoryAttributesSchema } from '../rules/territory';
import { type TextKey, tr } from './text';

/**
 * The case-worker form as data: every control is named after the group path it fills
 * ("members[2].residence.state"), so the engine's validation errors land next to their field, and the
 * form keeps exactly what the user typed (strings) until it is turned into a group.
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
  label: TextKey;
  options?: readonly string[];
  hint?: TextKey;
}

const place = (prefix: string, withRegion: boolean): FieldSpec[] => [
  ...(withRegion
    ? ([
        { path: `${prefix}.country`, kind: 'country', label: 'fieldCountry' },
        { path: `${prefix}.region`, kind: 'region', label: 'fieldRegion' },
      ] satisfies FieldSpec[])
    : []),
  { path: `${prefix}.state`, kind: 'state', label: 'fieldState' },
  {
    path: `${prefix}.municipality`,
    kind: 'municipality',
    label: 'fieldMunicipality',
    hint: 'hintMunicipality',
  },
];

const ADVISORY_COUNCIL_ACTIVITY = territoryAttributesSchema.shape.advisoryCouncilActivity.unwrap().options;

const money = (path: string, label: TextKey): FieldSpec[] => [
  { path: `${path}.amount`, kind: 'amount', label, hint: 'hintAmount' },
  { path: `${path}.currency`, kind: 'currency', label: 'fieldCurrency' },
];

/** The group's own fields, in the fieldsets the page shows them in. */
export const GROUP_SECTIONS: { legend: TextKey; fields: FieldSpec[] }[] = [
  {
    legend: 'sectionGeneral',
    fields: [
      { path: 'name', kind: 'text', label: 'fieldName' },
      { path: 'legalForm', kind: 'select', label: 'fieldLegalForm', options: LEGAL_FORMS },
      { path: 'legallyConstituted', kind: 'tri', label: 'fieldLegallyConstituted' },
      { path: 'constitutedOn', kind: 'date', label: 'fieldConstitutedOn' },
      { path: 'hasManagementBody', kind: 'tri', label: 'fieldManagementBody' },
      { path: 'hasSupervisoryBody', kind: 'tri', label: 'fieldSupervisoryBody' },
      { path: 'sector', kind: 'select', label: 'fieldSector', options: SECTORS },
      { path: 'activity', kind: 'text', label: 'fieldActivity' },
      { path: 'productiveReadiness', kind: 'tri', label: 'fieldProductiveReadiness' },
      { path: 'commitmentToConstitute', kind: 'tri', label: 'fieldCommitment' },
      ...money('householdIncomePerCapitaMonthly', 'fieldHouseholdIncome'),
    ],
  },
  {
    legend: 'sectionLocation',
    fields: [
      ...place('location', true),
      { path: 'location.locality', kind: 'text', label: 'fieldLocality' },
      { path: 'location.areaType', kind: 'select', label: 'fieldAreaType', options: AREA_TYPES },
    ],
  },
  { legend: 'sectionRegisteredOffice', fields: place('registeredOffice', false) },
  {
    // What the engine reads from the territory data (programmes/territories); asked here only when the
    // data has no value for the municipality. A value entered overrides the data.
    legend: 'sectionTerritory',
    fields: [
      {
        path: 'territoryAttributes.marginalisation',
        kind: 'select',
        label: 'fieldMarginalisation',
        options: MARGINALISATION_DEGREES,
      },
      { path: 'territoryAttributes.ruralZap', kind: 'tri', label: 'fieldRuralZap' },
      {
        path: 'territoryAttributes.urbanZapShare',
        kind: 'number',
        label: 'fieldUrbanZapShare',
        hint: 'hintShare',
      },
      {
        path: 'territoryAttributes.shareBelowWelfareLine',
        kind: 'number',
        label: 'fieldShareBelowWelfareLine',
        hint: 'hintShare',
      },
      { path: 'territoryAttributes.indigenousCriteria', kind: 'tri', label: 'fieldIndigenousCriteria' },
      { path: 'territoryAttributes.socialBank', kind: 'tri', label: 'fieldSocialBank' },
      { path: 'territoryAttributes.frontierZone', kind: 'tri', label: 'fieldFrontierZone' },
      {
        path: 'territoryAttributes.advisoryCouncilActivity',
        kind: 'select',
        label: 'fieldAdvisoryCouncilActivity',
        options: ADVISORY_COUNCIL_ACTIVITY,
      },
    ],
  },
  {
    legend: 'sectionTraining',
    fields: [
      { path: 'training.cooperativismCourseCompleted', kind: 'tri', label: 'fieldCooperativismCourse' },
      { path: 'training.managementToolCompleted', kind: 'tri', label: 'fieldManagementTool' },
      { path: 'training.advisoryCouncilMeetingsAttended', kind: 'int', label: 'fieldCouncilMeetings' },
      {
        path: 'training.trainingAttendanceShare',
        kind: 'number',
        label: 'fieldAttendanceShare',
        hint: 'hintShare',
      },
      {
        path: 'training.entrepreneurialPotential',
        kind: 'select',
        label: 'fieldPotential',
        options: POTENTIAL_LEVELS,
      },
    ],
  },
];

export const MEMBER_FIELDS: FieldSpec[] = [
  { path: 'id', kind: 'text', label: 'fieldMemberId', hint: 'hintMemberId' },
  { path: 'age', kind: 'int', label: 'fieldAge' },
  { path: 'birthDate', kind: 'date', label: 'fieldBirthDate' },
  { path: 'sex', kind: 'select', label: 'fieldSex', options: ['female', 'male', 'other'] },
  ...place('residence', true),
  { path: 'residence.areaType', kind: 'select', label: 'fieldAreaType', options: AREA_TYPES },
  { path: 'prosperaBeneficiary', kind: 'tri', label: 'fieldProspera' },
  { path: 'inPoverty', kind: 'tri', label: 'fieldPoverty' },
  ...money('householdIncomePerCapitaMonthly', 'fieldHouseholdIncome'),
  { path: 'producerStratum', kind: 'select', label: 'fieldStratum', options: PRODUCER_STRATA },
  { path: 'indigenous', kind: 'tri', label: 'fieldIndigenous' },
];

export const ENROLMENT_FIELDS: FieldSpec[] = [
  { path: 'programme', kind: 'select', label: 'fieldProgramme' },
  { path: 'fiscalYear', kind: 'int', label: 'fieldFiscalYear' },
  { path: 'stage', kind: 'text', label: 'fieldStage', hint: 'hintStage' },
  { path: 'status', kind: 'select', label: 'fieldEnrolmentStatus', options: ENROLMENT_STATUSES },
];

export const DEBT_KINDS = ['financial', 'paperwork'] as const;
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
      if (!reported.has(path)) errors.push({ path, message: p.reason });
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
