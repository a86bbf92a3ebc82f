import { z } from 'zod';
import { type TerritoryAttributes, territoryAttributesSchema } from '../territory';
import { type FieldDef, field } from './field';
import { POTENTIAL_LEVELS } from './values';

/** The fields of the group's training record and of its territory's attributes given inline. */

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
  /** Superseded by the members' ratings (members[].entrepreneurialPotential); accepted so groups stored with it stay valid. */
  entrepreneurialPotential: field({
    schema: z.enum(POTENTIAL_LEVELS),
    label: { es: 'Potencial emprendedor del grupo', en: "The group's entrepreneurial potential" },
    question: {
      es: 'valoración de potencial emprendedor del grupo',
      en: "the group's entrepreneurial-potential rating",
    },
    control: {
      none: "PROINPRO rates persons, not groups (PROINPRO-07): no criterion reads it; the form asks each member's rating",
    },
    synthetic: { none: "no criterion reads it; the members' ratings are drawn" },
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
export const TERRITORY_FIELDS: Record<keyof TerritoryAttributes, FieldDef> = {
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
