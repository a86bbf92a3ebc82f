import { describe, expect, it } from 'vitest';
import { buildGraph } from '../src/graph/model';
import type { RuleFileError } from '../src/rules/errors';
import { loadCatalogue } from '../src/rules/load-dir';
import { parseCatalogue } from '../src/rules/loader';
import { BODIES_FILE, file, TERRITORIES_FILE } from './helpers';

const catalogue = loadCatalogue();
const parentsOf = (asOf: string, node: string) => {
  const graph = buildGraph(catalogue, asOf).graph;
  return graph
    .outEdges(node)
    .filter((e) => graph.getEdgeAttribute(e, 'kind') === 'member_of')
    .map((e) => graph.target(e));
};

describe('a body belongs to a parent by period (PFES-14)', () => {
  it('INAES sits in SEDESOL as of 2018 and in the Secretaría de Bienestar as of 2021', () => {
    expect(parentsOf('2018-06-01', 'agency:inaes-mx')).toEqual(['agency:sedesol']);
    expect(parentsOf('2021-06-01', 'agency:inaes-mx')).toEqual(['agency:bienestar']);
  });

  it('the 2021 programmes of INAES do not lead to SEDESOL', () => {
    const graph = buildGraph(catalogue, '2021-06-01').graph;
    for (const id of ['inaes-impulsa', 'rodando-juntas']) {
      const agencies = graph.inNeighbors(`programme:${id}`).filter((n) => n.startsWith('agency:'));
      expect(agencies).toEqual(['agency:inaes-mx']);
      const above = agencies.flatMap((a) => parentsOf('2021-06-01', a));
      expect(above).toEqual(['agency:bienestar']);
      expect(JSON.stringify(graph.getNodeAttributes('agency:bienestar').label)).toMatch(/Bienestar/);
    }
  });

  it('rejects dated parents that overlap or name an unknown body', () => {
    const text = [
      'kind: bodies',
      'bodies:',
      '  - { id: child, kind: agency, name: { es: C, en: C }, level: federal, country: MX, source: TEST-01,',
      '      parent: [{ id: agency-a, to: 2018-12-31, source: TEST-01 }, { id: agency-a, from: 2018-06-01, source: TEST-01 },',
      '               { id: nowhere, from: 2019-01-01, source: TEST-01 }] }',
    ].join('\n');
    let problems: RuleFileError['problems'] = [];
    try {
      parseCatalogue([BODIES_FILE, TERRITORIES_FILE, { path: 'b.yaml', text }, file('x.yaml', {})]);
    } catch (error) {
      problems = (error as RuleFileError).problems;
    }
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: 'b.yaml',
          path: 'bodies[0].parent[1].from',
          reason: expect.stringMatching(/overlaps/),
        }),
        expect.objectContaining({
          file: 'b.yaml',
          path: 'bodies[0].parent[2].id',
          reason: expect.stringMatching(/unknown body 'nowhere'/),
        }),
      ]),
    );
  });
});
