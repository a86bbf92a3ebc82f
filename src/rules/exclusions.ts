import type { Catalogue, ProgrammeVersion } from './catalogue';
import type { Exclusion } from './programme';

/**
 * Who excludes whom: the one reading of an exclusion's scope, used by the matcher (conflicts), the
 * applications service (submit and approval), the graph (exclusion edges) and duplicate detection.
 *
 * An exclusion declared by programme A covers programme B when
 * - B is not A itself, nor A's parent or A's subprogramme (assumption A-22: only the programme and
 *   its umbrella are exempt; sibling subprogrammes are covered when the exclusion names them or
 *   their agency, as FOCOFESS SPI and SPF do through STyFE),
 * - B is one of the programmes it names, or is run by one of the agencies it names (the agency
 *   carries the level: FOCOFESS-09 names the Mexico City government's agencies, so borough and federal
 *   programmes fall outside it without a level field),
 * - and B is taken at the same time as A by the exclusion's `period`: `same_fiscal_year` (the same
 *   fiscal year), `concurrent` (validity periods that overlap; the same fiscal year when a validity is
 *   not known, as for an enrolment in a programme the rule files do not have for that year).
 *
 * Either programme's exclusion binds the pair: taking both at once is what is forbidden, so a group
 * holding B is refused A when A's rules or B's rules say so.
 */

/** What scope needs to know of the other programme; a version, or only an id and a year. */
export interface ScopedProgramme {
  id: string;
  fiscalYear: number;
  parent?: string;
  agency?: string;
  validity?: { from: string; to: string };
}

/** An exclusion that applies to a pair, and the programme whose rule file declares it. */
export interface ExclusionHit {
  exclusion: Exclusion;
  declaredBy: string;
}

/** A programme and its umbrella (either way round) are one scheme, never concurrent programmes. */
function exempt(a: ScopedProgramme, b: ScopedProgramme): boolean {
  return a.id === b.id || a.parent === b.id || b.parent === a.id;
}

function sameTime(exclusion: Exclusion, a: ScopedProgramme, b: ScopedProgramme): boolean {
  if (exclusion.period === 'concurrent' && a.validity && b.validity)
    return a.validity.from <= b.validity.to && b.validity.from <= a.validity.to;
  return a.fiscalYear === b.fiscalYear;
}

/** Does this exclusion, declared by `declarer`, cover `other`? */
export function exclusionCovers(
  declarer: ScopedProgramme,
  exclusion: Exclusion,
  other: ScopedProgramme,
): boolean {
  if (exempt(declarer, other)) return false;
  const named =
    exclusion.programmes.includes(other.id) ||
    (other.agency !== undefined && exclusion.agencies.includes(other.agency));
  return named && sameTime(exclusion, declarer, other);
}

/** The exclusions `declarer` declares that cover `other`. */
export function exclusionsCovering(
  declarer: ScopedProgramme & { exclusions: readonly Exclusion[] },
  other: ScopedProgramme,
): ExclusionHit[] {
  return declarer.exclusions
    .filter((e) => exclusionCovers(declarer, e, other))
    .map((exclusion) => ({ exclusion, declaredBy: declarer.id }));
}

/** The exclusions that forbid taking both: `version`'s covering `other`, then `other`'s covering `version`. */
export function exclusionsBetween(
  version: ProgrammeVersion,
  other: ScopedProgramme & { exclusions?: readonly Exclusion[] },
): ExclusionHit[] {
  const theirs = other.exclusions
    ? exclusionsCovering({ ...other, exclusions: other.exclusions }, version)
    : [];
  return [...exclusionsCovering(version, other), ...theirs];
}

/**
 * A programme a group holds (enrolled in, or approved for) in a fiscal year, as scope reads it: the
 * catalogue's version of that programme for that year, or only its id and year when there is none.
 */
export function heldProgramme(
  catalogue: Catalogue,
  id: string,
  fiscalYear: number,
): ScopedProgramme & { exclusions?: readonly Exclusion[] } {
  return catalogue.versions(id).find((v) => v.fiscalYear === fiscalYear) ?? { id, fiscalYear };
}

/**
 * The programme ids a group may not hold in `version`'s fiscal year if it is to take `version`: every
 * programme of the catalogue (and every programme an exclusion names) for which `exclusionsBetween`
 * finds an exclusion. Approval refuses a group holding any of them in that fiscal year.
 */
export function excludedProgrammes(catalogue: Catalogue, version: ProgrammeVersion): string[] {
  const ids = new Set<string>(catalogue.programmeIds());
  for (const v of catalogue.programmes)
    for (const e of v.exclusions) for (const p of e.programmes) ids.add(p);
  const out: string[] = [];
  for (const id of [...ids].sort()) {
    if (exclusionsBetween(version, heldProgramme(catalogue, id, version.fiscalYear)).length) out.push(id);
  }
  return out;
}
