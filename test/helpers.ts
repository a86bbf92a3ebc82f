import { stringify } from 'yaml';
import type { Catalogue } from '../src/rules/catalogue';
import { parseCatalogue, type RuleFileText } from '../src/rules/loader';

/** Small constructed catalogues for tests: two bodies, two states, and programmes built from objects. */
export const BODIES_FILE: RuleFileText = {
  path: 'bodies.yaml',
  text: stringify({
    kind: 'bodies',
    bodies: [
      {
        id: 'agency-a',
        kind: 'agency',
        name: { es: 'Agencia A', en: 'Agency A' },
        level: 'city',
        country: 'MX',
        source: 'test',
      },
      {
        id: 'agency-b',
        kind: 'agency',
        name: { es: 'Agencia B', en: 'Agency B' },
        level: 'federal',
        country: 'MX',
        source: 'test',
      },
    ],
  }),
};

export const TERRITORIES_FILE: RuleFileText = {
  path: 'territories.yaml',
  text: stringify({
    kind: 'territories',
    description: { es: 'Prueba', en: 'Test' },
    source: 'test',
    territories: [
      { code: '09', name: 'Ciudad de México', level: 'state' },
      { code: '15', name: 'México', level: 'state' },
      {
        code: '09007',
        name: 'Iztapalapa',
        level: 'municipality',
        attributes: { advisoryCouncilActivity: 'intermittent' },
      },
      { code: 'UY-AR', name: 'Artigas', level: 'region', attributes: { frontierZone: true } },
    ],
  }),
};

export type ProgrammeObject = Record<string, unknown>;

/** A valid group-targeted programme; override any field. */
export function programme(overrides: ProgrammeObject = {}): ProgrammeObject {
  return {
    id: 'prog-a',
    fiscalYear: 2018,
    name: { es: 'Programa A', en: 'Programme A' },
    level: 'city',
    country: 'MX',
    agency: 'agency-a',
    validity: { from: '2018-01-01', to: '2018-12-31', source: 'test' },
    targetUnit: 'group',
    targetPopulation: { es: 'Grupos', en: 'Groups', source: 'test' },
    parameters: { minMembers: { value: 5, source: 'test' } },
    criteria: [
      {
        id: 'min-members',
        label: { es: 'Al menos cinco', en: 'At least five' },
        source: 'TEST-01',
        condition: { fact: 'memberCount', operator: 'greaterThanInclusive', value: { param: 'minMembers' } },
      },
    ],
    ...overrides,
  };
}

export function file(path: string, data: unknown): RuleFileText {
  return { path, text: stringify(data) };
}

export function catalogueOf(...programmes: ProgrammeObject[]): Catalogue {
  return parseCatalogue([
    BODIES_FILE,
    TERRITORIES_FILE,
    ...programmes.map((p, i) => file(`p${i}-${String(p.id)}.yaml`, p)),
  ]);
}

/** n members, with overrides for the first ones. */
export function members(
  n: number,
  first: Record<string, unknown>[] = [],
  rest: Record<string, unknown> = {},
) {
  return Array.from({ length: n }, (_, i) => first[i] ?? rest);
}
