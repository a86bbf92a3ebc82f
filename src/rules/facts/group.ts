import { z } from 'zod';
import { ageOn, fiscalYearOf } from '../dates';
import { AREA_TYPES, LEGAL_FORMS, POTENTIAL_LEVELS, SECTORS } from '../group';
import { amountIn, currencyParams, from, type GroupFactDef, groupInput, known, missing } from './core';
import { countMatching, type MemberFilter, memberFilterSchema } from './member-filter';

/** Facts about the group as a whole (its members counted, its legal status, its history...). */

/** The agencies named in a list, each once, in order of first appearance. */
function agencies(list: readonly { agency: string }[]): string[] {
  const out: string[] = [];
  for (const item of list) if (!out.includes(item.agency)) out.push(item.agency);
  return out;
}

const fiscalYearParams = z
  .object({
    statuses: z
      .array(z.enum(['current', 'completed', 'waitlisted']))
      .min(1)
      .optional(),
  })
  .strict();

export const GROUP_FACTS: GroupFactDef[] = [
  {
    name: 'memberCount',
    scope: 'group',
    type: 'number',
    unit: 'members',
    distance: 'members',
    description: { es: 'Número de integrantes del grupo', en: 'Number of members of the group' },
    inputs: ['members'],
    compute: (ctx) => from(ctx.group.members?.length, 'members'),
  },
  {
    name: 'membersMatching',
    scope: 'group',
    type: 'number',
    unit: 'members',
    distance: 'members',
    description: {
      es: 'Número de integrantes que cumplen el filtro dado en params',
      en: 'Number of members who meet the filter given in params',
    },
    inputs: ['members[].*'],
    params: memberFilterSchema,
    compute: (ctx, params) => countMatching(ctx, params as MemberFilter),
  },
  {
    name: 'shareOfMembersMatching',
    scope: 'group',
    type: 'number',
    unit: 'share (0-1)',
    distance: 'share-of-members',
    description: {
      es: 'Proporción de integrantes que cumplen el filtro dado en params',
      en: 'Share of members who meet the filter given in params',
    },
    inputs: ['members[].*'],
    params: memberFilterSchema,
    compute: (ctx, params) => {
      const count = countMatching(ctx, params as MemberFilter);
      if (!count.known) return count;
      const total = ctx.group.members?.length ?? 0;
      if (total === 0) return missing('members');
      return known((count.value as number) / total, { numerator: count.value as number, denominator: total });
    },
  },
  groupInput(
    'legalForm',
    'legalForm',
    'enum',
    { es: 'Figura jurídica', en: 'Legal form' },
    { values: LEGAL_FORMS },
  ),
  groupInput('legallyConstituted', 'legallyConstituted', 'boolean', {
    es: 'Está legalmente constituido',
    en: 'Is legally constituted',
  }),
  {
    name: 'yearsSinceConstitution',
    scope: 'group',
    type: 'number',
    unit: 'years',
    description: {
      es: 'Años cumplidos desde la constitución legal a la fecha de consulta',
      en: 'Whole years since legal constitution at the matching date',
    },
    inputs: ['legallyConstituted', 'constitutedOn'],
    compute: (ctx) => {
      if (ctx.group.legallyConstituted === false) return known(0);
      if (ctx.group.constitutedOn === undefined) return missing('constitutedOn');
      return known(Math.max(0, ageOn(ctx.group.constitutedOn, ctx.asOf)));
    },
  },
  groupInput('hasManagementBody', 'hasManagementBody', 'boolean', {
    es: 'Tiene órgano de administración',
    en: 'Has a management body',
  }),
  groupInput('hasSupervisoryBody', 'hasSupervisoryBody', 'boolean', {
    es: 'Tiene órgano de vigilancia',
    en: 'Has a supervisory body',
  }),
  {
    name: 'registeredOfficeState',
    scope: 'group',
    type: 'string',
    description: {
      es: 'Entidad del domicilio social (clave INEGI)',
      en: 'State of the registered office (INEGI code)',
    },
    inputs: ['registeredOffice.state', 'registeredOffice.municipality'],
    compute: (ctx) =>
      from(
        ctx.group.registeredOffice?.state ?? ctx.group.registeredOffice?.municipality?.slice(0, 2),
        'registeredOffice.state',
      ),
  },
  {
    name: 'locationState',
    scope: 'group',
    type: 'string',
    description: {
      es: 'Entidad donde opera el grupo (clave INEGI)',
      en: 'State where the group operates (INEGI code)',
    },
    inputs: ['location.state', 'location.municipality'],
    compute: (ctx) =>
      from(ctx.group.location?.state ?? ctx.group.location?.municipality?.slice(0, 2), 'location.state'),
  },
  {
    name: 'locationCountry',
    scope: 'group',
    type: 'string',
    description: {
      es: 'País donde opera el grupo (ISO 3166-1; el de su región ISO 3166-2; MX si se da una clave INEGI)',
      en: "Country where the group operates (ISO 3166-1; its region's, ISO 3166-2; MX when an INEGI code is given)",
    },
    inputs: ['location.country', 'location.region', 'location.state', 'location.municipality'],
    compute: (ctx) => {
      const l = ctx.group.location;
      // An ISO 3166-2 code starts with its country's ISO 3166-1 code (UY-AR is in UY).
      const ofRegion = l?.region?.match(/^([A-Z]{2})-/)?.[1];
      return from(
        l?.country ?? ofRegion ?? (l?.state || l?.municipality ? 'MX' : undefined),
        'location.country',
      );
    },
  },
  groupInput('locationRegion', 'location.region', 'string', {
    es: 'Departamento o provincia donde opera el grupo (ISO 3166-2), fuera de México',
    en: 'Department or province where the group operates (ISO 3166-2), outside Mexico',
  }),
  groupInput('locationMunicipality', 'location.municipality', 'string', {
    es: 'Municipio o alcaldía donde opera el grupo (clave INEGI)',
    en: 'Municipality where the group operates (INEGI code)',
  }),
  groupInput(
    'locationAreaType',
    'location.areaType',
    'enum',
    { es: 'Tipo de zona donde opera el grupo', en: 'Area type where the group operates' },
    { values: AREA_TYPES },
  ),
  groupInput(
    'sector',
    'sector',
    'enum',
    { es: 'Sector de actividad', en: 'Sector of activity' },
    { values: SECTORS },
  ),
  groupInput('productiveReadiness', 'productiveReadiness', 'boolean', {
    es: 'Ha demostrado disposición para una actividad productiva colectiva',
    en: 'Has demonstrated readiness for a collective productive activity',
  }),
  groupInput('commitmentToConstitute', 'commitmentToConstitute', 'boolean', {
    es: 'Se compromete a constituirse legalmente como cooperativa',
    en: 'Commits to constitute legally as a cooperative',
  }),
  groupInput('cooperativismCourseCompleted', 'training.cooperativismCourseCompleted', 'boolean', {
    es: 'Concluyó el curso de cooperativismo',
    en: 'Completed the cooperativism course',
  }),
  groupInput('hasManagementTool', 'training.managementToolCompleted', 'boolean', {
    es: 'Cuenta con la herramienta de gestión',
    en: 'Has the management tool',
  }),
  groupInput(
    'advisoryCouncilMeetingsAttended',
    'training.advisoryCouncilMeetingsAttended',
    'number',
    {
      es: 'Sesiones del consejo consultivo de la alcaldía a las que asistió',
      en: 'Meetings of the borough advisory council attended',
    },
    { unit: 'meetings' },
  ),
  groupInput(
    'trainingAttendanceShare',
    'training.trainingAttendanceShare',
    'number',
    {
      es: 'Proporción de integrantes que asistió a la capacitación',
      en: 'Share of members who attended the training',
    },
    { unit: 'share (0-1)' },
  ),
  {
    name: 'agenciesOwed',
    scope: 'group',
    type: 'list',
    description: {
      es: 'Dependencias con las que tiene adeudos o trámites pendientes',
      en: 'Agencies the group owes money or paperwork to',
    },
    inputs: ['debts'],
    compute: (ctx) => (ctx.group.debts === undefined ? missing('debts') : known(agencies(ctx.group.debts))),
  },
  {
    name: 'agenciesDisqualifiedBy',
    scope: 'group',
    type: 'list',
    description: {
      es: 'Dependencias que lo descalificaron de un proceso de selección',
      en: 'Agencies that disqualified the group from a selection process',
    },
    inputs: ['disqualifications'],
    compute: (ctx) =>
      ctx.group.disqualifications === undefined
        ? missing('disqualifications')
        : known(agencies(ctx.group.disqualifications)),
  },
  {
    name: 'programmesThisFiscalYear',
    scope: 'group',
    type: 'list',
    description: {
      es: 'Programas en que participa en el ejercicio fiscal de la fecha de consulta (en curso o concluidos)',
      en: 'Programmes the group takes part in during the fiscal year of the matching date (current or completed)',
    },
    inputs: ['enrolments'],
    params: fiscalYearParams,
    compute: (ctx, params) => {
      if (ctx.group.enrolments === undefined) return missing('enrolments');
      const statuses: string[] = (params as z.infer<typeof fiscalYearParams>).statuses ?? [
        'current',
        'completed',
      ];
      const year = fiscalYearOf(ctx.asOf);
      const programmes: string[] = [];
      for (const e of ctx.group.enrolments)
        if (e.fiscalYear === year && statuses.includes(e.status) && !programmes.includes(e.programme))
          programmes.push(e.programme);
      return known(programmes);
    },
  },
  {
    name: 'householdIncomePerCapitaMonthly',
    scope: 'group',
    type: 'number',
    unit: 'major units of params.currency per person per month',
    description: {
      es: 'Ingreso mensual per cápita estimado del hogar, en la moneda indicada en params',
      en: 'Estimated monthly household income per person, in the currency given in params',
    },
    inputs: ['householdIncomePerCapitaMonthly'],
    params: currencyParams,
    compute: (ctx, params) =>
      amountIn(ctx.group.householdIncomePerCapitaMonthly, params, 'householdIncomePerCapitaMonthly'),
  },
  {
    name: 'priorSupportCount',
    scope: 'group',
    type: 'number',
    unit: 'supports',
    description: {
      es: 'Apoyos recibidos y concluidos en ejercicios fiscales anteriores',
      en: 'Supports received and completed in earlier fiscal years',
    },
    inputs: ['enrolments'],
    compute: (ctx) => {
      if (ctx.group.enrolments === undefined) return missing('enrolments');
      const year = fiscalYearOf(ctx.asOf);
      let count = 0;
      for (const e of ctx.group.enrolments) if (e.fiscalYear < year && e.status === 'completed') count++;
      return known(count);
    },
  },
  {
    name: 'completedStages',
    scope: 'group',
    type: 'list',
    description: {
      es: 'Etapas concluidas, escritas "programa:etapa"',
      en: 'Stages completed, written "programme:stage"',
    },
    inputs: ['enrolments'],
    compute: (ctx) => {
      if (ctx.group.enrolments === undefined) return missing('enrolments');
      const stages: string[] = [];
      for (const e of ctx.group.enrolments)
        if (e.status === 'completed' && e.stage !== undefined) stages.push(`${e.programme}:${e.stage}`);
      return known(stages);
    },
  },
];
