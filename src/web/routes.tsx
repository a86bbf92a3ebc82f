import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { graphQuerySchema } from '../api/graph-schemas';
import type { Env } from '../api/kit';
import { SESSION_COOKIE, sessionCookieOptions } from '../api/session';
import type { Database } from '../db/database';
import type * as repo from '../db/repositories';
import type { Role } from '../db/schema';
import { API_GROUP_LIMITS, GRAPH_MAX_GROUPS } from '../graph/evaluator';
import type { Catalogue } from '../rules/catalogue';
import type { Lang } from '../rules/i18n';
import type { Matcher } from '../rules/match';
import type { WebAssets } from './assets';
import { registerCaseRoutes } from './case-routes';
import { formOptions } from './case-worker';
import { CommitteePage, type CommitteeQuery } from './committee';
import { registerScenarioPage } from './committee-scenario';
import type { FieldError, FormBody } from './group-form';
import { CASE_WORKER_ROLES, COMMITTEE_ROLES, MessagePage, type PageContext } from './layout';
import { Places } from './places';
import { PLACES_SCRIPT } from './places-script';
import { PRINT_STYLE } from './print-style';
import { csrfToken, pageLang, rememberLang, safeNext, sameOrigin, validCsrf } from './session';
import { SignInPage } from './sign-in';
import { STYLE } from './style';
import { type TextKey, tr } from './text';

/**
 * The pages: the case worker's eligibility check (/), the committee's coordination graph
 * (/committee), sign-in and sign-out. Server-rendered with hono/jsx; they call the same Matcher and
 * graph API as /v1, and allow the same roles.
 */

export interface WebDeps {
  catalogue: Catalogue;
  matcher: Matcher;
  /** The database, for the saved cases and their applications (read; writes go through the API). */
  db: Database;
  /** The API's key check (with its short cache): the pages accept the keys the API accepts. */
  verifyKey: (token: string) => Promise<repo.Actor | undefined>;
  today: () => string;
  /** The committee page's browser bundle, built by the Node entry (src/server.ts) or a Worker's build. */
  assets?: WebAssets;
}

/** Same limit as the JSON API: a form with hundreds of members is still far below it. */
const FORM_BODY_LIMIT = 1024 * 1024;
/** The committee page's default population: a fraction of a second with the compiled evaluator. */
export const COMMITTEE_DEFAULT_GROUPS = 5000;

const ROLE_TEXT: Record<Role, TextKey> = {
  admin: 'roleAdmin',
  case_worker: 'roleCaseWorker',
  committee: 'roleCommittee',
  service: 'roleService',
};

/** Page headers (X-Content-Type-Options is on every response: src/api/headers.ts): no framing, scripts and styles from this origin only, nothing personal cached. */
const PAGE_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'Referrer-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

function render(c: Context, node: Child, status: ContentfulStatusCode = 200) {
  return c.html(html`<!doctype html>${node}`, status, PAGE_HEADERS);
}

interface Session {
  actor: repo.Actor;
  key: string;
}

