// A real gateway on a listening loopback HTTP server, as `npm start` makes it: the sandbox's five vendor
// emulators and their config, a fresh in-memory PGlite store (migrated: the run's template), listenGateway. Optionally with API tokens
// (then every request needs one, as with a config file).
import { listenGateway, type RunningGateway } from '../../src/gateway.js';
import type { ApiTokenConfig } from '../../src/core/access.js';
import { createLogger } from '../../src/core/log.js';
import { SecretRegistry } from '../../src/core/secrets.js';
import { startSandbox } from '../../src/emulation/sandbox.js';
import { TEST_READ_BUDGET_MS } from './harness.js';
import { openPooledPglite } from './pglite-pool.js';

export interface LiveGateway {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:41234/graphql. */
  url: string;
  gateway: RunningGateway;
  /** Every log line the gateway wrote (kept here rather than on stderr). */
  logLines: string[];
  close(): Promise<void>;
}

export async function startLiveGateway(options: { tokens?: ApiTokenConfig[]; graphiqlBanner?: string } = {}): Promise<LiveGateway> {
  const sandbox = await startSandbox({});
  const store = await openPooledPglite();
  const tokens = options.tokens ?? null;
  const secrets = new SecretRegistry();
  const logLines: string[] = [];
  // The fixtures' read budget (harness.ts): a first read of cPanel (a dozen calls) on a loaded machine can take
  // longer than the default 2 s, and a page would then show it empty.
  const connections = sandbox.config.connections.map((connection) => ({ ...connection, readBudgetMs: TEST_READ_BUDGET_MS }));
  const gateway = await listenGateway({
    config: { ...sandbox.config, connections, ...(tokens ? { tokens } : {}) },
    store,
    fingerprintKey: Buffer.from('test-fingerprint-key'),
    secrets,
    logger: createLogger(secrets, (line) => logLines.push(line)),
    host: '127.0.0.1',
    port: 0,
    actor: tokens ? 'anonymous' : 'sandbox',
    security: { tokens, production: false, graphiql: true, introspection: true },
    graphiqlBanner: options.graphiqlBanner,
  });
  return {
    url: gateway.url,
    gateway,
    logLines,
    async close() {
      await gateway.close({ deadlineMs: 1_000 });
      await store.close();
      await sandbox.close();
    },
  };
}
