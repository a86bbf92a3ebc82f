import { z } from 'zod';
import { type Condition, isLeaf, type LeafCondition, OPERATOR_BY_NAME } from './condition';
import { ageOn, fiscalYearOf, type IsoDate } from './dates';
import {
  AREA_TYPES,
  areaTypeSchema,
  type Group,
  LEGAL_FORMS,
  type Member,
  POTENTIAL_LEVELS,
  PRODUCER_STRATA,
  SECTORS,
} from './group';
import type { Lang, Localized } from './i18n';
import { CURRENCY_DIGITS, currencySchema, type Money } from './money';
import type { TerritoryAttributes, TerritoryIndex } from './territory';
import { FAILED, notCode, PASSED, UNKNOWN, type VerdictCode } from './verdict';

/**
 * The one fact catalogue: every fact a rule file may name, how it is derived from a group, and what
 * is missing when it cannot be. Facts are three-valued by construction: a fact either has a value or
 * lists the input paths a case worker must collect.
 */

export type FactScope = 'group' | 'member';
export type FactType = 'number' | 'boolean' | 'string' | 'enum' | 'list';

export interface GroupContext {
  group: Group;
  asOf: IsoDate;
  territories: TerritoryIndex;
}
export interface MemberContext extends GroupContext {
  member: Member;
  index: number;
}

/** A share's parts, so a near miss can say how many members it takes to change the verdict. */
export interface ShareDetail {
  numerator: number;
  denominator: number;
}

export type FactValue =
  | { known: true; value: unknown; detail?: ShareDetail }
  | { known: false; missing: string[] };

interface FactDefBase {
  name: string;
  scope: FactScope;
  type: FactType;
  values?: readonly string[];
  unit?: string;
  description: Localized;
  /** Input paths the fact reads (for docs/facts.md). */
  inputs: string[];
  /** Schema of the condition's `params`, for facts that take them. */
  params?: z.ZodType;
  /** How a near miss counts the distance: in members (count, share) or in the fact's own unit. */
  distance?: 'members' | 'share-of-members';
}
/**
 * A fact read straight from an input field has `read` too: the value, or undefined when unknown,
 * with no FactValue made (evaluators on the hot path use it; `compute` is defined through it).
 */
interface Readable<C> {
  read?(ctx: C): unknown;
}
type Params = Record<string, unknown>;
export interface GroupFactDef extends FactDefBase, Readable<GroupContext> {
  scope: 'group';
  compute(ctx: GroupContext, params: Params): FactValue;
}
export interface MemberFactDef extends FactDefBase, Readable<MemberContext> {
  scope: 'member';
  compute(ctx: MemberContext, params: Params): FactValue;
}
export type FactDef = GroupFactDef | MemberFactDef;

const known = (value: unknown, detail?: ShareDetail): FactValue =>
  detail ? { known: true, value, detail } : { known: true, value };
const missing = (...paths: string[]): FactValue => ({ known: false, missing: paths });
const from = (value: unknown, path: string): FactValue =>
  value === undefined ? missing(path) : known(value);

// ---------------------------------------------------------------------------------------------
// Member filters: the declarative "which members count" used by count and share facts.

export const memberFilterSchema = z
  .object({
    sex: z.enum(['female', 'male', 'other']).optional(),
    minAge: z.number().int().min(0).optional(),
    maxAge: z.number().int().min(0).optional(),
    residenceState: z
      .string()
      .regex(/^\d{2}$/)
      .optional(),
    residenceMunicipalities: z
      .array(z.string().regex(/^\d{5}$/))
      .min(1)
      .optional(),
    areaTypes: z.array(areaTypeSchema).min(1).optional(),
    prosperaBeneficiary: z.boolean().optional(),
    inPoverty: z.boolean().optional(),
    indigenous: z.boolean().optional(),
    producerStrata: z.array(z.enum(PRODUCER_STRATA)).min(1).optional(),
  })
  .strict()
  .refine((f) => Object.keys(f).length > 0, { message: 'a member filter needs at least one condition' });
export type MemberFilter = z.infer<typeof memberFilterSchema>;

/**
 * A member filter is a condition over member facts: each key of the filter syntax names one member
 * fact and an operator (below), the filter's value is the leaf's value, and the keys are joined by
 * `all` in a fixed order. The condition is evaluated through the member fact catalogue (each fact's
 * `read`, or `compute`) and the operators' one definition, as a member criterion is: a filter and
 * the member fact it names cannot disagree (a `residenceState` filter sees the state the
 * `residenceState` fact derives from the municipality).
 */
