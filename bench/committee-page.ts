// npx tsx bench/committee-page.ts — the committee page in Chromium (/usr/bin/chromium, playwright-core):
// how long the page's main thread is blocked (long tasks, PerformanceObserver) and how long from the
// navigation to a drawn graph (#graph[data-state=ready]), over BENCH_COMMITTEE_RUNS loads (default 5).
// BENCH_COMMITTEE_ROOT runs another checkout's server (e.g. main, before a change) for a ratio in the
// same run: `BENCH_COMMITTEE_ROOT=../main npx tsx bench/committee-page.ts` prints both.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { freePort } from '../test/processes';

const RUNS = Number(process.env.BENCH_COMMITTEE_RUNS ?? 5);
const AS_OF = process.env.BENCH_COMMITTEE_AS_OF ?? '2019-06-01';
const HERE = resolve(import.meta.dirname, '..');
const ROOTS = [process.env.BENCH_COMMITTEE_ROOT, HERE].filter((r): r is string => Boolean(r));

const children: ChildProcess[] = [];
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

async function serve(root: string) {
  const env = {
    ...process.env,
    VINCULA_DATA_DIR: mkdtempSync(join(tmpdir(), 'vincula-bench-committee-')),
    NODE_ENV: 'development',
  };
  const key = execFileSync(
    process.execPath,
    ['bin/vincula.js', 'keys', 'create', '--role', 'committee', '--quiet'],
    {
      cwd: root,
      env,
    },
  )
    .toString()
    .trim();
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/vincula.js', 'serve'], {
    cwd: root,
    env: { ...env, PORT: String(port) },
  });
  children.push(child);
  await new Promise<void>((ok, fail) => {
    let out = '';
    child.stderr?.on('data', (c: Buffer) => {
      out += c;
    });
    child.stdout?.on('data', (c: Buffer) => {
      out += c;
      if (out.includes('listening on')) ok();
    });
    child.on('exit', () => fail(new Error(`the server exited: ${out}`)));
  });
  return { base: `http://127.0.0.1:${port}`, key, child };
}

async function measure(root: string) {
  const server = await serve(root);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(`window.__long = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push(e.duration); })
      .observe({ type: 'longtask', buffered: true });`);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (process.env.BENCH_COMMITTEE_DEBUG) console.log(m.text());
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${server.base}/sign-in`);
  await page.fill('#f-key', server.key);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/sign-in')),
    page.click('form.sign-in button'),
  ]);
  const rows: { longest: number; blocked: number; drawn: number }[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    await page.goto(`${server.base}/committee?asOf=${AS_OF}`);
    await page
      .waitForSelector('#graph[data-state="ready"], #graph[data-state="error"]', {
        timeout: 60_000,
        state: 'attached',
      })
      .catch(async (e) => {
        console.error(errors, await page.textContent('#graph-status'));
        throw e;
      });
    const r = (await page.evaluate(`(() => {
      const long = window.__long;
      if (${Boolean(process.env.BENCH_COMMITTEE_DEBUG)}) console.log(JSON.stringify(performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)])), JSON.stringify(long));
      return { longest: Math.max(0, ...long), blocked: long.reduce((a, d) => a + d, 0), drawn: performance.now() };
    })()`)) as { longest: number; blocked: number; drawn: number };
    if (i > 0) rows.push(r); // the first load warms the server's caches
  }
  await browser.close();
  server.child.kill('SIGTERM');
  if (errors.length) console.error(`${root}: page errors:\n  ${errors.join('\n  ')}`);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  return {
    longest: median(rows.map((r) => r.longest)),
    blocked: median(rows.map((r) => r.blocked)),
    drawn: median(rows.map((r) => r.drawn)),
  };
}

const results: Record<string, Awaited<ReturnType<typeof measure>>> = {};
for (const root of ROOTS) results[root] = await measure(root);
console.log(`committee page, ${AS_OF}, median of ${RUNS} loads (ms):`);
console.log('checkout\tlongest task\tlong tasks in all\tto a drawn graph');
for (const [root, r] of Object.entries(results))
  console.log(`${root}\t${r.longest.toFixed(0)}\t${r.blocked.toFixed(0)}\t${r.drawn.toFixed(0)}`);
if (ROOTS.length === 2) {
  const [before, after] = ROOTS.map((r) => results[r]) as [
    (typeof results)[string],
    (typeof results)[string],
  ];
  console.log(
    `ratio after/before: longest task ${(after.longest / before.longest).toFixed(2)}, to drawn ${(after.drawn / before.drawn).toFixed(2)}`,
  );
}
process.exit(0);
