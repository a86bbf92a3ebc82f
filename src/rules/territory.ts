import { z } from 'zod';
import { localizedSchema } from './i18n';
import { sourceSchema } from './source';

/** CONAPO's five degrees of marginalisation. */
export const MARGINALISATION_DEGREES = ['very_low', 'low', 'medium', 'high', 'very_high'] as const;

/** Attributes of a municipality or state that programme criteria read (PFES-08, FOCOFESS-08, ...). */
export const territoryAttributesSchema = z
  .object({
    /** CONAPO degree of social marginalisation. */
    marginalisation: z.enum(MARGINALISATION_DEGREES).optional(),
    /** Municipality is in a rural Zona de Atención Prioritaria. */
    ruralZap: z.boolean().optional(),
    /** Share (0-1) of the population living in urban ZAP. */
    urbanZapShare: z.number().min(0).max(1).optional(),
    /** Share (0-1) of the population with income below the welfare line. */
    shareBelowWelfareLine: z.number().min(0).max(1).optional(),
    /** Municipality meets the CDI indigenous-support criteria. */
    indigenousCriteria: z.boolean().optional(),
    /** Municipality hosts a Social Banking office (SOCAP or SOFINCO). */
    socialBank: z.boolean().optional(),
    /** Municipality or state lies in a frontier zone. */
    frontierZone: z.boolean().optional(),
    /** Activity of the borough's Advisory Council for Cooperative Development (CDMXSUP-12). */
    advisoryCouncilActivity: z.enum(['regular', 'intermittent', 'little_or_none']).optional(),
  })
  .strict();
export type TerritoryAttributes = z.infer<typeof territoryAttributesSchema>;

export const territorySchema = z
  .object({
    code: z
      .string()
      .regex(
        /^(\d{2}(\d{3})?|[A-Z]{2}-[A-Z0-9]{1,3})$/,
        'expected an INEGI code (two digits for a state, five for a municipality) or an ISO 3166-2 code such as "UY-AR"',
      ),
    name: z.string().min(1),
    level: z.enum(['state', 'municipality', 'region']),
    attributes: territoryAttributesSchema.default({}),
    source: sourceSchema.optional(),
  })
  .strict()
  .refine(
    (t) =>
      (t.level === 'state' ? /^\d{2}$/ : t.level === 'municipality' ? /^\d{5}$/ : /^[A-Z]{2}-/).test(t.code),
    {
      message:
        'a state has a two-digit INEGI code, a municipality a five-digit one, a region an ISO 3166-2 code',
      path: ['code'],
    },
  );
export type Territory = z.infer<typeof territorySchema>;

export const territoryFileSchema = z
  .object({
    kind: z.literal('territories'),
    description: localizedSchema,
    source: sourceSchema,
    territories: z.array(territorySchema).min(1),
  })
  .strict();

/** Territories by INEGI code. A municipality inherits the attributes its state declares. */
export class TerritoryIndex {
  private readonly byCode = new Map<string, Territory>();
  /** Attributes with their state's merged in, per code; cleared whenever the index changes. */
  private readonly merged = new Map<string, TerritoryAttributes>();

  add(territory: Territory): boolean {
    if (this.byCode.has(territory.code)) return false;
    this.merged.clear();
    this.byCode.set(territory.code, territory);
    return true;
  }

  /**
   * Adds attributes from a CSV row to a known territory (or adds the territory, when the row names
   * it). Returns the attributes that contradict a value already loaded, or ['name'] for an unknown
   * code without a name.
   */
  merge(row: {
    code: string;
    name?: string;
    level: Territory['level'];
    attributes: TerritoryAttributes;
  }): string[] {
    this.merged.clear();
    const existing = this.byCode.get(row.code);
    if (!existing) {
      if (!row.name) return ['name'];
      this.byCode.set(row.code, {
        code: row.code,
        name: row.name,
        level: row.level,
        attributes: row.attributes,
      });
      return [];
    }
    const conflicts = Object.entries(row.attributes)
      .filter(
        ([k, v]) =>
          existing.attributes[k as keyof TerritoryAttributes] !== undefined &&
          existing.attributes[k as keyof TerritoryAttributes] !== v,
      )
      .map(([k]) => k);
    if (!conflicts.length) existing.attributes = { ...existing.attributes, ...row.attributes };
    return conflicts;
  }

  get(code: string): Territory | undefined {
    return this.byCode.get(code);
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }

  name(code: string): string {
    return this.byCode.get(code)?.name ?? code;
  }

  all(): Territory[] {
    return [...this.byCode.values()];
  }

  attributes(code: string): TerritoryAttributes {
    let attributes = this.merged.get(code);
    if (!attributes) {
      const own = this.byCode.get(code)?.attributes ?? {};
      attributes = Object.freeze(
        code.length === 5 ? { ...(this.byCode.get(code.slice(0, 2))?.attributes ?? {}), ...own } : { ...own },
      );
      this.merged.set(code, attributes);
    }
    return attributes;
  }
}
