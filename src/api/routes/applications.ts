import { z } from '@hono/zod-openapi';
import * as repo from '../../db/repositories';
import type { Role } from '../../db/schema';
import {
  applicationVersion,
  budgetLineOf,
  excludedAtApproval,
  exclusionRefusal,
  requestedAmount,
  submitVerdict,
} from '../../rules/applications';
import type { ProgrammeVersion } from '../../rules/catalogue';
import { moneyJson } from '../../rules/money';
import { idempotency } from '../idempotency';
import {
  ALL,
  DECIDE,
  json,
  jsonBody,
  problems,
  programmeChecks,
  router,
  type Services,
  secured,
  storedGroupOrThrow,
  WRITE_GROUPS,
} from '../kit';
import { ApiError } from '../problem';
import * as S from '../schemas';

/**
 * Applications: a group × programme version × support line (× call), from draft to the committee's decision;
 * approval commits the amount against the budget line atomically.
 */
export function applicationRoutes(s: Services) {
  const { catalogue, db, matcher, today: todayOf } = s;
  const { versionOrThrow } = programmeChecks(catalogue);
  const idempotent = idempotency(db, s.idempotencyWaitMs);
  const storedGroup = (id: string) => storedGroupOrThrow(db, id);
  const app = router();

  const applicationOut = async (row: repo.ApplicationRow) => ({
    id: row.id,
    groupId: row.groupId,
    programme: row.programme,
    programmeKey: row.programmeKey,
    fiscalYear: row.fiscalYear,
    asOf: row.asOf,
    ...(row.stage ? { stage: row.stage } : {}),
    callId: row.callId,
    supportLine: row.supportLine,
    budgetLine: row.budgetLine,
    amount: moneyJson({ minor: row.amountMinor, currency: row.currency as 'MXN' }),
    state: row.state,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    history: await repo.applicationHistory(db, row.id),
  });
  const applicationOrThrow = async (id: string) => {
    const row = await repo.getApplication(db, id);
    if (!row) throw new ApiError('not_found', `no application '${id}'`);
    return row;
  };
  /** The version a stored application was made for: a 409 when its rule file was removed since. */
  const versionOf = (row: repo.ApplicationRow): ProgrammeVersion => {
    const version = applicationVersion(catalogue, row.programmeKey);
    if (!version)
      throw new ApiError(
        'conflict',
        `the rules for ${row.programmeKey} were removed from the rule files; application '${row.id}' cannot be decided under them`,
      );
    return version;
  };

  app.openapi(
    secured(WRITE_GROUPS, {
      method: 'post',
      path: '/v1/applications',
      tags: ['applications'],
      summary: "Create a draft application of a stored group for a programme's support line",
      description: 'Honours Idempotency-Key.',
      request: {
        body: jsonBody(S.ApplicationRequestSchema),
        headers: z.object({ 'idempotency-key': z.string().optional() }),
      },
      responses: {
        201: json(S.ApplicationSchema, 'The draft application'),
        409: problems('The group already applied for this support line, or the Idempotency-Key was reused'),
        422: problems(
          'Unknown group, programme, stage or support line; programme not in force; amount above the maximum; Idempotency-Key longer than 200 characters',
        ),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const result = await idempotent(c, body, async () => {
        const fail = (path: string, message: string): never => {
          throw new ApiError('validation', message, { errors: [{ path, message }] });
        };
        if (!(await repo.loadGroup(db, body.groupId))) fail('groupId', `no group '${body.groupId}'`);
        const asOf = body.asOf ?? todayOf();
        const version = versionOrThrow(body.programme, asOf, 'programme');
        const support = version.support.find((s) => s.id === body.supportLine);
        if (!support)
          fail(
            'supportLine',
            `'${version.key}' has no support line '${body.supportLine}' (${version.support.map((s) => s.id).join(', ') || 'none'})`,
          );
        const supportLine = support as NonNullable<typeof support>;
        const stageOfSupport = version.stages.find((s) => s.support.includes(supportLine.id))?.id;
        if (body.stage && !version.stages.some((s) => s.id === body.stage))
          fail('stage', `'${version.key}' has no stage '${body.stage}'`);
        if (body.stage && stageOfSupport && body.stage !== stageOfSupport)
          fail('stage', `support line '${supportLine.id}' belongs to stage '${stageOfSupport}'`);
        if (
          body.callId &&
          !version.calls.some((k) => k.id === body.callId) &&
          !catalogue.versions(version.parent ?? '').some((p) => p.calls.some((k) => k.id === body.callId))
        ) {
          fail('callId', `no call '${body.callId}' for '${version.key}'`);
        }
        const line = supportLine.budgetLine
          ? budgetLineOf(catalogue, version, supportLine.budgetLine)
          : undefined;
        if (!line)
          fail(
            'supportLine',
            `support line '${supportLine.id}' is not paid from a budget line in the rule files, so it cannot be committed`,
          );
        const budgetLine = line as NonNullable<typeof line>;
        const amount = requestedAmount(supportLine, budgetLine, body.amount);
        if (!('minor' in amount)) return fail(amount.path, amount.message);
        const amountMinor = amount.minor;
        try {
          const row = await repo.createApplication(
            db,
            {
              groupId: body.groupId,
              programme: version.id,
              programmeKey: version.key,
              fiscalYear: version.fiscalYear,
              asOf,
              stage: body.stage ?? stageOfSupport ?? '',
              callId: body.callId ?? null,
              supportLine: supportLine.id,
              budgetLine: budgetLine.id,
              amountMinor,
              currency: budgetLine.amount.currency,
            },
            c.get('actor').keyId,
          );
          return { status: 201 as const, body: await applicationOut(row) };
        } catch (error) {
          if (String((error as Error).message).includes('UNIQUE')) {
            throw new ApiError(
              'conflict',
              `group '${body.groupId}' already has an application for '${supportLine.id}' in ${version.key}`,
            );
          }
          throw error;
        }
      });
      const id = (result.body as { id: string }).id;
      c.header('Location', `/v1/applications/${id}`);
      return c.json(result.body as z.infer<typeof S.ApplicationSchema>, 201);
    },
  );

  app.openapi(
    secured(ALL, {
      method: 'get',
      path: '/v1/applications/{id}',
      tags: ['applications'],
      summary: 'Read an application and its history',
      request: { params: S.IdParamSchema },
      responses: { 200: json(S.ApplicationSchema, 'The application'), 404: problems('No such application') },
    }),
    async (c) => c.json(await applicationOut(await applicationOrThrow(c.req.valid('param').id)), 200),
  );

  const transitionRoute = (
    action: 'submit' | 'reject' | 'waitlist',
    roles: readonly Role[],
    to: 'submitted' | 'rejected' | 'waitlisted',
    from: readonly string[],
    summary: string,
  ) =>
    app.openapi(
      secured(roles, {
        method: 'post',
        path: `/v1/applications/{id}/${action}`,
        tags: ['applications'],
        summary,
        request: {
          params: S.IdParamSchema,
          body: { required: false, content: { 'application/json': { schema: S.TransitionRequestSchema } } },
        },
        responses: {
          200: json(S.ApplicationSchema, 'The application after the change'),
          404: problems('No such application'),
          409: problems(
            `The application is not ${from.join(' or ')}${action === 'submit' ? ', or the group is not eligible or holds a programme this one excludes in the fiscal year' : ''}`,
          ),
          422: problems('The body does not validate'),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const note = (c.req.valid('json') as { note?: string } | undefined)?.note;
        const row = await applicationOrThrow(id);
        if (!from.includes(row.state)) {
          throw new ApiError(
            'conflict',
            `the application is ${row.state}; it can be ${to} only when ${from.join(' or ')}`,
          );
        }
        if (action === 'submit') await assertEligible(row);
        if (!(await repo.transition(db, row, to, c.get('actor').keyId, note))) {
          throw new ApiError('conflict', 'the application changed state meanwhile; read it again');
        }
        return c.json(await applicationOut(await applicationOrThrow(id)), 200);
      },
    );

  /**
   * A group may submit only while the rule files say it is eligible (for the stage applied to), and while
   * it holds no programme this one excludes in the fiscal year (the check approval makes again).
   */
  async function assertEligible(row: repo.ApplicationRow) {
    const version = versionOf(row);
    const { group } = await storedGroup(row.groupId);
    const report = await matcher.match(group, { asOf: row.asOf, lang: 'en', programmes: [row.programme] });
    const verdict = submitVerdict(report.results[0], row.stage || undefined);
    // A programme held that this one excludes fails an exclusion criterion: say which, by name, first.
    await assertNotExcluded(row, version);
    if (!verdict.eligible) {
      throw new ApiError(
        'conflict',
        `the group is ${verdict.status ?? 'not matchable'} for ${row.programmeKey}${row.stage ? ` (stage ${row.stage})` : ''} on ${row.asOf}`,
        { errors: verdict.problems },
      );
    }
  }

  /** A 409 naming the programmes the group holds that this one may not be combined with, if any. */
  async function assertNotExcluded(row: repo.ApplicationRow, version: ProgrammeVersion, excluded?: string[]) {
    const held = await repo.heldExcluded(
      db,
      row.groupId,
      row.fiscalYear,
      excluded ?? excludedAtApproval(catalogue, version),
    );
    const refusal = exclusionRefusal(catalogue, version, held);
    if (refusal) throw new ApiError('conflict', refusal);
  }

  transitionRoute(
    'submit',
    WRITE_GROUPS,
    'submitted',
    ['draft'],
    'Submit a draft application (the group must be eligible)',
  );
  transitionRoute(
    'reject',
    DECIDE,
    'rejected',
    ['submitted', 'waitlisted'],
    'Reject a submitted or waitlisted application',
  );
  transitionRoute(
    'waitlist',
    DECIDE,
    'waitlisted',
    ['submitted'],
    'Put a submitted application on the waiting list',
  );

  app.openapi(
    secured(DECIDE, {
      method: 'post',
      path: '/v1/applications/{id}/approve',
      tags: ['applications'],
      summary: 'Approve an application and commit its amount against the budget line',
      description:
        'One atomic step: the commitment is written only if the application is still submitted (or waitlisted), the budget line has room for the amount, and the group holds no programme this one excludes in the same fiscal year.',
      request: {
        params: S.IdParamSchema,
        body: { required: false, content: { 'application/json': { schema: S.TransitionRequestSchema } } },
      },
      responses: {
        200: json(S.ApplicationSchema, 'The approved application'),
        404: problems('No such application'),
        409: problems('Not submitted, over the budget line, or excluded by a programme the group holds'),
        422: problems('The body does not validate'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const row = await applicationOrThrow(id);
      if (row.state !== 'submitted' && row.state !== 'waitlisted') {
        throw new ApiError(
          'conflict',
          `the application is ${row.state}; only a submitted or waitlisted application can be approved`,
        );
      }
      const version = versionOf(row);
      const line = budgetLineOf(catalogue, version, row.budgetLine);
      if (!line)
        throw new ApiError(
          'conflict',
          `budget line '${row.budgetLine}' of ${row.programmeKey} was removed from the rule files; application '${row.id}' cannot be committed against it`,
        );
      const excluded = excludedAtApproval(catalogue, version);
      const approved = await repo.approveApplication(
        db,
        row,
        { lineAmountMinor: line.amount.minor, excludedProgrammes: excluded },
        c.get('actor').keyId,
      );
      if (approved) return c.json(await applicationOut(await applicationOrThrow(id)), 200);

      // Say why: the state changed, an excluded programme is held, or the line is full.
      const now = await applicationOrThrow(id);
      if (now.state !== 'submitted' && now.state !== 'waitlisted')
        throw new ApiError('conflict', `the application is now ${now.state}`);
      await assertNotExcluded(row, version, excluded);
      const committed = (await repo.committedByLine(db, row.programmeKey)).get(row.budgetLine)?.total ?? 0;
      const money = (minor: number) =>
        `${moneyJson({ minor, currency: line.amount.currency }).amount} ${line.amount.currency}`;
      throw new ApiError(
        'conflict',
        `approving ${money(row.amountMinor)} would exceed budget line '${row.budgetLine}' of ${row.programmeKey}: ${money(committed)} of ${money(line.amount.minor)} committed, ${money(line.amount.minor - committed)} left`,
      );
    },
  );

  return app;
}
