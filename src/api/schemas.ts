import { z } from '@hono/zod-openapi';
import { isRealDate } from '../rules/dates';
import { type Group, groupSchema } from '../rules/group';
import { LANGS } from '../rules/i18n';
import { EVALUATOR_NAMES, withoutNulls } from '../rules/match';
import { problemSchema } from './problem';

/** Request and response schemas of the HTTP API; the OpenAPI document is generated from them. */

// Schemas built in src/rules are wrapped here (not extended in place): zod-openapi's .openapi()
// exists only on schemas created after @hono/zod-openapi is loaded.
export const GroupSchema = z.preprocess(withoutNulls, groupSchema).openapi('Group', {
  description:
    'A beneficiary group and its members. Every field is optional: a missing (or null) field is unknown and makes the criteria that need it undetermined, never failed. An empty list is a known "none". See schemas/group.schema.json. The id is the caller\'s own reference, echoed by /v1/match; POST and PUT /v1/groups refuse it (422), as they refuse createdAt, updatedAt and a member\'s hasPersonalId: the server assigns them. A stored group has one enrolment per programme, fiscal year and stage.',
});

/**
 * Refuses (422, naming each) the fields the server assigns to what it stores when a request body sets
 * them: `fields` at the top of the body, `inLists` in each item of a list field (e.g. members). They are
 * never obeyed, nor dropped in silence. Only a body that sets none is validated further.
 */
function refusingServerAssigned<T extends z.ZodType>(
  schema: T,
  fields: readonly string[],
  inLists: Record<string, readonly string[]> = {},
) {
  const isRecord = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  return z.preprocess((body, ctx) => {
    if (!isRecord(body)) return body;
    const refuse = (path: PropertyKey[], field: string) =>
      ctx.addIssue({
        code: 'custom',
        path: [...path, field],
        message: `'${field}' is assigned by the server and cannot be set in a request: leave it out`,
      });
    for (const field of fields) if (Object.hasOwn(body, field)) refuse([], field);
    for (const [list, itemFields] of Object.entries(inLists)) {
      const items = body[list];
      if (!Array.isArray(items)) continue;
      for (const [i, item] of items.entries()) {
        if (!isRecord(item)) continue;
        for (const field of itemFields) if (Object.hasOwn(item, field)) refuse([list, i], field);
      }
    }
    return body;
  }, schema);
}

/** Two enrolments of a group in the same programme, fiscal year and stage: storage keeps one of each. */
function refuseRepeatedEnrolments(group: { enrolments?: Group['enrolments'] }, ctx: z.RefinementCtx) {
  const first = new Map<string, number>();
  for (const [i, e] of (group.enrolments ?? []).entries()) {
    const key = JSON.stringify([e.programme, e.fiscalYear, e.stage ?? '']);
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, i);
    else
      ctx.addIssue({
        code: 'custom',
        path: ['enrolments', i],
        message: `repeats enrolments[${earlier}]: the same programme, fiscal year and stage (a group has one enrolment for each)`,
      });
  }
}

/**
 * A group to store (POST and PUT /v1/groups). The server assigns its id and timestamps (the id a Group
 * may carry on /v1/match is only a caller's reference), and a member's hasPersonalId; storage keeps one
 * enrolment per programme, fiscal year and stage.
 */
export const StoredGroupRequestSchema = refusingServerAssigned(
  GroupSchema.superRefine(refuseRepeatedEnrolments),
  ['id', 'createdAt', 'updatedAt'],
  { members: ['hasPersonalId', 'personalIdHash'], enrolments: ['applicationId'] },
);

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date written YYYY-MM-DD')
  .refine(isRealDate, { message: 'is not a real calendar date' });

const verdict = z.enum(['passed', 'failed', 'unknown']);
const status = z.enum(['eligible', 'ineligible', 'undetermined', 'not_active', 'no_rules']).openapi({
  description:
    'not_active: the programme did not run on the date; no_rules: it ran then (its lifetime in programmes/registry.yaml) but its rules for that year are not encoded, so nothing is decided',
});
const moneyOut = z
  .object({ amount: z.string().openapi({ example: '50000.00' }), currency: z.string() })
  .openapi('Money');
