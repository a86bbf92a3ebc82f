import { z } from 'zod';
import { InputError } from '../rules/errors';
import {
  AREA_TYPES,
  enrolmentSchema,
  LEGAL_FORMS,
  POTENTIAL_LEVELS,
  PRODUCER_STRATA,
  SECTORS,
} from '../rules/group';
import { localizedSchema } from '../rules/i18n';
import { issueMessage } from '../rules/suggest';
import { MARGINALISATION_DEGREES } from '../rules/territory';
import DEFAULT_FILE from './distributions.json' with { type: 'json' };

/**
 * The distributions the synthetic population is drawn from (src/graph/distributions.json). Every
 * distribution carries the basis it rests on; this schema checks a file before a run and says where
 * a mistake is.
 */

const basis = z
  .string()
  .trim()
  .min(3, 'say what the distribution rests on (a fact, a statistic, or "assumption")');

const options = <T extends z.ZodType>(value: T) =>
  z
    .array(z.object({ value, weight: z.number().positive('weights are positive numbers') }).strict())
    .min(1, 'give at least one option');

const weighted = <T extends z.ZodType>(value: T) => z.object({ basis, options: options(value) }).strict();
const share = z.object({ value: z.number().min(0).max(1), basis }).strict();

const territoryCode = z
  .string()
  .regex(
    /^(\d{2}(\d{3})?|[A-Z]{2}-[A-Z0-9]{1,3})$/,
    'an INEGI state (2 digits) or municipality (5 digits) code, or an ISO 3166-2 region such as "UY-AR"',
  );
const count = z.number().int().min(0);

/**
 * An enrolment history; `meets` says what a group with this history must have met to get there
 * (the criteria of a stage it completed): the drawn values are raised to at least these.
 */
