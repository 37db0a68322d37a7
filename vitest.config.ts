import { defineConfig } from 'vitest/config';
import { SlowFirstSequencer } from './test/support/slow-first-sequencer.js';

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
    // Most test time is waiting (vendor holds, timeouts, gateway processes starting), not CPU: four files at
    // once on two cores (vitest's default would be one; a whole CI run used ~1.1 of the 2 cores with three).
    // Timing-sensitive tests leave room for that (the fixtures' 20 s read budget, process tests' own timeouts).
    maxWorkers: 4,
    isolate: false,
    // A fresh clone has no durations: the known slowest files first, so none of them is the run's tail.
    sequence: { sequencer: SlowFirstSequencer },
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
