import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** RFC 9457 problem details: every error the API returns has this shape. */
export const problemSchema = z
  .object({
    type: z.string().openapi({ example: 'https://vincula.dev/problems/validation' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .openapi({ description: 'For validation errors: the field path and what is wrong with it' }),
  })
  .openapi('Problem');
export type Problem = z.infer<typeof problemSchema>;

export const PROBLEM_TYPES = {
  validation: { status: 422, title: 'The request is not valid' },
  malformed: { status: 400, title: 'The request body is not valid JSON' },
  unauthorized: { status: 401, title: 'An API key is required' },
  forbidden: { status: 403, title: 'This API key may not do this' },
  csrf: { status: 403, title: 'Refused: this request could come from another site' },
  not_found: { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'The request conflicts with the current state' },
  too_large: { status: 413, title: 'The request body is too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported content type' },
  rate_limited: { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal server error' },
  unavailable: { status: 503, title: 'The database is busy: try again shortly' },
} as const;
export type ProblemKind = keyof typeof PROBLEM_TYPES;

export function problem(kind: ProblemKind, detail?: string, extra: Partial<Problem> = {}): Problem {
  const { status, title } = PROBLEM_TYPES[kind];
  return {
    type: `https://vincula.dev/problems/${kind.replace(/_/g, '-')}`,
    title,
    status,
    ...(detail ? { detail } : {}),
    ...extra,
  };
}

export function problemResponse(
  c: Context,
  kind: ProblemKind,
  detail?: string,
  extra: Partial<Problem> = {},
) {
  const body = problem(kind, detail, { instance: new URL(c.req.url).pathname, ...extra });
  return c.body(JSON.stringify(body), body.status as ContentfulStatusCode, {
    'Content-Type': 'application/problem+json',
  });
}

/** A thrown error that becomes a problem response. */
export class ApiError extends Error {
  constructor(
    readonly kind: ProblemKind,
    detail: string,
    readonly extra: Partial<Problem> = {},
  ) {
    super(detail);
  }
}

export const problemContent = { 'application/problem+json': { schema: problemSchema } };

export function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path)
    out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out || '(body)';
}
