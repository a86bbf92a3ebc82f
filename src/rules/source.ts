import { z } from 'zod';

/**
 * Where a rule comes from: a fact number from programme-facts.md ("CDMXCOOP-13"), a source file and
 * line ("S000 L188", "000_f189ae60876b1b65.txt L190"), or a gazette reference ("GOCM No. 252,
 * 31/01/2018"). Several may be given.
 */
const oneSource = z
  .string()
  .trim()
  .min(3, 'a source must name a document and place, a fact number or a gazette reference');

export const sourceSchema = z.union([oneSource, z.array(oneSource).min(1)]);
export type Source = z.infer<typeof sourceSchema>;

export function sourceList(source: Source | undefined): string[] {
  if (source === undefined) return [];
  return Array.isArray(source) ? source : [source];
}
