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
