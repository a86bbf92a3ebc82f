import { z } from 'zod';
import { isoDateSchema } from '../dates';
import { moneySchema } from '../money';
import { type TerritoryAttributes, territoryAttributesSchema } from '../territory';
import { type FieldDef, field, objectOf } from './field';
import { INCOME, MEMBER_FIELDS, memberSchema } from './member';
import { placeField } from './place';
import { DEBT_KINDS, ENROLMENT_STATUSES, LEGAL_FORMS, POTENTIAL_LEVELS, SECTORS } from './values';

/**
 * Bounds on a group's lists, so one request cannot cost the server minutes: matching is linear in the
 * members (about 0.2 ms each), and the largest groups in the sources are cooperatives of a few hundred.
 */
export const MAX_MEMBERS = 5000;
/** Enrolments, debts and disqualifications of one group. */
export const MAX_LIST_ITEMS = 500;

const drawnWithList = { none: 'drawn with the list (the enrolment history drawn)' };
const fromData = { none: 'a key of the territory data or of the catalogue, not typed' };

export const ENROLMENT_FIELDS = {
  programme: field({
    schema: z.string().min(1),
    required: true,
    label: { es: 'Programa', en: 'Programme' },
    question: { es: 'programa', en: 'programme' },
    control: { kind: 'programme' },
    synthetic: drawnWithList,
  }),
  fiscalYear: field({
    schema: z.number().int().min(1990).max(2100),
    required: true,
    label: { es: 'Ejercicio fiscal', en: 'Fiscal year' },
    question: { es: 'ejercicio fiscal', en: 'fiscal year' },
    control: { kind: 'int' },
    synthetic: drawnWithList,
  }),
  stage: field({
    schema: z.string().min(1),
    label: { es: 'Etapa', en: 'Stage' },
    question: { es: 'etapa', en: 'stage' },
    control: {
      kind: 'text',
      prompt: { es: 'Etapa (clave)', en: 'Stage (id)' },
      hint: { es: 'p. ej. technical-assistance', en: 'e.g. technical-assistance' },
    },
    synthetic: drawnWithList,
  }),
  status: field({
    schema: z.enum(ENROLMENT_STATUSES),
    required: true,
    label: { es: 'Situación', en: 'Status' },
    question: { es: 'situación de la inscripción', en: 'status of the enrolment' },
    control: { kind: 'select', options: ENROLMENT_STATUSES },
    synthetic: drawnWithList,
  }),
};
export const enrolmentSchema = objectOf(ENROLMENT_FIELDS);

const agency = field({
  schema: z.string().min(1),
  required: true,
  label: { es: 'Dependencia', en: 'Agency' },
  question: { es: 'dependencia', en: 'agency' },
  control: { kind: 'list', section: 'lists' },
  synthetic: drawnWithList,
});

const DEBT_FIELDS = {
  agency,
  kind: field({
    schema: z.enum(DEBT_KINDS),
    required: true,
    label: { es: 'Tipo de adeudo', en: 'Kind of debt' },
    question: { es: 'tipo de adeudo', en: 'kind of debt' },
    control: { kind: 'list', section: 'lists', options: DEBT_KINDS },
    synthetic: drawnWithList,
  }),
  note: field({
    schema: z.string(),
    label: { es: 'Nota', en: 'Note' },
    question: { es: 'nota', en: 'note' },
    control: { none: 'a note for other services; the page records the agency and the kind' },
    synthetic: { none: 'synthetic debts carry no note' },
  }),
};

const DISQUALIFICATION_FIELDS = {
  agency,
  programme: field({
    schema: z.string().min(1),
    label: { es: 'Programa', en: 'Programme' },
    question: { es: 'programa del proceso de selección', en: 'programme of the selection process' },
    control: { none: 'no criterion reads it; the page records the agency' },
    synthetic: { none: 'no criterion reads it' },
  }),
  date: field({
    schema: isoDateSchema,
    label: { es: 'Fecha', en: 'Date' },
    question: { es: 'fecha de la descalificación', en: 'date of the disqualification' },
    control: { none: 'no criterion reads it; the page records the agency' },
    synthetic: { none: 'no criterion reads it' },
  }),
};

