import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql ships CJS and ESM builds; one copy for everyone avoids "from another module or realm".
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    include: ['test/**/*.test.ts'],
    // Once per run: a migrated PGlite for the stores and gateway processes of every file, and the gateway
    // compiled for the processes tests start (worker-env.ts points bin/idp-gateway.js at it).
    globalSetup: ['./test/support/global-setup.ts'],
    setupFiles: ['./test/support/worker-env.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most test time is waiting (vendor holds, timeouts, gateway processes starting), not CPU: three files at
    // once on two cores (vitest's default would be one). Timing-sensitive tests leave room for that.
    maxWorkers: 3,
    isolate: false,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
