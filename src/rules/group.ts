import type { z } from 'zod';
import { GROUP_FIELDS, type memberSchema, objectOf } from './fields';

/**
 * The beneficiary group a case worker enters. Every field is optional on purpose: a missing field is
 * an unknown fact (the engine asks for it), never a "no". An empty list is a known "none". Each
 * field is described once, in the field registry (src/rules/fields/); the schema is built from it.
 */

export {
  AREA_TYPES,
  areaTypeSchema,
  DEBT_KINDS,
  describeInput,
  ENROLMENT_STATUSES,
  enrolmentSchema,
  fieldLabel,
  inputKey,
  LEGAL_FORMS,
  MAX_LIST_ITEMS,
  MAX_MEMBERS,
  memberSchema,
  type Place,
  POTENTIAL_LEVELS,
  PRODUCER_STRATA,
  placeSchema,
  SECTORS,
} from './fields';

export type Member = z.infer<typeof memberSchema>;
export type Enrolment = z.infer<typeof import('./fields').enrolmentSchema>;

export const groupSchema = objectOf(GROUP_FIELDS).refine(
  (g) => !(g.legallyConstituted === false && g.constitutedOn),
  {
    message: 'constitutedOn is given but legallyConstituted is false',
    path: ['constitutedOn'],
  },
);
export type Group = z.infer<typeof groupSchema>;
