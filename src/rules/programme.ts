import { z } from 'zod';
import { conditionSchema } from './condition';
import { isoDateSchema } from './dates';
import { memberFilterSchema } from './facts';
import { localizedSchema } from './i18n';
import { currencySchema, moneySchema } from './money';
import { sourceSchema } from './source';

/**
 * One rule file = one programme version (usually one fiscal year). This schema is the contract
 * for policy analysts; `npm run gen` writes it as JSON Schema to schemas/programme.schema.json.
 */

const id = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'ids are lower-case words joined by hyphens, e.g. "cdmx-coop-spi"');

const sourced = { source: sourceSchema };

export const parameterSchema = z
  .object({
    value: z.unknown().refine((v) => v !== undefined, { message: 'a parameter needs a value' }),
    unit: z.string().optional(),
    description: localizedSchema.optional(),
    /** Set when the value is Vincula's reading of a vague source: names the entry in ASSUMPTIONS.md. */
    assumption: z
      .string()
      .regex(/^A-\d{2,}$/, 'an assumption is referenced as A-NN, as listed in programmes/ASSUMPTIONS.md')
      .optional(),
    note: z.string().min(1).optional(),
    ...sourced,
  })
  .strict()
  .refine((p) => !p.assumption || p.note, {
    message: 'a parameter that rests on an assumption needs a note saying what was assumed',
    path: ['note'],
  });

export const criterionSchema = z
  .object({
    id,
    label: localizedSchema,
    source: sourceSchema,
    /** `member` criteria are checked for each member (person- or household-targeted programmes). */
    scope: z.enum(['group', 'member']).default('group'),
    /** A criterion that applies only at one stage (e.g. SPI stage 2: legally constituted). */
    stage: id.optional(),
    note: z.string().optional(),
    condition: conditionSchema,
  })
  .strict();

export const stageSchema = z
  .object({
    id,
    name: localizedSchema,
    description: localizedSchema.optional(),
    /** Stages of this programme that must be completed first. */
    requires: z.array(id).default([]),
    note: z.string().optional(),
    /** Support lines granted at this stage. */
    support: z.array(id).default([]),
    ...sourced,
  })
  .strict();

export const supportLineSchema = z
  .object({
    id,
    label: localizedSchema,
    type: z.enum(['cash', 'in_kind', 'technical_assistance', 'training', 'equipment', 'credit', 'services']),
    maxPerGroup: moneySchema.optional(),
    maxPerPerson: moneySchema.optional(),
    /** Why no maximum is given, when the sources do not give one. */
    maxNote: z.string().optional(),
    /** The budget table gives the line no money this year ("----"): shown as not payable, not as unlimited. */
    unfunded: z.boolean().optional(),
    /** The entry in ASSUMPTIONS.md, when the maximum rests on a reading of a vague source. */
    assumption: z
      .string()
      .regex(/^A-\d{2,}$/)
      .optional(),
    /** The budget line this support is paid from. */
    budgetLine: id.optional(),
    ...sourced,
  })
  .strict();

export const budgetLineSchema = z
  .object({
    id,
    label: localizedSchema,
    amount: z.union([z.number(), z.string()]),
    /** A stable column name, for tables that compare years (e.g. "spi-consulting-training"). */
    category: id.optional(),
    ...sourced,
  })
  .strict();

export const budgetSchema = z
  .object({
    fiscalYear: z.number().int(),
    currency: currencySchema,
    /** The total the source states; when given, the loader checks it against the lines. */
    total: z.union([z.number(), z.string()]).optional(),
    /**
     * The part of the stated total that no line holds (the source gives the total, not what all of it
     * pays for): total = lines + subprogrammes' lines + unallocated. Nothing is committed against it.
     */
    unallocated: z.union([z.number(), z.string()]).optional(),
    lines: z.array(budgetLineSchema).default([]),
    note: z.string().optional(),
    ...sourced,
  })
  .strict();

export const callSchema = z
  .object({
    id,
    name: localizedSchema,
    opens: isoDateSchema,
    closes: isoDateSchema.optional(),
    gazette: z.string().optional(),
    targets: z.record(z.string(), z.number().int().min(0)).optional(),
    /** For an umbrella programme's call: the subprogrammes it is open to (all when left out). */
    openTo: z.array(id).optional(),
    note: z.string().optional(),
    ...sourced,
  })
  .strict()
  .refine((c) => !c.closes || c.closes >= c.opens, {
    message: 'a call closes before it opens',
    path: ['closes'],
  });

export const exclusionSchema = z
  .object({
    id,
    label: localizedSchema,
    /** What the group may not take at the same time: named programmes, or any programme of these agencies. */
    programmes: z.array(id).default([]),
    agencies: z.array(id).default([]),
    /**
     * Or any programme of these governments: a level and a country (FOCOFESS-09: "any other public
     * agency of GCDMX" is `{ level: city, country: MX }`; borough and federal programmes are other levels).
     */
    governments: z
      .array(
        z
          .object({
            level: z.enum(['federal', 'city', 'state', 'municipal', 'regional', 'international']),
            country: z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 country code, e.g. "MX"'),
          })
          .strict(),
      )
      .default([]),
    period: z.enum(['same_fiscal_year', 'concurrent']).default('same_fiscal_year'),
    note: z.string().optional(),
    ...sourced,
  })
  .strict()
  .refine((e) => e.programmes.length + e.agencies.length + e.governments.length > 0, {
    message: 'an exclusion names at least one programme, agency or government',
  });

