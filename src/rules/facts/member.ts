import { ageOn, type IsoDate } from '../dates';
import { AREA_TYPES, type Member, POTENTIAL_LEVELS, PRODUCER_STRATA } from '../group';
import { amountIn, currencyParams, from, known, type MemberFactDef, memberInput, missing } from './core';

/** Facts about one member: usable in criteria with `scope: member` and in member filters. */

export function memberAge(member: Member, asOf: IsoDate): number | undefined {
  if (member.birthDate) return ageOn(member.birthDate, asOf);
  return member.age;
}

/**
 * One member context for every count, moved from member to member: evaluation is synchronous,
 * member facts keep no context and a count never starts another. Emptied after each count, so it
 * keeps no group alive.

/** The member's state of residence, or the state the INEGI code of its municipality begins with. */
const residenceState = (member: Member): string | undefined =>
  member.residence?.state ?? member.residence?.municipality?.slice(0, 2);

export const MEMBER_FACTS: MemberFactDef[] = [
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
  memberInput(
    'entrepreneurialPotential',
    'entrepreneurialPotential',
    (m) => m.entrepreneurialPotential,
    'enum',
    {
      es: 'Valoración de potencial emprendedor del integrante (PROINPRO la da a personas antes de formar grupos)',
      en: "The member's entrepreneurial-potential rating (PROINPRO rates persons before groups form)",
    },
    { values: POTENTIAL_LEVELS },
  ),
];

/** The member facts by name (member filters and member conditions read only these). */
export const MEMBER_FACT_BY_NAME: ReadonlyMap<string, MemberFactDef> = new Map(
  MEMBER_FACTS.map((f) => [f.name, f]),
);
