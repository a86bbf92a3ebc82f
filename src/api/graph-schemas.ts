import { z } from '@hono/zod-openapi';
import { EXPORT_FORMATS } from '../graph/export';
import { FLAG_TYPES } from '../graph/flags';
import { SEGMENT_DIMENSIONS } from '../graph/segments';
import { isRealDate } from '../rules/dates';
import { DEFAULT_EVALUATOR, EVALUATOR_NAMES, type EvaluatorName } from '../rules/match';

/** Request and response schemas of the coordination-graph routes (/v1/graph*). */

export const GRAPH_DEFAULT_GROUPS = 1000;

const localized = z.object({ es: z.string(), en: z.string() }).openapi('LocalizedText');

type Limits = Readonly<Record<EvaluatorName, number>>;

export const graphQueryObject = (limits: Limits) => {
  const maxGroups = Math.max(...Object.values(limits));
  return z.object({
    asOf: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date written YYYY-MM-DD')
      .refine(isRealDate, { message: 'is not a real calendar date' })
      .optional()
      .openapi({
        description: 'Date the graph is drawn at (YYYY-MM-DD); default: today',
        example: '2019-06-01',
      }),
    population: z.enum(['synthetic', 'stored', 'none']).default('synthetic').openapi({
      description:
        'Groups the overlap analysis runs over: a synthetic population drawn from the documented distributions (groups, seed), the groups stored in the database, or none (declaration flags only)',
    }),
    groups: z.coerce
      .number()
      .int()
      .min(1)
      .max(
        maxGroups,
        `at most ${maxGroups} groups in the API; run \`npx vincula graph\` for larger populations`,
      )
      .default(GRAPH_DEFAULT_GROUPS)
      .openapi({ description: `Size of the synthetic population (1-${maxGroups})` }),
    seed: z.coerce
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .default(1)
      .openapi({ description: 'Seed of the synthetic population: the same seed gives the same groups' }),
    evaluator: z
      .enum(EVALUATOR_NAMES)
      .default(DEFAULT_EVALUATOR)
      .openapi({
        description: `Evaluator of the overlap analysis: compiled (default, up to ${limits.compiled} groups) or reference (json-rules-engine, for audits, up to ${limits.reference} groups)`,
      }),
  });
};

/** A population within the API's bound for the evaluator asked for (API_GROUP_LIMITS). */
export const withinLimit =
  (limits: Limits) => (q: { groups: number; evaluator: EvaluatorName }, ctx: z.RefinementCtx) => {
    const limit = limits[q.evaluator];
    if (q.groups > limit)
      ctx.addIssue({
        code: 'custom',
        path: ['groups'],
        message: `at most ${limit} groups with the ${q.evaluator} evaluator in the API; run \`npx vincula graph\` for larger populations`,
      });
  };

/** The graph routes' query; `limits` bounds the population per evaluator. */
export const graphQuerySchema = (limits: Limits) => graphQueryObject(limits).superRefine(withinLimit(limits));

export const graphExportQuerySchema = (limits: Limits) =>
  graphQueryObject(limits)
    .extend({
      format: z
        .enum(EXPORT_FORMATS)
        .default('json')
        .openapi({ description: 'json (graphology), gexf (Gephi), graphml, or flags-csv' }),
    })
    .superRefine(withinLimit(limits));

const nodeAttributes = z
  .object({
    kind: z.enum(['programme', 'agency', 'body', 'fund', 'territory']),
    label: localized,
    shortName: z.string().optional(),
    level: z.string().optional(),
    country: z.string().optional(),
    agency: z.string().optional(),
    flagged: z.boolean(),
    flags: z.array(z.string()),
    sources: z.array(z.string()),
    key: z.string().optional().openapi({ description: 'Programme version shown, "id@fiscalYear"' }),
    fiscalYear: z.number().int().optional(),
    validFrom: z.string().optional(),
    validTo: z.string().optional(),
    active: z.boolean().optional().openapi({ description: 'Programme in force on asOf (false: see state)' }),
    state: z.enum(['in_force', 'no_rules', 'ended']).optional().openapi({
      description:
        'Programme as of asOf: in_force; no_rules (it ran then, its lifetime in programmes/registry.yaml, but its rules for that year are not encoded; the version shown is the nearest); ended',
    }),
    eligible: z.number().int().optional(),
    undetermined: z.number().int().optional(),
    coverage: z.number().optional(),
    bodyKind: z.string().optional(),
    hasBudget: z.boolean().optional(),
    hasOperatingRules: z.boolean().optional(),
  })
  .loose()
  .openapi('GraphNodeAttributes');

