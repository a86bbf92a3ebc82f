import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, type BrowserHarness, launchHarness } from './browser';

/**
 * The case worker's desk in Chromium against the real server: the municipality search (the page's
 * script), save → reopen by address → apply → the application's state, Back after each step, the
 * language switch and an expired sign-in keeping what was typed, and the print layout (a PDF of at
 * most two pages, and a screenshot in test-artifacts/).
 */

const AS_OF = '2018-06-01';

describe('the case worker desk in Chromium', () => {
  let harness: BrowserHarness;
  let base = '';
  let context: BrowserContext;
  let key = '';
  let committeeKey = '';

  beforeAll(async () => {
    harness = await launchHarness({ profile: 'vincula-desk-' });
    ({ base, context } = harness);
    key = harness.keys.case_worker;
    committeeKey = harness.keys.committee;
  }, 90_000);

  afterAll(async () => {
    await harness?.close();
  });

  const open = () => harness.open();
  const signIn = (page: Page) => harness.signIn(page);

  const statuses = (page: Page) =>
    page.$$eval('article.programme', (list) =>
      Object.fromEntries(list.map((a) => [a.getAttribute('data-programme'), a.getAttribute('data-status')])),
    );

  it('finds a municipality by name without accents, in the state chosen', async () => {
    const { page, errors } = await open();
    await signIn(page);
    await page.fill('#f-location-municipality', 'coyoacan');
    const listed = () =>
      page.evaluate(`(() => {
        const input = document.getElementById('f-location-municipality');
        const list = document.getElementById(input.getAttribute('list'));
        return Array.from(list.options, (o) => o.value);
      })()`) as Promise<string[]>;
    await expect.poll(listed).toEqual(['Coyoacán, Ciudad de México (09003)']);
    await page.selectOption('#f-location-state', '12');
    await page.fill('#f-location-municipality', 'tlapa');
    await expect.poll(listed).toEqual(['Tlapa de Comonfort, Guerrero (12066)']);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('saves a case, reopens it by its address, applies, and Back never asks to resend', async () => {
    const { page, errors } = await open();
    await signIn(page);
    await page.selectOption('#f-example', 'colectivo-iztapalapa');
    await Promise.all([page.waitForURL(/example=/), page.click('.examples button')]);
    await page.fill('#f-asOf', AS_OF);
    await Promise.all([
      page.waitForURL(/\/casos\/[0-9a-f-]{36}\?/),
      page.click('fieldset.query button[value="save"]'),
    ]);
    const address = new URL(page.url());
    expect(address.searchParams.get('asOf')).toBe(AS_OF);
    expect(await page.textContent('h1')).toBe('Caso: Colectivo Tortillería Iztapalapa');
    const saved = await statuses(page);
    expect(saved['cdmx-coop-spi@2018']).toBe('eligible');

    // The address alone reopens the form and its results.
    const again = await context.newPage();
    await again.goto(`${base}${address.pathname}?asOf=${AS_OF}`);
    expect(await again.inputValue('#f-name')).toBe('Colectivo Tortillería Iztapalapa');
    expect(await statuses(again)).toEqual(saved);
    await again.close();

    // Apply for the eligible programme's support line, from its result.
    await Promise.all([
      page.waitForURL(/applied=submitted/),
      page.click('article[data-programme="cdmx-coop-spi@2018"] .apply-form button'),
    ]);
    expect(await page.textContent('#solicitudes .notice')).toBe('Solicitud presentada.');
    expect(await page.locator('li[data-state="submitted"]').count()).toBe(1);
    const application = await page.getAttribute('li[data-state="submitted"]', 'data-application');

    // Back: the case page before applying, from the cache or again by GET, never a resubmission.
    const back = await page.goBack();
    expect(back === null || back.ok()).toBe(true);
    expect(await page.textContent('h1')).toBe('Caso: Colectivo Tortillería Iztapalapa');
    await page.goForward();

    // The committee decides; the case shows it.
    const decided = await fetch(`${base}/v1/applications/${application}/waitlist`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${committeeKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ note: 'Sin suficiencia presupuestal en esta ronda' }),
    });
    expect(decided.status).toBe(200);
    await page.goto(`${base}${address.pathname}`);
    const item = page.locator(`li[data-application="${application}"]`);
    expect(await item.getAttribute('data-state')).toBe('waitlisted');
    expect(await item.textContent()).toContain('en lista de espera del comité');
    await item.locator('summary').click();
    expect(await item.locator('ol.history').textContent()).toContain(
      'Sin suficiencia presupuestal en esta ronda',
    );

    // Print: the summary without the form, on at most two pages.
    await page.goto(`${base}${address.pathname}?asOf=${AS_OF}`);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#case-form').isVisible()).toBe(false);
    expect(await page.locator('#order-title').isVisible()).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'web-case-print.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4' });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    console.log(`print summary: ${pages} page(s) of A4`);
    expect(pages).toBeGreaterThan(0);
    expect(pages).toBeLessThanOrEqual(2);
    await page.emulateMedia({ media: 'screen' });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('keeps what was typed when switching language and when the sign-in expired', async () => {
    const { page, errors } = await open();
    await signIn(page);
    await page.fill('#f-name', 'Cooperativa de 9 en Coyoacán');
    await page.fill('#f-location-municipality', 'Coyoacán');
    await Promise.all([page.waitForNavigation(), page.click('button[name="switchLang"][value="en"]')]);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.inputValue('#f-name')).toBe('Cooperativa de 9 en Coyoacán');
    expect(await page.inputValue('#f-location-municipality')).toBe('Coyoacán, Ciudad de México (09003)');

    // The sign-in is gone (expired or revoked) when the form is sent: sign in, and it is all there.
    await context.clearCookies();
    await Promise.all([page.waitForNavigation(), page.click('fieldset.query button.primary')]);
    expect(await page.textContent('.notice')).toContain('what you typed is kept');
    await page.fill('#f-key', key);
    await Promise.all([page.waitForNavigation(), page.click('form.sign-in button')]);
    expect(await page.inputValue('#f-name')).toBe('Cooperativa de 9 en Coyoacán');
    expect(await page.textContent('main .notice')).toContain('What you typed was kept');
    // The 401 of the sign-in page is the one error a browser logs here.
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
    await page.close();
  }, 60_000);
});