const tri = (label: FieldDef['label'], question: FieldDef['question'], prompt: FieldDef['label']) => ({
  schema: z.boolean(),
  label,
  question,
  control: { kind: 'tri', section: 'training', prompt } as const,
});

export const TRAINING_FIELDS = {
  cooperativismCourseCompleted: field({
    ...tri(
      { es: 'Curso de cooperativismo concluido', en: 'Cooperativism course completed' },
      { es: 'si concluyó el curso de cooperativismo', en: 'whether the cooperativism course was completed' },
      { es: '¿Concluyó el curso de cooperativismo?', en: 'Completed the cooperativism course?' },
    ),
    synthetic: { distribution: 'cooperativismCourse' },
  }),
  managementToolCompleted: field({
    ...tri(
      { es: 'Herramienta de gestión', en: 'Management tool' },
      { es: 'si cuenta con la herramienta de gestión', en: 'whether it has the management tool' },
      { es: '¿Cuenta con la herramienta de gestión?', en: 'Has the management tool?' },
    ),
    synthetic: { distribution: 'managementTool' },
  }),
  advisoryCouncilMeetingsAttended: field({
    schema: z.number().int().min(0),
    label: {
      es: 'Sesiones del consejo consultivo de la alcaldía a las que asistió',
      en: 'Borough advisory-council meetings attended',
    },
    question: {
      es: 'sesiones del consejo consultivo a las que asistió',
      en: 'advisory-council meetings attended',
    },
    control: { kind: 'int', section: 'training' },
    synthetic: { distribution: 'councilMeetings' },
  }),
  trainingAttendanceShare: field({
    schema: z.number().min(0).max(1),
    label: {
      es: 'Proporción de integrantes que asistió a la capacitación',
      en: 'Share of members who attended training',
    },
    question: {
      es: 'proporción de integrantes que asistió a la capacitación',
      en: 'share of members who attended training',
    },
    control: {
      kind: 'number',
      section: 'training',
      hint: { es: 'De 0 a 1, p. ej. 0.8', en: 'From 0 to 1, e.g. 0.8' },
    },
    synthetic: { distribution: 'trainingAttendance' },
  }),
  entrepreneurialPotential: field({
    schema: z.enum(POTENTIAL_LEVELS),
    label: { es: 'Potencial emprendedor', en: 'Entrepreneurial potential' },
    question: { es: 'valoración de potencial emprendedor', en: 'entrepreneurial-potential rating' },
    control: {
      kind: 'select',
      section: 'training',
      options: POTENTIAL_LEVELS,
      prompt: { es: 'Potencial emprendedor (valoración)', en: 'Entrepreneurial potential (rating)' },
    },
    synthetic: { distribution: 'entrepreneurialPotential' },
  }),
};

const territoryAttribute = (
  key: keyof TerritoryAttributes,
  label: FieldDef['label'],
  question: FieldDef['question'],
  control: Omit<NonNullable<Extract<FieldDef['control'], { kind: string }>>, 'section'>,
  synthetic: FieldDef['synthetic'] = { none: 'read from programmes/territories for the territory drawn' },
): FieldDef =>
  field({
    schema: territoryAttributesSchema.shape[key].unwrap(),
    label,
    question,
    control: { ...control, section: 'territory' },
    synthetic,
  });