const edgeAttributes = z
  .object({
    kind: z.enum([
      'administers',
      'part_of',
      'member_of',
      'funds',
      'coordination',
      'coordination_via',
      'stage_sequence',
      'exclusion',
      'overlap',
      'depends_on',
      'body_activity',
      'targets',
    ]),
    label: localized.optional(),
    flags: z.array(z.string()),
    sources: z.array(z.string()),
    linkKind: z.enum(['formal', 'informal']).optional(),
    budgetBacked: z.boolean().optional(),
    effective: z.boolean().optional(),
    both: z.number().int().optional(),
    jaccard: z.number().optional(),
    population: z.number().int().optional(),
  })
  .loose()
  .openapi('GraphEdgeAttributes');

export const GraphSchema = z
  .object({
    attributes: z.record(z.string(), z.unknown()),
    options: z.object({ type: z.string(), multi: z.boolean(), allowSelfLoops: z.boolean() }),
    nodes: z.array(z.object({ key: z.string(), attributes: nodeAttributes })),
    edges: z.array(
      z.object({
        key: z.string(),
        source: z.string(),
        target: z.string(),
        attributes: edgeAttributes,
        undirected: z.boolean().optional(),
      }),
    ),
  })
  .openapi('CoordinationGraph', { description: "graphology's serialised graph (graph.export())" });

export const populationSchema = z
  .object({
    kind: z.enum(['synthetic', 'stored', 'file', 'none']),
    size: z.number().int(),
    seed: z.number().int().optional(),
    source: z.string().optional(),
  })
  .openapi('GraphPopulation');

export const FlagSchema = z
  .object({
    id: z.string().openapi({
      description: 'Stable across runs: type and subject',
      example: 'coordination-without-budget:steia',
    }),
    type: z.enum(FLAG_TYPES),
    severity: z.enum(['high', 'medium', 'low']),
    title: localized,
    detail: localized,
    nodes: z.array(z.string()),
    edges: z.array(z.string()),
    evidence: z.record(z.string(), z.number()),
    sources: z.array(z.string()),
    groups: z
      .array(z.string())
      .optional()
      .openapi({ description: 'Stored group ids (duplicate enrolments)' }),
  })
  .openapi('CoordinationFlag');

export const FlagsSchema = z
  .object({ asOf: z.string(), population: populationSchema, flags: z.array(FlagSchema) })
  .openapi('CoordinationFlags');

export const OverlapsSchema = z
  .object({
    asOf: z.string(),
    evaluator: z.string(),
    population: populationSchema,
    programmes: z.array(
      z.object({
        key: z.string(),
        id: z.string(),
        label: localized,
        eligible: z.number().int(),
        undetermined: z.number().int(),
        ineligible: z.number().int(),
        coverage: z.number(),
      }),
    ),
    pairs: z.array(
      z.object({
        a: z.string(),
        b: z.string(),
        both: z.number().int(),
        jaccard: z.number(),
        separating: z.array(z.string()).openapi({
          description:
            'Criteria ("programme:criterion") that keep groups eligible for one and not the other, most decisive first',
        }),
        separatingGroups: z.array(z.number().int()),
      }),
    ),
    gaps: z.array(
      z.object({
        segment: z.object({ dimension: z.enum(SEGMENT_DIMENSIONS), value: z.string() }),
        groups: z.number().int(),
        eligibleForNothing: z.number().int(),
        undeterminedOnly: z.number().int(),
        share: z.number(),
      }),
    ),
  })
  .openapi('ProgrammeOverlaps');
