// Writes the committee page's browser bundle to dist/web/committee.js (npm run build:web), for runtimes
// that cannot run esbuild at start (a Worker imports the file); `npm start` builds it in memory itself.
import { mkdirSync, writeFileSync } from 'node:fs';
import { buildWebAssets } from '../src/web/build';

const assets = await buildWebAssets();
mkdirSync('dist/web', { recursive: true });
writeFileSync('dist/web/committee.js', assets['committee.js']);
writeFileSync('dist/web/version.txt', `${assets.version}\n`);
console.log(
  `wrote dist/web/committee.js (${Math.round(assets['committee.js'].length / 1024)} KiB, version ${assets.version})`,
);
