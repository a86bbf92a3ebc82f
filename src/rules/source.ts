import { z } from 'zod';

/**
 * Where a rule comes from: a fact number from programme-facts.md ("CDMXCOOP-13"), a source document and
 * its lines ("S000 L188", "S000 L323-328 (Table 4, 2018)"), a Part B web page ("B-17"), an assumption
 * ("A-02") or another document of programmes/sources.yaml by its id. Several may be given, one per list
 * item. The loader resolves each through the bibliography (bibliography.ts) and rejects one that leads
 * nowhere.
 */
const oneSource = z
  .string()
  .trim()
  .min(3, 'a source must name a document and place, a fact number or an assumption');

export const sourceSchema = z.union([oneSource, z.array(oneSource).min(1)]);
export type Source = z.infer<typeof sourceSchema>;

export function sourceList(source: Source | undefined): string[] {
  if (source === undefined) return [];
  return Array.isArray(source) ? source : [source];
}
