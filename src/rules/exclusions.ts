import type { Catalogue, ProgrammeVersion } from './catalogue';
import type { Enrolment } from './group';
import type { Localized } from './i18n';
import type { Exclusion } from './programme';
import type { Verdict } from './verdict';

/**
 * Who excludes whom: the one reading of an exclusion's scope, used by the matcher (conflicts), the
 * applications service (submit and approval), the graph (exclusion edges) and duplicate detection.
 *
 * An exclusion declared by programme A covers programme B when
 * - B is not A itself, nor A's parent or A's subprogramme (assumption A-22: only the programme and
 *   its umbrella are exempt; sibling subprogrammes are covered when the exclusion names them or
 *   their agency, as FOCOFESS SPI and SPF do through STyFE),
 * - B is one of the programmes it names, or is run by one of the agencies it names, or by one of the
 *   governments it names (a level and a country: FOCOFESS-09 names "any public agency of GCDMX", the
 *   city government of Mexico, so borough and federal programmes fall outside it); a programme whose
 *   agency or government is unknown is `unknown`, never assumed in or out,
 * - and B is taken at the same time as A by the exclusion's `period`: `same_fiscal_year` (the same
 *   fiscal year), `concurrent` (validity periods that overlap; the same fiscal year when a validity is
 *   not known, as for an enrolment in a programme the rule files do not have for that year).
 *
 * Either programme's exclusion binds the pair: taking both at once is what is forbidden, so a group
 * holding B is refused A when A's rules or B's rules say so.
 */

/** What scope needs to know of the other programme; a version, or only what is known of it. */
export interface ScopedProgramme {
  id: string;
  fiscalYear: number;
  parent?: string;
  agency?: string;
  /** The government that runs it: its level and country (a version's, a registered agency's, an enrolment's). */
  level?: string;
  country?: string;
  validity?: { from: string; to: string };
}

/** A programme a group holds, as far as Vincula knows it: its name when it has one, its exclusions when it has rules. */
export type HeldProgramme = ScopedProgramme & { name?: Localized; exclusions?: readonly Exclusion[] };

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

/**
 * Does this exclusion, declared by `declarer`, cover `other`? Three-valued: `unknown` when the
 * exclusion names agencies or governments and what runs `other` is not known (an enrolment in a
 * programme Vincula does not know, given without its agency or government).
 */
export function exclusionCoverage(
  declarer: ScopedProgramme,
  exclusion: Exclusion,
  other: ScopedProgramme,
): 'covered' | 'not_covered' | 'unknown' {
  if (exempt(declarer, other) || !sameTime(exclusion, declarer, other)) return 'not_covered';
  if (exclusion.programmes.includes(other.id)) return 'covered';
  let unknown = false;
  if (exclusion.agencies.length) {
    if (other.agency === undefined) unknown = true;
    else if (exclusion.agencies.includes(other.agency)) return 'covered';
  }
  if (exclusion.governments.length) {
    if (other.level === undefined || other.country === undefined) unknown = true;
    else if (exclusion.governments.some((g) => g.level === other.level && g.country === other.country))
      return 'covered';
  }
  return unknown ? 'unknown' : 'not_covered';
}

