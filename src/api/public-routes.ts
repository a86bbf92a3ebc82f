import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { LANGS } from '../rules/i18n';
import { CASE_WORKER_ROLES, COMMITTEE_ROLES } from '../web/layout';
import type { Env } from './kit';
import { problemContent } from './problem';

/**
 * The routes outside /v1 in the OpenAPI document: health, the document itself, the docs page and
 * its files, and the web pages (sign-in, sign-out, the case worker's page, the committee's page).
 * They are plain hono routes (src/api/app.ts, src/web/routes.tsx); this describes what they answer,
 * and test/openapi-conformance.test.ts checks it against real responses.
 */

export const HealthSchema = z
  .object({ status: z.literal('ok'), programmes: z.number().int() })
  .openapi('Health');

const text = (type: string, description: string) => ({
  description,
  content: { [type]: { schema: { type: 'string' as const } } },
});
const html = (description: string) => text('text/html', description);
const internal = { 500: { description: 'Internal error (logged on the server)', content: problemContent } };
const redirect = (description: string) => ({
  description,
  headers: { Location: { description: 'Where to go', required: true, schema: { type: 'string' as const } } },
});
const form = (schema: z.ZodType) => ({
  required: true,
  content: {
    'application/x-www-form-urlencoded': { schema },
    'multipart/form-data': { schema },
  },
});
const lang = z
  .enum(LANGS)
  .optional()
  .openapi({ description: 'Language of the page (remembered in a cookie)' });
const signIn = '303 to /sign-in?next=… without a sign-in cookie (or with one that is not valid)';
const formLimit = { 413: html('The form is larger than 1 MiB') };
const page = { tags: ['pages'], security: [{ sessionCookie: [] }] };
const open = { tags: ['public'], security: [] };