export function registerWebRoutes(app: OpenAPIHono<Env>, deps: WebDeps) {
  const { catalogue, matcher } = deps;
  const options = formOptions(catalogue);
  const places = new Places(catalogue);
  // Pages, their script and stylesheet compressed (the form's list of 2,475 municipalities is ~110 KB).
  for (const path of ['/', '/casos', '/casos/*', '/committee', '/sign-in', '/web/*'])
    app.use(path, compress());
  const script = deps.assets ? `/web/committee.js?v=${deps.assets.version}` : undefined;

  async function session(c: Context): Promise<Session | undefined> {
    const key = getCookie(c, SESSION_COOKIE);
    if (!key) return undefined;
    const actor = await deps.verifyKey(key);
    if (!actor) {
      // A revoked or mistyped key: forget it, so the browser is asked to sign in again.
      deleteCookie(c, SESSION_COOKIE, sessionCookieOptions(c));
      return undefined;
    }
    return { actor, key };
  }

  async function pageContext(c: Context, lang: Lang, signed?: Session, path?: string): Promise<PageContext> {
    const url = new URL(c.req.url);
    if (path) {
      url.pathname = path;
      url.search = '';
    }
    return {
      lang,
      url,
      ...(signed ? { actor: signed.actor, csrf: await csrfToken(signed.key) } : {}),
    };
  }

  /** The signed-in session with one of the roles, or the response to send instead. */
  async function guard(
    c: Context,
    roles: readonly Role[],
    lang: Lang,
  ): Promise<{ ok: true; session: Session } | { ok: false; response: Response }> {
    const signed = await session(c);
    if (!signed) {
      const url = new URL(c.req.url);
      const next = c.req.method === 'GET' ? `${url.pathname}${url.search}` : url.pathname;
      return { ok: false, response: c.redirect(`/sign-in?next=${encodeURIComponent(next)}`, 303) };
    }
    if (!roles.includes(signed.actor.role)) {
      const t = tr(lang);
      const page = await pageContext(c, lang, signed);
      const message = t('forbiddenMessage', {
        role: t(ROLE_TEXT[signed.actor.role]),
        roles: roles.map((r) => t(ROLE_TEXT[r])).join(', '),
      });
      return {
        ok: false,
        response: await render(
          c,
          <MessagePage page={page} title={t('forbiddenTitle')} message={message}>
            <p>
              <a href={home(signed.actor.role)}>{t('goHome')}</a>
            </p>
          </MessagePage>,
          403,
        ),
      };
    }
    return { ok: true, session: signed };
  }

  const home = (role: Role) => (CASE_WORKER_ROLES.includes(role) ? '/' : '/committee');

  async function refused(c: Context, lang: Lang, signed?: Session) {
    const t = tr(lang);
    return render(
      c,
      <MessagePage
        page={await pageContext(c, lang, signed)}
        title={t('csrfTitle')}
        message={t('csrfMessage')}
      />,
      403,
    );
  }

  const formLimit = bodyLimit({
    maxSize: FORM_BODY_LIMIT,
    onError: async (c) => {
      const lang = pageLang(c);
      const t = tr(lang);
      return render(
        c,
        <MessagePage
          page={await pageContext(c, lang)}
          title={t('tooLargeTitle')}
          message={t('tooLargeMessage')}
        />,
        413,
      );
    },
  });

  // ----------------------------------------------------------------------------------- assets

  app.get('/web/style.css', (c) =>
    c.body(STYLE + PRINT_STYLE, 200, {
      'Content-Type': 'text/css; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
    }),
  );
  app.get('/web/places.js', (c) =>
    c.body(PLACES_SCRIPT, 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
    }),
  );
  for (const name of ['committee.js', 'layout.js'] as const) {
    app.get(`/web/${name}`, (c) => {
      const body = deps.assets?.[name];
      if (!body) return c.text('the browser bundle is not built on this server (npm run build:web)', 404);
      return c.body(body, 200, {
        'Content-Type': 'text/javascript; charset=utf-8',
        // The URL carries the bundle's hash, so a new build is a new URL.
        'Cache-Control':
          c.req.query('v') === deps.assets?.version ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
    });
  }

  const cases = registerCaseRoutes(app, {
    catalogue,
    matcher,
    db: deps.db,
    options,
    places,
    today: deps.today,
    render,
    session,
    guard,
    pageContext,
    refused,
    formLimit,
  });

  // ---------------------------------------------------------------------------------- sign-in

  app.get('/sign-in', async (c) => {
    const lang = pageLang(c);
    const t = tr(lang);
    const next = safeNext(c.req.query('next'), new URL(c.req.url).origin);
    return render(
      c,
      <SignInPage
        page={await pageContext(c, lang, await session(c))}
        {...(next ? { next } : {})}
        {...(c.req.query('signedOut') ? { notice: t('signedOut') } : {})}
      />,
    );
  });

  app.post('/sign-in', formLimit, async (c) => {
    const body = (await c.req.parseBody()) as FormBody;
    const lang: Lang = body.lang === 'en' ? 'en' : body.lang === 'es' ? 'es' : pageLang(c);
    const t = tr(lang);
    // Login CSRF: another site must not sign this browser in with a key of its own.
    if (!sameOrigin(c)) return refused(c, lang);
    const key = typeof body.key === 'string' ? body.key.trim() : '';
    const next = safeNext(typeof body.next === 'string' ? body.next : undefined, new URL(c.req.url).origin);
    const actor = key ? await deps.verifyKey(key) : undefined;
    if (!actor) {
      c.header('WWW-Authenticate', 'Bearer realm="vincula"');
      return render(
        c,
        <SignInPage
          page={await pageContext(c, lang, undefined, '/sign-in')}
          {...(next ? { next } : {})}
          {...(typeof body.carried === 'string' && body.carried ? { carried: body.carried } : {})}
          error={t(key ? 'signInBad' : 'signInEmpty')}
        />,
        401,
      );
    }
    // Where to go is settled (a safe path) before the cookie is set.
    const location = next ?? home(actor.role);
    setCookie(c, SESSION_COOKIE, key, sessionCookieOptions(c));
    rememberLang(c, lang);
    // A form posted after the session expired: back to it, with what was typed.
    if (typeof body.carried === 'string' && body.carried && next && CASE_WORKER_ROLES.includes(actor.role)) {
      const resumed = await cases.resume(c, { actor, key }, next, body.carried, lang);
      if (resumed) return resumed;
    }
    return c.redirect(location, 303);
  });

  app.post('/sign-out', formLimit, async (c) => {
    const signed = await session(c);
    const body = (await c.req.parseBody()) as FormBody;
    if (signed && (!sameOrigin(c) || !(await validCsrf(signed.key, String(body.csrf ?? ''))))) {
      return refused(c, pageLang(c), signed);
    }
    deleteCookie(c, SESSION_COOKIE, sessionCookieOptions(c));
    return c.redirect('/sign-in?signedOut=1', 303);
  });

  // -------------------------------------------------------------------------------- committee

  app.get('/committee', async (c) => {
    const lang = pageLang(c);
    const allowed = await guard(c, COMMITTEE_ROLES, lang);
    if (!allowed.ok) return allowed.response;
    const q = (name: string) => c.req.query(name) ?? '';
    const population = q('population');
    const query: CommitteeQuery = {
      asOf: q('asOf') || deps.today(),
      population: population === 'stored' || population === 'none' ? population : 'synthetic',
      groups: q('groups') || String(COMMITTEE_DEFAULT_GROUPS),
      seed: q('seed') || '1',
      level: q('level'),
      country: q('country'),
      agency: q('agency'),
    };
    // The same checks as the graph API, so the page never asks it for what it would refuse.
    const checked = graphQuerySchema(API_GROUP_LIMITS).safeParse({
      asOf: query.asOf,
      population: query.population,
      groups: query.groups,
      seed: query.seed,
    });
    const errors: FieldError[] = checked.success
      ? []
      : checked.error.issues.map((i) => ({ path: String(i.path[0] ?? 'asOf'), message: i.message }));
    return render(
      c,
      <CommitteePage
        page={await pageContext(c, lang, allowed.session)}
        catalogue={catalogue}
        query={query}
        errors={errors}
        maxGroups={GRAPH_MAX_GROUPS}
        {...(script ? { script } : {})}
      />,
      errors.length ? 422 : 200,
    );
  });

  registerScenarioPage(app, { catalogue, today: deps.today, formLimit, guard, pageContext, refused, render });
}
