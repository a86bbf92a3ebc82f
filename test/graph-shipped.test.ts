import { parse as parseCsv } from 'csv-parse/sync';
import { MultiDirectedGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { parse as parseGraphml } from 'graphology-graphml';
import { beforeAll, describe, expect, it } from 'vitest';
import { storedEnrolments } from '../src/db/graph-queries';
import { createGroup } from '../src/db/repositories';
import { DEFAULT_DISTRIBUTIONS } from '../src/graph/distributions';
import { FLAG_CSV_COLUMNS, flagsCsv, flatAttributes, toGexf, toGraphml } from '../src/graph/export';
import type { Flag } from '../src/graph/flags';
import { analysePopulation, type CoordinationReport, coordinationReport } from '../src/graph/report';
import { syntheticGroups } from '../src/graph/synthetic';
import type { Group } from '../src/rules/group';
import { loadCatalogue } from '../src/rules/load-dir';
import { testApp } from './api-helpers';

/** The shipped programmes raise every flag the issue lists, with its evidence; the exports round-trip. */

const catalogue = loadCatalogue();

async function shippedReport(asOf: string, groups: number) {
  const analysis = await analysePopulation({
    catalogue,
    asOf,
    population: {
      info: { kind: 'synthetic', seed: 1 },
      expected: groups,
      groups: syntheticGroups(DEFAULT_DISTRIBUTIONS, {
        count: groups,
        seed: 1,
        territories: catalogue.territories,
      }),
    },
  });
  return coordinationReport({ catalogue, asOf, analysis });
}

const flag = (report: CoordinationReport, id: string): Flag => {
  const found = report.flags.find((f) => f.id === id);
  if (!found) throw new Error(`no flag ${id}; flags: ${report.flags.map((f) => f.id).join(', ')}`);
  return found;
};

describe('the shipped catalogue', () => {
  let y2019: CoordinationReport;
  let y2016: CoordinationReport;
  beforeAll(async () => {
    y2019 = await shippedReport('2019-06-01', 1000);
    y2016 = await shippedReport('2016-06-01', 800);
  }, 60_000);

  it("flags STEIA's declared coordination without budget or rules", () => {
    const f = flag(y2019, 'coordination-without-budget:steia');
    expect(f.severity).toBe('high');
    expect(f.evidence).toMatchObject({ links: 4, programmes: 4, budgetBackedLinks: 0, effectiveLinks: 0 });
    expect(f.nodes).toEqual(
      expect.arrayContaining([
        'body:steia',
        'programme:proinpro',
        'programme:prospera',
        'programme:prospera-productive-inclusion',
        'programme:pfes-opciones-productivas',
      ]),
    );
    expect(f.sources).toEqual(expect.arrayContaining(['STEIA-02']));
  });

  it("flags PROINPRO's 17 (2016) and 14 (2017) expected links against 2 effective", () => {
    const f = flag(y2019, 'expected-links-unmet:proinpro');
    expect(f.evidence).toMatchObject({
      expected2016: 17,
      effective2016: 2,
      expected2017: 14,
      effective2017: 2,
    });
    expect(f.sources).toContain('PROINPRO-10');
    expect(flag(y2016, 'expected-links-unmet:proinpro').evidence).toMatchObject({
      expected: 17,
      effective: 2,
    });
  });

  it('shows a programme that ran on the date without encoded rules as no_rules, not ended', () => {
    // 2016: PROSPERA ran (2014-2019, PROSPERA-01); its only rule file is 2018.
    const { graph } = y2016.model;
    expect(graph.getNodeAttribute('programme:prospera', 'state')).toBe('no_rules');
    expect(graph.getNodeAttribute('programme:cdmx-coop-spi', 'state')).toBe('in_force');
    // 2019: CDMX Cooperatives had ended (2015-2018).
    expect(y2019.model.graph.getNodeAttribute('programme:cdmx-coop-spi', 'state')).toBe('ended');
  });

  it('finds no group eligible for both FOCOFESS subprogrammes: the exclusion decides (FOCOFESS-09)', () => {
    // SPI is open to a constituted group only at stage 2, after its 2019 stage 1; holding SPI in 2019
    // fails SPF's exclusion, so the two eligible populations no longer overlap, and no conflict is flagged.
    const pair = y2019.overlaps?.pairs.find(
      (p) => p.a === 'cdmx-focofess-spf@2019' && p.b === 'cdmx-focofess-spi@2019',
    );
    for (const key of ['cdmx-focofess-spi@2019', 'cdmx-focofess-spf@2019'])
      expect(y2019.overlaps?.programmes.find((p) => p.key === key)?.eligible, key).toBeGreaterThan(0);
    expect(pair?.both).toBe(0);
    expect(y2019.flags.some((f) => f.type === 'exclusion-conflict')).toBe(false);
    expect(
      y2019.model.graph.hasEdge('exclusion:programme:cdmx-focofess-spi->programme:cdmx-focofess-spf'),
    ).toBe(true);
  });

  it("flags FOCOFESS's advisory-council attendance in the boroughs whose council is inactive", () => {
    for (const sub of ['spi', 'spf']) {
      const f = flag(y2019, `inactive-body-dependency:cdmx-focofess-${sub}/advisory-council-attendance`);
      expect(f.evidence.inactiveTerritories).toBe(6);
      expect(f.evidence.failing).toBeGreaterThan(0);
      expect(f.nodes).toEqual(
        expect.arrayContaining([
          'body:cdmx-borough-advisory-councils',
          ...['09004', '09009', '09010', '09014', '09016', '09017'].map((c) => `territory:${c}`),
        ]),
      );
      expect(f.sources).toEqual(expect.arrayContaining(['FOCOFESS-08', 'CDMXSUP-12']));
    }
  });

  it('flags the MERCOSUR and UNASUR SSE schemes not linked to GIP or COSIPLAN', () => {
    const gip = flag(y2019, 'missing-link:gip');
    expect(gip.evidence).toMatchObject({ declaredLinks: 2, effectiveLinks: 0 });
    expect(gip.nodes).toEqual(
      expect.arrayContaining([
        'programme:ism-frontier-pilot',
        'programme:procoopsur',
        'programme:recm-programa-mercosur',
      ]),
    );
    const cosiplan = flag(y2019, 'missing-link:cosiplan');
    expect(cosiplan).toMatchObject({ severity: 'high', evidence: { declaredLinks: 0, effectiveLinks: 0 } });
    expect(cosiplan.nodes).toContain('programme:unasur-csds-sse');
  });

  it('flags a budget line whose eligible demand exceeds it (SPI 2016 consulting and training)', () => {
    const f = flag(y2016, 'demand-above-budget:cdmx-coop-spi@2016/spi-consulting-training');
    expect(f.evidence.budget).toBe(3_000_000);
    expect(f.evidence.maxPerGroup).toBe(50_000);
    expect(f.evidence.demand).toBe((f.evidence.eligibleGroups as number) * 50_000);
    expect(f.evidence.ratio).toBeGreaterThan(1);
  });

  it('flags duplicate enrolments found in stored data, by keyed hash', async () => {
    const t = await testApp(catalogue);
    try {
      const secret = 'test-secret-for-keyed-hashes-0123456789';
      const person = (id: string) => ({ personalId: id, residence: { state: '09' } });
      const enrolled = (programmes: string[]): Group['enrolments'] =>
        programmes.map((programme) => ({ programme, fiscalYear: 2019, status: 'current' as const }));
      await createGroup(
        t.db,
        {
          name: 'A',
          members: [person('CURP-ONE'), person('CURP-TWO')],
          enrolments: enrolled(['cdmx-focofess-spi']),
        },
        'test',
        secret,
      );
      await createGroup(
        t.db,
        { name: 'B', members: [person('curp-one ')], enrolments: enrolled(['cdmx-focofess-spi']) },
        'test',
        secret,
      );
      await createGroup(
        t.db,
        {
          name: 'C',
          members: [person('CURP-THREE')],
          enrolments: enrolled(['cdmx-focofess-spi', 'cdmx-focofess-spf']),
        },
        'test',
        secret,
      );
      const report = coordinationReport({
        catalogue,
        asOf: '2019-06-01',
        stored: await storedEnrolments(t.db, 2019),
      });
      expect(flag(report, 'duplicate-enrolment:cdmx-focofess-spi@2019').evidence).toEqual({
        persons: 1,
        groups: 2,
        fiscalYear: 2019,
      });
      const exclusive = flag(report, 'duplicate-enrolment:cdmx-focofess-spf+cdmx-focofess-spi@2019');
      expect(exclusive.evidence).toMatchObject({ persons: 1, groups: 1 });
      expect(exclusive.sources).toContain('FOCOFESS-09');
      expect(JSON.stringify(report.flags)).not.toMatch(/CURP|curp/);
    } finally {
      t.client.close();
    }
  });

  it('exports GEXF and GraphML that parse back with the same nodes, edges and attributes', () => {
    // 2016: CDMX Cooperatives SPI and SPF have no exclusion, so their eligible populations overlap.
    const graph = y2016.model.graph;
    expect(graph.filterEdges((_e, a) => a.kind === 'overlap').length).toBeGreaterThan(0);
    for (const [format, parsed] of [
      ['gexf', parseGexf(MultiDirectedGraph, toGexf(graph))],
      ['graphml', parseGraphml(MultiDirectedGraph, toGraphml(graph))],
    ] as const) {
      expect(parsed.order, format).toBe(graph.order);
      expect(parsed.size, format).toBe(graph.size);
      graph.forEachNode((node, attributes) => {
        expect(parsed.getNodeAttributes(node), `${format} ${node}`).toEqual(
          flatAttributes(attributes as never),
        );
      });
      graph.forEachEdge((edge, attributes, source, target) => {
        expect(parsed.source(edge), `${format} ${edge}`).toBe(source);
        expect(parsed.target(edge)).toBe(target);
        expect(parsed.getEdgeAttributes(edge), `${format} ${edge}`).toEqual(
          flatAttributes(attributes as never),
        );
      });
    }
    // the population the overlap numbers rest on travels with the graph
    expect(parseGraphml(MultiDirectedGraph, toGraphml(graph)).getAttributes()).toMatchObject({
      asOf: '2016-06-01',
      'population.kind': 'synthetic',
      'population.size': 800,
      'population.seed': 1,
    });
    // the JSON export is graphology's own and imports back unchanged
    const copy = MultiDirectedGraph.from(graph.export());
    expect(copy.export()).toEqual(graph.export());
  });

  it('exports the flags as CSV, one row per flag', () => {
    const csv = flagsCsv(y2019.flags);
    // A byte-order mark first, so spreadsheet software reads the accents as UTF-8.
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(csv, { columns: true, bom: true }) as Record<string, string>[];
    expect(Object.keys(rows[0] ?? {})).toEqual([...FLAG_CSV_COLUMNS]);
    expect(rows.map((r) => r.id)).toEqual(y2019.flags.map((f) => f.id));
    const steia = rows.find((r) => r.id === 'coordination-without-budget:steia');
    expect(steia?.evidence_es).toContain('Vínculos declarados con el órgano: 4');
    expect(steia?.evidence_es).toContain('El órgano tiene presupuesto: no');
    expect(steia?.evidence_en).toContain('Links with a budget: 0');
    expect(steia?.title_es).toContain('STEIA');
  });

  it('gives every node a kind, a label in both languages and its flags, and every edge its flags', () => {
    const { graph } = y2019.model;
    const kinds = new Set<string>();
    graph.forEachNode((_n, a) => {
      kinds.add(a.kind);
      expect(a.label.es && a.label.en).toBeTruthy();
      expect(typeof a.flagged).toBe('boolean');
      expect(a.flagged).toBe(a.flags.length > 0);
    });
    expect([...kinds].sort()).toEqual(['agency', 'body', 'fund', 'programme', 'territory']);
    const edgeKinds = new Set(graph.mapEdges((_e, a) => a.kind));
    for (const kind of [
      'administers',
      'funds',
      'member_of',
      'coordination',
      'stage_sequence',
      'exclusion',
      'depends_on',
    ])
      expect(edgeKinds, kind).toContain(kind);
    expect(new Set(y2016.model.graph.mapEdges((_e, a) => a.kind))).toContain('overlap');
    expect(graph.hasEdge('stage_sequence:programme:cdmx-focofess-spi->programme:cdmx-focofess-spf')).toBe(
      true,
    );
    const ids = new Set(y2019.flags.map((f) => f.id));
    expect(ids.size).toBe(y2019.flags.length);
    graph.forEachEdge((_e, a) => {
      for (const id of a.flags) expect(ids).toContain(id);
    });
  });
});
