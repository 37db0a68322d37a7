// Runs in every test worker before its files: processes the tests start (the CLI through bin/idp-gateway.js,
// gateways) run the suite's compiled build (test/support/test-build.ts) rather than a dist/ built before the
// files being tested changed. Children inherit the worker's environment.
import { inject } from 'vitest';

process.env.IDP_GATEWAY_BUILD = inject('gatewayBuild');