/** Attributes of the group's municipality given inline; they take precedence over programmes/territories. */
const TERRITORY_FIELDS: Record<keyof TerritoryAttributes, FieldDef> = {
  marginalisation: territoryAttribute(
    'marginalisation',
    {
      es: 'Grado de marginación del municipio (CONAPO)',
      en: 'Marginalisation degree of the municipality (CONAPO)',
    },
    {
      es: 'grado de marginación del municipio (CONAPO)',
      en: 'marginalisation degree of the municipality (CONAPO)',
    },
    { kind: 'select', options: territoryAttributesSchema.shape.marginalisation.unwrap().options },
    { distribution: 'marginalisation' },
  ),
  ruralZap: territoryAttribute(
    'ruralZap',
    { es: 'Zona de Atención Prioritaria rural', en: 'Rural priority zone (ZAP)' },
    {
      es: 'si el municipio es Zona de Atención Prioritaria rural',
      en: 'whether the municipality is a rural priority zone (ZAP)',
    },
    {
      kind: 'tri',
      prompt: {
        es: '¿El municipio es Zona de Atención Prioritaria rural?',
        en: 'Is the municipality a rural priority zone (ZAP)?',
      },
    },
  ),
  urbanZapShare: territoryAttribute(
    'urbanZapShare',
    { es: 'Proporción de la población en ZAP urbanas', en: 'Share of the population in urban ZAP' },
    {
      es: 'proporción de la población del municipio en ZAP urbanas',
      en: 'share of the municipality population in urban ZAP',
    },
    { kind: 'number', hint: { es: 'De 0 a 1, p. ej. 0.8', en: 'From 0 to 1, e.g. 0.8' } },
  ),
  shareBelowWelfareLine: territoryAttribute(
    'shareBelowWelfareLine',
    {
      es: 'Proporción de la población bajo la línea de bienestar',
      en: 'Share of the population below the welfare line',
    },
    {
      es: 'proporción de la población con ingreso bajo la línea de bienestar',
      en: 'share of the population with income below the welfare line',
    },
    { kind: 'number', hint: { es: 'De 0 a 1, p. ej. 0.8', en: 'From 0 to 1, e.g. 0.8' } },
  ),
  indigenousCriteria: territoryAttribute(
    'indigenousCriteria',
    { es: 'Criterios indígenas de la CDI', en: 'CDI indigenous criteria' },
    {
      es: 'si el municipio cumple los criterios indígenas de la CDI',
      en: 'whether the municipality meets the CDI indigenous criteria',
    },
    {
      kind: 'tri',
      prompt: {
        es: '¿El municipio cumple los criterios indígenas de la CDI?',
        en: 'Does the municipality meet the CDI indigenous criteria?',
      },
    },
  ),
  socialBank: territoryAttribute(
    'socialBank',
    { es: 'Oficina de Banca Social', en: 'Social Banking office' },
    {
      es: 'si el municipio tiene oficina de Banca Social',
      en: 'whether the municipality has a Social Banking office',
    },
    {
      kind: 'tri',
      prompt: {
        es: '¿El municipio tiene oficina de Banca Social?',
        en: 'Does the municipality have a Social Banking office?',
      },
    },
  ),
  frontierZone: territoryAttribute(
    'frontierZone',
    { es: 'Zona de frontera', en: 'Frontier zone' },
    { es: 'si está en zona de frontera', en: 'whether it lies in a frontier zone' },
    { kind: 'tri', prompt: { es: '¿Está en zona de frontera?', en: 'In a frontier zone?' } },
  ),
  advisoryCouncilActivity: territoryAttribute(
    'advisoryCouncilActivity',
    { es: 'Actividad del consejo consultivo de la alcaldía', en: 'Activity of the borough advisory council' },
    { es: 'actividad del consejo consultivo de la alcaldía', en: 'activity of the borough advisory council' },
    { kind: 'select', options: territoryAttributesSchema.shape.advisoryCouncilActivity.unwrap().options },
  ),
};

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
    synthetic: { distribution: 'yearsConstituted' },
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
      prompt: { es: '¿Participa o participó en programas?', en: 'In any programmes now or before?' },
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
      prompt: { es: '¿Tiene adeudos o trámites pendientes?', en: 'Any debts or outstanding paperwork?' },
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
      prompt: {
        es: '¿Fue descalificado en algún proceso de selección?',
        en: 'Ever disqualified from a selection process?',
      },
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
