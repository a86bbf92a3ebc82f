import type { Catalogue, ProgrammeVersion } from '../rules/catalogue';
import type { IsoDate } from '../rules/dates';
import { didYouMeanOneOf, nearestNames } from '../rules/suggest';

/** A --programme value the catalogue cannot match; main() prints errors named ConfigError without a stack trace. */
class ProgrammeOptionError extends Error {
  override name = 'ConfigError';
}

export interface ProgrammeSelection {
  /** The programme ids to match, in the order given, each once. */
  ids: string[];
  /** What was made of the values (an umbrella programme's subprogrammes), for standard error. */
  notes: string[];
}

/**
 * Reads `match --programme` values: programme ids (`cdmx-coop-spi`), or the keys the output shows
 * (`cdmx-coop-spi@2018`), which must be the version in force on the date. An umbrella programme (not
 * matched itself) stands for its subprogrammes.
 */
export function selectProgrammes(
  catalogue: Catalogue,
  values: readonly string[],
  asOf: IsoDate,
): ProgrammeSelection {
  const ids: string[] = [];
  const notes: string[] = [];
  const problems: string[] = [];
  for (const value of values) {
    const at = /^(.+)@(\d{4})$/.exec(value);
    const id = at?.[1] ?? value;
    const year = at ? Number(at[2]) : undefined;
    if (!catalogue.hasProgramme(id)) {
      const near = nearestNames(id, catalogue.programmeIds(), {
        maxDistance: Math.max(2, Math.floor(id.length / 4)),
        contains: true,
      });
      problems.push(
        `--programme ${value}: unknown programme '${id}'${didYouMeanOneOf(near)}; \`npx vincula validate\` lists them all`,
      );
      continue;
    }
    let version = catalogue.versionAt(id, asOf)?.version as ProgrammeVersion;
    if (year !== undefined) {
      const asked = catalogue.versions(id).find((v) => v.fiscalYear === year);
      if (!asked) {
        const keys = catalogue.versions(id).map((v) => v.key);
        problems.push(`--programme ${value}: ${id} has no ${year} version (it has ${keys.join(', ')})`);
        continue;
      }
      const lookup = catalogue.versionAt(id, asOf);
      if (!lookup?.active || lookup.version.key !== asked.key) {
        const current = lookup?.active
          ? `, or --programme ${id} for the version in force on ${asOf} (${lookup.version.key})`
          : '';
        problems.push(
          `--programme ${value}: ${asked.key} is in force from ${asked.validity.from} to ${asked.validity.to}, not on ${asOf}; use --as-of within it (e.g. --as-of ${asked.validity.from})${current}`,
        );
        continue;
      }
      version = asked;
    }
    if (version.matchable) {
      ids.push(id);
      continue;
    }
    const children = subprogrammes(catalogue, id, year);
    if (children.length) {
      ids.push(...children);
      notes.push(
        `${value} is an umbrella programme, not matched itself: matching its subprogrammes ${children.join(', ')}`,
      );
    } else {
      problems.push(
        `--programme ${value}: ${id} is recorded for its history and links only (matchable: false in ${version.file}), so it is never matched`,
      );
    }
  }
  if (problems.length) throw new ProgrammeOptionError(problems.join('\n'));
  return { ids: [...new Set(ids)], notes };
}

/** The matchable subprogrammes of an umbrella programme: of one fiscal year, or of any. */
function subprogrammes(catalogue: Catalogue, id: string, year: number | undefined): string[] {
  const children = catalogue.programmes.filter(
    (p) => p.parent === id && p.matchable && (year === undefined || p.fiscalYear === year),
  );
  return [...new Set(children.map((p) => p.id))].sort();
}
