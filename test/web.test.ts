import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../src/api/session';
import { ROLES, type Role } from '../src/db/schema';
import { loadCatalogue } from '../src/rules/load-dir';
import { Matcher, parseGroup } from '../src/rules/match';
import { draftFromInput, emptyDraft } from '../src/web/group-form';
import { testApp } from './api-helpers';
import { csrfOf, formBody, statusesOf } from './web-helpers';

/** The pages without a browser: roles, redirects, cookies, CSRF, bad input, language. */

const ORIGIN = 'http://localhost';
const iztapalapa = JSON.parse(readFileSync('examples/colectivo-iztapalapa.json', 'utf8'));

describe('web pages', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  const cookie = (role: Role, extra = '') => `${SESSION_COOKIE}=${t.keys[role]}${extra}`;
  const page = (path: string, role?: Role, init: RequestInit = {}) =>
    t.app.request(path, {
      ...init,
      headers: { ...(role ? { Cookie: cookie(role) } : {}), ...(init.headers as Record<string, string>) },
    });
  const post = async (
    path: string,
    role: Role | undefined,
    body: URLSearchParams,
    headers: Record<string, string> = {},
  ) =>
    page(path, role, {
      method: 'POST',
      body: body.toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN, ...headers },
    });
  const csrfFor = async (role: Role) => csrfOf(await (await page('/', role)).text());

  beforeAll(async () => {
    t = await testApp();
  });

  it('send a visitor without a key to sign in, and come back to the page asked for', async () => {
    for (const path of ['/', '/committee?asOf=2018-06-01']) {
      const response = await page(path);
      expect(response.status).toBe(303);
      expect(response.headers.get('Location')).toBe(`/sign-in?next=${encodeURIComponent(path)}`);
    }
    const signIn = await page('/sign-in?next=%2Fcommittee');
    expect(signIn.status).toBe(200);
    const html = await signIn.text();
    expect(html).toContain('<label for="f-key">Clave de la API</label>');
    expect(html).toContain('name="next" value="/committee"');
  });

  it('allow the roles of the API routes behind them, and tell the others plainly (403)', async () => {
    const allowed: Record<string, Role[]> = {
      '/': ['admin', 'case_worker', 'service'],
      '/committee': ['admin', 'committee'],
    };
    for (const [path, roles] of Object.entries(allowed)) {
      for (const role of ROLES) {
        const response = await page(path, role);
        const html = await response.text();
        if (roles.includes(role)) {
          expect(response.status, `${path} as ${role}`).toBe(200);
          expect(html).toContain('<main id="main"');
        } else {
          expect(response.status, `${path} as ${role}`).toBe(403);
          expect(html).toContain('<h1>Sin acceso a esta página</h1>');
          expect(html).toContain(
            roles.includes('committee') ? 'Administración, Comité' : 'Administración, Promotoría',
          );
        }
      }
    }
    // The navigation offers only what the role may open.
    const caseWorker = await (await page('/', 'case_worker')).text();
    expect(caseWorker).not.toContain('href="/committee"');
    const admin = await (await page('/', 'admin')).text();
    expect(admin).toContain('href="/committee"');
  });

  it('sign in with the key in an httpOnly, SameSite=Strict cookie for the whole site, Secure over https', async () => {
    const body = new URLSearchParams({
      key: t.keys.committee,
      next: '/committee?asOf=2018-06-01',
      lang: 'es',
    });
    const response = await post('/sign-in', undefined, body);
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/committee?asOf=2018-06-01');
    const set = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`)) ?? '';
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    expect(set).toMatch(/Path=\//);
    expect(set).toMatch(/Max-Age=43200/);
    expect(set).not.toMatch(/Secure/);
    expect(set.split(';')[0]).toBe(`${SESSION_COOKIE}=${t.keys.committee}`);

    const https = await t.app.request('https://vincula.example/sign-in', {
      method: 'POST',
      body: body.toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://vincula.example' },
    });
    expect(https.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))).toMatch(/; Secure/);
    const proxied = await post('/sign-in', undefined, body, { 'X-Forwarded-Proto': 'https' });
    expect(proxied.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))).toMatch(
      /; Secure/,
    );
  });

  it('refuse a wrong key (401, the form again) and never redirect off the site', async () => {
    const wrong = await post('/sign-in', undefined, new URLSearchParams({ key: 'vk_wrong', lang: 'en' }));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.getSetCookie()).toEqual([]);
    expect(await wrong.text()).toContain('The key is not valid or was revoked.');
    for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      const response = await post(
        '/sign-in',
        undefined,
        new URLSearchParams({ key: t.keys.case_worker, next }),
      );
      expect(response.headers.get('Location'), next).toBe('/');
    }
  });

  it('after sign-in, go only to a path of this site, whatever `next` holds (open redirects, header injection)', async () => {
    // As an attacker's link would carry them: percent-decoded by the form parser, so tabs, CR and LF arrive raw.
    const payloads = [
      '//evil.example',
      '///evil.example',
      '/\\evil.example',
      '\\/evil.example',
      '/%09/evil.example/phish',
      '%09//evil.example',
      '/%2F%2Fevil.example',
      '/%5C%5Cevil.example',
      '/.//evil.example',
      '/a/..//evil.example',
      '/%2e%2e//evil.example',
      'https://evil.example',
      'http:evil.example',
      'javascript:alert(1)',
      '\t//evil.example',
      ' //evil.example',
      '/%0d%0aSet-Cookie:x=y',
      '/committee%0d%0aLocation:%20https://evil.example',
      '/%E0%A4%A',
      `/${'a'.repeat(3000)}`,
    ];
    const asForm = (raw: string) => `key=${t.keys.case_worker}&lang=es&next=${raw}`;
    const sameSite = (location: string | null) => {
      expect(location).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
      expect(new URL(location ?? '', ORIGIN).origin).toBe(ORIGIN);
    };
    for (const raw of payloads) {
      // Each once as the attacker sent it, and once more encoded (the page's hidden field sends the value back as text).
      for (const body of [asForm(raw), asForm(encodeURIComponent(raw))]) {
        const response = await t.app.request('/sign-in', {
          method: 'POST',
          body,
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN },
        });
        expect(response.status, body).toBe(303);
        sameSite(response.headers.get('Location'));
        expect(response.headers.get('Location'), body).toBe('/');
        expect(response.headers.getSetCookie().join('\n')).not.toMatch(/^x=/m);
      }
      const form = await page(`/sign-in?next=${raw}`);
      expect(form.status).toBe(200);
      expect(await form.text(), raw).toContain('name="next" value=""');
    }
    // A wrong key with a hostile `next`: the form again (401), no cookie.
    const wrong = await t.app.request('/sign-in', {
      method: 'POST',
      body: 'key=vk_wrong&next=/%0d%0aSet-Cookie:x=y',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.getSetCookie()).toEqual([]);
    // A path of this site is kept, normalised and encoded as a header must be; the fragment is dropped.
    const kept: [string, string][] = [
      [
        '/committee?asOf=2018-06-01&agency=Secretar%C3%ADa',
        '/committee?asOf=2018-06-01&agency=Secretar%C3%ADa',
      ],
      ['/./committee/../committee?asOf=2018-06-01#flags', '/committee?asOf=2018-06-01'],
      ['/?example=colectivo iztapalapa', '/?example=colectivo%20iztapalapa'],
    ];
    for (const [next, location] of kept) {
      const response = await post('/sign-in', undefined, new URLSearchParams({ key: t.keys.admin, next }));
      expect(response.headers.get('Location'), next).toBe(location);
      sameSite(response.headers.get('Location'));
    }
  });

  it('refuse forms from other sites: sign-in without a same-origin Origin, match and sign-out without the token', async () => {
    const foreign = { Origin: 'https://evil.example' };
    const signIn = await post('/sign-in', undefined, new URLSearchParams({ key: t.keys.admin }), foreign);
    expect(signIn.status).toBe(403);
    expect(signIn.headers.getSetCookie()).toEqual([]);

    const csrf = await csrfFor('case_worker');
    const draft = draftFromInput(iztapalapa, emptyDraft('2018-06-01', 'es')).draft;
    expect((await post('/', 'case_worker', formBody(draft, csrf), foreign)).status).toBe(403);
    expect((await post('/', 'case_worker', formBody(draft, ''))).status).toBe(403);
    // A token is bound to its key: another user's page token does not work.
    expect((await post('/', 'case_worker', formBody(draft, await csrfFor('admin')))).status).toBe(403);
    // No Origin at all: the browser must at least say the request is same-origin.
    const noOrigin = await page('/', 'case_worker', {
      method: 'POST',
      body: formBody(draft, csrf).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Site': 'cross-site' },
    });
    expect(noOrigin.status).toBe(403);
    expect(await noOrigin.text()).toContain('Solicitud rechazada');
    const sameSite = await page('/', 'case_worker', {
      method: 'POST',
      body: formBody(draft, csrf).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Site': 'same-origin' },
    });
    expect(sameSite.status).toBe(200);

    expect((await post('/sign-out', 'case_worker', new URLSearchParams({ csrf: 'nope' }))).status).toBe(403);
    const out = await post('/sign-out', 'case_worker', new URLSearchParams({ csrf }));
    expect(out.status).toBe(303);
    expect(out.headers.get('Location')).toBe('/sign-in?signedOut=1');
    expect(out.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))).toMatch(/Max-Age=0/);
  });

  it('the case-worker form gives the statuses the engine gives for the example group', async () => {
    const draft = draftFromInput(iztapalapa, emptyDraft('2018-06-01', 'es')).draft;
    const response = await post('/', 'case_worker', formBody(draft, await csrfFor('case_worker')));
    expect(response.status).toBe(200);
    const html = await response.text();
    const report = await new Matcher(loadCatalogue()).match(parseGroup(iztapalapa), { asOf: '2018-06-01' });
    expect(statusesOf(html)).toEqual(
      Object.fromEntries(report.results.map((r) => [r.programme.key, r.status])),
    );
    expect(statusesOf(html)).toMatchObject({
      'cdmx-coop-spi@2018': 'eligible',
      'cdmx-coop-spf@2018': 'ineligible',
    });
    expect(html).toContain('Orden sugerido de solicitudes');
    expect(html).toContain('<details>');
    // Sources show the document's title and the place in it, never a bare code (CDMXCOOP-20, S000 L190).
    const sourceLines = [...html.matchAll(/<p class="source">([\s\S]*?)<\/p>/g)].map((m) => m[1] as string);
    expect(sourceLines.length).toBeGreaterThan(5);
    expect(sourceLines.join('\n')).toContain('Policies to Promote Social and Solidarity Economy');
    expect(sourceLines.join('\n')).toContain('línea 190');
    // The right to appeal (CDMXCOOP-31) comes with the CDMX results.
    expect(html).toContain('Si no está de acuerdo con la decisión');
    expect(sourceLines.filter((l) => /\b[A-Z]+-\d{2}\b|S00\d L\d/.test(l))).toEqual([]);
    // The form comes back filled, ready to change one answer and ask again.
    expect(html).toContain('value="Colectivo Tortillería Iztapalapa"');
  });

  it('re-renders bad input with 422, each error next to its field, keeping what was typed', async () => {
    const draft = draftFromInput(iztapalapa, emptyDraft('2018-06-01', 'es')).draft;
    draft.members[0] = { ...draft.members[0], age: 'cuarenta' };
    draft.group['location.municipality'] = '15033';
    const response = await post(
      '/',
      'case_worker',
      formBody({ ...draft, asOf: '2018-02-30' }, await csrfFor('case_worker')),
    );
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('role="alert"');
    expect(html).toMatch(
      /id="f-members-0-age" name="members\[0\]\.age" aria-invalid="true" aria-describedby="f-members-0-age-error" type="text" inputmode="numeric" value="cuarenta"/,
    );
    expect(html).toContain(
      '<p class="error" id="f-members-0-age-error">debe ser un número entero, p. ej. 12</p>',
    );
    expect(html).toContain('id="f-location-municipality-error"');
    // The code typed, shown with its name (places by name: test/web-cases.test.ts).
    expect(html).toContain('value="Ecatepec de Morelos, México (15033)"');
    expect(html).toContain('<p class="error" id="f-asOf-error">escriba una fecha real, AAAA-MM-DD</p>');
    expect(statusesOf(html)).toEqual({});
  });

  it('matches pasted JSON, fills the form with it, and reports JSON mistakes on the text box (422)', async () => {
    const csrf = await csrfFor('case_worker');
    const base = emptyDraft('2018-06-01', 'en');
    const broken = await post(
      '/',
      'case_worker',
      formBody({ ...base, json: '{"name": ' }, csrf, 'match-json'),
    );
    expect(broken.status).toBe(422);
    const brokenHtml = await broken.text();
    expect(brokenHtml).toContain('is not valid JSON');
    expect(brokenHtml).toContain('{&quot;name&quot;: </textarea>');

    const invalid = await post(
      '/',
      'case_worker',
      formBody({ ...base, json: '{"members": 5}' }, csrf, 'match-json'),
    );
    expect(invalid.status).toBe(422);
    expect(await invalid.text()).toContain(
      '<a href="#f-json">Group data as JSON</a>: Members: must be a list</li>',
    );

    const json = JSON.stringify({ ...iztapalapa, territoryAttributes: { ruralZap: false } });
    const ok = await post('/', 'case_worker', formBody({ ...base, json }, csrf, 'match-json'));
    expect(ok.status).toBe(200);
    const html = await ok.text();
    expect(statusesOf(html)['cdmx-coop-spi@2018']).toBe('eligible');
    expect(html).toContain('value="Colectivo Tortillería Iztapalapa"');
    expect(html).toContain('territoryAttributes.ruralZap');
  });

  it('adds and removes members and enrolments without a script, keeping the rest', async () => {
    const csrf = await csrfFor('case_worker');
    const draft = draftFromInput(iztapalapa, emptyDraft('2018-06-01', 'es')).draft;
    const added = await (await post('/', 'case_worker', formBody(draft, csrf, 'add-member'))).text();
    expect(added).toContain('<legend>Integrante 6</legend>');
    expect(statusesOf(added)).toEqual({});
    const removed = await (await post('/', 'case_worker', formBody(draft, csrf, 'remove-member:0'))).text();
    expect(removed).toContain('Integrantes (4)');
    expect(removed).not.toContain('value="M1"');
    expect(removed).toContain('value="M2"');
    const enrolment = await (await post('/', 'case_worker', formBody(draft, csrf, 'add-enrolment'))).text();
    expect(enrolment).toContain('<legend>Inscripción 1</legend>');
  });

  it('switch to English with ?lang=en, and remember it', async () => {
    const response = await page('/?lang=en', 'case_worker');
    const html = await response.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h1>Eligibility check</h1>');
    // The page has a form: the switch sends it along (nothing typed is lost; test/web-cases.test.ts).
    expect(html).toContain(
      '<button type="submit" form="case-form" name="switchLang" value="es" lang="es" class="link">Español</button>',
    );
    const set = response.headers.getSetCookie().find((c) => c.startsWith('vincula_lang=')) ?? '';
    expect(set).toMatch(/^vincula_lang=en;/);
    const again = await page('/committee', 'committee', {
      headers: { Cookie: `${cookie('committee')}; vincula_lang=en` },
    });
    expect(await again.text()).toContain('<h1>Coordination graph</h1>');
    const spanish = await (await page('/committee', 'committee')).text();
    expect(spanish).toContain('<h1>Grafo de coordinación</h1>');

    const draft = draftFromInput(iztapalapa, emptyDraft('2018-06-01', 'en')).draft;
    const results = await (
      await post('/', 'case_worker', formBody(draft, await csrfFor('case_worker')))
    ).text();
    expect(results).toContain('Results as of 2018-06-01');
    expect(results).toContain('ELIGIBLE 1');
  });

  it('the committee page asks the graph API for a modest population, and refuses what the API would', async () => {
    const html = await (await page('/committee?asOf=2018-06-01', 'committee')).text();
    const config = JSON.parse(
      /<script type="application\/json" id="committee-config">(.*?)<\/script>/.exec(html)?.[1] ?? '{}',
    );
    expect(config.api).toEqual({
      graph: '/v1/graph?format=json&asOf=2018-06-01&population=synthetic&groups=5000&seed=1',
      flags: '/v1/graph/flags?asOf=2018-06-01&population=synthetic&groups=5000&seed=1',
      overlaps: '/v1/graph/overlaps?asOf=2018-06-01&population=synthetic&groups=5000&seed=1',
    });
    expect(html).toContain(
      'href="/v1/graph?format=gexf&amp;asOf=2018-06-01&amp;population=synthetic&amp;groups=5000&amp;seed=1"',
    );
    expect(html).toContain('flags-csv');

    const tooMany = await page('/committee?asOf=2018-06-01&groups=50000', 'committee');
    expect(tooMany.status).toBe(422);
    const refused = await tooMany.text();
    expect(refused).toContain('id="f-groups-error"');
    expect(refused).toContain('value="50000"');
    expect(refused).not.toContain('committee-config');
  });

  it('say so when no programme is in force on the date, and point to one that has', async () => {
    const html = await (await page('/committee?asOf=2030-01-01', 'committee')).text();
    expect(html).toMatch(/Ningún programa que Vincula evalúa estaba vigente el 2030-01-01/);
    expect(html).toMatch(/href="\/committee\?asOf=20\d\d-\d\d-\d\d&amp;population=synthetic/);
  });
});