const FILTER_LEAVES = {
  sex: { fact: 'sex', operator: 'equal' },
  minAge: { fact: 'age', operator: 'greaterThanInclusive' },
  maxAge: { fact: 'age', operator: 'lessThanInclusive' },
  residenceState: { fact: 'residenceState', operator: 'equal' },
  residenceMunicipalities: { fact: 'residenceMunicipality', operator: 'in' },
  areaTypes: { fact: 'residenceAreaType', operator: 'in' },
  prosperaBeneficiary: { fact: 'prosperaBeneficiary', operator: 'equal' },
  inPoverty: { fact: 'inPoverty', operator: 'equal' },
  indigenous: { fact: 'indigenous', operator: 'equal' },
  producerStrata: { fact: 'producerStratum', operator: 'in' },
} as const satisfies Record<keyof MemberFilter, { fact: string; operator: string }>;

/** The keys of the filter syntax, in the order their leaves take in the condition. */
export const MEMBER_FILTER_KEYS = Object.keys(FILTER_LEAVES) as readonly (keyof MemberFilter)[];

/** The member fact and operator a filter key stands for. */
export const memberFilterLeaf = (key: keyof MemberFilter): { fact: string; operator: string } =>
  FILTER_LEAVES[key];

/** The condition over member facts a filter means (`all` of one leaf per key given). */
export function filterCondition(filter: MemberFilter): { all: LeafCondition[] } {
  const all: LeafCondition[] = [];
  for (const key of MEMBER_FILTER_KEYS) {
    const value = filter[key];
    if (value !== undefined) all.push({ ...FILTER_LEAVES[key], value });
  }
  return { all };
}

/** A condition over member facts, compiled: its verdict code for a member, and what it misses. */
export interface MemberCondition {
  code(ctx: MemberContext): VerdictCode;
  /** Appends the inputs to collect for a member whose code is UNKNOWN: those of its unknown leaves. */
  missing(ctx: MemberContext, out: string[]): void;
}

/**
 * Compiles a condition over member facts (Kleene, on verdict codes, as the compiled evaluator does):
 * a leaf reads its fact without making a FactValue where the fact has `read`, and is unknown when the
 * value is (undefined or null), else the operator decides.
 */
export function compileMemberCondition(condition: Condition): MemberCondition {
  if (isLeaf(condition)) {
    const def = FACTS.get(condition.fact);
    const operator = OPERATOR_BY_NAME.get(condition.operator);
    if (def?.scope !== 'member') throw new Error(`'${condition.fact}' is not a member fact`);
    if (!operator) throw new Error(`unknown operator '${condition.operator}'`);
    if (condition.path) throw new Error('a member condition here takes no path');
    const params = (condition.params ?? {}) as Params;
    const test = operator.compile(condition.value);
    const read =
      def.read ??
      ((ctx: MemberContext) => {
        const value = def.compute(ctx, params);
        return value.known ? value.value : undefined;
      });
    const code = (ctx: MemberContext): VerdictCode => {
      const value = read(ctx);
      if (value === undefined || value === null) return UNKNOWN;
      return test(value) ? PASSED : FAILED;
    };
    return {
      code,
      missing(ctx, out) {
        const value = def.compute(ctx, params);
        if (!value.known) out.push(...value.missing);
        else if (value.value === undefined || value.value === null) out.push(condition.fact);
      },
    };
  }
  if ('not' in condition) {
    const inner = compileMemberCondition(condition.not);
    return { code: (ctx) => notCode(inner.code(ctx)), missing: inner.missing };
  }
  const any = 'any' in condition;
  const parts = (any ? condition.any : condition.all).map(compileMemberCondition);
  if (parts.length === 1) return parts[0] as MemberCondition;
  return {
    code: any
      ? (ctx) => {
          let code: VerdictCode = FAILED;
          for (const part of parts) {
            const v = part.code(ctx);
            if (v === PASSED) return PASSED;
            if (v > code) code = v;
          }
          return code;
        }
      : (ctx) => {
          let code: VerdictCode = PASSED;
          for (const part of parts) {
            const v = part.code(ctx);
            if (v === FAILED) return FAILED;
            if (v < code) code = v;
          }
          return code;
        },
    missing(ctx, out) {
      for (const part of parts) if (part.code(ctx) === UNKNOWN) part.missing(ctx, out);
    },
  };
}

