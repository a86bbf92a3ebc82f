import { z } from '@hono/zod-openapi';
import { stream } from 'hono/streaming';
import type { StreamingApi } from 'hono/utils/stream';
import { InputError } from '../../rules/errors';
import type { Lang } from '../../rules/i18n';
import { checkTerritories, DEFAULT_EVALUATOR, parseGroup } from '../../rules/match';
import { BodyTooLarge } from '../body-limit';
import { TOO_DEEP, tooDeep } from '../json-depth';
import {
  BATCH_LINE_LIMIT,
  BATCH_YIELD_MS,
  json,
  jsonBody,
  MATCH,
  problems,
  programmeChecks,
  programmeList,
  router,
  type Services,
  secured,
} from '../kit';
import { forEachLine, Pacer } from '../ndjson';
import { ApiError, problem } from '../problem';
import * as S from '../schemas';

/**
 * Matching: one group (/v1/match), or many as NDJSON, streamed and paced (/v1/match/batch).
 */
export function matchRoutes(s: Services) {
  const { catalogue, matchers, today: todayOf } = s;
  const { checkProgrammes } = programmeChecks(catalogue);
  const app = router();

  app.openapi(
    secured(MATCH, {
      method: 'post',
      path: '/v1/match',
      tags: ['match'],
      summary: 'Match one group against every programme (or some)',
      request: { body: jsonBody(S.MatchRequestSchema) },
      responses: {
        200: json(S.MatchReportSchema, 'Status of every programme for the group, with reasons'),
        422: problems('The request does not validate (field paths in errors)'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      checkTerritories(body.group, catalogue, 'group.');
      checkProgrammes(body.programmes, 'programmes');
      const report = await matchers[body.evaluator ?? DEFAULT_EVALUATOR].match(body.group, {
        asOf: body.asOf ?? todayOf(),
        lang: body.lang ?? 'es',
        ...(body.programmes ? { programmes: body.programmes } : {}),
      });
      return c.json(report, 200);
    },
  );

  app.openapi(
    secured(MATCH, {
      method: 'post',
      path: '/v1/match/batch',
      tags: ['match'],
      summary: 'Match many groups: NDJSON in, NDJSON out, streamed',
      description:
        'One group per line in; one line out per group, in order: `{"line": n, "report": MatchReport}` or `{"line": n, "problem": Problem}` (blank lines are skipped; a line longer than 1 MiB is a 413 problem; a line nested deeper than 64 levels a 422 problem). The last line is `{"cohorts": [CohortResult]}`: the programmes\' cohort rules checked over the whole batch; or `{"error": Problem}` when the batch stopped early: a streamed (chunked) body that passed the 64 MiB limit (413; a declared Content-Length above it is answered 413 at once), or an internal error (500). A response without either last line was cut off. Every line out is a BatchLine (components/schemas). The batch gives way to other requests every few milliseconds.',
      request: {
        query: S.MatchQuerySchema,
        body: {
          required: true,
          content: {
            'application/x-ndjson': {
              schema: z.string().openapi({ description: 'One group (JSON) per line' }),
            },
          },
        },
      },
      responses: {
        200: {
          description: 'NDJSON: one result per input line, then the cohort results; each line is a BatchLine',
          content: { 'application/x-ndjson': { schema: z.string() } },
        },
        413: problems('The body is larger than 64 MiB'),
        415: problems('The body is not NDJSON'),
        422: problems('A query parameter does not validate'),
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const programmes = programmeList(query.programmes);
      checkProgrammes(programmes, 'programmes');
      const type = c.req.header('Content-Type') ?? '';
      if (!/application\/(x-)?ndjson|application\/jsonl|text\/plain/.test(type)) {
        throw new ApiError(
          'unsupported_media_type',
          'send Content-Type: application/x-ndjson, one group per line',
        );
      }
      const lang: Lang = query.lang ?? 'es';
      const batch = matchers[query.evaluator ?? DEFAULT_EVALUATOR].batch({
        asOf: query.asOf ?? todayOf(),
        lang,
        ...(programmes ? { programmes } : {}),
      });
      const input = c.req.raw.body;
      c.header('Content-Type', 'application/x-ndjson; charset=utf-8');
      // The last line read, for the error line of a batch that stops early.
      let lastLine = 0;
      const run = async (out: StreamingApi) => {
        // Lines are read as they arrive; every few milliseconds the batch gives way to other requests.
        const pacer = new Pacer(BATCH_YIELD_MS);
        const write = async (result: unknown) => {
          await out.write(`${JSON.stringify(result)}\n`);
          if (pacer.due()) await pacer.yield();
        };
        const handle = async (line: number, text: string | undefined) => {
          lastLine = line;
          if (text === undefined) {
            const detail = `line ${line}: longer than ${BATCH_LINE_LIMIT} bytes, the limit of one group`;
            return write({ line, problem: problem('too_large', detail) });
          }
          const deep = tooDeep(text);
          if (deep !== undefined) {
            const detail = problem('validation', `line ${line}: ${TOO_DEEP}`, {
              errors: [{ path: deep, message: TOO_DEEP }],
            });
            return write({ line, problem: detail });
          }
          let result: unknown;
          try {
            const group = parseGroup(JSON.parse(text), catalogue);
            result = { line, report: await batch.match(group) };
          } catch (error) {
            const detail =
              error instanceof InputError
                ? problem('validation', `line ${line}: the group does not validate`, {
                    errors: error.problems.map((p) => ({ path: p.path, message: p.reason })),
                  })
                : error instanceof SyntaxError
                  ? problem('malformed', `line ${line}: ${error.message}`)
                  : undefined;
            // The answer is already a 200 under way: a failure of one line is that line's problem,
            // never a stream cut short before the cohort results.
            if (!detail) console.error(error);
            result = { line, problem: detail ?? problem('internal', `line ${line}: the error was logged`) };
          }
          await write(result);
        };
        try {
          if (input) await forEachLine(input, BATCH_LINE_LIMIT, handle, pacer);
        } catch (error) {
          if (!(error instanceof BodyTooLarge)) throw error;
          // A streamed body passed the limit: reading stopped there, and the last line says so.
          return write({ error: problem('too_large', `${error.message}: reading stopped there`) });
        }
        await out.write(`${JSON.stringify({ cohorts: batch.cohorts() })}\n`);
      };
      // A batch never ends early without saying so: the last line is then an error, not the cohorts.
      const stopped = async (error: Error, out: StreamingApi) => {
        console.error(error);
        const detail = `line ${lastLine}: internal error (logged); the batch stopped here, without the later lines or the cohort results`;
        await out.write(`${JSON.stringify({ error: problem('internal', detail) })}\n`);
      };
      // The stream's typing does not carry the route's NDJSON response type.
      const response: Response = stream(
        c,
        (out) =>
          run(out).catch((error) =>
            Promise.reject(error instanceof Error ? error : new Error(String(error))),
          ),
        stopped,
      );
      return response as never;
    },
  );

  return app;
}
