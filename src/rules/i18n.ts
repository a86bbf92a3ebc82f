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

/** Pluralises "n unit(s)" in either language for the handful of nouns the messages use. */
export function countNoun(n: number, singular: Localized, plural: Localized, lang: Lang): string {
  return `${n} ${n === 1 ? singular[lang] : plural[lang]}`;
}

/** What each match status is called, in the CLI report and on the case-worker page. */
export const STATUS_LABELS = {
  eligible: { es: 'ELEGIBLE', en: 'ELIGIBLE' },
  ineligible: { es: 'NO ELEGIBLE', en: 'INELIGIBLE' },
  undetermined: { es: 'POR DETERMINAR', en: 'UNDETERMINED' },
  not_active: { es: 'NO VIGENTE', en: 'NOT ACTIVE' },
} satisfies Record<'eligible' | 'ineligible' | 'undetermined' | 'not_active', Localized>;

/** Headings and words of a match report, shared by the CLI and the case-worker page. */
export const REPORT_LABELS = {
  header: { es: 'Resultados al', en: 'Results as of' },
  group: { es: 'Grupo', en: 'Group' },
  members: { es: 'integrantes', en: 'members' },
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
