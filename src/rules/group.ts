import { z } from 'zod';
import { isoDateSchema } from './dates';
import type { Lang, Localized } from './i18n';
import { moneySchema } from './money';
import { territoryAttributesSchema } from './territory';

/**
 * The beneficiary group a case worker enters. Every field is optional on purpose: a missing field is
 * an unknown fact (the engine asks for it), never a "no". An empty list is a known "none".
 */

export const AREA_TYPES = ['rural', 'periurban', 'urban'] as const;
export const areaTypeSchema = z.enum(AREA_TYPES);

export const LEGAL_FORMS = [
  'informal_group',
  'cooperative',
  'social_enterprise',
  'ejido',
  'agrarian_community',
  'workers_organisation',
  'civil_association',
  'other',
] as const;

export const SECTORS = [
  'agriculture',
  'livestock',
  'fishing_aquaculture',
  'food_processing',
  'manufacturing',
  'crafts',
  'commerce',
  'services',
  'transport_delivery',
  'tourism',
  'finance',
  'other',
] as const;

/** Ordinal scale used by PROINPRO's entrepreneurial-potential assessment (PROINPRO-07). */
export const POTENTIAL_LEVELS = ['very_low', 'low', 'medium', 'high', 'very_high'] as const;
export const PRODUCER_STRATA = ['E1', 'E2', 'E3', 'E4', 'E5', 'E6'] as const;
/**
 * Bounds on a group's lists, so one request cannot cost the server minutes: matching is linear in the
 * members (about 0.2 ms each), and the largest groups in the sources are cooperatives of a few hundred.
 */
export const MAX_MEMBERS = 5000;
/** Enrolments, debts and disqualifications of one group. */
export const MAX_LIST_ITEMS = 500;
export const ENROLMENT_STATUSES = ['current', 'completed', 'waitlisted', 'rejected', 'withdrawn'] as const;

const stateCode = z.string().regex(/^\d{2}$/, 'expected a two-digit INEGI state code, e.g. "09"');
const municipalityCode = z
  .string()
  .regex(/^\d{5}$/, 'expected a five-digit INEGI municipality code, e.g. "09007"');

/**
 * A place: in Mexico, INEGI state and municipality codes (see programmes/territories); elsewhere the
 * ISO 3166-1 country and, where needed, its ISO 3166-2 subdivision (e.g. "UY-AR", Artigas). Plus the area type.
 */
export const placeSchema = z
  .object({
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 country code, e.g. "MX", "UY"')
      .optional(),
    region: z
      .string()
      .regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, 'expected an ISO 3166-2 subdivision code, e.g. "UY-AR"')
      .optional(),
    state: stateCode.optional(),
    municipality: municipalityCode.optional(),
    locality: z.string().min(1).optional(),
    areaType: areaTypeSchema.optional(),
  })
  .strict()
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

export const memberSchema = z
  .object({
    id: z.string().min(1).optional(),
    age: z.number().int().min(0).max(130).optional(),
    birthDate: isoDateSchema.optional(),
    sex: z.enum(['female', 'male', 'other']).optional(),
    residence: placeSchema.optional(),
    prosperaBeneficiary: z.boolean().optional(),
    inPoverty: z.boolean().optional(),
    householdIncomePerCapitaMonthly: moneySchema.optional(),
    producerStratum: z.enum(PRODUCER_STRATA).optional(),
    indigenous: z.boolean().optional(),
    /** A personal identifier (e.g. CURP). Never echoed back in results; stored only as a keyed hash. */
    personalId: z.string().min(1).optional(),
  })
  .strict();
export type Member = z.infer<typeof memberSchema>;

export const enrolmentSchema = z
  .object({
    programme: z.string().min(1),
    fiscalYear: z.number().int().min(1990).max(2100),
    stage: z.string().min(1).optional(),
    status: z.enum(ENROLMENT_STATUSES),
    /**
     * For a programme Vincula has neither rules nor a registry entry for: the agency that runs it, and
     * its government (level and country), so that an exclusion naming an agency or a government can
     * read the enrolment. Ignored for a programme Vincula knows.
     */
    agency: z.string().min(1).optional(),
    level: z.enum(['federal', 'city', 'state', 'municipal', 'regional', 'international']).optional(),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 country code, e.g. "MX"')
      .optional(),
  })
  .strict();
export type Enrolment = z.infer<typeof enrolmentSchema>;

