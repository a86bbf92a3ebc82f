import { z } from 'zod';
import { isoDateSchema } from '../dates';
import { moneySchema } from '../money';
import { territoryAttributesSchema } from '../territory';
import { TERRITORY_FIELDS, TRAINING_FIELDS } from './attributes';
import { field, objectOf } from './field';
import { DEBT_FIELDS, DISQUALIFICATION_FIELDS, ENROLMENT_FIELDS, enrolmentSchema } from './lists';
import { INCOME, MEMBER_FIELDS, memberSchema } from './member';
import { placeField } from './place';
import { LEGAL_FORMS, SECTORS } from './values';

/**
 * Bounds on a group's lists, so one request cannot cost the server minutes: matching is linear in the
 * members (about 0.2 ms each), and the largest groups in the sources are cooperatives of a few hundred.
 */
export const MAX_MEMBERS = 5000;
/** Enrolments, debts and disqualifications of one group. */
export const MAX_LIST_ITEMS = 500;

const general = 'general' as const;

/** The group's own fields, in the order of the schema. */
export const GROUP_FIELDS = {
  id: field({
    schema: z.string().min(1),
    label: { es: 'Identificador', en: 'Identifier' },
    question: { es: 'identificador del grupo', en: 'identifier of the group' },
    control: { none: "a client's own key for the group; the page stores groups under the server's id" },
    synthetic: { none: 'numbered by the run' },
  }),
  name: field({
    schema: z.string().min(1),
    label: { es: 'Nombre del grupo', en: 'Name of the group' },
    question: { es: 'nombre del grupo', en: 'name of the group' },
    control: { kind: 'text', section: general },
    synthetic: { none: 'numbered by the run' },
  }),
  legalForm: field({
    schema: z.enum(LEGAL_FORMS),
    label: { es: 'Figura jurídica', en: 'Legal form' },
    question: { es: 'figura jurídica', en: 'legal form' },
    control: { kind: 'select', section: general, options: LEGAL_FORMS },
    synthetic: { distribution: 'legalFormConstituted' },
  }),
  legallyConstituted: field({
    schema: z.boolean(),
    label: { es: 'Legalmente constituido', en: 'Legally constituted' },
    question: { es: 'si está legalmente constituido', en: 'whether legally constituted' },
    control: {
      kind: 'tri',
      section: general,
      prompt: { es: '¿Está legalmente constituido?', en: 'Legally constituted?' },
    },
    synthetic: { distribution: 'constituted' },
  }),
  constitutedOn: field({
    schema: isoDateSchema,
    label: { es: 'Fecha de constitución', en: 'Date of constitution' },
    question: { es: 'fecha de constitución legal', en: 'date of legal constitution' },
    control: { kind: 'date', section: general },
    synthetic: { distribution: 'constitutedYear' },
  }),
  hasManagementBody: field({
    schema: z.boolean(),
    label: { es: 'Órgano de administración', en: 'Management body' },
    question: { es: 'si tiene órgano de administración', en: 'whether it has a management body' },
    control: {
      kind: 'tri',
      section: general,
      prompt: { es: '¿Tiene órgano de administración?', en: 'Has a management body?' },
    },
    synthetic: { distribution: 'managementBody' },
  }),
  hasSupervisoryBody: field({
    schema: z.boolean(),
    label: { es: 'Órgano de vigilancia', en: 'Supervisory body' },
    question: { es: 'si tiene órgano de vigilancia', en: 'whether it has a supervisory body' },
    control: {
      kind: 'tri',
      section: general,
      prompt: { es: '¿Tiene órgano de vigilancia?', en: 'Has a supervisory body?' },
    },
    synthetic: { distribution: 'supervisoryBody' },
  }),
  registeredOffice: placeField({
    label: { es: 'Domicilio social', en: 'Registered office' },
    where: { es: 'del domicilio social', en: 'of the registered office' },
    question: { es: 'domicilio social', en: 'registered office' },
    form: { parts: ['state', 'municipality'], section: 'registeredOffice' },
    questions: {
      municipality: { es: 'municipio del domicilio social', en: 'municipality of the registered office' },
    },
    synthetic: { distribution: 'registeredOfficeInTerritory' },
  }),
  location: placeField({
    label: { es: 'Dónde opera el grupo', en: 'Where the group operates' },
    where: { es: 'donde opera el grupo', en: 'where the group operates' },
    question: { es: 'lugar donde opera el grupo', en: 'place where the group operates' },
    form: {
      parts: ['country', 'region', 'state', 'municipality', 'locality', 'areaType'],
      section: 'location',
    },
    synthetic: { distribution: 'territories' },
  }),
  /**
   * Attributes of the group's location given inline (e.g. from the municipality's own records);
   * they take precedence over programmes/territories for this group.
   */
  territoryAttributes: field({
    schema: territoryAttributesSchema,
    label: { es: 'Datos del municipio', en: 'Municipality data' },
    question: { es: 'datos del municipio', en: 'municipality data' },
    control: { none: 'an object: its attributes are the controls' },
    synthetic: { distribution: 'marginalisation' },
    fields: TERRITORY_FIELDS,
  }),
  sector: field({
    schema: z.enum(SECTORS),
    label: { es: 'Sector de actividad', en: 'Sector' },
    question: { es: 'sector de actividad', en: 'sector of activity' },
    control: { kind: 'select', section: general, options: SECTORS },
    synthetic: { distribution: 'sectorRural' },
  }),
  activity: field({
    schema: z.string().min(1),
    label: { es: 'Actividad', en: 'Activity' },
    question: { es: 'actividad', en: 'activity' },
    control: { kind: 'text', section: general },
    synthetic: { none: 'no criterion reads the activity' },
  }),
  productiveReadiness: field({
    schema: z.boolean(),
    label: {
      es: 'Disposición para una actividad productiva colectiva',
      en: 'Readiness for a collective productive activity',
    },
    question: {
      es: 'disposición demostrada para una actividad productiva colectiva',
      en: 'demonstrated readiness for a collective productive activity',
    },
    control: {
      kind: 'tri',
      section: general,
      prompt: {
        es: '¿Demostró disposición para una actividad productiva colectiva?',
        en: 'Showed readiness for a collective productive activity?',
      },
    },
    synthetic: { distribution: 'productiveReadiness' },
  }),
  /** The group has committed to constitute legally as a cooperative (e.g. Rodando Juntas, RODANDO-03). */
  commitmentToConstitute: field({
    schema: z.boolean(),
    label: {
      es: 'Compromiso de constituirse como cooperativa',
      en: 'Commitment to constitute as a cooperative',
    },
    question: {
      es: 'si se compromete a constituirse legalmente como cooperativa',
      en: 'whether it commits to constitute legally as a cooperative',
    },
    control: {
      kind: 'tri',
      section: general,
      prompt: {
        es: '¿Se compromete a constituirse como cooperativa?',
        en: 'Commits to constitute as a cooperative?',
      },
    },
    synthetic: { distribution: 'commitmentToConstitute' },
  }),
  /** For household-targeted programmes: the household's estimated monthly income per person. */
  householdIncomePerCapitaMonthly: field({
    schema: moneySchema,
    label: INCOME.label,
    question: INCOME.question,
    control: { kind: 'money', section: general, hint: INCOME.hint },
    synthetic: { distribution: 'householdIncome' },
  }),
  enrolments: field({
    schema: z.array(enrolmentSchema).max(MAX_LIST_ITEMS),
    label: { es: 'Inscripciones en programas', en: 'Programme enrolments' },
    question: {
      es: 'inscripciones actuales y pasadas en programas',
      en: 'current and past programme enrolments',
    },
    control: {
      kind: 'list',
      section: 'lists',
    },
    synthetic: { distribution: 'enrolmentsConstituted' },
    fields: ENROLMENT_FIELDS,
    item: { es: 'Inscripción', en: 'Enrolment' },
  }),
  debts: field({
    schema: z.array(objectOf(DEBT_FIELDS)).max(MAX_LIST_ITEMS),
    label: { es: 'Adeudos con dependencias', en: 'Debts with agencies' },
    question: {
      es: 'adeudos o trámites pendientes con dependencias',
      en: 'debts or outstanding paperwork with agencies',
    },
    control: {
      kind: 'list',
      section: 'lists',
    },
    synthetic: { distribution: 'owesStyfe' },
    fields: DEBT_FIELDS,
    item: { es: 'Adeudo', en: 'Debt' },
  }),
  disqualifications: field({
    schema: z.array(objectOf(DISQUALIFICATION_FIELDS)).max(MAX_LIST_ITEMS),
    label: { es: 'Descalificaciones', en: 'Disqualifications' },
    question: {
      es: 'descalificaciones en procesos de selección',
      en: 'disqualifications from selection processes',
    },
    control: {
      kind: 'list',
      section: 'lists',
    },
    synthetic: { distribution: 'disqualifiedByStyfe' },
    fields: DISQUALIFICATION_FIELDS,
    item: { es: 'Descalificación', en: 'Disqualification' },
  }),
  training: field({
    schema: objectOf(TRAINING_FIELDS),
    label: { es: 'Capacitación y participación', en: 'Training and participation' },
    question: { es: 'capacitación y participación', en: 'training and participation' },
    control: { none: 'an object: its fields are the controls' },
    synthetic: { none: 'each of its fields has its distribution' },
    fields: TRAINING_FIELDS,
  }),
  members: field({
    schema: z.array(memberSchema).max(MAX_MEMBERS),
    label: { es: 'Integrantes', en: 'Members' },
    question: { es: 'lista de integrantes', en: 'list of members' },
    control: { kind: 'list', section: 'members' },
    synthetic: { distribution: 'sizeConstituted' },
    fields: MEMBER_FIELDS,
    item: { es: 'Integrante', en: 'Member' },
  }),
};
