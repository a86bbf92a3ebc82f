import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { graphQuerySchema } from '../api/graph-schemas';
import type { Env } from '../api/kit';
import { SESSION_COOKIE, sessionCookieOptions } from '../api/session';
import type * as repo from '../db/repositories';
import type { Role } from '../db/schema';
import { API_GROUP_LIMITS, GRAPH_MAX_GROUPS } from '../graph/evaluator';
import type { Catalogue } from '../rules/catalogue';
import { isRealDate } from '../rules/dates';
import { InputError } from '../rules/errors';
import type { Lang } from '../rules/i18n';
import type { Matcher } from '../rules/match';
import { parseGroup } from '../rules/match';
import type { WebAssets } from './assets';
import { CaseWorkerPage, formOptions } from './case-worker';
import { CommitteePage, type CommitteeQuery } from './committee';
import { EXAMPLES } from './examples';
import {
  type Draft,
  draftFromBody,
  draftFromInput,
  emptyDraft,
  type FieldError,
  type FormBody,
  parseDraft,
} from './group-form';
import { CASE_WORKER_ROLES, COMMITTEE_ROLES, MessagePage, type PageContext } from './layout';
import { suggestedOrder } from './pathway';
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
    c.body(STYLE, 200, {
      'Content-Type': 'text/css; charset=utf-8',
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
          error={t(key ? 'signInBad' : 'signInEmpty')}
        />,
        401,
      );
    }
    // Where to go is settled (a safe path) before the cookie is set.
    const location = next ?? home(actor.role);
    setCookie(c, SESSION_COOKIE, key, sessionCookieOptions(c));
    rememberLang(c, lang);
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

  // ------------------------------------------------------------------------------ case worker

  const caseWorker = async (
    c: Context,
    signed: Session,
    draft: Draft,
    extra: { errors?: FieldError[]; notShown?: string[]; example?: string; match?: boolean; group?: unknown },
  ) => {
    // A POST's page links back to the empty form; a GET keeps its query (example, date) in the links.
    const page = await pageContext(c, draft.lang, signed, c.req.method === 'GET' ? undefined : '/');
    const errors = extra.errors ?? [];
    let report: Awaited<ReturnType<Matcher['match']>> | undefined;
    if (extra.match && !errors.length) {
      report = await matcher.match(extra.group as Parameters<Matcher['match']>[0], {
        asOf: draft.asOf,
        lang: draft.lang,
      });
    }
    const steps = report ? suggestedOrder(report, catalogue) : undefined;
    return render(
      c,
      <CaseWorkerPage
        page={page}
        draft={draft}
        errors={errors}
        options={options}
        {...(report && steps ? { report, steps } : {})}
        {...(extra.notShown ? { notShown: extra.notShown } : {})}
        {...(extra.example ? { example: extra.example } : {})}
      />,
      errors.length ? 422 : 200,
    );
  };

  app.get('/', async (c) => {
    const lang = pageLang(c);
    const allowed = await guard(c, CASE_WORKER_ROLES, lang);
    if (!allowed.ok) return allowed.response;
    const asOf = c.req.query('asOf');
    let draft = emptyDraft(asOf && isRealDate(asOf) ? asOf : deps.today(), lang);
    const example = c.req.query('example');
    const input = example ? EXAMPLES[example] : undefined;
    if (input) draft = draftFromInput(input, draft).draft;
    return caseWorker(c, allowed.session, draft, input && example ? { example } : {});
  });

  app.post('/', formLimit, async (c) => {
    const allowed = await guard(c, CASE_WORKER_ROLES, pageLang(c));
    if (!allowed.ok) return allowed.response;
    const signed = allowed.session;
    const body = (await c.req.parseBody({ all: true })) as FormBody;
    const csrf = typeof body.csrf === 'string' ? body.csrf : undefined;
    if (!sameOrigin(c) || !(await validCsrf(signed.key, csrf))) return refused(c, pageLang(c), signed);
    let draft = draftFromBody(body, { asOf: deps.today(), lang: pageLang(c) });
    rememberLang(c, draft.lang);
    const t = tr(draft.lang);
    const action = typeof body.action === 'string' ? body.action : 'match';

    const row = /^(add|remove)-(member|enrolment)(?::(\d+))?$/.exec(action);
    if (row) {
      const list = row[2] === 'member' ? draft.members : draft.enrolments;
      if (row[1] === 'add') list.push({});
      else list.splice(Number(row[3]), 1);
      return caseWorker(c, signed, draft, {});
    }

    const errors: FieldError[] = [];
    if (!isRealDate(draft.asOf)) errors.push({ path: 'asOf', message: t('errorDate') });

    if (action === 'match-json') {
      let parsed: unknown;
      try {
        if (!draft.json.trim()) throw new SyntaxError(t('errorJsonEmpty'));
        parsed = JSON.parse(draft.json);
      } catch (error) {
        const detail = (error as Error).message;
        errors.push({
          path: 'json',
          message: draft.json.trim() ? t('errorJsonSyntax', { detail }) : detail,
        });
        return caseWorker(c, signed, draft, { errors });
      }
      const filled = draftFromInput(parsed, draft);
      draft = filled.draft;
      try {
        const group = parseGroup(parsed, catalogue);
        return caseWorker(c, signed, draft, { errors, notShown: filled.notShown, match: true, group });
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        for (const p of error.problems) errors.push({ path: 'json', message: `${p.path}: ${p.reason}` });
        return caseWorker(c, signed, draft, { errors, notShown: filled.notShown });
      }
    }

    const parsed = parseDraft(draft, catalogue);
    if (!parsed.ok) errors.push(...parsed.errors);
    return caseWorker(c, signed, draft, {
      errors,
      match: true,
      ...(parsed.ok ? { group: parsed.group } : {}),
    });
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
}
