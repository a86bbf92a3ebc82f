import { z } from 'zod';
import { localizedSchema } from './i18n';
import type { Body } from './programme';
import { sourceSchema } from './source';

/**
 * The registry of known programmes (programmes/registry.yaml): every programme's lifetime, the years
 * it ran whether or not Vincula has its rules for each of them, and the social programmes Vincula has
 * no rules for at all, with their name and agency, so that an enrolment in one of them can be read by
 * an exclusion ("any social programme of a Mexico City government agency", FOCOFESS-09). A programme
 * with rule files takes its name, agency and level from them; one without names them here, and its
 * level and country are its agency's (the bodies files), never written twice.
 */

const id = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'ids are lower-case words joined by hyphens, e.g. "prospera"');
const year = z.number().int().min(1900).max(2100);

export const registryEntrySchema = z
  .object({
    id,
    /** Only for a programme without rule files (one with rule files is named by them). */
    name: localizedSchema.optional(),
    /** Only for a programme without rule files: the body that runs it (its level and country are the body's). */
    agency: id.optional(),
    /** The fiscal years the programme ran, first and last, as the sources state them. */
    lifetime: z
      .object({ from: year, to: year })
      .strict()
      .refine((l) => l.to >= l.from, { message: 'a lifetime ends before it starts', path: ['to'] }),
    note: z.string().optional(),
    source: sourceSchema,
  })
  .strict();
export type RegistryEntry = z.infer<typeof registryEntrySchema>;

export const registryFileSchema = z
  .object({ kind: z.literal('registry'), programmes: z.array(registryEntrySchema).min(1) })
  .strict();

/** A programme the registry knows without rules, as an exclusion's scope reads it. */
export interface RegisteredProgramme {
  id: string;
  name: z.infer<typeof localizedSchema>;
  agency: string;
  level: Body['level'];
  country: string;
}

/**
 * Checks the registry against the rule files and bodies: each problem as (index of the entry, field,
 * reason). Every programme with rule files has an entry, and each of its versions' fiscal years lies
 * within the lifetime; a programme without rule files gives a name and an agency that is a known body.
 */
export function checkRegistry(
  entries: readonly RegistryEntry[],
  versions: readonly { id: string; fiscalYear: number }[],
  bodies: ReadonlyMap<string, Body>,
): { index: number; path: (string | number)[]; reason: string }[] {
  const problems: { index: number; path: (string | number)[]; reason: string }[] = [];
  const seen = new Map<string, number>();
  const ruled = new Set(versions.map((v) => v.id));
  const listed = new Set(entries.map((e) => e.id));
  for (const id of [...ruled].sort())
    if (!listed.has(id))
      problems.push({
        index: entries.length,
        path: [],
        reason: `'${id}' has rule files but no entry: give its lifetime`,
      });
  entries.forEach((e, index) => {
    const at = (path: (string | number)[], reason: string) => problems.push({ index, path, reason });
    if (seen.has(e.id)) at(['id'], `duplicate registry entry '${e.id}'`);
    seen.set(e.id, index);
    if (ruled.has(e.id)) {
      if (e.name) at(['name'], `'${e.id}' has rule files: its name is theirs, not repeated here`);
      if (e.agency) at(['agency'], `'${e.id}' has rule files: its agency is theirs, not repeated here`);
      for (const v of versions)
        if (v.id === e.id && (v.fiscalYear < e.lifetime.from || v.fiscalYear > e.lifetime.to))
          at(
            ['lifetime'],
            `the rule files have '${e.id}' for ${v.fiscalYear}, outside its lifetime ${e.lifetime.from}–${e.lifetime.to}`,
          );
    } else {
      if (!e.name) at(['name'], `'${e.id}' has no rule files: give its name (es, en)`);
      if (!e.agency) at(['agency'], `'${e.id}' has no rule files: give the agency that runs it`);
      else if (!bodies.has(e.agency)) at(['agency'], `unknown body '${e.agency}'`);
    }
  });
  return problems;
}

/** The registry as the catalogue keeps it: lifetimes by id, and the programmes without rules. */
export class ProgrammeRegistry {
  private readonly entries = new Map<string, RegistryEntry>();

  constructor(
    entries: readonly RegistryEntry[] = [],
    private readonly bodies: ReadonlyMap<string, Body> = new Map(),
  ) {
    for (const e of entries) this.entries.set(e.id, e);
  }

  all(): RegistryEntry[] {
    return [...this.entries.values()];
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** The fiscal years the programme ran, when the registry knows them. */
  lifetime(id: string): RegistryEntry['lifetime'] | undefined {
    return this.entries.get(id)?.lifetime;
  }

  /** Did the programme run in the fiscal year? Undefined when the registry does not know it. */
  ranIn(id: string, fiscalYear: number): boolean | undefined {
    const l = this.lifetime(id);
    return l ? l.from <= fiscalYear && fiscalYear <= l.to : undefined;
  }

  /** A programme known without rule files, with its agency's level and country. */
  withoutRules(id: string): RegisteredProgramme | undefined {
    const e = this.entries.get(id);
    const agency = e?.agency ? this.bodies.get(e.agency) : undefined;
    if (!e?.name || !agency) return undefined;
    return { id: e.id, name: e.name, agency: agency.id, level: agency.level, country: agency.country };
  }
}
