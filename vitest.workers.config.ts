import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { writeWebAssets } from './src/web/build';

/**
 * Tests that run inside workerd (the Workers runtime) against the Workers entry and a local D1
 * database with the committed migrations (src/db/migrations, the folder wrangler.toml points at).
 */
// The committee page's bundle, which wrangler.toml's [assets] serves to the Worker (wrangler dev and
// deploy build it with `npm run build:web`; the test pool does not run that step, so it is built here).
await writeWebAssets('dist/web');

export default defineConfig({
  plugins: [
    cloudflareTest(async () => ({
      main: './src/worker.ts',
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        bindings: {
          VINCULA_ID_SECRET: 'workers-test-secret-for-keyed-hashes-0123456789',
          TEST_MIGRATIONS: await readD1Migrations('src/db/migrations'),
        },
      },
    })),
  ],
  test: {
    include: ['test/workers/**/*.test.ts'],
    testTimeout: 30_000,
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