const FILTER_CONDITIONS = new WeakMap<MemberFilter, MemberCondition>();

/** A filter's condition, compiled once per filter (filters come from rule files). */
function memberFilter(filter: MemberFilter): MemberCondition {
  let compiled = FILTER_CONDITIONS.get(filter);
  if (!compiled) {
    compiled = compileMemberCondition(filterCondition(filter));
    FILTER_CONDITIONS.set(filter, compiled);
  }
  return compiled;
}

/** Does the member meet the filter: PASSED, FAILED or UNKNOWN (a fact it needs is missing). */
export function memberMatches(filter: MemberFilter, ctx: MemberContext): VerdictCode {
  return memberFilter(filter).code(ctx);
}

export function memberAge(member: Member, asOf: IsoDate): number | undefined {
  if (member.birthDate) return ageOn(member.birthDate, asOf);
  return member.age;
}

/**
 * One member context for every count, moved from member to member: evaluation is synchronous,
 * member facts keep no context and a count never starts another. Emptied after each count, so it
 * keeps no group alive.
 */
const COUNT_CONTEXT: MemberContext = {
  group: {},
  asOf: '',
  territories: undefined as never,
  member: {},
  index: 0,
};

function countMatching(ctx: GroupContext, filter: MemberFilter): FactValue {
  const members = ctx.group.members;
  if (members === undefined) return missing('members');
  const member = COUNT_CONTEXT;
  member.group = ctx.group;
  member.asOf = ctx.asOf;
  member.territories = ctx.territories;
  const value = countMembers(member, members, memberFilter(filter));
  member.group = {};
  member.member = {};
  member.territories = undefined as never;
  return value;
}

function countMembers(
  member: MemberContext,
  members: readonly Member[],
  condition: MemberCondition,
): FactValue {
  let count = 0;
  let undecided = false;
  for (let index = 0; index < members.length; index++) {
    member.member = members[index] as Member;
    member.index = index;
    const code = condition.code(member);
    if (code === PASSED) count += 1;
    else if (code === UNKNOWN) undecided = true;
  }
  if (!undecided) return known(count);
  const unknown: string[] = [];
  for (let index = 0; index < members.length; index++) {
    member.member = members[index] as Member;
    member.index = index;
    if (condition.code(member) === UNKNOWN) condition.missing(member, unknown);
  }
  return { known: false, missing: [...new Set(unknown)] };
}

// ---------------------------------------------------------------------------------------------
// Territory facts read the group's location (municipality, then its state), or inline attributes.

function territoryAttribute(key: keyof TerritoryAttributes) {
  return (ctx: GroupContext): FactValue => {
    const inline = ctx.group.territoryAttributes?.[key];
    if (inline !== undefined) return known(inline);
    const location = ctx.group.location;
    const code = location?.municipality ?? location?.region ?? location?.state;
    if (code === undefined) {
      return missing(
        location?.country && location.country !== 'MX' ? 'location.region' : 'location.municipality',
      );
    }
    const value = ctx.territories.attributes(code)[key];
    return value === undefined ? missing(`territoryAttributes.${key}`) : known(value);
  };
}

const territoryFact = (
  name: string,
  key: keyof TerritoryAttributes,
  type: FactType,
  description: Localized,
  values?: readonly string[],
): GroupFactDef => ({
  name,
  scope: 'group',
  type,
  ...(values ? { values } : {}),
  description,
  inputs: [`territoryAttributes.${key}`, 'location.municipality', `programmes/territories: ${key}`],
  compute: territoryAttribute(key),
});

// ---------------------------------------------------------------------------------------------

/** A group fact read straight from one input field (dotted path). */
function groupInput(
  name: string,
  path: string,
  type: FactType,
  description: Localized,
  extra: Pick<GroupFactDef, 'values' | 'unit'> = {},
): GroupFactDef {
  const field = reader(path);
  const read = (ctx: GroupContext) => field(ctx.group);
  return {
    name,
    scope: 'group',
    type,
    description,
    inputs: [path],
    ...extra,
    read,
    compute: (ctx) => from(read(ctx), path),
  };
}

/**
 * A member fact read straight from one field of the member. The field comes as a function (not
 * only its path): it runs for every member of every group, and a named property read is fastest.
 */
