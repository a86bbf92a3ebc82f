import { z } from '@hono/zod-openapi';
import * as repo from '../../db/repositories';
import { checkTerritories, DEFAULT_EVALUATOR } from '../../rules/match';
import { idempotency } from '../idempotency';
import {
  json,
  jsonBody,
  MATCH,
  problems,
  programmeChecks,
  programmeList,
  router,
  type Services,
  secured,
  storedGroupOrThrow,
  WRITE_GROUPS,
} from '../kit';
import { ApiError } from '../problem';
import * as S from '../schemas';

/**
 * Stored groups (personal identifiers kept only as a keyed hash), and the match of a stored group.
 */
export function groupRoutes(s: Services) {
  const { catalogue, db, matchers, today: todayOf } = s;
  const { checkProgrammes } = programmeChecks(catalogue);
  const idempotent = idempotency(db, s.idempotencyWaitMs);
  /** Accepts null as "unknown" before validating a group, as the CLI does; refuses what the server assigns. */
  const groupBody = S.StoredGroupRequestSchema;
  const app = router();

  const storedGroup = (id: string) => storedGroupOrThrow(db, id);

  app.openapi(
    secured(WRITE_GROUPS, {
      method: 'post',
      path: '/v1/groups',
      tags: ['groups'],
      summary: 'Store a group and its members',
      description:
        'Personal identifiers are stored only as a keyed hash. The server assigns the id and the timestamps: a body that sets them is refused (422). Honours Idempotency-Key.',
      request: { body: jsonBody(groupBody), headers: z.object({ 'idempotency-key': z.string().optional() }) },
      responses: {
        201: json(S.StoredGroupSchema, 'The stored group'),
        409: problems('The Idempotency-Key was used with a different request'),
        422: problems('The group does not validate, or the Idempotency-Key is longer than 200 characters'),
      },
    }),
    async (c) => {
      const group = c.req.valid('json');
      checkTerritories(group, catalogue);
      const result = await idempotent(c, group, async () => {
        const id = await repo.createGroup(db, group, c.get('actor').keyId, s.idSecret);
        return { status: 201 as const, body: (await storedGroup(id)).stored, location: `/v1/groups/${id}` };
      });
      const id = (result.body as { id: string }).id;
      c.header('Location', `/v1/groups/${id}`);
      return c.json(result.body as z.infer<typeof S.StoredGroupSchema>, 201);
    },
  );

  app.openapi(
    secured(WRITE_GROUPS, {
      method: 'get',
      path: '/v1/groups',
      tags: ['groups'],
      summary: 'List stored groups, newest first',
      request: {
        query: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
      },
      responses: { 200: json(S.GroupListSchema, 'A page of groups'), 422: problems('Bad paging parameters') },
    }),
    async (c) => {
      const { limit, offset } = c.req.valid('query');
      return c.json({ groups: await repo.listGroups(db, limit, offset), limit, offset }, 200);
    },
  );

  app.openapi(
    secured(WRITE_GROUPS, {
      method: 'get',
      path: '/v1/groups/{id}',
      tags: ['groups'],
      summary: 'Read a stored group with its members and enrolments',
      request: { params: S.IdParamSchema },
      responses: { 200: json(S.StoredGroupSchema, 'The group'), 404: problems('No such group') },
    }),
    async (c) => c.json((await storedGroup(c.req.valid('param').id)).stored, 200),
  );

  app.openapi(
    secured(WRITE_GROUPS, {
      method: 'put',
      path: '/v1/groups/{id}',
      tags: ['groups'],
      summary: 'Replace a stored group (members and entered enrolments are replaced)',
      request: { params: S.IdParamSchema, body: jsonBody(groupBody) },
      responses: {
        200: json(S.StoredGroupSchema, 'The updated group'),
        404: problems('No such group'),
        422: problems('The group does not validate'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const group = c.req.valid('json');
      checkTerritories(group, catalogue);
      if (!(await repo.replaceGroup(db, id, group, c.get('actor').keyId, s.idSecret))) {
        throw new ApiError('not_found', `no group '${id}'`);
      }
      return c.json((await storedGroup(id)).stored, 200);
    },
  );

  app.openapi(
    secured(WRITE_GROUPS, {
      method: 'delete',
      path: '/v1/groups/{id}',
      tags: ['groups'],
      summary: 'Delete a stored group, with its draft applications',
      description:
        'Refused (409) while the group has an application past draft (submitted, waitlisted, approved or rejected): those applications, their history and budget commitments are never deleted. The audit log keeps its entries.',
      request: { params: S.IdParamSchema },
      responses: {
        204: { description: 'Deleted, with its members, enrolments and draft applications' },
        404: problems('No such group'),
        409: problems('The group has applications past draft, which are kept'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const result = await repo.deleteGroup(db, id, c.get('actor').keyId);
      if (!result.deleted && result.reason === 'not_found')
        throw new ApiError('not_found', `no group '${id}'`);
      if (!result.deleted && result.reason === 'has_records') {
        const kept = Object.entries(result.kept).map(([state, n]) => `${n} ${state}`);
        throw new ApiError(
          'conflict',
          `the group has applications past draft (${kept.join(', ')}): they, their history and any budget commitment are records of public money and are kept, so the group is kept with them`,
        );
      }
      return c.body(null, 204);
    },
  );

  app.openapi(
    secured(MATCH, {
      method: 'get',
      path: '/v1/groups/{id}/matches',
      tags: ['groups', 'match'],
      summary: 'Match a stored group',
      request: { params: S.IdParamSchema, query: S.MatchQuerySchema },
      responses: {
        200: json(S.MatchReportSchema, 'Status of every programme'),
        404: problems('No such group'),
        422: problems('Bad query'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const query = c.req.valid('query');
      const programmes = programmeList(query.programmes);
      checkProgrammes(programmes, 'programmes');
      const { group } = await storedGroup(id);
      const report = await matchers[query.evaluator ?? DEFAULT_EVALUATOR].match(
        { id, ...group },
        { asOf: query.asOf ?? todayOf(), lang: query.lang ?? 'es', ...(programmes ? { programmes } : {}) },
      );
      return c.json(report, 200);
    },
  );

  return app;
}
