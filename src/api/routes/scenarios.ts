import { storedGroupCount, storedGroups } from '../../db/graph-queries';
import { API_GROUP_LIMITS, EVALUATORS, GRAPH_MAX_GROUPS } from '../../graph/evaluator';
import type { Population } from '../../graph/overlaps';
import { compareScenario, syntheticPopulation } from '../../graph/scenario';
import { InputError } from '../../rules/errors';
import { countNoun, NOUNS } from '../../rules/i18n';
import { type AppliedScenario, applyScenario, parseScenario, scenarioFromYaml } from '../../rules/scenario';
import { router, type Services, secured } from '../kit';
import { ApiError } from '../problem';
import { GRAPH_ROLES } from '../roles';
import { ComparisonSchema, compareBodySchema } from '../scenario-schemas';

/**
 * What-if scenarios for the committee: POST /v1/scenarios/compare applies a scenario to the catalogue
 * in memory and compares it with the baseline over the same population (the options of /v1/graph).
 */

/** Other requests keep being served while the population is analysed. */
const YIELD_EVERY = 1000;

/** The scenario of a request, applied; its mistakes as a 422 problem naming each path under `scenario`. */
export function appliedScenario(
  s: Pick<Services, 'catalogue'>,
  body: { scenario?: unknown; scenarioYaml?: string | undefined },
): AppliedScenario {
  try {
    return body.scenarioYaml !== undefined
      ? scenarioFromYaml(s.catalogue, body.scenarioYaml)
      : applyScenario(s.catalogue, parseScenario(body.scenario));
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const field = body.scenarioYaml !== undefined ? 'scenarioYaml' : 'scenario';
    const errors = error.problems.map((p) => ({
      path: p.path === '(top level)' ? field : `${field}.${p.path}`,
      message: p.line ? `line ${p.line}: ${p.reason}` : p.reason,
    }));
    throw new ApiError('validation', `${countNoun(errors.length, NOUNS.problem, 'en')} in the scenario`, {
      errors,
    });
  }
}

export function scenarioRoutes(s: Services) {
  const { db } = s;
  const app = router();

  app.openapi(
    secured(GRAPH_ROLES, {
      method: 'post',
      path: '/v1/scenarios/compare',
      tags: ['graph'],
      summary: 'What if: a scenario against the baseline, on the same population',
      description: `Applies a what-if scenario (changes to named programme versions, "id@year": parameters, budget lines, calls, criteria removed or rewritten, declared links) to the catalogue in memory — nothing is stored — and runs the overlap analysis twice over the same population (the same seed): coverage per programme, the groups that gain or lose eligibility and the criteria behind it, overlaps, segments eligible for nothing, flags raised and cleared, and eligible demand against each budget line. The population options are those of /v1/graph (at most ${GRAPH_MAX_GROUPS} groups with the default evaluator); \`npx vincula simulate --scenario\` has no bound. A scenario naming an unknown programme, version, parameter, criterion, budget line, call or link is a 422 problem naming its path, with the nearest known name.`,
      request: {
        body: {
          required: true,
          content: { 'application/json': { schema: compareBodySchema(API_GROUP_LIMITS) } },
        },
      },
      responses: {
        200: {
          description: 'Baseline and scenario side by side',
          content: { 'application/json': { schema: ComparisonSchema } },
        },
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const applied = appliedScenario(s, body);
      const asOf = body.asOf ?? s.today();
      let population: (() => Population) | undefined;
      if (body.population === 'synthetic')
        population = syntheticPopulation(s.catalogue, { groups: body.groups, seed: body.seed });
      else if (body.population === 'stored') {
        const count = await storedGroupCount(db);
        const limit = API_GROUP_LIMITS[body.evaluator];
        if (count > limit)
          throw new ApiError(
            'validation',
            `the database holds ${count} groups; the API analyses at most ${limit} with the ${body.evaluator} evaluator`,
            { errors: [{ path: 'population', message: `more than ${limit} stored groups` }] },
          );
        population = () => ({
          info: { kind: 'stored', source: 'database' },
          expected: count,
          groups: storedGroups(db),
        });
      }
      const comparison = await compareScenario({
        baseline: s.catalogue,
        scenario: applied,
        asOf,
        evaluator: EVALUATORS[body.evaluator],
        yieldEvery: YIELD_EVERY,
        ...(population ? { population } : {}),
      });
      return c.json(comparison as never, 200);
    },
  );

  return app;
}
