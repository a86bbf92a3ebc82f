import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, type BrowserHarness, launchHarness, type Role } from './browser';
import { ROOT, run } from './server-helpers';

/**
 * The pages in a real browser (Debian's Chromium through playwright-core) against the real server
 * (`vincula serve` on a free port of 127.0.0.1, temporary data): what a case worker and a committee
 * member see and do, with screenshots in test-artifacts/.
 */

const AS_OF = '2018-06-01';

interface Graph {
  nodes: { key: string }[];
  edges: { key: string }[];
}
interface Flags {
  flags: { id: string; nodes: string[]; severity: string; type: string }[];
}
interface Overlaps {
  programmes: { key: string; eligible: number }[];
}

describe('the pages in Chromium', () => {
  let harness: BrowserHarness;
  let base = '';
  let keys = {} as Record<Role, string>;
  /** The CLI's statuses for the example, computed while the server starts. */
  let cli: Promise<Record<string, string>>;

  beforeAll(async () => {
    cli = matchWithCli();
    harness = await launchHarness({ locale: 'en-US' });
    ({ base, keys } = harness);
  }, 90_000);

  afterAll(async () => {
    await harness?.close();
  });

  const open = () => harness.open();
  const signIn = (page: Page, role: Role) => harness.signIn(page, role);

  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${base}${path}`, {
      headers: { Authorization: `Bearer ${keys.committee}` },
    });
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  };

  const statuses = (page: Page) =>
    page.$$eval('article.programme', (articles) =>
      Object.fromEntries(
        articles.map((a) => [a.getAttribute('data-programme'), a.getAttribute('data-status')]),
      ),
    );

  /** What `vincula match --json` says for the example: the statuses the page must show. */
  async function matchWithCli() {
    const { stdout } = await run(
      process.execPath,
      ['bin/vincula.js', 'match', 'examples/colectivo-iztapalapa.json', '--as-of', AS_OF, '--json'],
      { cwd: ROOT },
    );
    const report = JSON.parse(stdout) as { results: { programme: { key: string }; status: string }[] };
    return Object.fromEntries(report.results.map((r) => [r.programme.key, r.status]));
  }

  it('a case worker loads an example and gets, grouped by status, what the CLI says', async () => {
    const { page, errors } = await open();
    await signIn(page, 'case_worker');
    expect(new URL(page.url()).pathname).toBe('/');
    await page.selectOption('#f-example', 'colectivo-iztapalapa');
    await Promise.all([page.waitForURL(/example=colectivo-iztapalapa/), page.click('.examples button')]);
    await page.fill('#f-asOf', AS_OF);
    await Promise.all([page.waitForURL(/#results$/), page.click('fieldset.query button.primary')]);

    const expected = await cli;
    expect(expected).toMatchObject({ 'cdmx-coop-spi@2018': 'eligible', 'cdmx-coop-spf@2018': 'ineligible' });
    expect(Object.values(expected)).toContain('not_active');
    expect(await statuses(page)).toEqual(expected);
    // Grouped in the order a case worker reads them, each programme under its status heading.
    const groups = await page.$$eval('section.status', (sections) =>
      sections.map((s) => [s.id, s.querySelectorAll('article.programme').length]),
    );
    expect(groups.map(([id]) => id)).toEqual([
      'status-eligible',
      'status-undetermined',
      'status-ineligible',
      'status-no_rules',
      'status-not_active',
    ]);
    // A criterion opens to show its source.
    const criterion = page
      .locator('article[data-programme="cdmx-coop-spf@2018"] li.criterion.failed details')
      .first();
    await criterion.locator('summary').click();
    await expect.poll(() => criterion.getAttribute('open')).toBe('');
    expect(await criterion.locator('.source').textContent()).toMatch(
      /«Policies to Promote Social and Solidarity Economy.*línea/,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'web-case-worker-results.png'), fullPage: false });

    // The same page in English: the switch sends the form along, so the results stay.
    await Promise.all([page.waitForNavigation(), page.click('button[name="switchLang"][value="en"]')]);
    expect(await statuses(page)).toEqual(expected);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('h1')).toBe('Eligibility check');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keyboard only: sign in, load the example, set the date and submit the form', async () => {
    const { page, errors } = await open();
    await page.goto(`${base}/sign-in`);
    // A string expression: the tests are type-checked without the DOM library.
    const focused = () => page.evaluate('document.activeElement?.id || document.activeElement?.textContent');
    const tabTo = async (target: string, limit = 60) => {
      for (let i = 0; i < limit; i++) {
        await page.keyboard.press('Tab');
        if ((await focused()) === target) return;
      }
      throw new Error(`${limit} presses of Tab never reached ${target}`);
    };
    await tabTo('f-key');
    await page.keyboard.type(keys.case_worker);
    await Promise.all([page.waitForURL(`${base}/`), page.keyboard.press('Enter')]);

    await tabTo('f-example');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Cargar ejemplo en el formulario');
    await Promise.all([page.waitForURL(/example=colectivo-iztapalapa/), page.keyboard.press('Enter')]);

    await tabTo('f-asOf');
    await page.keyboard.type('06012018');
    expect(await page.inputValue('#f-asOf')).toBe(AS_OF);
    // Past the date's own segments and the language, the query box's button (the form's first).
    await tabTo('Consultar programas', 10);
    expect(await page.locator('fieldset.query button.primary:focus').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'web-case-worker-keyboard.png') });
    await Promise.all([page.waitForURL(/#results$/), page.keyboard.press('Enter')]);
    expect(await statuses(page)).toEqual(await cli);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a committee member sees the graph with every node of the API graph, drawn by sigma', async () => {
    const { page, errors } = await open();
    await signIn(page, 'committee');
    await page.goto(`${base}/committee?asOf=${AS_OF}`);
    await page.waitForSelector('#graph[data-state="ready"]', { timeout: 30_000 });

    const graph = await api<Graph>(`/v1/graph?format=json&asOf=${AS_OF}&groups=5000&seed=1`);
    const count = async (name: string) => Number(await page.getAttribute('#graph', `data-${name}-count`));
    expect(await count('node')).toBe(graph.nodes.length);
    expect(await count('edge')).toBe(graph.edges.length);
    expect(await count('visible')).toBe(graph.nodes.length);

    const canvases = await page.$$eval('#graph canvas', (list) =>
      list.map((c) => ({ name: c.className, width: c.width, height: c.height })),
    );
    expect(canvases.map((c) => c.name)).toEqual(
      expect.arrayContaining(['sigma-nodes', 'sigma-edges', 'sigma-labels']),
    );
    for (const c of canvases) expect(c.width * c.height, c.name).toBeGreaterThan(0);
    // The labels layer is a 2D canvas: sigma has written node labels on it.
    // A string expression (no DOM library in the tests' types).
    const inked = await page.evaluate(`(() => {
      const canvas = document.querySelector('#graph canvas.sigma-labels');
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) n++;
      return n;
    })()`);
    expect(inked).toBeGreaterThan(500);

    // One column per level of government, and no node or label overlapping another or cut off.
    const bands = await page.$$eval('#graph-bands li', (items) =>
      items.map((i) => i.getAttribute('data-band')),
    );
    expect(bands.slice(0, 3)).toEqual(['federal', 'city', 'regional']);
    expect(await page.getAttribute('#graph', 'data-label-overlaps')).toBe('0');
    expect(await page.isHidden('#graph-empty')).toBe(true);

    // The heatmap and the chart cover every programme in force.
    const overlaps = await api<Overlaps>(`/v1/graph/overlaps?asOf=${AS_OF}&groups=5000&seed=1`);
    const diagonal = await page.$$eval('table.heatmap td.diagonal', (cells) =>
      cells.map((c) => c.textContent),
    );
    expect(diagonal).toEqual(
      overlaps.programmes.map((p) => new Intl.NumberFormat('es-MX').format(p.eligible)),
    );
    expect(await page.locator('#coverage svg g[data-programme]').count()).toBe(overlaps.programmes.length);
    await page.check('#metric-jaccard');
    expect(await page.textContent('table.heatmap caption')).toContain('Jaccard');

    // Filters apply at once and go into the address.
    await page.selectOption('#f-level', 'regional');
    await expect
      .poll(() => page.getAttribute('#graph', 'data-visible-count'))
      .not.toBe(String(graph.nodes.length));
    expect(Number(await page.getAttribute('#graph', 'data-visible-count'))).toBeGreaterThan(0);
    expect(page.url()).toContain('level=regional');
    // A filter that leaves nothing says so, in the status and over the graph.
    await page.selectOption('#f-country', 'MX');
    await expect.poll(() => page.getAttribute('#graph', 'data-visible-count')).toBe('0');
    expect(await page.isVisible('#graph-empty')).toBe(true);
    expect(await page.textContent('#graph-status')).toContain('Ningún nodo cumple estos filtros');
    await page.screenshot({ path: join(ARTIFACTS, 'web-committee-empty.png') });
    await page.selectOption('#f-country', '');
    await page.selectOption('#f-level', '');
    await expect
      .poll(() => page.getAttribute('#graph', 'data-visible-count'))
      .toBe(String(graph.nodes.length));
    expect(await page.isHidden('#graph-empty')).toBe(true);

    // The downloads are the API's formats, fetched with the sign-in cookie.
    const gexf = await page.request.get(
      `${base}${await page.getAttribute('a[href*="format=gexf"]', 'href')}`,
    );
    expect(gexf.status()).toBe(200);
    expect(gexf.headers()['content-type']).toContain('application/gexf+xml');
    const csv = await page.request.get(
      `${base}${await page.getAttribute('a[href*="format=flags-csv"]', 'href')}`,
    );
    expect((await csv.text()).split('\n')[0]).toContain('id');

    await page.screenshot({ path: join(ARTIFACTS, 'web-committee.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('clicking a flag highlights its nodes in the graph, and clicking again clears them', async () => {
    const { page, errors } = await open();
    await signIn(page, 'committee');
    await page.goto(`${base}/committee?asOf=${AS_OF}`);
    await page.waitForSelector('#graph[data-state="ready"]', { timeout: 30_000 });
    const [graph, flags] = await Promise.all([
      api<Graph>(`/v1/graph?format=json&asOf=${AS_OF}&groups=5000&seed=1`),
      api<Flags>(`/v1/graph/flags?asOf=${AS_OF}&groups=5000&seed=1`),
    ]);
    const nodes = new Set(graph.nodes.map((n) => n.key));
    const flag = flags.flags.find((f) => f.nodes.some((n) => nodes.has(n)));
    if (!flag) throw new Error('no flag with nodes in the graph on this date');
    const expected = flag.nodes
      .filter((n) => nodes.has(n))
      .sort()
      .join(' ');

    const button = page.locator(`#flags button[data-flag="${flag.id}"]`);
    await button.click();
    await expect.poll(() => page.getAttribute('#graph', 'data-active-flag')).toBe(flag.id);
    expect(await page.getAttribute('#graph', 'data-highlighted')).toBe(expected);
    // What sigma drew: its node reducer marked exactly those nodes highlighted.
    expect(await page.getAttribute('#graph', 'data-drawn-highlighted')).toBe(expected);
    expect(await button.getAttribute('aria-pressed')).toBe('true');
    // The camera moves onto the flag's nodes.
    await expect
      .poll(async () => Number(await page.getAttribute('#graph', 'data-camera-ratio')))
      .toBeLessThan(1);
    await page.locator('.graph-panel').screenshot({ path: join(ARTIFACTS, 'web-committee-flag.png') });

    await button.click();
    await expect.poll(() => page.getAttribute('#graph', 'data-highlighted')).toBe('');
    expect(await page.getAttribute('#graph', 'data-drawn-highlighted')).toBe('');
    expect(await button.getAttribute('aria-pressed')).toBe('false');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a keyboard reaches every node in a table, with the same details as a click on the graph', async () => {
    const { page, errors } = await open();
    await signIn(page, 'committee');
    await page.goto(`${base}/committee?asOf=${AS_OF}`);
    await page.waitForSelector('#graph[data-state="ready"]', { timeout: 30_000 });
    const graph = await api<Graph>(`/v1/graph?format=json&asOf=${AS_OF}&groups=5000&seed=1`);
    await page.focus('details.graph-tables summary');
    await page.keyboard.press('Enter');
    expect(await page.locator('#graph-nodes tbody tr').count()).toBe(graph.nodes.length);
    expect(await page.locator('#graph-edges tbody tr').count()).toBe(graph.edges.length);
    const first = page.locator('#graph-nodes tbody button').first();
    const name = await first.textContent();
    await first.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('#node-details h4')).toBeTruthy();
    const shown = await page.textContent('#node-details');
    expect(shown).toContain('Fuentes');
    // Names and words, never the ids behind them.
    expect(shown).not.toMatch(/programme:|agency:|territory:|\bcity\b|País o bloque[A-Z]{2}\b/);
    expect(name).toBeTruthy();
    await page.screenshot({ path: join(ARTIFACTS, 'web-committee-tables.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('flags filter by severity, type, programme and time, with evidence in words', async () => {
    const { page, errors } = await open();
    await signIn(page, 'committee');
    await page.goto(`${base}/committee?asOf=2019-06-01`);
    await page.waitForSelector('#graph[data-state="ready"]', { timeout: 30_000 });
    const flags = await api<Flags>('/v1/graph/flags?asOf=2019-06-01&groups=5000&seed=1');
    const items = () => page.locator('#flags li[data-flag]').count();
    expect(await items()).toBe(flags.flags.length);
    await page.selectOption('#flag-severity', 'high');
    const high = flags.flags.filter((f) => f.severity === 'high').length;
    await expect.poll(items).toBe(high);
    expect(await page.textContent('#flags-count')).toContain(`${high} de ${flags.flags.length}`);
    await page.selectOption('#flag-severity', '');
    await page.selectOption('#flag-type', 'coverage-gap');
    await expect.poll(items).toBe(flags.flags.filter((f) => f.type === 'coverage-gap').length);
    await page.selectOption('#flag-type', '');
    const programme = await page.$eval('#flag-programme option:nth-child(2)', (o) => o.getAttribute('value'));
    await page.selectOption('#flag-programme', programme ?? '');
    await expect.poll(items).toBe(flags.flags.filter((f) => f.nodes.includes(programme ?? '')).length);
    await page.selectOption('#flag-programme', '');
    await page.selectOption('#flag-time', 'current');
    const current = await items();
    await page.selectOption('#flag-time', 'historic');
    await expect.poll(async () => (await items()) + current).toBe(flags.flags.length);
    await page.selectOption('#flag-time', '');
    // Evidence as a committee member reads it: no camelCase ids, no bare 0/1 for yes/no.
    const evidence = await page.$$eval('#flags dt', (dts) => dts.map((d) => d.textContent ?? ''));
    expect(evidence.length).toBeGreaterThan(10);
    for (const label of evidence) expect(label).not.toMatch(/[a-z][A-Z]|_/);
    expect(await page.textContent('#flags')).toMatch(/\d %/);
    await page
      .locator('.flags-panel')
      .screenshot({ path: join(ARTIFACTS, 'web-committee-flag-filters.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the map colours every state and Mexico City’s boroughs; a click filters the heatmap and the flags', async () => {
    const { page, errors } = await open();
    await signIn(page, 'committee');
    await page.goto(`${base}/committee?asOf=2019-06-01`);
    await page.waitForSelector('#graph[data-state="ready"]', { timeout: 30_000 });
    expect(await page.locator('#map path[data-state]').count()).toBe(32);
    expect(await page.locator('#map g[data-borough]').count()).toBe(16);
    expect(await page.locator('#map .map-legend li').count()).toBe(6);
    expect(await page.textContent('#map')).toContain('5,000 grupos');
    const allProgrammes = Number(await page.getAttribute('#overlap', 'data-programmes'));
    const allFlags = await page.locator('#flags li[data-flag]').count();
    await page.click('#map path[data-state="12"]');
    await expect.poll(() => page.getAttribute('#map', 'data-chosen')).toBe('12');
    expect(await page.textContent('#map-choice')).toContain('Guerrero');
    const inGuerrero = Number(await page.getAttribute('#overlap', 'data-programmes'));
    expect(inGuerrero).toBeLessThan(allProgrammes);
    expect(await page.locator('#flags li[data-flag]').count()).toBeLessThan(allFlags);
    await page.locator('#map').screenshot({ path: join(ARTIFACTS, 'web-committee-map.png') });
    // Choosing it again (by keyboard) clears the filter.
    await page.focus('#map path[data-state="12"]');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getAttribute('#map', 'data-chosen')).toBe('');
    expect(Number(await page.getAttribute('#overlap', 'data-programmes'))).toBe(allProgrammes);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the API documentation (/docs) renders under its Content-Security-Policy, with nothing refused', async () => {
    const { page, errors } = await open();
    // Chromium logs refused loads; refused style attributes and evals are reported by this event.
    await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) =>
      console.error('CSP refused ' + e.effectiveDirective + ' ' + e.blockedURI))`);
    const response = await page.goto(`${base}/docs`);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
    expect(response?.headers()['x-content-type-options']).toBe('nosniff');
    await page.waitForSelector('.swagger-ui .info .title');
    expect(await page.textContent('.swagger-ui .info .title')).toContain('Vincula API');
    // An operation opens, with its parameters, schemas and icons.
    await page.click('#operations-match-post_v1_match .opblock-summary-control');
    await page.waitForSelector('#operations-match-post_v1_match .opblock-body');
    await page.waitForSelector('.models, section.models');
    expect(await page.locator('.opblock').count()).toBeGreaterThan(10);
    // "Try it out" with a key calls the API from the page (connect-src 'self') and shows its answer.
    await page.click('.scheme-container button.authorize');
    await page.fill('.auth-container:has-text("bearerAuth") input', keys.committee);
    await page.click('.auth-container:has-text("bearerAuth") button.authorize');
    await page.click('.modal-ux button.close-modal');
    const operation = page.locator('#operations-programmes-get_v1_programmes');
    await operation.locator('.opblock-summary-control').click();
    await operation.locator('button.try-out__btn').click();
    await operation.locator('button.execute').click();
    await expect
      .poll(() => operation.locator('.live-responses-table tbody .response-col_status').first().textContent())
      .toContain('200');
    expect(
      await operation
        .locator('.live-responses-table .microlight, .live-responses-table pre')
        .first()
        .textContent(),
    ).toContain('cdmx-coop-spi');
    await page.screenshot({ path: join(ARTIFACTS, 'docs.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a case worker’s key gets a clear 403 page on /committee, and no key goes to sign-in', async () => {
    const { page, errors } = await open();
    const anonymous = await page.goto(`${base}/committee`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/committee');
    expect(anonymous?.status()).toBe(200);

    await signIn(page, 'case_worker');
    const response = await page.goto(`${base}/committee`);
    expect(response?.status()).toBe(403);
    expect(await page.textContent('h1')).toBe('Sin acceso a esta página');
    await page.screenshot({ path: join(ARTIFACTS, 'web-forbidden.png') });
    // The 403 document itself is the only error a browser logs here.
    expect(errors.filter((e) => !e.includes('403'))).toEqual([]);
    await page.close();
  });
});
