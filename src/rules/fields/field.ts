import { z } from 'zod';
import type { Localized } from '../i18n';

/**
 * One input field of a group, described once: its schema, its name and the question asked when it
 * is missing (es/en), the form control that fills it, and how the synthetic population draws it.
 * The zod schemas (src/rules/group.ts), the case-worker form (src/web/group-form.ts), the questions
 * of "datos por recabar", `fieldLabel` and docs/facts.md are derived from these entries.
 */

/** The kinds of control the case-worker form has. */
export type ControlKind =
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
  /** An amount and its currency (two controls). */
  | 'money'
  /** A list known to be empty or given: agencies ticked (debts, disqualifications) or rows (enrolments, members). */
  | 'list'
  /** The catalogue's programmes. */
  | 'programme';

/** The fieldsets of the case-worker page a group field shows in. */
export const FORM_SECTIONS = [
  'general',
  'location',
  'registeredOffice',
  'territory',
  'training',
  'lists',
  'members',
] as const;
export type FormSection = (typeof FORM_SECTIONS)[number];

export interface Control {
  kind: ControlKind;
  /** The fieldset (group fields; members and enrolments have their own rows). */
  section?: FormSection;
  /** The values a select offers (named by FIELD_VALUE_LABELS). */
  options?: readonly string[];
  /** The unit the value is written in, shown after the label: "Edad (años)". */
  unit?: Localized;
  hint?: Localized;
  /** The control's wording when it is not the label (a yes/no question). */
  prompt?: Localized;
}

/** No control, and why (e.g. a personal identifier is never typed into the page). */
export interface NoControl {
  none: string;
}

export interface FieldDef<S extends z.ZodType = z.ZodType> {
  schema: S;
  /** Required inside its object (list items' keys); every group and member field is optional. */
  required?: true;
  /** What the field is, as a short noun phrase: "Edad". */
  label: Localized;
  /** What a case worker is asked to collect when a fact needs it: "edad o fecha de nacimiento". */
  question: Localized;
  control: Control | NoControl;
  /** The synthetic population's distribution for it (src/graph/distributions.json), or why none. */
  synthetic: { distribution: string } | NoControl;
  /** The fields of an object or of a list's items, when the schema is built from them. */
  fields?: Fields;
  /** For a list: one item's name ("Integrante"), numbered in labels ("Integrante 1"). */
  item?: Localized;
}

export type Fields = Record<string, FieldDef>;

/** A field: the entry, with its schema's type kept. */
export const field = <D extends FieldDef>(def: D): D => def;

type Shape<F extends Record<string, FieldDef>> = {
  [K in keyof F]: F[K] extends { required: true } ? F[K]['schema'] : z.ZodOptional<F[K]['schema']>;
};

/** The zod shape of some fields: each optional unless required. */
export function shapeOf<F extends Record<string, FieldDef>>(fields: F): Shape<F> {
  return Object.fromEntries(
    Object.entries(fields).map(([key, def]) => [key, def.required ? def.schema : def.schema.optional()]),
  ) as Shape<F>;
}

/** A strict object of fields. */
export const objectOf = <F extends Record<string, FieldDef>>(fields: F) => z.object(shapeOf(fields)).strict();

export const hasControl = (def: FieldDef): def is FieldDef & { control: Control } => 'kind' in def.control;
