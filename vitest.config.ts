import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql ships CJS and ESM builds; one copy for everyone avoids "from another module or realm".
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    include: ['test/**/*.test.ts'],
    // bin/idp-gateway.js runs the source (through tsx), not a dist/ built before the files being tested changed.
    env: { IDP_GATEWAY_FROM_SOURCE: '1' },
    // A migrated PGlite made once per run, for the stores and gateway processes of every file.
    globalSetup: ['./test/support/global-setup.ts'],
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