const history = z
  .object({
    enrolments: z.array(enrolmentSchema),
    meets: z
      .object({
        cooperativismCourse: z.literal(true).optional(),
        councilMeetings: count.optional(),
        trainingAttendance: z.number().min(0).max(1).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const profileFields = {
  areaType: weighted(z.enum(AREA_TYPES)),
  /** CONAPO degree recorded inline as the group's territory attribute; null: not recorded. */
  marginalisation: weighted(z.enum(MARGINALISATION_DEGREES).nullable()),
  constituted: share,
  /** The year a constituted group was constituted (its constitution date is the 15th of a month). */
  constitutedYear: weighted(z.number().int().min(1900).max(2100)),
  legalFormConstituted: weighted(z.enum(LEGAL_FORMS)),
  legalFormNotConstituted: weighted(z.enum(LEGAL_FORMS)),
  sizeConstituted: weighted(z.number().int().min(1).max(500)),
  sizeNotConstituted: weighted(z.number().int().min(1).max(500)),
  managementBody: share,
  supervisoryBody: share,
  registeredOfficeInTerritory: share,
  sectorRural: weighted(z.enum(SECTORS)),
  sectorUrban: weighted(z.enum(SECTORS)),
  productiveReadiness: share,
  commitmentToConstitute: share,
  owesStyfe: share,
  disqualifiedByStyfe: share,
  cooperativismCourse: share,
  managementTool: share,
  trainingAttendance: weighted(z.number().min(0).max(1)),
  councilMeetings: z
    .object({
      basis,
      regular: options(count),
      intermittent: options(count),
      little_or_none: options(count),
      none: options(count),
    })
    .strict(),
  entrepreneurialPotential: weighted(z.enum(POTENTIAL_LEVELS)),
  prosperaShare: weighted(z.number().min(0).max(1)),
  /** MXN per person per month; null: not recorded. */
  householdIncome: weighted(z.number().int().min(0).nullable()),
  /** Members with their household's income per person recorded (drawn from householdIncome). */
  memberIncomeRecorded: share,
  memberAge: weighted(
    z
      .tuple([z.number().int().min(0).max(130), z.number().int().min(0).max(130)])
      .refine(([a, b]) => a <= b, 'an age band is [youngest, oldest]'),
  ),
  /** Members recorded with a date of birth instead of an age: the age drawn, counted back from referenceYear. */
  birthDateRecorded: z
    .object({ value: z.number().min(0).max(1), referenceYear: z.number().int().min(1900).max(2100), basis })
    .strict(),
  female: share,
  inPoverty: share,
  indigenous: share,
  producerStratum: weighted(z.enum(PRODUCER_STRATA).nullable()),
  memberResidesInTerritory: share,
  /** How a member living in the group's municipality is recorded: state, municipality or both codes. */
  memberResidenceRecorded: weighted(z.enum(['state', 'municipality', 'both'])),
  otherResidence: weighted(territoryCode),
  enrolmentsConstituted: weighted(history),
  enrolmentsNotConstituted: weighted(history),
};

const profileSchema = z.object(profileFields).strict();
export type Profile = z.infer<typeof profileSchema>;

const regionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'ids are lower-case words joined by hyphens'),
    label: localizedSchema,
    weight: z.number().positive(),
    basis,
    country: z.enum(['MX', 'UY']),
    territories: weighted(territoryCode),
    ...Object.fromEntries(Object.entries(profileFields).map(([k, v]) => [k, v.optional()])),
  })
  .strict() as z.ZodType<
  {
    id: string;
    label: z.infer<typeof localizedSchema>;
    weight: number;
    basis: string;
    country: 'MX' | 'UY';
  } & {
    territories: z.infer<ReturnType<typeof weighted<typeof territoryCode>>>;
  } & Partial<Profile>
>;

export const distributionsSchema = z
  .object({
    description: z.string().min(1),
    unknownShare: share,
    memberUnknownShare: share,
    regions: z.array(regionSchema).min(1),
    defaults: profileSchema,
  })
  .strict()
  .superRefine((d, ctx) => {
    const seen = new Set<string>();
    d.regions.forEach((r, i) => {
      if (seen.has(r.id))
        ctx.addIssue({ code: 'custom', path: ['regions', i, 'id'], message: `duplicate region '${r.id}'` });
      seen.add(r.id);
      const codes = r.territories.options.map((o) => o.value);
      const bad = codes.filter((c) => (r.country === 'UY') !== c.startsWith('UY-'));
      if (bad.length)
        ctx.addIssue({
          code: 'custom',
          path: ['regions', i, 'territories'],
          message: `territories ${bad.join(', ')} do not belong to country ${r.country}`,
        });
    });
  });

export type Distributions = z.infer<typeof distributionsSchema>;
export type Region = Distributions['regions'][number];
export interface ResolvedRegion extends Profile {
  id: string;
  label: Region['label'];
  weight: number;
  country: 'MX' | 'UY';
  territories: Region['territories'];
}

/** Validates a distributions document; throws InputError with the path and reason of every problem. */
export function parseDistributions(
  input: unknown,
  territoryKnown?: (code: string) => boolean,
): Distributions {
  const result = distributionsSchema.safeParse(input);
  if (!result.success) {
    throw new InputError(
      result.error.issues.map((issue) => ({
        path:
          issue.path
            .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
            .join('')
            .replace(/^\./, '') || '(top level)',
        reason: issueMessage(issue),
      })),
    );
  }
  if (territoryKnown) {
    const problems: { path: string; reason: string }[] = [];
    const check = (code: string, path: string) => {
      const known = territoryKnown(code) || (code.length === 5 && territoryKnown(code.slice(0, 2)));
      if (!known)
        problems.push({ path, reason: `unknown territory code '${code}' (see programmes/territories)` });
    };
    result.data.regions.forEach((r, i) => {
      for (const [j, o] of r.territories.options.entries())
        check(o.value, `regions[${i}].territories.options[${j}].value`);
      for (const [j, o] of (r.otherResidence?.options ?? []).entries())
        check(o.value, `regions[${i}].otherResidence.options[${j}].value`);
    });
    for (const [j, o] of result.data.defaults.otherResidence.options.entries())
      check(o.value, `defaults.otherResidence.options[${j}].value`);
    if (problems.length) throw new InputError(problems);
  }
  return result.data;
}

/** Each region with the defaults filled in. */
export function resolveRegions(d: Distributions): ResolvedRegion[] {
  return d.regions.map((r) => {
    const { basis: _basis, ...own } = r;
    const merged = { ...d.defaults } as Record<string, unknown>;
    for (const [k, v] of Object.entries(own)) if (v !== undefined) merged[k] = v;
    return merged as unknown as ResolvedRegion;
  });
}

/** The distributions shipped with Vincula. */
export const DEFAULT_DISTRIBUTIONS: Distributions = parseDistributions(DEFAULT_FILE);
