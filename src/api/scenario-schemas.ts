import { z } from '@hono/zod-openapi';
import { FlagSchema, graphQueryObject, populationSchema, withinLimit } from './graph-schemas';

/** Request and response schemas of POST /v1/scenarios/compare. */

type Limits = Parameters<typeof graphQueryObject>[0];

const localized = z.object({ es: z.string(), en: z.string() });

/** The scenario (as data, or as the YAML text of a scenario file) and the population options of /v1/graph. */
export const compareBodySchema = (limits: Limits) =>
  graphQueryObject(limits)
    .extend({
      // Validated by the route with the scenario file's own schema (a condition tree is recursive,
      // which the OpenAPI generator does not follow), so its mistakes carry the same paths.
      scenario: z.record(z.string(), z.unknown()).optional().openapi({
        description:
          'The scenario as data: the fields of a scenario file (schemas/scenario.schema.json; examples in examples/scenarios/): name {es, en}, description, and programmes, a map from "id@year" to its changes (parameters, criteria, budget.lines, calls, links)',
      }),
      scenarioYaml: z
        .string()
        .max(256 * 1024)
        .optional()
        .openapi({ description: 'Or the scenario file itself, as YAML text' }),
    })
    .superRefine(withinLimit(limits))
    .refine((b) => (b.scenario === undefined) !== (b.scenarioYaml === undefined), {
      message: 'give the scenario either as data (scenario) or as YAML text (scenarioYaml)',
      path: ['scenario'],
    })
    .openapi('ScenarioCompareRequest');

const side = z.object({ eligible: z.number().int(), undetermined: z.number().int(), coverage: z.number() });
const because = z.array(
  z.object({
    criterion: z.string().openapi({ description: 'Criterion id, or stage:<id>' }),
    label: localized,
    groups: z.number().int(),
  }),
);
const programme = z.object({ key: z.string(), name: localized });

export const ComparisonSchema = z
  .object({
    name: localized,
    description: localized.optional(),
    changes: z.array(z.object({ programme: z.string(), text: localized })),
    asOf: z.string(),
    population: populationSchema,
    programmes: z.array(
      z.object({
        key: z.string(),
        name: localized,
        baseline: side,
        scenario: side,
        gained: z.number().int().openapi({ description: 'Groups eligible in the scenario only' }),
        gainedBecause: because.openapi({
          description: 'The criteria those groups had failed in the baseline',
        }),
        lost: z.number().int().openapi({ description: 'Groups eligible in the baseline only' }),
        lostBecause: because.openapi({ description: 'The criteria those groups fail in the scenario' }),
      }),
    ),
    pairs: z.array(
      z.object({
        a: programme,
        b: programme,
        baseline: z.object({ both: z.number().int(), jaccard: z.number() }),
        scenario: z.object({ both: z.number().int(), jaccard: z.number() }),
      }),
    ),
    segments: z.array(
      z.object({
        dimension: z.string(),
        dimensionLabel: localized,
        value: z.string(),
        label: localized,
        groups: z.number().int(),
        baseline: z.object({ eligibleForNothing: z.number().int(), share: z.number() }),
        scenario: z.object({ eligibleForNothing: z.number().int(), share: z.number() }),
      }),
    ),
    flags: z.object({
      raised: z.array(FlagSchema),
      cleared: z.array(FlagSchema),
      baseline: z.number().int(),
      scenario: z.number().int(),
    }),
    budget: z.array(
      z.object({
        key: z.string(),
        name: localized,
        line: z.string(),
        lineLabel: localized,
        currency: z.string(),
        baseline: z.object({ budget: z.number(), demand: z.number(), groups: z.number().int() }),
        scenario: z.object({ budget: z.number(), demand: z.number(), groups: z.number().int() }),
      }),
    ),
  })
  .openapi('ScenarioComparison');
