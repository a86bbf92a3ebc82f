import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Those run inside workerd: vitest.workers.config.ts.
    exclude: [...configDefaults.exclude, 'test/workers/**'],
    testTimeout: 30_000,
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
