import { z } from 'zod';
import type { Localized } from '../i18n';
import { type Control, type FieldDef, type Fields, field, objectOf } from './field';
import { AREA_TYPES } from './values';

const stateCode = z.string().regex(/^\d{2}$/, 'expected a two-digit INEGI state code, e.g. "09"');
const municipalityCode = z
  .string()
  .regex(/^\d{5}$/, 'expected a five-digit INEGI municipality code, e.g. "09007"');
export const areaTypeSchema = z.enum(AREA_TYPES);

const none = { none: 'drawn with the place (see the place: its territory and area type)' };

/**
 * The parts of a place, the same wherever a place is asked (where the group operates, its
 * registered office, a member's residence). A part's question names the place: `{where}` is the
 * place's own phrase ("donde opera el grupo", "de residencia").
 */
const PLACE_PARTS = {
  country: field({
    schema: z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 country code, e.g. "MX", "UY"'),
    label: { es: 'País', en: 'Country' },
    question: { es: 'país {where}', en: 'country {where}' },
    control: { kind: 'country' },
    synthetic: none,
  }),
  region: field({
    schema: z
      .string()
      .regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, 'expected an ISO 3166-2 subdivision code, e.g. "UY-AR"'),
    label: { es: 'Departamento o provincia', en: 'Department or province' },
    question: { es: 'departamento o provincia {where}', en: 'department or province {where}' },
    control: {
      kind: 'region',
      prompt: {
        es: 'Departamento o provincia (fuera de México)',
        en: 'Department or province (outside Mexico)',
      },
    },
    synthetic: none,
  }),
  state: field({
    schema: stateCode,
    label: { es: 'Entidad federativa', en: 'State' },
    question: { es: 'entidad {where}', en: 'state {where}' },
    control: { kind: 'state' },
    synthetic: none,
  }),
  municipality: field({
    schema: municipalityCode,
    label: { es: 'Municipio o alcaldía', en: 'Municipality' },
    question: { es: 'municipio o alcaldía {where}', en: 'municipality {where}' },
    control: {
      kind: 'municipality',
      prompt: { es: 'Municipio o alcaldía (clave INEGI)', en: 'Municipality (INEGI code)' },
      hint: { es: 'Cinco dígitos, p. ej. 09007 (Iztapalapa)', en: 'Five digits, e.g. 09007 (Iztapalapa)' },
    },
    synthetic: none,
  }),
  locality: field({
    schema: z.string().min(1),
    label: { es: 'Localidad', en: 'Locality' },
    question: { es: 'localidad {where}', en: 'locality {where}' },
    control: { kind: 'text' },
    synthetic: { none: 'no criterion reads the locality' },
  }),
  areaType: field({
    schema: areaTypeSchema,
    label: { es: 'Tipo de zona', en: 'Area type' },
    question: {
      es: 'tipo de zona {where} (rural, periurbana, urbana)',
      en: 'area type {where} (rural, periurban, urban)',
    },
    control: { kind: 'select', options: AREA_TYPES },
    synthetic: none,
  }),
};
type PlacePart = keyof typeof PLACE_PARTS;

/**
 * A place: in Mexico, INEGI state and municipality codes (see programmes/territories); elsewhere the
 * ISO 3166-1 country and, where needed, its ISO 3166-2 subdivision (e.g. "UY-AR", Artigas). Plus the area type.
 */
export const placeSchema = objectOf(PLACE_PARTS)
  .refine((p) => !p.municipality || !p.state || p.municipality.startsWith(p.state), {
    message: 'municipality code does not belong to the state code (its first two digits are the state)',
    path: ['municipality'],
  })
  .refine((p) => !(p.state || p.municipality) || p.country === undefined || p.country === 'MX', {
    message: 'state and municipality are INEGI codes for Mexico; use region (ISO 3166-2) for other countries',
    path: ['country'],
  })
  .refine((p) => !p.region || !p.country || p.region.startsWith(`${p.country}-`), {
    message: 'region does not belong to the country',
    path: ['region'],
  });
export type Place = z.infer<typeof placeSchema>;

export interface PlaceUse {
  label: Localized;
  /** The place's phrase in questions: "donde opera el grupo" / "where the group operates". */
  where: Localized;
  /** The question for the place as a whole, when one is asked. */
  question: Localized;
  /** The parts the form offers, in order, and the fieldset (group places). */
  form: { parts: readonly PlacePart[]; section?: Control['section'] };
  /** A part's question when the template does not read well. */
  questions?: Partial<Record<PlacePart, Localized>>;
  synthetic: FieldDef['synthetic'];
}

/** The field of a place used somewhere: the shared schema, and each part worded for the place. */
export function placeField(use: PlaceUse): FieldDef<typeof placeSchema> {
  const fields: Fields = {};
  for (const [key, part] of Object.entries(PLACE_PARTS) as [PlacePart, FieldDef][]) {
    const control = 'kind' in part.control ? part.control : undefined;
    const shown = use.form.parts.includes(key);
    fields[key] = {
      ...part,
      question: use.questions?.[key] ?? {
        es: part.question.es.replace('{where}', use.where.es),
        en: part.question.en.replace('{where}', use.where.en),
      },
      control:
        shown && control
          ? { ...control, ...(use.form.section ? { section: use.form.section } : {}) }
          : { none: 'not asked for this place' },
    };
  }
  return {
    schema: placeSchema,
    label: use.label,
    question: use.question,
    control: { none: 'a place is its parts' },
    synthetic: use.synthetic,
    fields,
  };
}