export const coordinationLinkSchema = z
  .object({
    with: id,
    via: id.optional(),
    kind: z.enum(['formal', 'informal']),
    budgetBacked: z.boolean(),
    effective: z.boolean(),
    label: localizedSchema.optional(),
    note: z.string().optional(),
    ...sourced,
  })
  .strict();

/**
 * A rule over the set of participants matched together (a batch), not over one group: e.g. at most
 * 30 % of participants may be above the poverty line (ISMFRONT-08). Participants are the members of
 * the groups eligible for the programme in the batch.
 */
export const cohortRuleSchema = z
  .object({
    id,
    label: localizedSchema,
    /** Which participants count against the limit. */
    where: memberFilterSchema,
    /** The largest share (0-1) of participants that may meet `where`. */
    maxShare: z.union([z.number().min(0).max(1), z.object({ param: z.string().min(1) }).strict()]),
    note: z.string().optional(),
    ...sourced,
  })
  .strict();

export const programmeFileSchema = z
  .object({
    id,
    fiscalYear: z.number().int().min(1990).max(2100),
    name: localizedSchema,
    shortName: z.string().optional(),
    level: z.enum(['federal', 'city', 'state', 'regional']),
    country: z.string().regex(/^[A-Z]{2}$|^MERCOSUR$|^UNASUR$/, 'an ISO country code or MERCOSUR / UNASUR'),
    agency: id,
    parent: id.optional(),
    /** False for an umbrella programme whose eligibility lives in its subprogrammes. */
    matchable: z.boolean().default(true),
    validity: z
      .object({ from: isoDateSchema, to: isoDateSchema, note: z.string().optional(), ...sourced })
      .strict()
      .refine((v) => v.to >= v.from, { message: 'validity ends before it starts', path: ['to'] }),
    targetUnit: z.enum(['group', 'person', 'household']),
    targetPopulation: localizedSchema.extend({ source: sourceSchema }).strict(),
    objective: localizedSchema.extend({ source: sourceSchema }).strict().optional(),
    /** How an applicant may contest a decision; shown with every result of the programme and its subprogrammes. */
    appeal: localizedSchema.extend({ source: sourceSchema }).strict().optional(),
    /** What the year achieved, as the sources report it (Table 1: applications received, applications approved). */
    results: z
      .object({
        applications: z.number().int().min(0).optional(),
        achieved: z.number().int().min(0).optional(),
        note: z.string().optional(),
        source: sourceSchema,
      })
      .strict()
      .optional(),
    parameters: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/), parameterSchema).default({}),
    criteria: z.array(criterionSchema).default([]),
    stages: z.array(stageSchema).default([]),
    support: z.array(supportLineSchema).default([]),
    budget: budgetSchema.optional(),
    calls: z.array(callSchema).default([]),
    exclusions: z.array(exclusionSchema).default([]),
    cohortRules: z.array(cohortRuleSchema).default([]),
    coordination: z
      .object({
        links: z.array(coordinationLinkSchema).default([]),
        /** Links the programme was expected to make, when the source gives a count (PROINPRO-10). */
        expectedLinks: z
          .object({ count: z.number().int().min(0), note: z.string().optional(), ...sourced })
          .strict()
          .optional(),
      })
      .strict()
      .default({ links: [] }),
    notes: z.array(z.string()).default([]),
  })
  .strict();

export type ProgrammeFile = z.output<typeof programmeFileSchema>;
export type Criterion = ProgrammeFile['criteria'][number];
export type Stage = ProgrammeFile['stages'][number];
export type SupportLine = ProgrammeFile['support'][number];
export type Call = ProgrammeFile['calls'][number];
export type Exclusion = ProgrammeFile['exclusions'][number];
export type CohortRule = ProgrammeFile['cohortRules'][number];

/** One period of a body's place in government: from (inclusive) and to (inclusive), open-ended when left out. */
export const bodyParentSchema = z
  .object({
    id,
    from: isoDateSchema.optional(),
    to: isoDateSchema.optional(),
    note: z.string().optional(),
    ...sourced,
  })
  .strict()
  .refine((p) => !p.from || !p.to || p.to >= p.from, { message: 'ends before it starts', path: ['to'] });

export const bodySchema = z
  .object({
    id,
    kind: z.enum([
      'agency',
      'coordination_body',
      'evaluation_committee',
      'advisory_council',
      'regional_body',
      'fund',
      'international_organisation',
      'academic_institution',
    ]),
    name: localizedSchema,
    shortName: z.string().optional(),
    level: z.enum(['federal', 'city', 'state', 'municipal', 'regional', 'international']),
    country: z.string(),
    /** The body it belongs to: an id, or the parents it had by period (INAES: SEDESOL, then Bienestar). */
    parent: z.union([id, z.array(bodyParentSchema).min(1)]).optional(),
    /** Bodies that coordinate but have no budget or operating rules of their own (STEIA-02). */
    hasBudget: z.boolean().optional(),
    hasOperatingRules: z.boolean().optional(),
    note: z.string().optional(),
    ...sourced,
  })
  .strict();
export type Body = z.infer<typeof bodySchema>;

/** The parents a body states, each with its period (a plain id holds at every date). */
export function bodyParents(body: Body): z.infer<typeof bodyParentSchema>[] {
  if (!body.parent) return [];
  return typeof body.parent === 'string' ? [{ id: body.parent, source: body.source }] : body.parent;
}

/** The body's parent in force on a date (its id and source), if any. */
export function bodyParentAt(body: Body, asOf: string) {
  return bodyParents(body).find((p) => (!p.from || p.from <= asOf) && (!p.to || asOf <= p.to));
}

export const bodiesFileSchema = z
  .object({ kind: z.literal('bodies'), bodies: z.array(bodySchema).min(1) })
  .strict();
