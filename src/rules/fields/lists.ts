import { z } from 'zod';
import { isoDateSchema } from '../dates';
import { field, objectOf } from './field';
import { DEBT_KINDS, ENROLMENT_STATUSES, GOVERNMENT_LEVELS } from './values';

/** The fields of the items of the group's lists: enrolments, debts, disqualifications. */

const drawnWithList = { none: 'drawn with the list (the enrolment history drawn)' };

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
  // For a programme Vincula has neither rules nor a registry entry for (programmes/registry.yaml): who
  // runs it, so that an exclusion naming an agency or a government can read the enrolment (issue 12).
  // Ignored for a programme Vincula knows.
  agency: field({
    schema: z.string().min(1),
    label: { es: 'Dependencia que lo opera', en: 'Agency that runs it' },
    question: {
      es: 'dependencia que opera el programa (si Vincula no lo conoce)',
      en: 'agency that runs the programme (if Vincula does not know it)',
    },
    control: {
      kind: 'text',
      hint: { es: 'Solo si el programa no está en la lista', en: 'Only if the programme is not in the list' },
    },
    synthetic: drawnWithList,
  }),
  level: field({
    schema: z.enum(GOVERNMENT_LEVELS),
    label: { es: 'Orden de gobierno', en: 'Level of government' },
    question: {
      es: 'orden de gobierno del programa (si Vincula no lo conoce)',
      en: 'level of government of the programme (if Vincula does not know it)',
    },
    control: { kind: 'select', options: GOVERNMENT_LEVELS },
    synthetic: drawnWithList,
  }),
  country: field({
    schema: z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 country code, e.g. "MX"'),
    label: { es: 'País del programa', en: 'Country of the programme' },
    question: {
      es: 'país del programa (si Vincula no lo conoce)',
      en: 'country of the programme (if Vincula does not know it)',
    },
    control: { kind: 'country' },
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

export const DEBT_FIELDS = {
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

export const DISQUALIFICATION_FIELDS = {
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