function memberInput(
  name: string,
  path: string,
  field: (member: Member) => unknown,
  type: FactType,
  description: Localized,
  extra: Pick<MemberFactDef, 'values' | 'unit'> = {},
): MemberFactDef {
  const read = (ctx: MemberContext) => field(ctx.member);
  return {
    name,
    scope: 'member',
    type,
    description,
    inputs: [`members[].${path}`],
    ...extra,
    read,
    compute: (ctx) => {
      const value = read(ctx);
      return value === undefined ? missing(`members[${ctx.index}].${path}`) : known(value);
    },
  };
}

type Fields = Record<string, unknown> | undefined;

/** Reads a dotted path ("training.managementToolCompleted"); undefined where any step is missing. */
function reader(path: string): (value: object) => unknown {
  const [first, second, ...rest] = path.split('.') as [string, ...string[]];
  if (second === undefined) return (value) => (value as Fields)?.[first];
  if (!rest.length) return (value) => ((value as Fields)?.[first] as Fields)?.[second];
  return (value) => {
    let current: unknown = value;
    for (const key of [first, second, ...rest]) current = (current as Fields)?.[key];
    return current;
  };
}

/** The agencies named in a list, each once, in order of first appearance. */
function agencies(list: readonly { agency: string }[]): string[] {
  const out: string[] = [];
  for (const item of list) if (!out.includes(item.agency)) out.push(item.agency);
  return out;
}

const currencyParams = z.object({ currency: currencySchema }).strict();

/** Money as a number of major units in the currency the rule asks for; another currency is not comparable. */
function amountIn(money: Money | undefined, params: Record<string, unknown>, path: string): FactValue {
  if (money === undefined) return missing(path);
  const { currency } = params as z.infer<typeof currencyParams>;
  if (money.currency !== currency) return missing(`${path} (in ${currency})`);
  return known(money.minor / 10 ** CURRENCY_DIGITS[currency]);
}

const fiscalYearParams = z
  .object({
    statuses: z
      .array(z.enum(['current', 'completed', 'waitlisted']))
      .min(1)
      .optional(),
  })
  .strict();

