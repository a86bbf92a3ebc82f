import { MultiDirectedGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { parse as parseGraphml } from 'graphology-graphml';
import createClient from 'openapi-fetch';
import { beforeAll, describe, expect, it } from 'vitest';
import type { paths } from '../src/api/openapi-types';
import { API_GROUP_LIMITS, GRAPH_MAX_GROUPS } from '../src/graph/evaluator';
import { testApp } from './api-helpers';

/** GET /v1/graph, /v1/graph/flags, /v1/graph/overlaps: the committee's routes and their contract. */

describe('coordination graph API', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    t = await testApp();
  });
  const get = (path: string, role: 'committee' | 'admin' | 'case_worker' | 'service' = 'committee') =>
    t.request(path, { role });

  it('serves the graph as graphology JSON with the attributes the web page draws', async () => {
    const response = await get('/v1/graph?asOf=2019-06-01&groups=300&seed=2');
    expect(response.status).toBe(200);
    const graph = await t.json<{
      options: { type: string; multi: boolean };
      nodes: { key: string; attributes: Record<string, unknown> }[];
      edges: { key: string; source: string; target: string; attributes: Record<string, unknown> }[];
    }>(response);
    expect(graph.options).toMatchObject({ type: 'directed', multi: true });
    const steia = graph.nodes.find((n) => n.key === 'body:steia');
    expect(steia?.attributes).toMatchObject({
      kind: 'body',
      label: {
        es: 'Subcomité Técnico de Empleo, Ingreso y Ahorro',
        en: 'Technical Subcommittee on Employment, Income and Savings',
      },
      level: 'federal',
      country: 'MX',
      flagged: true,
    });
    const spi = graph.nodes.find((n) => n.key === 'programme:cdmx-focofess-spi');
    expect(spi?.attributes).toMatchObject({
      kind: 'programme',
      agency: 'styfe',
      active: true,
      flagged: true,
    });
    expect(typeof spi?.attributes.eligible).toBe('number');
    for (const n of graph.nodes)
      expect(['programme', 'agency', 'body', 'fund', 'territory']).toContain(n.attributes.kind);
    for (const e of graph.edges) expect(Array.isArray(e.attributes.flags)).toBe(true);
    // the typed client (generated from the OpenAPI document) reads the same route
    const client = createClient<paths>({
      baseUrl: 'http://vincula.test',
      fetch: async (request: Request) => t.app.fetch(request),
      headers: { Authorization: `Bearer ${t.keys.admin}` },
    });
    const typed = await client.GET('/v1/graph', {
      params: { query: { asOf: '2019-06-01', groups: 300, seed: 2 } },
    });
    expect((typed.data as { nodes: unknown[] } | undefined)?.nodes.length).toBe(graph.nodes.length);
  });

  it('serves GEXF, GraphML and the flags as CSV with their content types', async () => {
    const gexf = await get('/v1/graph?asOf=2019-06-01&groups=300&seed=2&format=gexf');
    expect(gexf.headers.get('Content-Type')).toContain('application/gexf+xml');
    expect(gexf.headers.get('Content-Disposition')).toContain('vincula-graph-2019-06-01.gexf');
    const fromGexf = parseGexf(MultiDirectedGraph, await gexf.text());
    const graphml = await get('/v1/graph?asOf=2019-06-01&groups=300&seed=2&format=graphml');
    expect(graphml.headers.get('Content-Type')).toContain('application/graphml+xml');
    const fromGraphml = parseGraphml(MultiDirectedGraph, await graphml.text());
    expect(fromGraphml.order).toBe(fromGexf.order);
    expect(fromGraphml.size).toBe(fromGexf.size);
    const csv = await get('/v1/graph?asOf=2019-06-01&groups=300&seed=2&format=flags-csv');
    expect(csv.headers.get('Content-Type')).toContain('text/csv');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes).split('\r\n')[0]).toBe(
      'id,type,severity,title_es,title_en,detail_es,detail_en,nodes,edges,evidence_es,evidence_en,sources,groups',
    );
  });

  it('lists the flags with stable ids, the same on a second request', async () => {
    const first = await t.json<{
      asOf: string;
      population: unknown;
      flags: { id: string; severity: string }[];
    }>(await get('/v1/graph/flags?asOf=2019-06-01&groups=300&seed=2', 'admin'));
    expect(first.asOf).toBe('2019-06-01');
    expect(first.population).toEqual({
      kind: 'synthetic',
      seed: 2,
      source: 'src/graph/distributions.json',
      size: 300,
    });
    expect(first.flags.map((f) => f.id)).toEqual(
      expect.arrayContaining([
        'coordination-without-budget:steia',
        'expected-links-unmet:proinpro',
        'missing-link:gip',
        'missing-link:cosiplan',
        'inactive-body-dependency:cdmx-focofess-spi/advisory-council-attendance',
      ]),
    );
    const second = await t.json(await get('/v1/graph/flags?asOf=2019-06-01&groups=300&seed=2'));
    expect(second).toEqual(first);
  });

  it('gives the overlap analysis: coverage per programme, pairs and gaps', async () => {
    const response = await get('/v1/graph/overlaps?asOf=2018-06-01&groups=200&seed=5');
    expect(response.status).toBe(200);
    const overlaps = await t.json<{
      population: { kind: string; size: number; seed: number };
      programmes: { key: string; eligible: number; coverage: number; label: { es: string; en: string } }[];
      pairs: { a: string; b: string; both: number; jaccard: number; separating: string[] }[];
      gaps: { segment: { dimension: string; value: string }; groups: number; eligibleForNothing: number }[];
    }>(response);
    expect(overlaps.population).toMatchObject({ kind: 'synthetic', size: 200, seed: 5 });
    expect(overlaps.programmes.map((p) => p.key)).toContain('cdmx-coop-spi@2018');
    expect(overlaps.pairs).toHaveLength((overlaps.programmes.length * (overlaps.programmes.length - 1)) / 2);
    for (const p of overlaps.programmes) expect(p.coverage).toBeCloseTo(p.eligible / 200, 4);
    expect(overlaps.gaps.length).toBeGreaterThan(0);
  });

  it('analyses the stored groups and flags duplicate enrolments without revealing identifiers', async () => {
    const member = { personalId: 'ABCD800101HDFXXX01', residence: { state: '09' } };
    const enrolled = [{ programme: 'cdmx-focofess-spf', fiscalYear: 2019, status: 'current' }];
    for (const name of ['Cooperativa Uno', 'Cooperativa Dos']) {
      const created = await t.request('/v1/groups', {
        method: 'POST',
        role: 'case_worker',
        body: JSON.stringify({
          name,
          members: [member, {}, {}, {}, {}],
          enrolments: enrolled,
          location: { state: '09' },
        }),
      });
      expect(created.status).toBe(201);
    }
    const response = await get('/v1/graph/flags?asOf=2019-06-01&population=stored');
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).not.toContain('ABCD800101HDFXXX01');
    const body = JSON.parse(text) as {
      population: unknown;
      flags: { id: string; evidence: unknown; groups?: string[] }[];
    };
    expect(body.population).toMatchObject({ kind: 'stored', size: 2 });
    const duplicate = body.flags.find((f) => f.id === 'duplicate-enrolment:cdmx-focofess-spf@2019');
    expect(duplicate).toMatchObject({ evidence: { persons: 1, groups: 2, fiscalYear: 2019 } });
    expect(duplicate?.groups).toHaveLength(2);
    expect(text).not.toMatch(/[0-9a-f]{64}/);
  });

  it('refuses bad queries with a clear 422, and runs bounded', async () => {
    const tooMany = await get(`/v1/graph?groups=${GRAPH_MAX_GROUPS + 1}`);
    expect(tooMany.status).toBe(422);
    expect(JSON.stringify(await tooMany.json())).toContain(`at most ${GRAPH_MAX_GROUPS} groups`);
    const badDate = await get('/v1/graph/flags?asOf=2019-02-30');
    expect(badDate.status).toBe(422);
    expect(await badDate.json()).toMatchObject({
      errors: [{ path: 'asOf', message: 'is not a real calendar date' }],
    });
    const badFormat = await get('/v1/graph?format=svg');
    expect(badFormat.status).toBe(422);
    const noPopulation = await get('/v1/graph/overlaps?population=none');
    expect(noPopulation.status).toBe(422);
    const declarationsOnly = await t.json<{ population: { kind: string }; flags: unknown[] }>(
      await get('/v1/graph/flags?asOf=2019-06-01&population=none'),
    );
    expect(declarationsOnly.population.kind).toBe('none');
    expect(declarationsOnly.flags.length).toBeGreaterThan(0);
  });

  it('runs the overlap analysis on the reference evaluator on request, with the same numbers', async () => {
    const query = 'asOf=2018-06-01&groups=300&seed=4';
    const compiled = await t.json<Record<string, unknown>>(await get(`/v1/graph/overlaps?${query}`));
    const reference = await t.json<Record<string, unknown>>(
      await get(`/v1/graph/overlaps?${query}&evaluator=reference`),
    );
    expect(compiled.evaluator).toBe('compiled');
    expect(reference.evaluator).toBe('reference');
    expect({ ...reference, evaluator: '' }).toEqual({ ...compiled, evaluator: '' });
    // The reference is slow: the API bounds it more tightly.
    const tooMany = await get(`/v1/graph/flags?groups=${API_GROUP_LIMITS.reference + 1}&evaluator=reference`);
    expect(tooMany.status).toBe(422);
    expect(await tooMany.json()).toMatchObject({
      errors: [
        {
          path: 'groups',
          message: expect.stringContaining(
            `at most ${API_GROUP_LIMITS.reference} groups with the reference evaluator`,
          ),
        },
      ],
    });
    const unknown = await get('/v1/graph/flags?evaluator=fast');
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({ errors: [{ path: 'evaluator' }] });
  });

  it('is for the committee and admins only', async () => {
    for (const path of ['/v1/graph', '/v1/graph/flags', '/v1/graph/overlaps']) {
      expect((await get(`${path}?population=none`, 'case_worker')).status).toBe(403);
      expect((await get(`${path}?population=none`, 'service')).status).toBe(403);
      expect((await t.request(path)).status).toBe(401);
    }
  });
});
