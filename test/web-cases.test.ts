import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../src/api/session';
import type { Role } from '../src/db/schema';
import { FACTS } from '../src/rules/facts';
import { loadCatalogue } from '../src/rules/load-dir';
import { fieldId } from '../src/web/case-form';
import { type Draft, draftFromInput, emptyDraft } from '../src/web/group-form';
import { Places } from '../src/web/places';
import { testApp } from './api-helpers';
import { csrfOf, formBody, statusesOf } from './web-helpers';

/**
 * The case worker's desk without a browser: places by name, saved cases and their addresses, applying
 * from a case, the language switch, an expired sign-in, the date with nothing in force, the questions'
 * fields, compression.
 */

const ORIGIN = 'http://localhost';
const example = (name: string) => JSON.parse(readFileSync(`examples/${name}.json`, 'utf8'));
const iztapalapa = example('colectivo-iztapalapa');
const CASE_URL = /^\/casos\/([0-9a-f-]{36})\?asOf=2018-06-01(&saved=1)?#results$/;

describe('the case worker desk', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  const page = (path: string, role?: Role, init: RequestInit = {}) =>
    t.app.request(path, {
      ...init,
      headers: {
        ...(role ? { Cookie: `${SESSION_COOKIE}=${t.keys[role]}` } : {}),
        ...(init.headers as Record<string, string>),
      },
    });
  const post = (path: string, role: Role | undefined, body: URLSearchParams, headers = {}) =>
    page(path, role, {
      method: 'POST',
      body: body.toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN, ...headers },
    });
  const csrfFor = async (role: Role) => csrfOf(await (await page('/', role)).text());
  const draftOf = (input: unknown, lang: 'es' | 'en' = 'es'): Draft =>
    draftFromInput(input, emptyDraft('2018-06-01', lang)).draft;
  /** Saves a draft as a case: its id. */
  async function save(draft: Draft, role: Role = 'case_worker') {
    const response = await post('/', role, formBody(draft, await csrfFor(role), 'save'));
    expect(response.status).toBe(303);
    const location = response.headers.get('Location') ?? '';
    expect(location).toMatch(CASE_URL);
    return CASE_URL.exec(location)?.[1] as string;
  }

  beforeAll(async () => {
    t = await testApp();
  });

  it('reads municipalities by name, without accents, and fills the state from the code', async () => {
    const places = new Places(loadCatalogue());
    expect(places.all).toHaveLength(2475);
    expect(places.search('tlapa guerrero')[0]?.code).toBe('12066');
    expect(places.search('COYOACAN')[0]?.label).toBe('Coyoacán, Ciudad de México (09003)');
    expect(places.resolve('coyoacan')).toEqual({ code: '09003' });
    expect(places.resolve('Benito Juárez', '09')).toEqual({ code: '09014' });

    const draft = draftOf(iztapalapa);
    draft.group['location.municipality'] = 'coyoacan';
    draft.group['location.state'] = '';
    draft.members[0] = {
      ...draft.members[0],
      'residence.municipality': 'Tlapa de Comonfort',
      'residence.state': '',
    };
    const response = await post('/', 'case_worker', formBody(draft, await csrfFor('case_worker')));
    const html = await response.text();
    expect(response.status, html.slice(0, 3000)).toBe(200);
    expect(html).toContain('value="Coyoacán, Ciudad de México (09003)"');
    expect(html).toMatch(
      /name="location\.state"[^>]*>(?:(?!<\/select>)[\s\S])*<option value="09" selected="">/,
    );
    expect(html).toContain('value="Tlapa de Comonfort, Guerrero (12066)"');
    expect(html).toMatch(
      /name="members\[0\]\.residence\.state"[^>]*>(?:(?!<\/select>)[\s\S])*<option value="12" selected="">/,
    );

    // Several municipalities of that name, and none: the field says so, with the ones meant.
    draft.group['location.municipality'] = 'Benito Juárez';
    draft.members[0] = { ...draft.members[0], 'residence.municipality': 'tlapa', 'residence.state': '' };
    const refused = await post('/', 'case_worker', formBody(draft, await csrfFor('case_worker')));
    expect(refused.status).toBe(422);
    const errors = await refused.text();
    expect(errors).toMatch(
      /id="f-location-municipality-error">Varios municipios se llaman así; elija uno de la lista: [^<]*Benito Juárez, Ciudad de México \(09014\)/,
    );
    expect(errors).toMatch(
      /id="f-members-0-residence-municipality-error">Ningún municipio se llama exactamente así\. ¿Quiso decir: Tlapa de Comonfort, Guerrero \(12066\)/,
    );
  });

  it('offers every municipality by name in the form, and serves the page compressed', async () => {
    const plain = await page('/', 'case_worker');
    const html = await plain.text();
    expect(html.match(/<option value="[^"]+\(\d{5}\)"><\/option>/g)).toHaveLength(2475);
    expect(html).toContain('<script src="/web/places.js" defer=""></script>');
    const gzipped = await page('/', 'case_worker', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gzipped.headers.get('Content-Encoding')).toBe('gzip');
    const bytes = Buffer.from(await gzipped.arrayBuffer());
    const unzipped = gunzipSync(bytes).toString('utf8');
    // The same page but for the form's token and id.
    const same = (page: string) => page.replace(/[0-9a-f]{64}|[0-9a-f-]{36}/g, '');
    expect(same(unzipped)).toBe(same(html));
    console.log(`case-worker page: ${html.length} bytes, ${bytes.length} gzip-compressed`);
    expect(bytes.length).toBeLessThan(html.length / 4);
    const script = await page('/web/places.js', undefined, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(script.headers.get('Content-Type')).toContain('javascript');
    expect(script.headers.get('Content-Encoding')).toBe('gzip');
  });

  it('links every question to the field that answers it, and has a field for every fact the engine asks', async () => {
    const html = await (await page('/', 'case_worker')).text();
    const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    // Every input of every fact (a member's with one member row): a control, or the list holding it.
    const withMember = await post(
      '/',
      'case_worker',
      formBody(
        { ...emptyDraft('2018-06-01', 'es'), members: [{}] },
        await csrfFor('case_worker'),
        'add-member',
      ),
    );
    const form = await withMember.text();
    const formIds = new Set([...form.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    const unanswered: string[] = [];
    for (const fact of FACTS.values()) {
      for (const input of fact.inputs ?? []) {
        if (input.startsWith('programmes/') || input === 'members[].*') continue;
        const path = input.replace('members[]', 'members[0]');
        const anchor = {
          debts: fieldId('debts.agencies'),
          disqualifications: fieldId('disqualifications.agencies'),
          enrolments: fieldId('enrolments.known'),
          members: 'members',
        }[path];
        const ids = [anchor ?? fieldId(path), fieldId(`${path}.amount`)];
        if (!ids.some((id) => formIds.has(id))) unanswered.push(`${fact.name}: ${input}`);
      }
    }
    expect(unanswered).toEqual([]);
    expect(ids.has('f-territoryAttributes-ruralZap')).toBe(true);

    // And the questions of real results link to a control of the same page.
    for (const group of [
      {},
      { location: { municipality: '09003' }, members: [{}] },
      { location: { municipality: '12066' }, members: [{ residence: { municipality: '12066' } }] },
      { location: { country: 'UY' } },
    ]) {
      for (const asOf of ['2016-06-01', '2018-06-01', '2019-06-01']) {
        const draft = { ...draftOf(group), asOf };
        const result = await (
          await post('/', 'case_worker', formBody(draft, await csrfFor('case_worker')))
        ).text();
        const asked = [...result.matchAll(/<ul class="ask">([\s\S]*?)<\/ul>/g)].flatMap((m) =>
          [...(m[1] ?? '').matchAll(/<li>([\s\S]*?)<\/li>/g)].map((li) => li[1] ?? ''),
        );
        const present = new Set([...result.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
        for (const question of asked) {
          const href = /^<a href="#([^"]+)">/.exec(question)?.[1];
          expect(href, `${asOf} ${JSON.stringify(group)}: ${question}`).toBeDefined();
          expect(present.has(href), `${question} → #${href}`).toBe(true);
        }
      }
    }
  });

  it('says when nothing is in force on the date, and checks the nearest date in one click, keeping the form', async () => {
    const html = await (await page('/?asOf=2030-01-01', 'case_worker')).text();
    expect(html).toContain('Ningún programa que Vincula evalúa estaba vigente el 2030-01-01');
    const button =
      /<button type="submit" form="case-form" name="useAsOf" value="(\d{4}-\d\d-\d\d)" class="link">Consultar al \1<\/button>/.exec(
        html,
      );
    expect(button).not.toBeNull();
    const nearest = button?.[1] as string;
    const draft = { ...draftOf(iztapalapa), asOf: '2030-01-01' };
    const body = formBody(draft, await csrfFor('case_worker'));
    body.delete('action');
    body.set('useAsOf', nearest);
    body.set('results', '1');
    const redone = await (await post('/', 'case_worker', body)).text();
    expect(redone).toContain(`name="asOf" value="${nearest}"`);
    expect(redone).toContain('value="Colectivo Tortillería Iztapalapa"');
    expect(redone).not.toContain('estaba vigente el');
    expect(Object.values(statusesOf(redone)).some((s) => s !== 'not_active')).toBe(true);
  });

  it('switches language with what was typed and the results, from the form itself', async () => {
    const draft = draftOf(iztapalapa);
    draft.group.name = 'Cooperativa Coyoacán de 9';
    const body = formBody(draft, await csrfFor('case_worker'));
    body.delete('action');
    body.set('switchLang', 'en');
    body.set('results', '1');
    const response = await post('/', 'case_worker', body);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('value="Cooperativa Coyoacán de 9"');
    expect(html).toContain('Results as of 2018-06-01');
    expect(response.headers.getSetCookie().some((c) => c.startsWith('vincula_lang=en;'))).toBe(true);
  });

  it('keeps what was typed through an expired sign-in, and brings it back after signing in', async () => {
    const draft = draftOf(iztapalapa);
    draft.group.name = 'Grupo rural de 7';
    const body = formBody(draft, 'a'.repeat(64));
    const expired = await page('/', undefined, {
      method: 'POST',
      body: body.toString(),
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: ORIGIN,
        Cookie: `${SESSION_COOKIE}=revoked-or-expired`,
      },
    });
    expect(expired.status).toBe(401);
    const signIn = await expired.text();
    expect(signIn).toContain('Su sesión venció antes de enviar el formulario');
    const carried = /name="carried" value="([^"]+)"/.exec(signIn)?.[1] ?? '';
    expect(carried).toContain('Grupo rural de 7');
    const unescaped = carried
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .replace(/&#39;/g, "'");
    const back = await post(
      '/sign-in',
      undefined,
      new URLSearchParams({ key: t.keys.case_worker, next: '/', lang: 'es', carried: unescaped }),
    );
    expect(back.status).toBe(200);
    const html = await back.text();
    expect(html).toContain('Lo que escribió se conservó');
    expect(html).toContain('value="Grupo rural de 7"');
    expect(html).toContain(`<legend>Integrantes (${iztapalapa.members.length})</legend>`);
    expect(back.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`))).toBe(true);
  });

  it('saves a case at a permanent address that reopens the form and its results, and lists it by name', async () => {
    const draft = draftOf(iztapalapa);
    const id = await save(draft);
    const opened = await page(`/casos/${id}?asOf=2018-06-01&saved=1`, 'case_worker');
    expect(opened.status).toBe(200);
    const html = await opened.text();
    expect(html).toContain('<h1>Caso: Colectivo Tortillería Iztapalapa</h1>');
    expect(html).toContain('Caso guardado.');
    expect(html).toContain(`action="/casos/${id}#results"`);
    expect(html).toContain('value="Iztapalapa, Ciudad de México (09007)"');
    const direct = await (
      await post('/', 'case_worker', formBody(draft, await csrfFor('case_worker')))
    ).text();
    expect(statusesOf(html)).toEqual(statusesOf(direct));

    // Changing it posts to its address and comes back to it (post-redirect-get).
    const changed = { ...draft, group: { ...draft.group, name: 'Tortillería Iztapalapa (segunda visita)' } };
    const updated = await post(
      `/casos/${id}`,
      'case_worker',
      formBody(changed, await csrfFor('case_worker')),
    );
    expect(updated.status).toBe(303);
    expect(updated.headers.get('Location')).toBe(`/casos/${id}?asOf=2018-06-01#results`);
    expect(await (await page(`/casos/${id}`, 'case_worker')).text()).toContain(
      '<h1>Caso: Tortillería Iztapalapa (segunda visita)</h1>',
    );

    // The same form sent twice (a double click; Back and resend) saves one case.
    const twice = formBody(draft, await csrfFor('case_worker'), 'save');
    twice.set('formId', crypto.randomUUID());
    const first = await post('/', 'case_worker', twice);
    const second = await post('/', 'case_worker', twice);
    expect(second.headers.get('Location')).toBe(first.headers.get('Location'));
    twice.set('name', 'Otro nombre');
    const changedTwice = await post('/', 'case_worker', twice);
    expect(changedTwice.status).toBe(422);
    expect(await changedTwice.text()).toContain('Este formulario ya se guardó como caso con otros datos');

    const other = await save(draftOf(example('grupo-tlapa-guerrero')));
    const list = await (await page('/casos', 'case_worker')).text();
    expect(list).toContain(`href="/casos/${id}"`);
    expect(list).toContain(`href="/casos/${other}"`);
    const found = await (await page('/casos?q=tortilleria%20SEGUNDA', 'case_worker')).text();
    expect(found).toContain(`href="/casos/${id}"`);
    expect(found).not.toContain(`href="/casos/${other}"`);
    expect(await (await page('/casos?q=nadie', 'case_worker')).text()).toContain(
      'Ningún caso guardado se llama así.',
    );
    // Another key's list does not show them; unknown addresses are a plain 404; committee keys are refused.
    expect(await (await page('/casos', 'admin')).text()).not.toContain(`href="/casos/${id}"`);
    expect((await page('/casos/00000000-0000-4000-8000-000000000000', 'case_worker')).status).toBe(404);
    expect((await page('/casos/not-a-case', 'case_worker')).status).toBe(404);
    expect((await page(`/casos/${id}`, 'committee')).status).toBe(403);
    expect((await page('/casos', 'committee')).status).toBe(403);
    // A service key may check and read, not save nor apply: no button offers it.
    const asService = await (await page(`/casos/${id}?asOf=2018-06-01`, 'service')).text();
    expect(asService).toContain('<h1>Caso: Tortillería Iztapalapa (segunda visita)</h1>');
    expect(asService).not.toContain('value="save"');
    expect(asService).not.toContain('/solicitudes"');
    expect(await (await page(`/casos/${id}`, 'case_worker')).text()).toContain('value="save"');
    // Forms from elsewhere are refused.
    const forged = await post(`/casos/${id}`, 'case_worker', formBody(changed, 'f'.repeat(64)));
    expect(forged.status).toBe(403);
  });

  it('applies from an eligible result, and shows the application, its history and the committee decision', async () => {
    const id = await save(draftOf(iztapalapa));
    const html = await (await page(`/casos/${id}?asOf=2018-06-01`, 'case_worker')).text();
    const form = new RegExp(`<form method="post" action="/casos/${id}/solicitudes"[\\s\\S]*?</form>`).exec(
      html,
    )?.[0];
    expect(form).toBeDefined();
    const fields = new URLSearchParams(
      [...(form ?? '').matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map(
        (m): [string, string] => [m[1] as string, m[2] as string],
      ),
    );
    expect(fields.get('programme')).toBe('cdmx-coop-spi');
    expect(fields.get('supportLine')).toBe('spi-consulting-training');
    // Only eligible results offer it; the list of applications is empty at first.
    expect(html).toContain('Este caso aún no tiene solicitudes.');

    const applied = await post(`/casos/${id}/solicitudes`, 'case_worker', fields);
    expect(applied.status).toBe(303);
    expect(applied.headers.get('Location')).toBe(
      `/casos/${id}?asOf=2018-06-01&applied=submitted#solicitudes`,
    );
    const after = await (await page(`/casos/${id}?asOf=2018-06-01&applied=submitted`, 'case_worker')).text();
    expect(after).toContain('Solicitud presentada.');
    const applicationId = /data-application="([^"]+)" data-state="submitted"/.exec(after)?.[1] as string;
    expect(applicationId).toBeDefined();
    expect(after).toMatch(/\d{4}-\d\d-\d\d: borrador[\s\S]*\d{4}-\d\d-\d\d: presentada/);

    // The same support again: refused, said plainly.
    const again = await post(`/casos/${id}/solicitudes`, 'case_worker', fields);
    expect(again.headers.get('Location')).toContain('applied=refused-duplicate');

    // The committee decides (through the API); the case page shows it with the note.
    const decided = await t.app.request(`/v1/applications/${applicationId}/approve`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${t.keys.committee}` },
    });
    expect(decided.status).toBe(200);
    const approved = await (await page(`/casos/${id}`, 'case_worker')).text();
    expect(approved).toContain(`data-application="${applicationId}" data-state="approved"`);
    expect(approved).toContain('aprobada por el comité');

    // Not eligible: no form to apply, and a hand-made post leaves a draft with the reason.
    const tlapa = await save(draftOf(example('cooperativa-tlalpan')));
    const tlapaPage = await (await page(`/casos/${tlapa}?asOf=2018-06-01`, 'case_worker')).text();
    expect(tlapaPage).not.toContain(`action="/casos/${tlapa}/solicitudes"`);
    fields.set('csrf', await csrfFor('case_worker'));
    const refused = await post(`/casos/${tlapa}/solicitudes`, 'case_worker', fields);
    expect(refused.headers.get('Location')).toContain('applied=draft-not-eligible');
    const kept = await (await page(`/casos/${tlapa}?applied=draft-not-eligible`, 'case_worker')).text();
    expect(kept).toContain('La solicitud quedó como borrador y no se presentó');
    expect(kept).toContain('data-state="draft"');
    expect(kept).toContain('Presentar esta solicitud');
  });
});
