import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { WebAssets } from './assets';

/**
 * Bundles the committee page's script (sigma, graphology, ForceAtlas2 and src/web/client) for the
 * browser with esbuild, in memory. Node only: src/server.ts runs it at start and scripts/build-web.ts
 * writes it to dist/web for other runtimes; the app itself only receives the result.
 */

const HERE = dirname(fileURLToPath(import.meta.url));
export const CLIENT_ENTRY = join(HERE, 'client', 'committee.ts');
/** The layout's web worker (ForceAtlas2 and the label sweep, off the page's thread). */
export const LAYOUT_ENTRY = join(HERE, 'client', 'layout-worker.ts');
const PROJECT = resolve(HERE, '..', '..');

export async function buildWebAssets(): Promise<WebAssets> {
  const [page, layout] = await Promise.all([bundle(CLIENT_ENTRY), bundle(LAYOUT_ENTRY)]);
  return {
    'committee.js': page,
    'layout.js': layout,
    version: createHash('sha256').update(page).update(layout).digest('hex').slice(0, 12),
  };
}

async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
    tsconfig: join(PROJECT, 'tsconfig.client.json'),
    absWorkingDir: PROJECT,
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error(`esbuild produced no output for ${entry}`);
  return file.text;
}

/** Builds the bundle and writes it to `dir` (dist/web): what wrangler serves to the Worker as ASSETS. */
export async function writeWebAssets(dir: string): Promise<WebAssets> {
  const assets = await buildWebAssets();
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'committee.js'), assets['committee.js']);
  writeFileSync(join(dir, 'layout.js'), assets['layout.js'] ?? '');
  writeFileSync(join(dir, 'version.txt'), `${assets.version}\n`);
  return assets;
}
