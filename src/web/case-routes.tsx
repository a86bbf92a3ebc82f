import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { MiddlewareHandler } from 'hono/types';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type Env, WRITE_GROUPS } from '../api/kit';
import type { Database } from '../db/database';
import * as repo from '../db/repositories';
import type { Role } from '../db/schema';
import type { Catalogue } from '../rules/catalogue';
import { isRealDate } from '../rules/dates';
import { InputError } from '../rules/errors';
import type { Lang } from '../rules/i18n';
import type { Matcher } from '../rules/match';
import { parseGroup } from '../rules/match';
import { fieldLabel, problemText } from '../rules/messages';
import { applyOptions } from './case-applications';
import { caseText } from './case-text';
import { CaseWorkerPage, type FormOptions } from './case-worker';
import { CaseList } from './cases';
import { nearestDateInForce } from './committee';
import { EXAMPLES } from './examples';
import {
  type Draft,
  draftFromBody,
  draftFromInput,
  emptyDraft,
  type FieldError,
  type FormBody,
  groupInput,
  parseDraft,
} from './group-form';
import { CASE_WORKER_ROLES, MessagePage, type PageContext } from './layout';
import { suggestedOrder } from './pathway';
import { fold, labelPlaces, type Places, resolvePlaces } from './places';
import { pageLang, rememberLang, sameOrigin, validCsrf } from './session';
import { SignInPage } from './sign-in';
import { tr } from './text';

/**
 * The case worker's desk: the eligibility form (/), saved cases (/casos, /casos/{id}) and the
 * applications made from them. Saving and applying go through the JSON API in-process with the
 * signed-in key (the same checks, roles, idempotency and audit as /v1), then redirect to the case's
 * address (post-redirect-get), so reloading, Back and the language switch never resend nor lose it.
 */

export interface Session {
  actor: repo.Actor;
  key: string;
}

/** What the pages' module shares with this one (src/web/routes.tsx). */
export interface PageKit {
  catalogue: Catalogue;
  matcher: Matcher;
  db: Database;
  options: FormOptions;
  places: Places;
  today: () => string;
  render: (c: Context, node: Child, status?: ContentfulStatusCode) => Response | Promise<Response>;
  session: (c: Context) => Promise<Session | undefined>;
  guard: (
    c: Context,
    roles: readonly Role[],
    lang: Lang,
  ) => Promise<{ ok: true; session: Session } | { ok: false; response: Response }>;
  pageContext: (c: Context, lang: Lang, signed?: Session, path?: string) => Promise<PageContext>;
  refused: (c: Context, lang: Lang, signed?: Session) => Response | Promise<Response>;
  formLimit: MiddlewareHandler;
}

/** A group id in a case's address: the server's UUIDs. */
const CASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The most saved cases the list searches (most recently changed first). */
const CASES_LISTED = 1000;
const text = (v: FormBody[string] | undefined) => (typeof v === 'string' ? v : '');
/** The id a new case's form carries (hidden field formId), used as the save's Idempotency-Key. */
const formId = (body: FormBody) => {
  const id = text(body.formId);
  return CASE_ID.test(id) ? `case-form-${id}` : undefined;
};

