import { createHash } from 'node:crypto';
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
const PROJECT = resolve(HERE, '..', '..');

export async function buildWebAssets(): Promise<WebAssets> {
  const result = await build({
    entryPoints: [CLIENT_ENTRY],
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
  if (!file) throw new Error('esbuild produced no output for the committee page');
  return {
    'committee.js': file.text,
    version: createHash('sha256').update(file.text).digest('hex').slice(0, 12),
  };
}