export const groupSchema = z
  .object({
    id: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
    legalForm: z.enum(LEGAL_FORMS).optional(),
    legallyConstituted: z.boolean().optional(),
    constitutedOn: isoDateSchema.optional(),
    hasManagementBody: z.boolean().optional(),
    hasSupervisoryBody: z.boolean().optional(),
    registeredOffice: placeSchema.optional(),
    location: placeSchema.optional(),
    /**
     * Attributes of the group's location given inline (e.g. from the municipality's own records);
     * they take precedence over programmes/territories for this group.
     */
    territoryAttributes: territoryAttributesSchema.optional(),
    sector: z.enum(SECTORS).optional(),
    activity: z.string().min(1).optional(),
    productiveReadiness: z.boolean().optional(),
    /** The group has committed to constitute legally as a cooperative (e.g. Rodando Juntas, RODANDO-03). */
    commitmentToConstitute: z.boolean().optional(),
    /** For household-targeted programmes: the household's estimated monthly income per person. */
    householdIncomePerCapitaMonthly: moneySchema.optional(),
    enrolments: z.array(enrolmentSchema).max(MAX_LIST_ITEMS).optional(),
    debts: z
      .array(
        z
          .object({
            agency: z.string().min(1),
            kind: z.enum(['financial', 'paperwork']),
            note: z.string().optional(),
          })
          .strict(),
      )
      .max(MAX_LIST_ITEMS)
      .optional(),
    disqualifications: z
      .array(
        z
          .object({
            agency: z.string().min(1),
            programme: z.string().min(1).optional(),
            date: isoDateSchema.optional(),
          })
          .strict(),
      )
      .max(MAX_LIST_ITEMS)
      .optional(),
    training: z
      .object({
        cooperativismCourseCompleted: z.boolean().optional(),
        managementToolCompleted: z.boolean().optional(),
        advisoryCouncilMeetingsAttended: z.number().int().min(0).optional(),
        trainingAttendanceShare: z.number().min(0).max(1).optional(),
        entrepreneurialPotential: z.enum(POTENTIAL_LEVELS).optional(),
      })
      .strict()
      .optional(),
    members: z.array(memberSchema).max(MAX_MEMBERS).optional(),
  })
  .strict()
  .refine((g) => !(g.legallyConstituted === false && g.constitutedOn), {
    message: 'constitutedOn is given but legallyConstituted is false',
    path: ['constitutedOn'],
  });
export type Group = z.infer<typeof groupSchema>;

