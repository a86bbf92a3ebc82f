import { z } from '@hono/zod-openapi';
import type { ProgrammeVersion } from '../../rules/catalogue';
import { moneyJson } from '../../rules/money';
import { sourceList } from '../../rules/source';
import { ALL, json, problems, router, type Services, secured } from '../kit';
import { ApiError } from '../problem';
import * as S from '../schemas';

/**
 * The programmes: every one with its versions by date, and one with everything its rule files say.
 */
export function programmeRoutes(s: Services) {
  const { catalogue } = s;
  const app = router();

  app.openapi(
    secured(ALL, {
      method: 'get',
      path: '/v1/programmes',
      tags: ['programmes'],
      summary: 'Every programme, with its versions by date',
      responses: { 200: json(z.object({ programmes: z.array(S.ProgrammeSummarySchema) }), 'The programmes') },
    }),
    (c) => {
      const programmes = catalogue.programmeIds().map((id) => {
        const versions = catalogue.versions(id);
        const latest = versions.at(-1) as ProgrammeVersion;
        return {
          id,
          name: latest.name,
          level: latest.level,
          country: latest.country,
          agency: latest.agency,
          ...(latest.parent ? { parent: latest.parent } : {}),
          matchable: latest.matchable,
          versions: versions.map((v) => ({
            key: v.key,
            fiscalYear: v.fiscalYear,
            validity: { from: v.validity.from, to: v.validity.to },
          })),
        };
      });
      return c.json({ programmes }, 200);
    },
  );

  app.openapi(
    secured(ALL, {
      method: 'get',
      path: '/v1/programmes/{id}',
      tags: ['programmes'],
      summary: 'One programme: every version with its criteria, parameters, stages, support, budget, calls',
      request: { params: S.IdParamSchema },
      responses: { 200: json(S.ProgrammeDetailSchema, 'The programme'), 404: problems('No such programme') },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      const versions = catalogue.versions(id);
      if (!versions.length) throw new ApiError('not_found', `no programme '${id}'`);
      return c.json(
        {
          id,
          versions: versions.map((v) => ({
            key: v.key,
            fiscalYear: v.fiscalYear,
            file: v.file,
            name: v.name,
            ...(v.shortName ? { shortName: v.shortName } : {}),
            level: v.level,
            country: v.country,
            agency: v.agency,
            ...(v.parent ? { parent: v.parent } : {}),
            matchable: v.matchable,
            validity: { from: v.validity.from, to: v.validity.to, source: sourceList(v.validity.source) },
            targetUnit: v.targetUnit,
            targetPopulation: v.targetPopulation,
            parameters: v.parameters,
            criteria: v.criteria.map((k) => ({
              id: k.id,
              label: k.label,
              source: sourceList(k.source),
              scope: k.scope,
              ...(k.stage ? { stage: k.stage } : {}),
              condition: k.condition,
            })),
            stages: v.stages,
            support: v.support.map((s) => ({
              ...s,
              ...(s.maxPerGroup ? { maxPerGroup: moneyJson(s.maxPerGroup) } : {}),
              ...(s.maxPerPerson ? { maxPerPerson: moneyJson(s.maxPerPerson) } : {}),
            })),
            ...(v.budget
              ? {
                  budget: {
                    fiscalYear: v.budget.fiscalYear,
                    currency: v.budget.currency,
                    ...(v.budget.total ? { total: moneyJson(v.budget.total) } : {}),
                    lines: v.budget.lines.map((l) => ({
                      id: l.id,
                      label: l.label,
                      amount: moneyJson(l.amount),
                      ...(l.category ? { category: l.category } : {}),
                    })),
                  },
                }
              : {}),
            calls: v.calls,
            exclusions: v.exclusions,
            cohortRules: v.cohortRules,
            coordination: v.coordination,
          })),
        },
        200,
      );
    },
  );

  return app;
}
