import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Those run inside workerd: vitest.workers.config.ts.
    exclude: ['test/workers/**', 'node_modules/**'],
    testTimeout: 30_000,
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