export function documentPublicRoutes(app: OpenAPIHono<Env>) {
  const registry = app.openAPIRegistry;

  registry.registerPath({
    ...open,
    method: 'get',
    path: '/healthz',
    summary: 'Health check: the server is up and the number of programmes it loaded',
    responses: {
      200: { description: 'Up', content: { 'application/json': { schema: HealthSchema } } },
      ...internal,
    },
  });
  registry.registerPath({
    ...open,
    method: 'get',
    path: '/openapi.json',
    summary: 'This OpenAPI 3.1 document',
    responses: {
      200: {
        description: 'The document',
        content: { 'application/json': { schema: { type: 'object' } } },
      },
      ...internal,
    },
  });
  registry.registerPath({
    ...open,
    method: 'get',
    path: '/docs',
    summary: 'Interactive documentation (Swagger UI), or a link to /openapi.json without its files',
    responses: { 200: html('The page'), ...internal },
  });
  registry.registerPath({
    ...open,
    method: 'get',
    path: '/docs/init.js',
    summary: "The docs page's script that starts Swagger UI",
    responses: { 200: text('text/javascript', 'The script'), ...internal },
  });
  registry.registerPath({
    ...open,
    method: 'get',
    path: '/docs/{file}',
    summary: "Swagger UI's files, served from this origin",
    request: {
      params: z.object({
        file: z
          .enum(['swagger-ui.css', 'swagger-ui-bundle.js'])
          .openapi({ param: { name: 'file', in: 'path' } }),
      }),
    },
    responses: {
      200: {
        description: 'The file',
        content: {
          'text/css': { schema: { type: 'string' } },
          'text/javascript': { schema: { type: 'string' } },
        },
      },
      404: { description: 'This server has no Swagger UI files', content: problemContent },
      ...internal,
    },
  });
  registry.registerPath({
    ...open,
    method: 'get',
    path: '/web/style.css',
    summary: "The pages' style sheet",
    responses: { 200: text('text/css', 'The style sheet'), ...internal },
  });
  registry.registerPath({
    ...open,
    method: 'get',
    path: '/web/places.js',
    summary: "The case-worker page's municipality search (progressive enhancement of its datalist)",
    responses: { 200: text('text/javascript', 'The script'), ...internal },
  });
  registry.registerPath({
    ...open,
    method: 'get',
    path: '/web/committee.js',
    summary: "The committee page's browser bundle",
    request: {
      query: z.object({
        v: z
          .string()
          .optional()
          .openapi({ description: "The bundle's hash: cached for a year when it matches" }),
      }),
    },
    responses: {
      200: text('text/javascript', 'The bundle'),
      404: text('text/plain', 'The bundle is not built on this server (npm run build:web)'),
      ...internal,
    },
  });
  registry.registerPath({
    ...open,
    method: 'get',
    path: '/web/layout.js',
    summary: "The committee graph's layout worker (started by the committee page's bundle)",
    request: {
      query: z.object({
        v: z
          .string()
          .optional()
          .openapi({ description: "The bundle's hash: cached for a year when it matches" }),
      }),
    },
    responses: {
      200: text('text/javascript', 'The bundle'),
      404: text('text/plain', 'The bundle is not built on this server (npm run build:web)'),
      ...internal,
    },
  });

  registry.registerPath({
    ...open,
    tags: ['pages'],
    method: 'get',
    path: '/sign-in',
    summary: 'The sign-in page (an API key)',
    request: {
      query: z.object({
        next: z.string().optional().openapi({ description: 'Path of this site to go to after sign-in' }),
        signedOut: z.string().optional(),
        lang,
      }),
    },
    responses: { 200: html('The page'), ...internal },
  });
  registry.registerPath({
    ...open,
    tags: ['pages'],
    method: 'post',
    path: '/sign-in',
    summary: 'Sign in: keeps the API key in an httpOnly, SameSite=Strict cookie',
    description: 'The form must come from this origin (Origin or Sec-Fetch-Site).',
    request: {
      body: form(
        z.object({
          key: z.string(),
          next: z.string().optional(),
          lang: z.string().optional(),
        }),
      ),
    },
    responses: {
      303: redirect("Signed in: to next, or to the home page of the key's role"),
      401: html('The page again, saying the key is missing or not valid'),
      403: html('Refused: the form did not come from this origin'),
      ...formLimit,
      ...internal,
    },
  });
  registry.registerPath({
    ...page,
    method: 'post',
    path: '/sign-out',
    summary: 'Sign out: forgets the sign-in cookie',
    request: { body: form(z.object({ csrf: z.string().optional() })) },
    responses: {
      303: redirect('Signed out: to /sign-in?signedOut=1'),
      403: html('Refused: the form did not come from this origin, or its token is not valid'),
      ...formLimit,
      ...internal,
    },
  });

  const rolesNote = (roles: readonly string[]) => `Roles: ${roles.join(', ')}.`;
  registry.registerPath({
    ...page,
    method: 'get',
    path: '/',
    summary: "The case worker's eligibility check",
    description: rolesNote(CASE_WORKER_ROLES),
    'x-vincula-roles': CASE_WORKER_ROLES,
    request: {
      query: z.object({
        example: z.string().optional().openapi({ description: 'Fill the form with an example group' }),
        asOf: z.string().optional(),
        lang,
      }),
    },
    responses: {
      200: html('The form'),
      303: redirect(signIn),
      403: html("The key's role may not use this page"),
      ...internal,
    },
  });
  registry.registerPath({
    ...page,
    method: 'post',
    path: '/',
    summary: "The case worker's form: add or remove rows, or match the group",
    description: `${rolesNote(CASE_WORKER_ROLES)} The form must come from this origin and carry the page's csrf token.`,
    'x-vincula-roles': CASE_WORKER_ROLES,
    request: {
      body: form(
        z
          .object({ csrf: z.string(), action: z.string().optional(), asOf: z.string().optional() })
          .catchall(z.unknown()),
      ),
    },
    responses: {
      200: html('The form, with the report when it was matched'),
      303: redirect(signIn),
      401: html(
        'The sign-in page, carrying what was typed: the sign-in expired (or the key was revoked) while the form was open; signing in sends it again',
      ),
      403: html("The key's role may not use this page, or the form did not come from this origin"),
      ...formLimit,
      422: html('The form again, with the errors next to their fields'),
      ...internal,
    },
  });
  const caseId = z.object({
    id: z.string().openapi({ description: "The saved case's id (its group's id)" }),
  });
  const caseForm = form(z.object({ csrf: z.string() }).catchall(z.unknown()));
  registry.registerPath({
    ...page,
    method: 'get',
    path: '/casos',
    summary: 'The cases this key saved, searchable by name',
    description: rolesNote(CASE_WORKER_ROLES),
    'x-vincula-roles': CASE_WORKER_ROLES,
    request: { query: z.object({ q: z.string().optional(), lang }) },
    responses: {
      200: html('The list of saved cases'),
      303: redirect(signIn),
      403: html("The key's role may not use this page"),
      ...internal,
    },
  });
  registry.registerPath({
    ...page,
    method: 'get',
    path: '/casos/{id}',
    summary: 'A saved case: its form, its results and its applications',
    description: rolesNote(CASE_WORKER_ROLES),
    'x-vincula-roles': CASE_WORKER_ROLES,
    request: { params: caseId, query: z.object({ asOf: z.string().optional(), lang }) },
    responses: {
      200: html('The case'),
      303: redirect(signIn),
      403: html("The key's role may not use this page"),
      404: html('No saved case has this id'),
      ...internal,
    },
  });
  registry.registerPath({
    ...page,
    method: 'post',
    path: '/casos/{id}',
    summary: 'Change a saved case (rows, match, save): answered by a redirect back to its address',
    description: `${rolesNote(CASE_WORKER_ROLES)} The form must come from this origin and carry the page's csrf token.`,
    'x-vincula-roles': CASE_WORKER_ROLES,
    request: { params: caseId, body: caseForm },
    responses: {
      200: html('The case with what was typed, when it was only checked'),
      303: redirect('Saved: back to /casos/{id} (or to sign-in without a sign-in cookie)'),
      401: html('The sign-in page, carrying what was typed'),
      403: html("The key's role may not change cases, or the form did not come from this origin"),
      404: html('No saved case has this id'),
      ...formLimit,
      422: html('The case again, with the errors next to their fields'),
      ...internal,
    },
  });
  registry.registerPath({
    ...page,
    method: 'post',
    path: '/casos/{id}/solicitudes',
    summary: 'Apply from a case: create and submit an application for a support line and its call',
    description: `${rolesNote(CASE_WORKER_ROLES)} Through the applications API, with its checks.`,
    'x-vincula-roles': CASE_WORKER_ROLES,
    request: { params: caseId, body: caseForm },
    responses: {
      303: redirect("Back to the case's applications, saying what happened (or to sign-in)"),
      401: html('The sign-in page, carrying what was typed'),
      403: html("The key's role may not apply, or the form did not come from this origin"),
      404: html('No saved case has this id'),
      ...formLimit,
      ...internal,
    },
  });
  registry.registerPath({
    ...page,
    method: 'post',
    path: '/casos/{id}/solicitudes/{application}/presentar',
    summary: "Submit a case's draft application again",
    description: rolesNote(CASE_WORKER_ROLES),
    'x-vincula-roles': CASE_WORKER_ROLES,
    request: { params: caseId.extend({ application: z.string() }), body: caseForm },
    responses: {
      303: redirect("Back to the case's applications, saying what happened (or to sign-in)"),
      401: html('The sign-in page, carrying what was typed'),
      403: html("The key's role may not apply, or the form did not come from this origin"),
      404: html('No such application of this case'),
      ...formLimit,
      ...internal,
    },
  });
  registry.registerPath({
    ...page,
    method: 'get',
    path: '/committee',
    summary: "The coordination committee's graph page",
    description: rolesNote(COMMITTEE_ROLES),
    'x-vincula-roles': COMMITTEE_ROLES,
    request: {
      query: z.object({
        asOf: z.string().optional(),
        population: z.string().optional(),
        groups: z.string().optional(),
        seed: z.string().optional(),
        level: z.string().optional(),
        country: z.string().optional(),
        agency: z.string().optional(),
        lang,
      }),
    },
    responses: {
      200: html('The page'),
      303: redirect(signIn),
      403: html("The key's role may not use this page"),
      422: html('The page, with the parameters that do not validate'),
      ...internal,
    },
  });
  registry.registerPath({
    ...page,
    method: 'post',
    path: '/committee/scenario',
    summary:
      "The committee page's what-if form: load an example or a file, or compare a scenario with the baseline",
    description: `${rolesNote(COMMITTEE_ROLES)} The form must come from this origin and carry the page's csrf token. The same comparison as POST /v1/scenarios/compare, on the synthetic population or none.`,
    'x-vincula-roles': COMMITTEE_ROLES,
    request: {
      body: form(
        z
          .object({
            csrf: z.string(),
            action: z.enum(['load', 'compare']).optional(),
            example: z.string().optional(),
            scenario: z.string().optional(),
            file: z.string().optional().openapi({ format: 'binary' }),
            asOf: z.string().optional(),
            population: z.string().optional(),
            groups: z.string().optional(),
            seed: z.string().optional(),
            lang,
          })
          .catchall(z.unknown()),
      ),
    },
    responses: {
      200: html('The form, with the comparison when one was asked for'),
      303: redirect(signIn),
      403: html("The key's role may not use this page, or the form did not come from this origin"),
      ...formLimit,
      422: html("The form again, with the scenario's mistakes (line, path, reason)"),
      ...internal,
    },
  });
}
