import type { z } from '@hono/zod-openapi';
import { storedEnrolments, storedGroupCount, storedGroups } from '../../db/graph-queries';
import { DEFAULT_DISTRIBUTIONS } from '../../graph/distributions';
import { API_GROUP_LIMITS, DEFAULT_EVALUATOR, EVALUATORS, GRAPH_MAX_GROUPS } from '../../graph/evaluator';
import { CONTENT_TYPES, FILE_EXTENSIONS, flagsCsv, toGexf, toGraphml } from '../../graph/export';
import type { OverlapAnalysis, Population } from '../../graph/overlaps';
import { analysePopulation, coordinationReport, flagsJson } from '../../graph/report';
import { syntheticGroups } from '../../graph/synthetic';
import { fiscalYearOf } from '../../rules/dates';
import type { EvaluatorName } from '../../rules/match';
import * as G from '../graph-schemas';
import { router, type Services, secured } from '../kit';
import { ApiError, problemContent } from '../problem';
import { GRAPH_ROLES } from '../roles';

/**
 * The coordination graph over HTTP, for the inter-ministerial committee: the graph (JSON, GEXF,
 * GraphML, flags CSV), its flags and the overlap analysis. The analysis is the costly part; it is
 * bounded (at most API_GROUP_LIMITS groups) and kept for the last few parameter sets, so the page
 * that asks for the graph, the flags and the overlaps in turn runs it once.
 */

const CACHE_SIZE = 8;

type Query = z.infer<ReturnType<typeof G.graphQuerySchema>>;

export function graphRoutes(s: Services) {
  const { catalogue, db } = s;
  const app = router();
  const cache = new Map<string, Promise<OverlapAnalysis>>();

  // Other requests keep being served while a population is analysed.
  const YIELD_EVERY = 1000;

  const syntheticAnalysis = (asOf: string, groups: number, seed: number, evaluator: EvaluatorName) => {
    const key = JSON.stringify([asOf, groups, seed, evaluator]);
    let analysis = cache.get(key);
    if (analysis) {
      cache.delete(key);
    } else {
      const population: Population = {
        info: { kind: 'synthetic', seed, source: 'src/graph/distributions.json' },
        expected: groups,
        groups: syntheticGroups(DEFAULT_DISTRIBUTIONS, {
          count: groups,
          seed,
          territories: catalogue.territories,
        }),
      };
      analysis = analysePopulation({
        catalogue,
        asOf,
        population,
        evaluator: EVALUATORS[evaluator],
        yieldEvery: YIELD_EVERY,
      });
      analysis.catch(() => cache.delete(key));
    }
    cache.set(key, analysis);
    while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    return analysis;
  };

  async function report(query: Query) {
    const asOf = query.asOf ?? s.today();
    let analysis: OverlapAnalysis | undefined;
    if (query.population === 'synthetic')
      analysis = await syntheticAnalysis(asOf, query.groups, query.seed, query.evaluator);
    else if (query.population === 'stored') {
      const count = await storedGroupCount(db);
      const limit = API_GROUP_LIMITS[query.evaluator];
      if (count > limit) {
        throw new ApiError(
          'validation',
          `the database holds ${count} groups; the API analyses at most ${limit} with the ${query.evaluator} evaluator: run \`npx vincula graph --population stored\``,
          { errors: [{ path: 'population', message: `more than ${limit} stored groups` }] },
        );
      }
      analysis = await analysePopulation({
        catalogue,
        asOf,
        population: {
          info: { kind: 'stored', source: 'database' },
          expected: count,
          groups: storedGroups(db),
        },
        evaluator: EVALUATORS[query.evaluator],
      });
    }
    const stored = await storedEnrolments(db, fiscalYearOf(asOf));
    return coordinationReport({ catalogue, asOf, ...(analysis ? { analysis } : {}), stored });
  }

  const responses = {
    422: {
      description: `A query parameter does not validate (e.g. more than ${GRAPH_MAX_GROUPS} groups)`,
      content: problemContent,
    },
  };

  app.openapi(
    secured(GRAPH_ROLES, {
      method: 'get',
      path: '/v1/graph',
      tags: ['graph'],
      summary: 'The coordination graph as of a date',
      description: `Programmes (the version in force on asOf, or the latest that ended), agencies, coordination bodies, funds and the territories that matter, with edges for administers, funds, member of, declared coordination, stage sequence, exclusion, computed overlap and criterion-depends-on-body; every node and edge lists the flags it is part of. format=json gives graphology's serialised graph; gexf, graphml and flags-csv give files for Gephi, yEd/Cytoscape and spreadsheets. The overlap analysis runs over at most ${GRAPH_MAX_GROUPS} groups with the ${DEFAULT_EVALUATOR} evaluator (a few seconds); \`npx vincula graph\` has no bound.`,
      request: { query: G.graphExportQuerySchema(API_GROUP_LIMITS) },
      responses: {
        200: {
          description: 'The graph',
          content: {
            'application/json': { schema: G.GraphSchema },
            'application/gexf+xml': { schema: { type: 'string' } },
            'application/graphml+xml': { schema: { type: 'string' } },
            'text/csv': { schema: { type: 'string' } },
          },
        },
        ...responses,
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const result = await report(query);
      const format = query.format;
      if (format === 'json') return c.json(result.model.graph.export() as never, 200);
      const body =
        format === 'gexf'
          ? toGexf(result.model.graph)
          : format === 'graphml'
            ? toGraphml(result.model.graph)
            : flagsCsv(result.flags);
      const name = `vincula-${format === 'flags-csv' ? 'flags' : 'graph'}-${result.asOf}.${FILE_EXTENSIONS[format]}`;
      return c.body(body, 200, {
        'Content-Type': CONTENT_TYPES[format],
        'Content-Disposition': `attachment; filename="${name}"`,
      }) as never;
    },
  );

  app.openapi(
    secured(GRAPH_ROLES, {
      method: 'get',
      path: '/v1/graph/flags',
      tags: ['graph'],
      summary: 'What the committee should look at: flags with evidence, nodes, edges and sources',
      description:
        'Declared coordination without budget or rules, expected links that never became effective, declared links that did not work, regional bodies no scheme works with, criteria that depend on an inactive body, exclusion conflicts, duplication risks, links between populations that barely meet, coverage gaps, demand above a budget line, and duplicate enrolments in the stored data (by the keyed hash of personal identifiers). Flag ids are stable across runs.',
      request: { query: G.graphQuerySchema(API_GROUP_LIMITS) },
      responses: {
        200: { description: 'The flags', content: { 'application/json': { schema: G.FlagsSchema } } },
        ...responses,
      },
    }),
    async (c) => c.json(flagsJson(await report(c.req.valid('query'))) as never, 200),
  );

  app.openapi(
    secured(GRAPH_ROLES, {
      method: 'get',
      path: '/v1/graph/overlaps',
      tags: ['graph'],
      summary: 'Overlap of eligible populations: coverage, pairs (Jaccard, separating criteria), gaps',
      request: { query: G.graphQuerySchema(API_GROUP_LIMITS) },
      responses: {
        200: {
          description: 'The overlap analysis',
          content: { 'application/json': { schema: G.OverlapsSchema } },
        },
        ...responses,
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      if (query.population === 'none')
        throw new ApiError('validation', 'the overlap analysis needs a population: synthetic or stored', {
          errors: [{ path: 'population', message: "use 'synthetic' or 'stored'" }],
        });
      const result = await report(query);
      return c.json(result.overlaps as never, 200);
    },
  );

  return app;
}