const missingFact = z.object({ path: z.string(), question: z.string() });

const referenceOut = z
  .object({
    document: z.string(),
    url: z.string().optional(),
    places: z.array(z.string()),
    citations: z.array(z.string()),
  })
  .openapi('Reference');

const criterionResult = z
  .object({
    id: z.string(),
    label: z.string(),
    source: z.array(z.string()),
    references: z.array(referenceOut).openapi({
      description:
        'The documents the sources lead to (title, issuer, date; address where public) and the places in them, in the language of the report',
    }),
    scope: z.enum(['group', 'member']),
    stage: z.string().optional(),
    verdict,
    explanation: z.array(z.string()),
    conditions: z
      .unknown()
      .openapi({ description: 'The evaluated condition tree: actual and expected value of every leaf' }),
    missing: z.array(missingFact),
  })
  .openapi('CriterionResult');

const callResult = z.object({
  id: z.string(),
  name: z.string(),
  opens: z.string(),
  closes: z.string().optional(),
  gazette: z.string().optional(),
  targets: z.record(z.string(), z.number()).optional(),
});

export const ProgrammeResultSchema = z
  .object({
    programme: z.object({
      id: z.string(),
      key: z.string(),
      fiscalYear: z.number().int(),
      name: z.string(),
      level: z.string(),
      country: z.string(),
      agency: z.object({ id: z.string(), name: z.string() }),
      parent: z.object({ id: z.string(), name: z.string() }).optional(),
      targetUnit: z.string(),
      file: z.string(),
    }),
    status,
    summary: z.string(),
    failing: z.array(z.string()),
    validity: z.object({ from: z.string(), to: z.string() }),
    notActive: z.object({ reason: z.enum(['ended', 'not_started']) }).optional(),
    stage: z.object({ id: z.string(), name: z.string() }).optional(),
    criteria: z.array(criterionResult),
    stages: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        status: z.enum(['eligible', 'ineligible', 'undetermined']),
        requires: z.array(z.object({ stage: z.string(), name: z.string(), verdict })),
        blocking: z.array(z.string()),
        failing: z.array(z.string()),
        support: z.array(z.string()),
      }),
    ),
    missingFacts: z.array(missingFact),
    nearMisses: z.array(
      z.object({
        criterion: z.string(),
        fact: z.string(),
        actual: z.unknown(),
        operator: z.string(),
        expected: z.unknown(),
        gap: z.number().optional(),
        unit: z.string().optional(),
        message: z.string(),
      }),
    ),
    members: z
      .array(
        z.object({
          index: z.number().int(),
          id: z.string().optional(),
          verdict,
          failed: z.array(z.string()),
          unknown: z.array(z.string()),
        }),
      )
      .optional(),
    qualifyingMembers: z.array(z.number().int()).optional(),
    support: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        type: z.string(),
        maxPerGroup: moneyOut.optional(),
        maxPerPerson: moneyOut.optional(),
        maxNote: z.string().optional(),
        unfunded: z.boolean().optional(),
        stage: z.string().optional(),
        source: z.array(z.string()),
      }),
    ),
    openCalls: z.array(callResult),
    upcomingCalls: z.array(callResult),
    conflicts: z.array(
      z.object({
        kind: z.enum(['eligible_for_both']),
        programme: z.string(),
        exclusion: z.string(),
        declaredBy: z.string(),
        message: z.string(),
      }),
    ),
    appeal: z
      .object({ text: z.string(), references: z.array(referenceOut) })
      .optional()
      .openapi({ description: 'How to contest the decision, where the operating rules say' }),
  })
  .openapi('ProgrammeResult');