const GROUP_FACTS: GroupFactDef[] = [
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
  groupInput(
    'entrepreneurialPotential',
    'training.entrepreneurialPotential',
    'enum',
    { es: 'Valoración de potencial emprendedor', en: 'Entrepreneurial-potential rating' },
    { values: POTENTIAL_LEVELS },
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
  territoryFact(
    'territoryMarginalisation',
    'marginalisation',
    'enum',
    { es: 'Grado de marginación del municipio', en: 'Degree of marginalisation of the municipality' },
    POTENTIAL_LEVELS,
  ),
  territoryFact('territoryRuralZap', 'ruralZap', 'boolean', {
    es: 'El municipio está en una Zona de Atención Prioritaria rural',
    en: 'The municipality is in a rural priority-attention zone (ZAP)',
  }),
  territoryFact('territoryUrbanZapShare', 'urbanZapShare', 'number', {
    es: 'Proporción de la población del municipio en ZAP urbanas',
    en: 'Share of the municipality population in urban ZAP',
  }),
  territoryFact('territoryShareBelowWelfareLine', 'shareBelowWelfareLine', 'number', {
    es: 'Proporción de la población del municipio con ingreso bajo la línea de bienestar',
    en: 'Share of the municipality population with income below the welfare line',
  }),
  territoryFact('territoryIndigenousCriteria', 'indigenousCriteria', 'boolean', {
    es: 'El municipio cumple los criterios de atención indígena (CDI)',
    en: 'The municipality meets the CDI indigenous-support criteria',
  }),
  territoryFact('territorySocialBank', 'socialBank', 'boolean', {
    es: 'El municipio tiene oficina de Banca Social (SOCAP o SOFINCO)',
    en: 'The municipality hosts a Social Banking office (SOCAP or SOFINCO)',
  }),
  territoryFact('territoryFrontierZone', 'frontierZone', 'boolean', {
    es: 'El territorio está en zona de frontera',
    en: 'The territory lies in a frontier zone',
  }),
  territoryFact(
    'territoryAdvisoryCouncilActivity',
    'advisoryCouncilActivity',
    'enum',
    {
      es: 'Actividad del consejo consultivo de fomento cooperativo de la alcaldía',
      en: 'Activity of the borough advisory council for cooperative development',
    },
    ['regular', 'intermittent', 'little_or_none'],
  ),
];

/** The member's state of residence, or the state the INEGI code of its municipality begins with. */
const residenceState = (member: Member): string | undefined =>
  member.residence?.state ?? member.residence?.municipality?.slice(0, 2);

const MEMBER_FACTS: MemberFactDef[] = [
  {
    name: 'memberHouseholdIncomePerCapitaMonthly',
    scope: 'member',
    type: 'number',
    unit: 'major units of params.currency per person per month',
    description: {
      es: 'Ingreso mensual per cápita del hogar del integrante, en la moneda indicada en params',
      en: "Monthly per-capita income of the member's household, in the currency given in params",
    },
    inputs: ['members[].householdIncomePerCapitaMonthly'],
    params: currencyParams,
    compute: (ctx, params) =>
      amountIn(
        ctx.member.householdIncomePerCapitaMonthly,
        params,
        `members[${ctx.index}].householdIncomePerCapitaMonthly`,
      ),
  },
  {
    name: 'age',
    scope: 'member',
    type: 'number',
    unit: 'years',
    description: {
      es: 'Edad del integrante a la fecha de consulta',
      en: 'Age of the member at the matching date',
    },
    inputs: ['members[].birthDate', 'members[].age'],
    read: (ctx) => memberAge(ctx.member, ctx.asOf),
    compute: (ctx) => {
      const age = memberAge(ctx.member, ctx.asOf);
      return age === undefined ? missing(`members[${ctx.index}].age`) : known(age);
    },
  },
  memberInput(
    'sex',
    'sex',
    (m) => m.sex,
    'enum',
    { es: 'Sexo del integrante', en: 'Sex of the member' },
    { values: ['female', 'male', 'other'] },
  ),
  {
    name: 'residenceState',
    scope: 'member',
    type: 'string',
    description: { es: 'Entidad de residencia (clave INEGI)', en: 'State of residence (INEGI code)' },
    inputs: ['members[].residence.state', 'members[].residence.municipality'],
    read: (ctx) => residenceState(ctx.member),
    compute: (ctx) => from(residenceState(ctx.member), `members[${ctx.index}].residence.state`),
  },
  memberInput('residenceMunicipality', 'residence.municipality', (m) => m.residence?.municipality, 'string', {
    es: 'Municipio o alcaldía de residencia (clave INEGI)',
    en: 'Municipality of residence (INEGI code)',
  }),
  memberInput(
    'residenceAreaType',
    'residence.areaType',
    (m) => m.residence?.areaType,
    'enum',
    { es: 'Tipo de zona de residencia', en: 'Area type of residence' },
    { values: AREA_TYPES },
  ),
  memberInput('prosperaBeneficiary', 'prosperaBeneficiary', (m) => m.prosperaBeneficiary, 'boolean', {
    es: 'Es beneficiario de PROSPERA',
    en: 'Is a PROSPERA beneficiary',
  }),
  memberInput('inPoverty', 'inPoverty', (m) => m.inPoverty, 'boolean', {
    es: 'Vive en situación de pobreza',
    en: 'Lives in poverty',
  }),
  memberInput(
    'producerStratum',
    'producerStratum',
    (m) => m.producerStratum,
    'enum',
    { es: 'Estrato de productor', en: 'Producer stratum' },
    { values: PRODUCER_STRATA },
  ),
  memberInput('indigenous', 'indigenous', (m) => m.indigenous, 'boolean', {
    es: 'Es indígena',
    en: 'Is indigenous',
  }),
];

export const FACTS: ReadonlyMap<string, FactDef> = new Map<string, FactDef>(
  [...GROUP_FACTS, ...MEMBER_FACTS].map((f) => [f.name, f]),
);

export function factLabel(name: string, lang: Lang): string {
  return FACTS.get(name)?.description[lang] ?? name;
}

/** Computes one fact for a group or member context. Params are assumed validated by the loader. */
export function computeFact(name: string, ctx: GroupContext | MemberContext, params?: unknown): FactValue {
  const def = FACTS.get(name);
  if (!def) throw new Error(`unknown fact '${name}'`);
  if (def.scope === 'member' && !('member' in ctx)) {
    throw new Error(`fact '${name}' is about a member and was asked of a group`);
  }
  const p = (params ?? {}) as Params;
  return def.scope === 'member' ? def.compute(ctx as MemberContext, p) : def.compute(ctx, p);
}
