// A sandbox gateway with trusted documents (persisted operations from a manifest) and API tokens, on a real loopback
// HTTP server: what the persisted-operations and the frontend example tests share. The harness (harness.ts) takes
// no manifest, so the gateway is made here the way listenGateway makes it: createServices + createGateway.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiTokenConfig } from '../../src/core/access.js';
import { createLogger } from '../../src/core/log.js';
import { createServices } from '../../src/gateway.js';
import { type Sandbox, startSandbox } from '../../src/emulation/sandbox.js';
import type { PersistedOperationsConfig } from '../../src/config.js';
import { loadTrustedDocuments } from '../../src/http/persisted-operations.js';
import { createGateway } from '../../src/http/server.js';
import type { Store } from '../../src/store/open.js';
import { PGLITE } from './stores.js';
import { suiteValue } from './suite-value.js';

export interface PersistedGateway {
  /** http://127.0.0.1:<port>/graphql */
  url: string;
  sandbox: Sandbox;
  store: Store;
  logLines: string[];
  /** Requests every vendor emulator received so far. */
  vendorRequests(): number;
}

/** The gateway for the enclosing describe block: started before its tests, closed after. */
export function persistedGateway(options: { persistedOperations: PersistedOperationsConfig; tokens: ApiTokenConfig[] }): PersistedGateway {
  let server: Server | undefined;
  let closeConnections: (() => Promise<void>) | undefined;
  return suiteValue(
    async () => {
      const trusted = loadTrustedDocuments(options.persistedOperations);
      const [store, sandbox] = await Promise.all([PGLITE.open(), startSandbox({}, { providersPerVendor: 3 })]);
      // A busy test machine must not turn a slow emulator into a stale page (the read budget's answer).
      for (const entry of sandbox.config.connections) entry.readBudgetMs = 10_000;
      const config = { ...sandbox.config, tokens: options.tokens, persistedOperations: options.persistedOperations };
      const services = createServices({ config, store, fingerprintKey: Buffer.from('test-fingerprint-key') });
      closeConnections = () => services.connections.close();
      const logLines: string[] = [];
      const logger = createLogger(services.secrets, (line) => logLines.push(line));
      const yoga = createGateway({ services, logger, actor: 'anonymous', tokens: options.tokens, persistedOperations: trusted });
      server = createServer(yoga);
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      return {
        url: `http://127.0.0.1:${port}/graphql`,
        sandbox,
        store,
        logLines,
        vendorRequests: () => sandbox.emulators.reduce((sum, emulator) => sum + emulator.requests.length, 0),
      };
    },
    async (gateway) => {
      server?.closeAllConnections();
      await new Promise<void>((resolve) => server?.close(() => resolve()) ?? resolve());
      await closeConnections?.();
      await gateway.sandbox.close();
      await gateway.store.close();
    },
  );
}