export const MatchReportSchema = z
  .object({
    asOf: z.string(),
    lang: z.enum(LANGS),
    group: z.object({
      id: z.string().optional(),
      name: z.string().optional(),
      memberCount: z.number().int().optional(),
    }),
    counts: z.object({
      eligible: z.number(),
      ineligible: z.number(),
      undetermined: z.number(),
      not_active: z.number(),
      no_rules: z.number(),
    }),
    results: z.array(ProgrammeResultSchema),
    warnings: z
      .array(
        z.object({
          kind: z.enum(['unknown_programme']),
          path: z.string(),
          programme: z.string(),
          message: z.string(),
        }),
      )
      .optional()
      .openapi({
        description: 'What the report could not read, e.g. an enrolment in a programme Vincula does not know',
      }),
  })
  .openapi('MatchReport');

const asOf = isoDate.openapi({
  description: 'Date to match at (YYYY-MM-DD); default today',
  example: '2018-06-01',
});
const lang = z.enum(LANGS).openapi({ description: 'Language of labels and messages; default es' });
export const evaluatorSchema = z.enum(EVALUATOR_NAMES).openapi({
  description:
    'compiled (default): the fast evaluator; reference: json-rules-engine, for audits. Both give the same results (the project tests them against each other).',
});

export const MatchRequestSchema = z
  .object({
    group: GroupSchema,
    asOf: asOf.optional(),
    lang: lang.optional(),
    programmes: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .openapi({ description: 'Only these programme ids' }),
    evaluator: evaluatorSchema.optional(),
  })
  .strict()
  .openapi('MatchRequest');

export const MatchQuerySchema = z.object({
  asOf: asOf.optional(),
  lang: lang.optional(),
  programmes: z.string().optional().openapi({ description: 'Comma-separated programme ids' }),
  evaluator: evaluatorSchema.optional(),
});

export const CohortResultSchema = z
  .object({
    programme: z.string(),
    key: z.string(),
    rule: z.string(),
    label: z.string(),
    source: z.array(z.string()),
    participants: z.number().int(),
    matching: z.number().int(),
    unknown: z.number().int(),
    maxShare: z.number(),
    verdict,
    message: z.string(),
  })
  .openapi('CohortResult');

/** One line of POST /v1/match/batch's NDJSON answer. */
export const BatchLineSchema = z
  .union([
    z.object({ line: z.number().int(), report: MatchReportSchema }),
    z.object({ line: z.number().int(), problem: problemSchema }),
    z.object({ cohorts: z.array(CohortResultSchema) }),
    z.object({ error: problemSchema }),
  ])
  .openapi('BatchLine', {
    description:
      'One line of the NDJSON answer of /v1/match/batch: a report or a problem per input line (numbered from 1), then the cohort results; or, when an internal error stopped the batch, the error as the last line',
  });

export const ProgrammeSummarySchema = z
  .object({
    id: z.string(),
    name: z.object({ es: z.string(), en: z.string() }),
    level: z.string(),
    country: z.string(),
    agency: z.string(),
    parent: z.string().optional(),
    matchable: z.boolean(),
    versions: z.array(
      z.object({
        key: z.string(),
        fiscalYear: z.number().int(),
        validity: z.object({ from: z.string(), to: z.string() }),
      }),
    ),
  })
  .openapi('ProgrammeSummary');

export const ProgrammeDetailSchema = z
  .object({
    id: z.string(),
    versions: z.array(
      z
        .object({
          key: z.string(),
          fiscalYear: z.number().int(),
          file: z.string(),
          name: z.object({ es: z.string(), en: z.string() }),
          validity: z.object({ from: z.string(), to: z.string() }),
          targetUnit: z.string(),
          criteria: z.array(
            z.object({
              id: z.string(),
              label: z.object({ es: z.string(), en: z.string() }),
              source: z.array(z.string()),
              scope: z.string(),
              stage: z.string().optional(),
              condition: z.unknown(),
            }),
          ),
          parameters: z.record(z.string(), z.unknown()),
          stages: z.array(z.unknown()),
          support: z.array(z.unknown()),
          budget: z
            .object({
              fiscalYear: z.number().int(),
              currency: z.string(),
              total: moneyOut.optional(),
              lines: z.array(
                z.object({
                  id: z.string(),
                  label: z.object({ es: z.string(), en: z.string() }),
                  amount: moneyOut,
                  category: z.string().optional(),
                }),
              ),
            })
            .optional(),
          calls: z.array(z.unknown()),
          exclusions: z.array(z.unknown()),
          coordination: z.unknown(),
        })
        .passthrough(),
    ),
  })
  .openapi('ProgrammeDetail');

