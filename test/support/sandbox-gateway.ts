// A gateway on the sandbox in one line: the five vendors' emulators with their sample data (as `npm start`
// without a config file has them) and a gateway harness on a store of the given kind, for a describe block.
import type { OutboundFetchConfig } from '../../src/config.js';
import type { ApiTokenConfig } from '../../src/core/access.js';
import { type Sandbox, type SandboxStartOptions, startSandbox } from '../../src/emulation/sandbox.js';
import type { Store } from '../../src/store/open.js';
import { type Harness, startHarness, TEST_READ_BUDGET_MS } from './harness.js';
import { PGLITE, type StoreKind, type TestStoreOptions } from './stores.js';
import { suiteValue } from './suite-value.js';

export interface SandboxGateway extends Harness {
  store: Store;
  sandbox: Sandbox;
}

export interface SandboxGatewayOptions extends Pick<SandboxStartOptions, 'providersPerVendor'> {
  /** The store kind (default: PGlite from the run's template). */
  kind?: StoreKind;
  storeOptions?: TestStoreOptions;
  /** Keys set on every sandbox connection: timeouts, retries, cacheTtlSeconds, minRefreshIntervalSeconds ... */
  connection?: Record<string, unknown>;
  /** The anonymous admin the requests run as (without tokens). */
  actor?: string;
  /** API tokens (test/support/harness.ts apiToken): the gateway then requires one, as with a config file. */
  tokens?: ApiTokenConfig[];
  /** The config's outboundFetch, made when the gateway starts (a test server's port and CA are known by then). */
  outboundFetch?: () => OutboundFetchConfig;
}

/** A gateway on a fresh store and a fresh sandbox for the enclosing describe block: made before its tests, closed after. */
export function sandboxGateway(options: SandboxGatewayOptions = {}): SandboxGateway {
  const { kind = PGLITE, storeOptions, providersPerVendor, connection = {}, actor, tokens, outboundFetch } = options;
  return suiteValue(
    async () => {
      const [store, sandbox] = await Promise.all([kind.open(storeOptions), startSandbox({}, { providersPerVendor })]);
      for (const entry of sandbox.config.connections) Object.assign(entry, { readBudgetMs: TEST_READ_BUDGET_MS, ...connection });
      const config = { ...sandbox.config, ...(tokens ? { tokens } : {}), ...(outboundFetch ? { outboundFetch: outboundFetch() } : {}) };
      const harness = await startHarness({ store, config, actor });
      return {
        ...harness,
        store,
        sandbox,
        async close() {
          await harness.close();
          await sandbox.close();
        },
      };
    },
    async (gateway) => {
      await gateway.close();
      await gateway.store.close();
    },
  );
}