export function registerCaseRoutes(app: OpenAPIHono<Env>, kit: PageKit) {
  const { catalogue, matcher, db, options, places } = kit;

  /** The JSON API, in-process, as the signed-in key. */
  async function api(signed: Session, method: string, path: string, body?: unknown, idempotencyKey?: string) {
    const response = await app.request(path, {
      method,
      headers: {
        Authorization: `Bearer ${signed.key}`,
        ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json().catch(() => undefined)) as unknown };
  }

  const placeMessages = (lang: Lang) => {
    const c = caseText(lang);
    return {
      ambiguous: (names: string) => c('municipalityAmbiguous', { names }),
      unknown: (names: string) => c('municipalityUnknown', { names }),
      none: c('municipalityNone'),
    };
  };

  /** Places resolved, then the form's and the engine's checks: the group, or the errors. */
  function readDraft(draft: Draft) {
    const places_ = resolvePlaces(draft, places, placeMessages(draft.lang));
    const errors: FieldError[] = [...places_.errors];
    if (!isRealDate(draft.asOf)) errors.push({ path: 'asOf', message: tr(draft.lang)('errorDate') });
    const parsed = parseDraft(places_.parsed, catalogue);
    if (!parsed.ok) {
      const placed = new Set(errors.map((e) => e.path));
      errors.push(...parsed.errors.filter((e) => !placed.has(e.path)));
    }
    return {
      shown: places_.shown,
      errors,
      group: parsed.ok && !errors.length ? parsed.group : undefined,
      input: groupInput(places_.parsed).input,
    };
  }

  interface Show {
    errors?: FieldError[];
    notShown?: string[];
    example?: string;
    group?: unknown;
    caseId?: string;
    notice?: string;
    applicationNotice?: string;
    status?: ContentfulStatusCode;
  }

  /** The form (with the results when a group is given), for / or a saved case. */
  async function show(c: Context, signed: Session, draft: Draft, extra: Show) {
    const base = extra.caseId ? `/casos/${extra.caseId}` : '/';
    const page = await kit.pageContext(c, draft.lang, signed, c.req.method === 'GET' ? undefined : base);
    const errors = extra.errors ?? [];
    const report =
      extra.group && !errors.length
        ? await matcher.match(extra.group as Parameters<Matcher['match']>[0], {
            asOf: draft.asOf,
            lang: draft.lang,
          })
        : undefined;
    const steps = report ? suggestedOrder(report, catalogue) : undefined;
    const applications = extra.caseId ? await repo.caseApplications(db, extra.caseId) : undefined;
    const nearest = isRealDate(draft.asOf) ? nearestDateInForce(catalogue, draft.asOf) : undefined;
    return kit.render(
      c,
      <CaseWorkerPage
        page={page}
        draft={draft}
        errors={errors}
        options={options}
        places={places}
        {...(report && steps ? { report, steps } : {})}
        {...(extra.notShown ? { notShown: extra.notShown } : {})}
        {...(extra.example ? { example: extra.example } : {})}
        {...(extra.caseId ? { caseId: extra.caseId } : {})}
        {...(applications ? { applications } : {})}
        {...(extra.notice ? { notice: extra.notice } : {})}
        {...(extra.applicationNotice ? { applicationNotice: extra.applicationNotice } : {})}
        {...(nearest ? { nearest } : {})}
        catalogue={catalogue}
        canWrite={WRITE_GROUPS.includes(signed.actor.role)}
        applyOptions={(r) => applyOptions(catalogue, r, draft.lang)}
      />,
      extra.status ?? (errors.length ? 422 : 200),
    );
  }

  /** A stored group as the form shows it, or undefined when there is no such case. */
  async function storedDraft(id: string, asOf: string, lang: Lang) {
    if (!CASE_ID.test(id)) return undefined;
    const loaded = await repo.loadGroup(db, id);
    if (!loaded) return undefined;
    const { id: _id, createdAt: _c, updatedAt: _u, members, ...rest } = loaded.stored;
    const input = {
      ...rest,
      members: members.map(({ hasPersonalId: _p, ...m }) => m),
    };
    const filled = draftFromInput(JSON.parse(JSON.stringify(input)), emptyDraft(asOf, lang));
    return { draft: labelPlaces(filled.draft, places), notShown: filled.notShown };
  }

  const notFound = async (c: Context, signed: Session, lang: Lang) => {
    const t = caseText(lang);
    return kit.render(
      c,
      <MessagePage
        page={await kit.pageContext(c, lang, signed)}
        title={t('caseNotFound')}
        message={t('caseNotFoundMessage')}
      >
        <p>
          <a href="/casos">{t('casesTitle')}</a>
        </p>
      </MessagePage>,
      404,
    );
  };

  /**
   * A POST of the form without a valid sign-in (it expired, or was revoked): the sign-in page, which
   * carries what was typed and brings it back after signing in.
   */
  async function expired(c: Context, body: FormBody) {
    // The form's language: the cookie that remembered it may have gone with the sign-in.
    const asked = text(body.lang);
    const lang: Lang = asked === 'en' || asked === 'es' ? asked : pageLang(c);
    const carried = Object.entries(body)
      .filter(([name]) => name !== 'csrf')
      .flatMap(([name, value]) =>
        (Array.isArray(value) ? value : [value]).filter((v) => typeof v === 'string').map((v) => [name, v]),
      );
    return kit.render(
      c,
      <SignInPage
        page={await kit.pageContext(c, lang, undefined, '/sign-in')}
        next={new URL(c.req.url).pathname}
        carried={JSON.stringify(carried)}
        notice={caseText(lang)('keptOnSignIn')}
      />,
      401,
    );
  }

  /** After signing in again: the form as it was typed, to check and send again. */
  async function resume(c: Context, signed: Session, next: string, carried: string, lang: Lang) {
    let entries: unknown;
    try {
      entries = JSON.parse(carried);
    } catch {
      return undefined;
    }
    if (!Array.isArray(entries)) return undefined;
    const body: FormBody = {};
    for (const entry of entries) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'string') continue;
      const [name, value] = entry as [string, string];
      const had = body[name];
      body[name] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
    }
    const caseId = /^\/casos\/([^/]+)$/.exec(next)?.[1];
    if (next !== '/' && !(caseId && CASE_ID.test(caseId))) return undefined;
    const draft = draftFromBody(body, { asOf: kit.today(), lang });
    const shown = resolvePlaces(draft, places, placeMessages(draft.lang)).shown;
    return show(c, signed, shown, {
      ...(caseId ? { caseId } : {}),
      notice: caseText(draft.lang)('keptAfterSignIn'),
      status: 200,
    });
  }

  /** The form posted to / or to a saved case. */
  async function post(c: Context, caseId?: string) {
    const body = (await c.req.parseBody({ all: true })) as FormBody;
    const signed = await kit.session(c);
    if (!signed) return expired(c, body);
    const allowed = await kit.guard(c, CASE_WORKER_ROLES, pageLang(c));
    if (!allowed.ok) return allowed.response;
    const csrf = typeof body.csrf === 'string' ? body.csrf : undefined;
    if (!sameOrigin(c) || !(await validCsrf(signed.key, csrf))) return kit.refused(c, pageLang(c), signed);
    let draft = draftFromBody(body, { asOf: kit.today(), lang: pageLang(c) });
    const switchTo = text(body.switchLang);
    if (switchTo === 'es' || switchTo === 'en') draft.lang = switchTo;
    const useAsOf = text(body.useAsOf);
    if (isRealDate(useAsOf)) draft.asOf = useAsOf;
    rememberLang(c, draft.lang);
    const t = tr(draft.lang);
    const action = switchTo || useAsOf ? 'redo' : text(body.action) || 'match';
    const where = caseId ? { caseId } : {};

    const row = /^(add|remove)-(member|enrolment)(?::(\d+))?$/.exec(action);
    if (row) {
      const list = row[2] === 'member' ? draft.members : draft.enrolments;
      if (row[1] === 'add') list.push({});
      else list.splice(Number(row[3]), 1);
      return show(c, signed, draft, where);
    }

    if (action === 'match-json') {
      const errors: FieldError[] = [];
      if (!isRealDate(draft.asOf)) errors.push({ path: 'asOf', message: t('errorDate') });
      let parsed: unknown;
      try {
        if (!draft.json.trim()) throw new SyntaxError(t('errorJsonEmpty'));
        parsed = JSON.parse(draft.json);
      } catch (error) {
        const detail = (error as Error).message;
        errors.push({ path: 'json', message: draft.json.trim() ? t('errorJsonSyntax', { detail }) : detail });
        return show(c, signed, draft, { ...where, errors });
      }
      const filled = draftFromInput(parsed, draft);
      draft = labelPlaces(filled.draft, places);
      try {
        const group = parseGroup(parsed, catalogue);
        return show(c, signed, draft, { ...where, errors, notShown: filled.notShown, group });
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        for (const p of error.problems)
          errors.push({
            path: 'json',
            message: `${fieldLabel(p.path, draft.lang)}: ${problemText(p, draft.lang)}`,
          });
        return show(c, signed, draft, { ...where, errors, notShown: filled.notShown });
      }
    }

    const read = readDraft(draft);
    // Switching language or date redoes what the page showed: the results when it showed them.
    if (action === 'redo' && !text(body.results)) return show(c, signed, read.shown, where);
    if (!read.group) return show(c, signed, read.shown, { ...where, errors: read.errors });
    // On a saved case, checking saves it too (then its address shows the results), for keys that may write.
    const save =
      action === 'save' ||
      (caseId !== undefined && action === 'match' && WRITE_GROUPS.includes(signed.actor.role));
    if (!save) return show(c, signed, read.shown, { ...where, group: read.group });

    const saved = caseId
      ? await api(signed, 'PUT', `/v1/groups/${caseId}`, read.input)
      : // The form's own id: the same form sent twice (a double click, Back and resend) saves one case.
        await api(signed, 'POST', '/v1/groups', read.input, formId(body));
    if (saved.status === 404) return notFound(c, signed, draft.lang);
    if (saved.status === 409)
      return show(c, signed, read.shown, {
        ...where,
        errors: [{ path: '(group)', message: caseText(draft.lang)('formAlreadySaved') }],
      });
    if (saved.status !== 200 && saved.status !== 201) {
      const problem = saved.body as { errors?: { path: string; message: string }[]; detail?: string };
      const errors = problem.errors?.map((e) => ({ path: e.path, message: e.message })) ?? [
        { path: '(group)', message: problem.detail ?? String(saved.status) },
      ];
      return show(c, signed, read.shown, { ...where, errors });
    }
    const id = caseId ?? (saved.body as { id: string }).id;
    const query = new URLSearchParams({ asOf: draft.asOf, ...(caseId ? {} : { saved: '1' }) });
    return c.redirect(`/casos/${id}?${query}#results`, 303);
  }

  // --------------------------------------------------------------------------------- routes

  app.get('/', async (c) => {
    const lang = pageLang(c);
    const allowed = await kit.guard(c, CASE_WORKER_ROLES, lang);
    if (!allowed.ok) return allowed.response;
    const asOf = c.req.query('asOf');
    let draft = emptyDraft(asOf && isRealDate(asOf) ? asOf : kit.today(), lang);
    const example = c.req.query('example');
    const input = example ? EXAMPLES[example] : undefined;
    if (input) draft = labelPlaces(draftFromInput(input, draft).draft, places);
    return show(c, allowed.session, draft, input && example ? { example } : {});
  });

  app.post('/', kit.formLimit, (c) => post(c));

  app.get('/casos', async (c) => {
    const lang = pageLang(c);
    const allowed = await kit.guard(c, CASE_WORKER_ROLES, lang);
    if (!allowed.ok) return allowed.response;
    const query = (c.req.query('q') ?? '').slice(0, 200);
    // Searched without accents or case, as the municipalities are ("tortilleria" finds "Tortillería").
    const words = fold(query).split(' ').filter(Boolean);
    const cases = (await repo.casesOf(db, allowed.session.actor.keyId, CASES_LISTED)).filter((k) =>
      words.every((w) => fold(k.name ?? '').includes(w)),
    );
    return kit.render(
      c,
      <CaseList page={await kit.pageContext(c, lang, allowed.session)} cases={cases} query={query} />,
    );
  });

  app.get('/casos/:id', async (c) => {
    const lang = pageLang(c);
    const allowed = await kit.guard(c, CASE_WORKER_ROLES, lang);
    if (!allowed.ok) return allowed.response;
    const asOf = c.req.query('asOf');
    const stored = await storedDraft(c.req.param('id'), asOf && isRealDate(asOf) ? asOf : kit.today(), lang);
    if (!stored) return notFound(c, allowed.session, lang);
    const read = readDraft(stored.draft);
    const cx = caseText(lang);
    const notice = c.req.query('saved') ? cx('caseSaved') : undefined;
    const applied = c.req.query('applied');
    return show(c, allowed.session, read.shown, {
      caseId: c.req.param('id'),
      notShown: stored.notShown,
      ...(read.group ? { group: read.group } : { errors: read.errors }),
      ...(notice ? { notice } : {}),
      ...(applied ? { applicationNotice: applicationNotice(applied, lang) } : {}),
    });
  });

  app.post('/casos/:id', kit.formLimit, (c) => post(c, c.req.param('id')));

  // ---------------------------------------------------------------------------- applications

  /** Checks the form's sign-in, role and token for the application posts; the session, or the answer. */
  async function applicationPost(c: Context) {
    const lang = pageLang(c);
    const allowed = await kit.guard(c, CASE_WORKER_ROLES, lang);
    if (!allowed.ok) return { response: allowed.response };
    const body = (await c.req.parseBody()) as FormBody;
    if (!sameOrigin(c) || !(await validCsrf(allowed.session.key, text(body.csrf))))
      return { response: await kit.refused(c, lang, allowed.session) };
    const id = c.req.param('id') ?? '';
    if (!CASE_ID.test(id) || !(await repo.loadGroup(db, id)))
      return { response: await notFound(c, allowed.session, lang) };
    return { signed: allowed.session, body, id };
  }

  const back = (c: Context, id: string, asOf: string, applied: string) =>
    c.redirect(`/casos/${id}?${new URLSearchParams({ asOf, applied })}#solicitudes`, 303);

  /** Submits a draft application: 'submitted', or why it stayed a draft. */
  async function submit(signed: Session, applicationId: string) {
    const done = await api(signed, 'POST', `/v1/applications/${applicationId}/submit`, {});
    return done.status === 200 ? 'submitted' : done.status === 409 ? 'draft-not-eligible' : 'draft-changed';
  }

  app.post('/casos/:id/solicitudes', kit.formLimit, async (c) => {
    const checked = await applicationPost(c);
    if ('response' in checked) return checked.response;
    const { signed, body, id } = checked;
    const asOf = isRealDate(text(body.asOf)) ? text(body.asOf) : kit.today();
    const amount = text(body.amount)
      .trim()
      .replace(/[\s,](?=\d{3}(\D|$))/g, '');
    const created = await api(signed, 'POST', '/v1/applications', {
      groupId: id,
      programme: text(body.programme),
      supportLine: text(body.supportLine),
      asOf,
      ...(text(body.stage) ? { stage: text(body.stage) } : {}),
      ...(text(body.callId) ? { callId: text(body.callId) } : {}),
      ...(amount ? { amount: { amount, currency: text(body.currency) || 'MXN' } } : {}),
    });
    if (created.status !== 201)
      return back(c, id, asOf, created.status === 409 ? 'refused-duplicate' : 'refused-invalid');
    return back(c, id, asOf, await submit(signed, (created.body as { id: string }).id));
  });

  app.post('/casos/:id/solicitudes/:application/presentar', kit.formLimit, async (c) => {
    const checked = await applicationPost(c);
    if ('response' in checked) return checked.response;
    const { signed, id } = checked;
    const application = await repo.getApplication(db, c.req.param('application'));
    if (!application || application.groupId !== id) return notFound(c, signed, pageLang(c));
    return back(c, id, application.asOf, await submit(signed, application.id));
  });

  return { resume };
}

/** The notice a case page shows after an application was made (?applied=...). */
function applicationNotice(code: string, lang: Lang): string | undefined {
  const c = caseText(lang);
  switch (code) {
    case 'submitted':
      return c('applicationSubmitted');
    case 'draft-not-eligible':
      return c('applicationDraftKept', { reason: c('reasonNotEligible') });
    case 'draft-changed':
      return c('applicationDraftKept', { reason: c('reasonChanged') });
    case 'refused-duplicate':
      return c('applicationRefused', { reason: c('reasonDuplicate') });
    case 'refused-invalid':
      return c('applicationRefused', { reason: c('reasonInvalid') });
    default:
      return undefined;
  }
}