export const StoredGroupSchema = z
  .object({ id: z.string(), createdAt: z.string(), updatedAt: z.string() })
  .passthrough()
  .openapi('StoredGroup', {
    description:
      'A stored group. Members show hasPersonalId instead of the identifier, which is never returned.',
  });

export const GroupListSchema = z
  .object({
    groups: z.array(
      z.object({ id: z.string(), name: z.string().nullable(), createdAt: z.string(), updatedAt: z.string() }),
    ),
    limit: z.number().int(),
    offset: z.number().int(),
  })
  .openapi('GroupList');

export const IdParamSchema = z.object({
  id: z
    .string()
    .min(1)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

/** What the server sets on an application: never taken from a request (creation or decision). */
const APPLICATION_ASSIGNED = [
  'id',
  'programmeKey',
  'fiscalYear',
  'budgetLine',
  'state',
  'history',
  'createdAt',
  'updatedAt',
  'createdBy',
] as const;

const applicationRequest = z
  .object({
    groupId: z.string().min(1),
    programme: z.string().min(1).openapi({ example: 'cdmx-coop-spi' }),
    asOf: asOf.optional(),
    supportLine: z.string().min(1).openapi({ example: 'spi-consulting-training' }),
    stage: z.string().min(1).optional(),
    callId: z.string().min(1).optional(),
    amount: z
      .object({ amount: z.union([z.number().int(), z.string()]), currency: z.string() })
      .strict()
      .optional()
      .openapi({
        description:
          'Requested amount in major units, a whole number or a decimal string ("1200.50"), at most 100000000000.00 (10^13 minor units); default the support line\'s maximum per group',
      }),
  })
  .strict()
  .openapi('ApplicationRequest', {
    description: `The server assigns ${APPLICATION_ASSIGNED.join(', ')}: a request that sets one is refused (422).`,
  });
export const ApplicationRequestSchema = refusingServerAssigned(applicationRequest, APPLICATION_ASSIGNED);

export const ApplicationSchema = z
  .object({
    id: z.string(),
    groupId: z.string(),
    programme: z.string(),
    programmeKey: z.string(),
    fiscalYear: z.number().int(),
    asOf: z.string(),
    stage: z.string().optional(),
    callId: z.string().nullable(),
    supportLine: z.string(),
    budgetLine: z.string(),
    amount: moneyOut,
    state: z.enum(['draft', 'submitted', 'approved', 'rejected', 'waitlisted']),
    createdAt: z.string(),
    updatedAt: z.string(),
    history: z.array(
      z.object({
        from: z.string().nullable(),
        to: z.string(),
        actor: z.string(),
        note: z.string().nullable(),
        at: z.string(),
      }),
    ),
  })
  .openapi('Application');

const transitionRequest = z
  .object({ note: z.string().max(2000).optional() })
  .strict()
  .openapi('TransitionRequest', {
    description: `Only a note. The server assigns ${APPLICATION_ASSIGNED.join(', ')}: a request that sets one is refused (422).`,
  });
export const TransitionRequestSchema = refusingServerAssigned(transitionRequest, APPLICATION_ASSIGNED);

export const BudgetSchema = z
  .object({
    programme: z.string(),
    key: z.string(),
    fiscalYear: z.number().int(),
    currency: z.string(),
    lines: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        amount: moneyOut,
        committed: moneyOut,
        remaining: moneyOut,
        commitments: z.number().int(),
      }),
    ),
  })
  .openapi('Budget');
