import { z } from '@hono/zod-openapi';
import * as repo from '../../db/repositories';
import type { ProgrammeVersion } from '../../rules/catalogue';
import { pick } from '../../rules/i18n';
import { moneyJson } from '../../rules/money';
import { BUDGET, json, problems, router, type Services, secured } from '../kit';
import { ApiError } from '../problem';
import * as S from '../schemas';

/**
 * Budgets: each line's amount, what is committed against it and what remains.
 */
export function budgetRoutes(s: Services) {
  const { catalogue, db } = s;
  const app = router();

  app.openapi(
    secured(BUDGET, {
      method: 'get',
      path: '/v1/budget/{id}',
      tags: ['budget'],
      summary: "A programme's budget lines: amount, committed and remaining",
      request: {
        params: S.IdParamSchema,
        query: z.object({
          fiscalYear: z.coerce
            .number()
            .int()
            .min(1990)
            .max(2100)
            .optional()
            .openapi({ description: 'Default: the latest version' }),
        }),
      },
      responses: {
        200: json(S.BudgetSchema, 'The budget'),
        404: problems('No such programme or fiscal year'),
        422: problems('Bad query'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { fiscalYear } = c.req.valid('query');
      const versions = catalogue.versions(id);
      if (!versions.length) throw new ApiError('not_found', `no programme '${id}'`);
      const version =
        fiscalYear === undefined
          ? (versions.at(-1) as ProgrammeVersion)
          : versions.find((v) => v.fiscalYear === fiscalYear);
      if (!version) throw new ApiError('not_found', `no version of '${id}' for fiscal year ${fiscalYear}`);
      const committed = await repo.committedByLine(db, version.key);
      const currency = version.budget?.currency ?? 'MXN';
      return c.json(
        {
          programme: id,
          key: version.key,
          fiscalYear: version.fiscalYear,
          currency,
          lines: (version.budget?.lines ?? []).map((l) => {
            const used = committed.get(l.id) ?? { total: 0, count: 0 };
            return {
              id: l.id,
              label: pick(l.label, 'es'),
              amount: moneyJson(l.amount),
              committed: moneyJson({ minor: used.total, currency: l.amount.currency }),
              remaining: moneyJson({ minor: l.amount.minor - used.total, currency: l.amount.currency }),
              commitments: used.count,
            };
          }),
        },
        200,
      );
    },
  );

  return app;
}
