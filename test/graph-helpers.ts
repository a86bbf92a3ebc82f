import { stringify } from 'yaml';
import type { StoredEnrolments } from '../src/graph/duplicates';
import type { OverlapAnalysis, Population } from '../src/graph/overlaps';
import { analysePopulation, coordinationReport } from '../src/graph/report';
import type { Catalogue } from '../src/rules/catalogue';
import type { Group } from '../src/rules/group';
import { parseCatalogue } from '../src/rules/loader';
import { file, type ProgrammeObject, programme } from './helpers';

/** Constructed catalogues for the coordination-graph tests: bodies of every kind the flags read. */

const body = (id: string, kind: string, extra: Record<string, unknown> = {}) => ({
  id,
  kind,
  name: { es: `Órgano ${id}`, en: `Body ${id}` },
  level: 'city',
  country: 'MX',
  source: 'TEST-01',
  ...extra,
});

export const GRAPH_BODIES = file('bodies.yaml', {
  kind: 'bodies',
  bodies: [
    body('agency-a', 'agency'),
    body('agency-b', 'agency', { level: 'federal' }),
    body('coord-nobudget', 'coordination_body', {
      shortName: 'CNB',
      level: 'federal',
      hasBudget: false,
      hasOperatingRules: false,
    }),
    body('coord-budget', 'coordination_body', { level: 'federal', hasBudget: true, hasOperatingRules: true }),
    body('council', 'advisory_council', { level: 'municipal' }),
    body('bloc-agency', 'regional_body', { level: 'regional', country: 'MERCOSUR' }),
    body('bloc-body', 'coordination_body', { shortName: 'BB', level: 'regional', country: 'MERCOSUR' }),
    body('fund-x', 'fund', { level: 'regional', country: 'MERCOSUR', hasBudget: true }),
  ],
});

export const GRAPH_TERRITORIES = (activity: Record<string, string> = {}) =>
  file('territories.yaml', {
    kind: 'territories',
    description: { es: 'Prueba', en: 'Test' },
    source: 'TEST-01',
    territories: [
      { code: '09', name: 'Ciudad de México', level: 'state' },
      { code: '15', name: 'México', level: 'state' },
      ...Object.entries({
        '09002': 'regular',
        '09007': 'intermittent',
        '09009': 'little_or_none',
        ...activity,
      }).map(([code, value]) => ({
        code,
        name: `Alcaldía ${code}`,
        level: 'municipality',
        attributes: { advisoryCouncilActivity: value },
      })),
    ],
  });

export function graphCatalogue(
  programmes: ProgrammeObject[],
  activity: Record<string, string> = {},
): Catalogue {
  return parseCatalogue([
    GRAPH_BODIES,
    GRAPH_TERRITORIES(activity),
    ...programmes.map((p, i) => ({ path: `p${i}-${String(p.id)}.yaml`, text: stringify(p) })),
  ]);
}

/** A group programme of agency-a whose only criterion is the state where the group operates. */
export function statewide(id: string, state: string, overrides: ProgrammeObject = {}): ProgrammeObject {
  return programme({
    id,
    name: { es: `Programa ${id}`, en: `Programme ${id}` },
    parameters: {},
    criteria: [
      {
        id: 'in-state',
        label: { es: `Opera en ${state}`, en: `Operates in ${state}` },
        source: 'TEST-02',
        condition: { fact: 'locationState', operator: 'equal', value: state },
      },
    ],
    ...overrides,
  });
}

export const groupIn = (state: string, extra: Partial<Group> = {}): Group => ({
  location: { state, ...(extra.location ?? {}) },
  members: [{}, {}, {}, {}, {}],
  ...extra,
});

export const population = (groups: Group[]): Population => ({
  info: { kind: 'file', source: 'test' },
  expected: groups.length,
  groups,
});

export async function analyse(
  catalogue: Catalogue,
  groups: Group[],
  asOf = '2018-06-01',
): Promise<OverlapAnalysis> {
  return analysePopulation({ catalogue, asOf, population: population(groups) });
}

/** The flags of a constructed catalogue, with an overlap analysis when groups are given. */
export async function flagsOf(
  catalogue: Catalogue,
  groups?: Group[],
  options: { asOf?: string; stored?: StoredEnrolments } = {},
) {
  const asOf = options.asOf ?? '2018-06-01';
  const analysis = groups ? await analyse(catalogue, groups, asOf) : undefined;
  return coordinationReport({
    catalogue,
    asOf,
    ...(analysis ? { analysis } : {}),
    ...(options.stored ? { stored: options.stored } : {}),
  });
}

export const repeat = <T>(n: number, make: (i: number) => T): T[] =>
  Array.from({ length: n }, (_, i) => make(i));
