import type { Catalogue, ProgrammeVersion } from '../rules/catalogue';
import { forEachLeaf } from '../rules/condition';
import type { Localized } from '../rules/i18n';
import type { Body } from '../rules/programme';
import type { TerritoryAttributes } from '../rules/territory';

/**
 * Facts that only a working body can make true: attending an advisory council's meetings needs a
 * council that meets. Each entry names the kind of body, the territory attribute that records
 * where it works, and the values that mean it does not. A new dependency is a new entry here.
 */
export interface BodyDependency {
  fact: string;
  bodyKind: Body['kind'];
  attribute: keyof TerritoryAttributes;
  inactive: readonly string[];
  label: Localized;
  source: string[];
}

export const BODY_DEPENDENCIES: readonly BodyDependency[] = [
  {
    fact: 'advisoryCouncilMeetingsAttended',
    bodyKind: 'advisory_council',
    attribute: 'advisoryCouncilActivity',
    inactive: ['little_or_none'],
    label: {
      es: 'Asistir a sesiones del consejo consultivo de la alcaldía requiere un consejo que sesione',
      en: "Attending the borough advisory council's meetings needs a council that meets",
    },
    source: ['CDMXSUP-12', 'FOCOFESS-08', 'S000 L246', 'S000 L362-366'],
  },
];

export interface CriterionDependency {
  programme: ProgrammeVersion;
  criterion: string;
  dependency: BodyDependency;
  /** The bodies the programme (or its parent) declares for that kind; else every body of the kind. */
  bodies: Body[];
}

/** Criteria of a programme that read a fact depending on a body. */
export function criterionDependencies(
  catalogue: Catalogue,
  programme: ProgrammeVersion,
): CriterionDependency[] {
  const out: CriterionDependency[] = [];
  for (const criterion of programme.criteria) {
    const facts = new Set<string>();
    forEachLeaf(criterion.condition, (leaf) => {
      facts.add(leaf.fact);
    });
    for (const dependency of BODY_DEPENDENCIES) {
      if (!facts.has(dependency.fact)) continue;
      out.push({
        programme,
        criterion: criterion.id,
        dependency,
        bodies: bodiesFor(catalogue, programme, dependency),
      });
    }
  }
  return out;
}

function bodiesFor(catalogue: Catalogue, programme: ProgrammeVersion, dependency: BodyDependency): Body[] {
  const declared = new Set<string>();
  const parent = programme.parent
    ? catalogue.versions(programme.parent).find((p) => p.fiscalYear === programme.fiscalYear)
    : undefined;
  for (const version of [programme, parent]) {
    for (const link of version?.coordination.links ?? []) {
      for (const id of [link.with, link.via]) {
        if (id && catalogue.bodies.get(id)?.kind === dependency.bodyKind) declared.add(id);
      }
    }
  }
  if (declared.size) return [...declared].map((id) => catalogue.bodies.get(id) as Body);
  return [...catalogue.bodies.values()].filter((b) => b.kind === dependency.bodyKind);
}

/**
 * Territories whose attribute says the body does not work there, and those where it does; territories
 * where a scenario waives the criterion (`waived`) are in neither: there the criterion asks nothing.
 */
export function activityByTerritory(
  catalogue: Catalogue,
  dependency: BodyDependency,
  waived: readonly string[] = [],
) {
  const inactive: string[] = [];
  const active: string[] = [];
  for (const t of catalogue.territories.all()) {
    const value = t.attributes[dependency.attribute];
    if (value === undefined || waived.includes(t.code) || waived.includes(t.code.slice(0, 2))) continue;
    (dependency.inactive.includes(String(value)) ? inactive : active).push(t.code);
  }
  return { inactive: inactive.sort(), active: active.sort() };
}
