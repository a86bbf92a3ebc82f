import { z } from 'zod';

/** The languages every user-facing text is written in. Spanish is the default. */
export const LANGS = ['es', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const langSchema = z.enum(LANGS);

/** A text in Spanish and English, as rule files write labels and names. */
export const localizedSchema = z
  .object({
    es: z.string().trim().min(1, 'the Spanish text is empty'),
    en: z.string().trim().min(1, 'the English text is empty'),
  })
  .strict();
export type Localized = z.infer<typeof localizedSchema>;

export function pick(text: Localized, lang: Lang): string {
  return text[lang];
}

/** A noun, or a phrase that agrees with a count, in the singular and the plural of both languages. */
export interface Noun {
  one: Localized;
  other: Localized;
}

export const noun = (esOne: string, esOther: string, enOne: string, enOther: string): Noun => ({
  one: { es: esOne, en: enOne },
  other: { es: esOther, en: enOther },
});

const COUNT_FORMATS = {
  es: new Intl.NumberFormat('es-MX', { maximumFractionDigits: 0 }),
  en: new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }),
} satisfies Record<Lang, Intl.NumberFormat>;

/**
 * A count and its noun, agreeing: "1 criterion", "2 criteria", "1 grupo analizado", "1,000 groups
 * analysed" (the number written as the language writes it). Every count printed with a noun goes
 * through here, so none reads "1 criteria" or "programme(s)".
 */
export function countNoun(n: number, what: Noun, lang: Lang): string {
  return `${COUNT_FORMATS[lang].format(n)} ${n === 1 ? what.one[lang] : what.other[lang]}`;
}

/** The nouns the CLI and the reports count. */
export const NOUNS = {
  criterion: noun('criterio', 'criterios', 'criterion', 'criteria'),
  member: noun('integrante', 'integrantes', 'member', 'members'),
  group: noun('grupo', 'grupos', 'group', 'groups'),
  groupAnalysed: noun('grupo analizado', 'grupos analizados', 'group analysed', 'groups analysed'),
  programme: noun('programa', 'programas', 'programme', 'programmes'),
  programmeInForce: noun(
    'programa vigente',
    'programas vigentes',
    'programme in force',
    'programmes in force',
  ),
  programmeVersion: noun(
    'versión de programa',
    'versiones de programas',
    'programme version',
    'programme versions',
  ),
  person: noun('persona', 'personas', 'person', 'people'),
  body: noun('órgano', 'órganos', 'body', 'bodies'),
  territory: noun('territorio', 'territorios', 'territory', 'territories'),
  node: noun('nodo', 'nodos', 'node', 'nodes'),
  edge: noun('arista', 'aristas', 'edge', 'edges'),
  flag: noun('alerta', 'alertas', 'flag', 'flags'),
  problem: noun('problema', 'problemas', 'problem', 'problems'),
  apiKey: noun('clave', 'claves', 'key', 'keys'),
} satisfies Record<string, Noun>;

/** What each match status is called, in the CLI report and on the case-worker page. */
export const STATUS_LABELS = {
  eligible: { es: 'ELEGIBLE', en: 'ELIGIBLE' },
  ineligible: { es: 'NO ELEGIBLE', en: 'INELIGIBLE' },
  undetermined: { es: 'POR DETERMINAR', en: 'UNDETERMINED' },
  not_active: { es: 'NO VIGENTE', en: 'NOT ACTIVE' },
  no_rules: { es: 'SIN REGLAS CODIFICADAS', en: 'RULES NOT ENCODED' },
} satisfies Record<'eligible' | 'ineligible' | 'undetermined' | 'not_active' | 'no_rules', Localized>;

/** Headings and words of a match report, shared by the CLI and the case-worker page. */
export const REPORT_LABELS = {
  header: { es: 'Resultados al', en: 'Results as of' },
  group: { es: 'Grupo', en: 'Group' },
  criteria: { es: 'Criterios', en: 'Criteria' },
  near: { es: 'Qué cambiaría el resultado', en: 'What would change the result' },
  ask: { es: 'Datos por recabar', en: 'Facts to collect' },
  stages: { es: 'Etapas', en: 'Stages' },
  requires: { es: 'requiere', en: 'requires' },
  support: { es: 'Apoyos', en: 'Support' },
  calls: { es: 'Convocatorias abiertas', en: 'Open calls' },
  upcoming: { es: 'Próximas convocatorias', en: 'Upcoming calls' },
  conflicts: { es: 'Conflictos', en: 'Conflicts' },
  source: { es: 'fuente', en: 'source' },
  max: { es: 'máximo', en: 'maximum' },
  noMax: { es: 'sin máximo en las fuentes', en: 'no maximum in the sources' },
  until: { es: 'hasta', en: 'until' },
  noClose: { es: 'cierre no publicado en las fuentes', en: 'closing date not in the sources' },
  summary: { es: 'Resumen', en: 'Summary' },
} satisfies Record<string, Localized>;