/** Does this exclusion, declared by `declarer`, surely cover `other`? */
export function exclusionCovers(
  declarer: ScopedProgramme,
  exclusion: Exclusion,
  other: ScopedProgramme,
): boolean {
  return exclusionCoverage(declarer, exclusion, other) === 'covered';
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
 * catalogue's version of that programme for that year; else what is known of the programme whatever
 * the year (its latest version's agency and government, or its registry entry); else what the
 * enrolment says of it (its agency, whose level and country a known body gives, or its level and
 * country); else only its id and year.
 */
export function heldProgramme(
  catalogue: Catalogue,
  id: string,
  fiscalYear: number,
  enrolment?: Pick<Enrolment, 'agency' | 'level' | 'country'>,
): HeldProgramme {
  const versions = catalogue.versions(id);
  const exact = versions.find((v) => v.fiscalYear === fiscalYear);
  if (exact) return exact;
  const known = versions.at(-1);
  if (known) {
    const { name, agency, level, country, parent } = known;
    return { id, fiscalYear, name, agency, level, country, ...(parent ? { parent } : {}) };
  }
  const registered = catalogue.registry.withoutRules(id);
  if (registered) return { ...registered, fiscalYear };
  const body = enrolment?.agency ? catalogue.bodies.get(enrolment.agency) : undefined;
  const level = body?.level ?? enrolment?.level;
  const country = body?.country ?? enrolment?.country;
  return {
    id,
    fiscalYear,
    ...(enrolment?.agency ? { agency: enrolment.agency } : {}),
    ...(level ? { level } : {}),
    ...(country ? { country } : {}),
  };
}

/**
 * The programme ids a group may not hold in `version`'s fiscal year if it is to take `version`: every
 * programme of the catalogue (and every programme an exclusion names) for which `exclusionsBetween`
 * finds an exclusion. Approval refuses a group holding any of them in that fiscal year.
 */
export function excludedProgrammes(catalogue: Catalogue, version: ProgrammeVersion): string[] {
  const ids = new Set<string>([...catalogue.programmeIds(), ...catalogue.registry.all().map((e) => e.id)]);
  for (const v of catalogue.programmes)
    for (const e of v.exclusions) for (const p of e.programmes) ids.add(p);
  const out: string[] = [];
  for (const id of [...ids].sort()) {
    if (exclusionsBetween(version, heldProgramme(catalogue, id, version.fiscalYear)).length) out.push(id);
  }
  return out;
}

/** The enrolment statuses that count as holding a programme. */
const HELD: readonly Enrolment['status'][] = ['current', 'completed'];

/** An exclusion read as a criterion of one version for one group. */
export interface ExclusionCheck {
  /** The criterion id: `exclusion:<id>` for the version's own, `exclusion:<declarer>:<id>` for a held programme's. */
  id: string;
  exclusion: Exclusion;
  declaredBy: string;
  verdict: Verdict;
  /** The enrolments the exclusion covers (their index in `enrolments`), with the programme's name when known. */
  held: { index: number; programme: string; fiscalYear: number; name?: Localized }[];
  /** Enrolments whose coverage is unknown: a programme Vincula does not know, without its agency or government. */
  unknown: { index: number; programme: string; fiscalYear: number }[];
  /** Whether the enrolments are unknown altogether. */
  enrolmentsUnknown: boolean;
}

/**
 * The exclusions of `version` as criteria for a group with these enrolments: each exclusion the
 * version declares (failed when the group holds a programme it covers, unknown when the enrolments
 * are not stated or a held programme's agency is not known, else passed), then each exclusion
 * declared by a programme the group holds that covers the version (failed), unless the version's own
 * already fails on that enrolment. Match, status and the oracle read exclusions through this.
 */
export function exclusionChecks(
  catalogue: Catalogue,
  version: ProgrammeVersion,
  enrolments: readonly Enrolment[] | undefined,
): ExclusionCheck[] {
  const checks: ExclusionCheck[] = [];
  const held = (enrolments ?? [])
    .map((e, index) => ({ e, index }))
    .filter(({ e }) => HELD.includes(e.status))
    .map(({ e, index }) => ({ e, index, other: heldProgramme(catalogue, e.programme, e.fiscalYear, e) }));
  const failedOn = new Set<number>();
  for (const exclusion of version.exclusions) {
    const check: ExclusionCheck = {
      id: `exclusion:${exclusion.id}`,
      exclusion,
      declaredBy: version.id,
      verdict: 'passed',
      held: [],
      unknown: [],
      enrolmentsUnknown: enrolments === undefined,
    };
    for (const { e, index, other } of held) {
      const coverage = exclusionCoverage(version, exclusion, other);
      const ref = { index, programme: e.programme, fiscalYear: e.fiscalYear };
      if (coverage === 'covered') {
        check.held.push(other.name ? { ...ref, name: other.name } : ref);
        failedOn.add(index);
      } else if (coverage === 'unknown') check.unknown.push(ref);
    }
    check.verdict = check.held.length
      ? 'failed'
      : check.unknown.length || check.enrolmentsUnknown
        ? 'unknown'
        : 'passed';
    checks.push(check);
  }
  for (const { e, index, other } of held) {
    if (failedOn.has(index) || !other.exclusions) continue;
    for (const hit of exclusionsCovering({ ...other, exclusions: other.exclusions }, version)) {
      const id = `exclusion:${hit.declaredBy}:${hit.exclusion.id}`;
      const ref = { index, programme: e.programme, fiscalYear: e.fiscalYear };
      const entry = other.name ? { ...ref, name: other.name } : ref;
      const existing = checks.find((c) => c.id === id);
      if (existing) existing.held.push(entry);
      else
        checks.push({
          id,
          exclusion: hit.exclusion,
          declaredBy: hit.declaredBy,
          verdict: 'failed',
          held: [entry],
          unknown: [],
          enrolmentsUnknown: false,
        });
    }
  }
  return checks;
}

/** Enrolments in programme ids Vincula knows neither from rule files nor from the registry. */
export function unknownEnrolments(
  catalogue: Catalogue,
  enrolments: readonly Enrolment[] | undefined,
): { index: number; programme: string }[] {
  const out: { index: number; programme: string }[] = [];
  (enrolments ?? []).forEach((e, index) => {
    if (!catalogue.hasProgramme(e.programme) && !catalogue.registry.has(e.programme))
      out.push({ index, programme: e.programme });
  });
  return out;
}
