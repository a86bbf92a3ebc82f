import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { openDatabase, prepareDatabase } from '../src/db/client';
import { createApiKey } from '../src/db/repositories';
import {
  environment,
  freePort,
  killRunning,
  listening,
  ROOT,
  type Started,
  start,
  stop,
} from './server-helpers';

/**
 * One harness for the browser tests: Debian's Chromium through playwright-core against the real server
 * (`vincula serve` on a free port of 127.0.0.1, temporary data, API keys written straight into its
 * database), pages that record console errors, signing in, and axe-core's accessibility check.
 */

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, 'test-artifacts');
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

export type Role = 'case_worker' | 'committee' | 'admin';

export interface BrowserHarness {
  base: string;
  context: BrowserContext;
  keys: Record<Role, string>;
  /** A fresh page (cookies cleared) that records console errors and uncaught exceptions. */
  open(): Promise<{ page: Page; errors: string[] }>;
  /** Signs in with the role's key; resolves once the sign-in page has redirected. */
  signIn(page: Page, role?: Role): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  locale?: string;
  viewport?: { width: number; height: number };
  /** Extra environment for the server (e.g. VINCULA_WORKERS). */
  env?: NodeJS.ProcessEnv;
  /** Directory prefix of the browser profile. */
  profile?: string;
}

/** Starts the server and Chromium; call in beforeAll (about 10-30 s), and close() in afterAll. */
export async function launchHarness(options: HarnessOptions = {}): Promise<BrowserHarness> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no Chromium at ${CHROMIUM}: apt-get install chromium (.ci/run installs it when missing)`,
    );
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const env = { ...environment(), ...options.env, PORT: String(await freePort()) };
  const { client, db } = openDatabase(`file:${join(env.VINCULA_DATA_DIR as string, 'vincula.db')}`);
  await prepareDatabase(db);
  const keys = {} as Record<Role, string>;
  for (const role of ['case_worker', 'committee', 'admin'] as const)
    keys[role] = (await createApiKey(db, role, `browser test ${role}`)).key;
  client.close();
  const server: Started = start(env);
  await listening(server);
  const base = `http://127.0.0.1:${env.PORT}`;
  const context = await chromium.launchPersistentContext(
    mkdtempSync(join(tmpdir(), options.profile ?? 'vincula-chromium-')),
    {
      executablePath: CHROMIUM,
      args: ARGS,
      headless: true,
      viewport: options.viewport ?? { width: 1280, height: 900 },
      locale: options.locale ?? 'es-MX',
    },
  );
  return {
    base,
    context,
    keys,
    async open() {
      await context.clearCookies();
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      return { page, errors };
    },
    async signIn(page, role = 'case_worker') {
      await page.goto(`${base}/sign-in`);
      await page.fill('#f-key', keys[role]);
      await Promise.all([
        page.waitForURL((url) => !url.pathname.startsWith('/sign-in')),
        page.click('form.sign-in button'),
      ]);
    },
    async close() {
      await context.close();
      await stop(server);
      killRunning();
    },
  };
}

/** axe-core's source, evaluated in the page (as evaluate() it is not subject to the page's CSP). */
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * axe-core (WCAG 2.1 A and AA rules) on the page as it stands; returns the serious and critical
 * violations, each with the selectors of the offending elements, so a failing test names them.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE);
  const violations = (await page.evaluate(`axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    resultTypes: ['violations'],
  }).then((r) => r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')),
  })))`)) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** The page's widest element beyond the viewport's width (0 when nothing overflows sideways). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return (await page.evaluate(
    '(() => Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth))()',
  )) as number;
}