/** What a case worker should ask for, per input path (list indices removed). */
const INPUT_LABELS: Record<string, Localized> = {
  members: { es: 'lista de integrantes', en: 'list of members' },
  'members[].age': { es: 'edad o fecha de nacimiento', en: 'age or date of birth' },
  'members[].sex': { es: 'sexo', en: 'sex' },
  'members[].residence': { es: 'lugar de residencia', en: 'place of residence' },
  'members[].residence.state': { es: 'entidad de residencia', en: 'state of residence' },
  'members[].residence.municipality': {
    es: 'municipio o alcaldía de residencia',
    en: 'municipality of residence',
  },
  'members[].residence.areaType': {
    es: 'tipo de zona de residencia (rural, periurbana, urbana)',
    en: 'area type of residence (rural, periurban, urban)',
  },
  'members[].prosperaBeneficiary': {
    es: 'si es beneficiario de PROSPERA',
    en: 'whether a PROSPERA beneficiary',
  },
  'members[].inPoverty': { es: 'si vive en situación de pobreza', en: 'whether living in poverty' },
  'members[].householdIncomePerCapitaMonthly': {
    es: 'ingreso mensual per cápita del hogar',
    en: 'monthly per-capita household income',
  },
  commitmentToConstitute: {
    es: 'si se compromete a constituirse legalmente como cooperativa',
    en: 'whether it commits to constitute legally as a cooperative',
  },
  householdIncomePerCapitaMonthly: {
    es: 'ingreso mensual per cápita del hogar',
    en: 'monthly per-capita household income',
  },
  'members[].producerStratum': { es: 'estrato de productor (E1-E6)', en: 'producer stratum (E1-E6)' },
  'members[].indigenous': { es: 'si es indígena', en: 'whether indigenous' },
  legalForm: { es: 'figura jurídica', en: 'legal form' },
  legallyConstituted: { es: 'si está legalmente constituido', en: 'whether legally constituted' },
  constitutedOn: { es: 'fecha de constitución legal', en: 'date of legal constitution' },
  hasManagementBody: { es: 'si tiene órgano de administración', en: 'whether it has a management body' },
  hasSupervisoryBody: { es: 'si tiene órgano de vigilancia', en: 'whether it has a supervisory body' },
  'registeredOffice.state': { es: 'entidad del domicilio social', en: 'state of the registered office' },
  'registeredOffice.municipality': {
    es: 'municipio del domicilio social',
    en: 'municipality of the registered office',
  },
  'location.country': { es: 'país donde opera el grupo', en: 'country where the group operates' },
  'location.region': {
    es: 'departamento o provincia donde opera el grupo',
    en: 'department or province where the group operates',
  },
  'location.state': { es: 'entidad donde opera el grupo', en: 'state where the group operates' },
  'location.municipality': {
    es: 'municipio o alcaldía donde opera el grupo',
    en: 'municipality where the group operates',
  },
  'location.areaType': {
    es: 'tipo de zona donde opera el grupo (rural, periurbana, urbana)',
    en: 'area type where the group operates (rural, periurban, urban)',
  },
  sector: { es: 'sector de actividad', en: 'sector of activity' },
  productiveReadiness: {
    es: 'disposición demostrada para una actividad productiva colectiva',
    en: 'demonstrated readiness for a collective productive activity',
  },
  enrolments: {
    es: 'inscripciones actuales y pasadas en programas',
    en: 'current and past programme enrolments',
  },
  debts: {
    es: 'adeudos o trámites pendientes con dependencias',
    en: 'debts or outstanding paperwork with agencies',
  },
  disqualifications: {
    es: 'descalificaciones en procesos de selección',
    en: 'disqualifications from selection processes',
  },
  'training.cooperativismCourseCompleted': {
    es: 'si concluyó el curso de cooperativismo',
    en: 'whether the cooperativism course was completed',
  },
  'training.managementToolCompleted': {
    es: 'si cuenta con la herramienta de gestión',
    en: 'whether it has the management tool',
  },
  'training.advisoryCouncilMeetingsAttended': {
    es: 'sesiones del consejo consultivo a las que asistió',
    en: 'advisory-council meetings attended',
  },
  'training.trainingAttendanceShare': {
    es: 'proporción de integrantes que asistió a la capacitación',
    en: 'share of members who attended training',
  },
  'training.entrepreneurialPotential': {
    es: 'valoración de potencial emprendedor',
    en: 'entrepreneurial-potential rating',
  },
  territoryAttributes: { es: 'datos del municipio', en: 'municipality data' },
  'territoryAttributes.marginalisation': {
    es: 'grado de marginación del municipio (CONAPO)',
    en: 'marginalisation degree of the municipality (CONAPO)',
  },
  'territoryAttributes.ruralZap': {
    es: 'si el municipio es Zona de Atención Prioritaria rural',
    en: 'whether the municipality is a rural priority zone (ZAP)',
  },
  'territoryAttributes.urbanZapShare': {
    es: 'proporción de la población del municipio en ZAP urbanas',
    en: 'share of the municipality population in urban ZAP',
  },
  'territoryAttributes.shareBelowWelfareLine': {
    es: 'proporción de la población con ingreso bajo la línea de bienestar',
    en: 'share of the population with income below the welfare line',
  },
  'territoryAttributes.indigenousCriteria': {
    es: 'si el municipio cumple los criterios indígenas de la CDI',
    en: 'whether the municipality meets the CDI indigenous criteria',
  },
  'territoryAttributes.socialBank': {
    es: 'si el municipio tiene oficina de Banca Social',
    en: 'whether the municipality has a Social Banking office',
  },
  'territoryAttributes.frontierZone': {
    es: 'si está en zona de frontera',
    en: 'whether it lies in a frontier zone',
  },
  'territoryAttributes.advisoryCouncilActivity': {
    es: 'actividad del consejo consultivo de la alcaldía',
    en: 'activity of the borough advisory council',
  },
};

/** "members[2].residence.state" → "members[].residence.state". */
export function inputKey(path: string): string {
  return path.replace(/\[\d+\]/g, '[]');
}

/** Questions already worded, per language: paths repeat from group to group. Bounded, then reset. */
const QUESTIONS: Record<Lang, Map<string, string>> = { es: new Map(), en: new Map() };

/** Human wording of an input path, with the member number when the path is about a member. */
export function describeInput(path: string, lang: Lang): string {
  const known = QUESTIONS[lang];
  let text = known.get(path);
  if (text === undefined) {
    if (known.size >= 10_000) known.clear();
    text = wordInput(path, lang);
    known.set(path, text);
  }
  return text;
}

function wordInput(path: string, lang: Lang): string {
  const key = inputKey(path);
  const label = INPUT_LABELS[key] ?? INPUT_LABELS[key.replace(/\.[^.]+$/, '')];
  const text = label ? label[lang] : path;
  const member = /^members\[(\d+)\]/.exec(path);
  if (member) {
    const n = Number(member[1]) + 1;
    return lang === 'es' ? `Integrante ${n}: ${text}` : `Member ${n}: ${text}`;
  }
  return text.charAt(0).toUpperCase() + text.slice(1);
}
