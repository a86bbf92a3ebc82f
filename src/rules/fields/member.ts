import { z } from 'zod';
import { isoDateSchema } from '../dates';
import { moneySchema } from '../money';
import { field, objectOf } from './field';
import { placeField } from './place';
import { POTENTIAL_LEVELS, PRODUCER_STRATA, SEXES } from './values';

const INCOME = {
  label: { es: 'Ingreso mensual per cápita del hogar', en: 'Monthly household income per person' },
  question: { es: 'ingreso mensual per cápita del hogar', en: 'monthly per-capita household income' },
  hint: {
    es: 'En pesos (o la moneda elegida), p. ej. 1850.50',
    en: 'In pesos (or the currency chosen), e.g. 1850.50',
  },
};
export const MONEY_HINT = INCOME.hint;

/** Age and birth date are one question: either gives the age on the matching date. */
const AGE_QUESTION = { es: 'edad o fecha de nacimiento', en: 'age or date of birth' };

/** A member of the group: a person. */
export const MEMBER_FIELDS = {
  id: field({
    schema: z.string().min(1),
    label: { es: 'Identificador interno', en: 'Internal id' },
    question: { es: 'identificador interno', en: 'internal id' },
    control: {
      kind: 'text',
      hint: { es: 'Opcional, p. ej. M1 (no la CURP)', en: 'Optional, e.g. M1 (not the CURP)' },
    },
    synthetic: { none: 'synthetic members are numbered by their place in the list' },
  }),
  age: field({
    schema: z.number().int().min(0).max(130),
    label: { es: 'Edad', en: 'Age' },
    question: AGE_QUESTION,
    control: { kind: 'int', unit: { es: 'años', en: 'years' } },
    synthetic: { distribution: 'memberAge' },
  }),
  birthDate: field({
    schema: isoDateSchema,
    label: { es: 'Fecha de nacimiento', en: 'Date of birth' },
    question: AGE_QUESTION,
    control: { kind: 'date' },
    synthetic: { distribution: 'birthDateRecorded' },
  }),
  sex: field({
    schema: z.enum(SEXES),
    label: { es: 'Sexo', en: 'Sex' },
    question: { es: 'sexo', en: 'sex' },
    control: { kind: 'select', options: SEXES },
    synthetic: { distribution: 'female' },
  }),
  residence: placeField({
    label: { es: 'Lugar de residencia', en: 'Place of residence' },
    where: { es: 'de residencia', en: 'of residence' },
    question: { es: 'lugar de residencia', en: 'place of residence' },
    form: { parts: ['country', 'region', 'state', 'municipality', 'areaType'] },
    synthetic: { distribution: 'memberResidenceRecorded' },
  }),
  prosperaBeneficiary: field({
    schema: z.boolean(),
    label: { es: 'Beneficiaria/o de PROSPERA', en: 'PROSPERA beneficiary' },
    question: { es: 'si es beneficiario de PROSPERA', en: 'whether a PROSPERA beneficiary' },
    control: {
      kind: 'tri',
      prompt: { es: '¿Es beneficiaria/o de PROSPERA?', en: 'PROSPERA beneficiary?' },
    },
    synthetic: { distribution: 'prosperaShare' },
  }),
  inPoverty: field({
    schema: z.boolean(),
    label: { es: 'En situación de pobreza', en: 'Living in poverty' },
    question: { es: 'si vive en situación de pobreza', en: 'whether living in poverty' },
    control: { kind: 'tri', prompt: { es: '¿Vive en situación de pobreza?', en: 'Living in poverty?' } },
    synthetic: { distribution: 'inPoverty' },
  }),
  householdIncomePerCapitaMonthly: field({
    schema: moneySchema,
    label: INCOME.label,
    question: INCOME.question,
    control: { kind: 'money', hint: INCOME.hint },
    synthetic: { distribution: 'memberIncomeRecorded' },
  }),
  producerStratum: field({
    schema: z.enum(PRODUCER_STRATA),
    label: { es: 'Estrato de productor', en: 'Producer stratum' },
    question: {
      es: 'estrato de productor (E1-E6), o si no es productor',
      en: 'producer stratum (E1-E6), or whether not a producer',
    },
    control: { kind: 'select', options: PRODUCER_STRATA },
    synthetic: { distribution: 'producerStratum' },
  }),
  indigenous: field({
    schema: z.boolean(),
    label: { es: 'Indígena', en: 'Indigenous' },
    question: { es: 'si es indígena', en: 'whether indigenous' },
    control: { kind: 'tri', prompt: { es: '¿Es indígena?', en: 'Indigenous?' } },
    synthetic: { distribution: 'indigenous' },
  }),
  /** PROINPRO rates persons before groups form (PROINPRO-07). */
  entrepreneurialPotential: field({
    schema: z.enum(POTENTIAL_LEVELS),
    label: { es: 'Potencial emprendedor', en: 'Entrepreneurial potential' },
    question: { es: 'valoración de potencial emprendedor', en: 'entrepreneurial-potential rating' },
    control: {
      kind: 'select',
      options: POTENTIAL_LEVELS,
      prompt: { es: 'Potencial emprendedor (valoración)', en: 'Entrepreneurial potential (rating)' },
    },
    synthetic: { distribution: 'entrepreneurialPotential' },
  }),
  /** A personal identifier (e.g. CURP). Never echoed back in results; stored only as a keyed hash. */
  personalId: field({
    schema: z.string().min(1),
    label: { es: 'Identificador personal (CURP)', en: 'Personal identifier (CURP)' },
    question: { es: 'identificador personal (CURP)', en: 'personal identifier (CURP)' },
    control: { none: 'a personal identifier is sent by other services, never typed into the page' },
    synthetic: { none: 'synthetic people have no personal identifier' },
  }),
};

export { INCOME };

export const memberSchema = objectOf(MEMBER_FIELDS);
