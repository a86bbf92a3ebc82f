import { z } from 'zod';
import { conditionSchema } from './condition';
import { isoDateSchema } from './dates';
import { localizedSchema } from './i18n';
import { coordinationLinkSchema } from './programme';
import { territoryAttributesSchema } from './territory';

/**
 * A what-if scenario: changes to named programme versions ("id@year") — parameters, budget lines,
 * calls, criteria removed (everywhere or in some territories) or rewritten, declared links — applied
 * to a copy of the catalogue in memory. Nothing on disk changes. `npm run gen` writes the schema to
 * schemas/scenario.schema.json; examples are in examples/scenarios/.
 */

const versionKey = z
  .string()
  .regex(
    /^[a-z0-9]+(-[a-z0-9]+)*@\d{4}$/,
    'a programme version is written id@year, e.g. "cdmx-focofess-spi@2019"',
  );
export const ATTRIBUTES = Object.keys(territoryAttributesSchema.shape) as (keyof z.infer<
  typeof territoryAttributesSchema
>)[];

/** Where a criterion is removed: listed territories, or those whose attribute has one of the values. */
export const whereSchema = z
  .object({
    territories: z.array(z.string().min(1)).min(1).optional(),
    territoryAttributes: z
      .record(z.string(), z.array(z.union([z.string(), z.boolean(), z.number()])).min(1))
      .optional(),
  })
  .strict()
  .refine((w) => w.territories || w.territoryAttributes, {
    message: 'name the territories, or territory attributes and their values',
  });

const criterionChangeSchema = z
  .object({
    /** Drop the criterion (with `where`, only for groups located in those territories). */
    remove: z.literal(true).optional(),
    where: whereSchema.optional(),
    /** The criterion's new condition (to relax it); `{ param: name }` reads the version's parameters. */
    condition: conditionSchema.optional(),
    note: z.string().optional(),
  })
  .strict()
  .refine((c) => (c.remove ? 1 : 0) + (c.condition ? 1 : 0) === 1, {
    message: 'a criterion change either removes the criterion (remove: true) or gives its new condition',
  })
  .refine((c) => !c.where || c.remove, { message: 'where applies to remove', path: ['where'] });

export const lineChangeSchema = z
  .object({
    /** The line's new amount, in the budget's currency. */
    amount: z.union([z.number().min(0), z.string()]).optional(),
    /** Or the line multiplied by this factor (1.2: 20 % more). */
    factor: z.number().min(0).optional(),
  })
  .strict()
  .refine((l) => (l.amount === undefined) !== (l.factor === undefined), {
    message: 'give either amount or factor',
  });

export const callChangeSchema = z
  .object({
    remove: z.literal(true).optional(),
    opens: isoDateSchema.optional(),
    closes: isoDateSchema.optional(),
    targets: z.record(z.string(), z.number().int().min(0)).optional(),
  })
  .strict();

export const linkChangeSchema = coordinationLinkSchema
  .omit({ with: true, source: true })
  .partial()
  .extend({ remove: z.literal(true).optional(), source: coordinationLinkSchema.shape.source.optional() })
  .strict();

export const versionChangeSchema = z
  .object({
    /** New values of named parameters. */
    parameters: z.record(z.string(), z.unknown()).optional(),
    criteria: z.record(z.string(), criterionChangeSchema).optional(),
    budget: z
      .object({ lines: z.record(z.string(), lineChangeSchema) })
      .strict()
      .optional(),
    calls: z.record(z.string(), callChangeSchema).optional(),
    /** Declared coordination links, by the programme or body they link with: changed, removed or added. */
    links: z.record(z.string(), linkChangeSchema).optional(),
  })
  .strict();

export const scenarioSchema = z
  .object({
    name: localizedSchema,
    description: localizedSchema.optional(),
    programmes: z.record(versionKey, versionChangeSchema).refine((p) => Object.keys(p).length > 0, {
      message: 'a scenario changes at least one programme version',
    }),
  })
  .strict();
export type Scenario = z.infer<typeof scenarioSchema>;
export type VersionChange = z.infer<typeof versionChangeSchema>;
