// Writes the committee page's browser bundle to dist/web (npm run build:web): committee.js, the layout
// worker layout.js and version.txt, for runtimes that cannot run esbuild at start. wrangler runs it before
// `wrangler dev` and deploy (wrangler.toml [build]) and serves dist/web to the Worker as its ASSETS
// binding; `npm start` builds the bundle in memory itself.
import { writeWebAssets } from '../src/web/build';

const assets = await writeWebAssets('dist/web');
console.log(
  `wrote dist/web/committee.js and layout.js (${Math.round(assets['committee.js'].length / 1024)} KiB, version ${assets.version})`,
);
