// A gateway on one vendor's emulator in one line: the store (PGlite from the run's template unless a store
// kind is given), the vendor's emulator with its sample data, and a gateway harness whose config reaches it
// (the credential as an { env } reference, as a config file holds it). `vendorGateway` does it for a
// describe block (made before its tests, closed after them); `openVendorGateway` on a store the test owns.
// What each vendor needs (emulator, credential, connection) is its GatewayVendor, in test/<vendor>/support.ts.
import type { RunningEmulator } from '../../src/emulation/http.js';
import type { Store } from '../../src/store/open.js';
import type { AkamaiEmulator, AkamaiEmulatorOptions } from '../../src/vendors/akamai/emulator/server.js';
import type { CpanelEmulator, CpanelEmulatorOptions } from '../../src/vendors/cpanel/emulator/server.js';
import type { HuaweiEmulator, HuaweiEmulatorOptions } from '../../src/vendors/huawei/emulator/server.js';
import type { SlashIdEmulator, SlashIdEmulatorOptions } from '../../src/vendors/slashid/emulator/server.js';
import type { TwoSmsEmulator, TwoSmsEmulatorOptions } from '../../src/vendors/twosms/emulator/server.js';
import { akamaiGatewayVendor } from '../akamai/support.js';
import { cpanelGatewayVendor } from '../cpanel/support.js';
import { huaweiGatewayVendor } from '../huawei/support.js';
import { slashidGatewayVendor } from '../slashid/support.js';
import { twosmsGatewayVendor } from '../twosms/support.js';
import { globalId, type ProviderTypeName } from './global-id.js';
import { type Harness, startHarness, TEST_READ_BUDGET_MS } from './harness.js';
import { PGLITE, type StoreKind, type TestStoreOptions } from './stores.js';
import { standIn, suiteValue } from './suite-value.js';

/** How to put one vendor behind a test gateway. */
export interface GatewayVendor<Emulator extends RunningEmulator, EmulatorOptions> {
  /** The GraphQL type of its providers (for global ids). */
  typeName: ProviderTypeName;
  /** The connection id tests use unless they name another. */
  connectionId: string;
  /** The credential the emulator requires unless a test gives its own (distinctive, so a leak is easy to find). */
  secret: string;
  /** The environment variable the connection's credential is read from. */
  secretEnv: string;
  /** The emulator with the vendor's sample data, requiring `secret`; `options` replace the defaults. */
  startEmulator(secret: string, options?: Partial<EmulatorOptions>): Promise<Emulator>;
  /** The connection to `emulator` as a config file holds it, its credential as { env: secretEnv }. */
  connection(emulator: Emulator, id: string): Record<string, unknown>;
}

/** Each vendor's emulator and its options. */
interface VendorEmulators {
  cpanel: [CpanelEmulator, CpanelEmulatorOptions];
  akamai: [AkamaiEmulator, AkamaiEmulatorOptions];
  twosms: [TwoSmsEmulator, TwoSmsEmulatorOptions];
  huawei: [HuaweiEmulator, HuaweiEmulatorOptions];
  slashid: [SlashIdEmulator, SlashIdEmulatorOptions];
}

export type GatewayVendorKey = keyof VendorEmulators;
export type EmulatorOf<V extends GatewayVendorKey> = VendorEmulators[V][0];
export type EmulatorOptionsOf<V extends GatewayVendorKey> = Partial<VendorEmulators[V][1]>;

/** Every vendor a test gateway can stand on, by vendor key (as src/vendors/index.ts lists the modules). */
export const GATEWAY_VENDORS: { [V in GatewayVendorKey]: GatewayVendor<EmulatorOf<V>, VendorEmulators[V][1]> } = {
  cpanel: cpanelGatewayVendor,
  akamai: akamaiGatewayVendor,
  twosms: twosmsGatewayVendor,
  huawei: huaweiGatewayVendor,
  slashid: slashidGatewayVendor,
};

type HarnessOptions = Parameters<typeof startHarness>[0];

export interface VendorGatewayOptions<V extends GatewayVendorKey>
  extends Pick<HarnessOptions, 'actor' | 'idempotencyWaitMs' | 'leaseMs' | 'tokens' | 'gateway'> {
  /** The credential the emulator requires (default: the vendor's). */
  secret?: string;
  /** Options of the emulator, replacing the sample defaults. */
  emulator?: EmulatorOptionsOf<V>;
  /** The connection's id (default: the vendor's). */
  connectionId?: string;
  /** More connections to the same emulator, under these ids (the first connection's keys, another id). */
  alsoAs?: string[];
  /** More keys of every connection: minRefreshIntervalSeconds, timeouts, cacheTtlSeconds ... */
  connection?: Record<string, unknown>;
}

export interface VendorGateway<V extends GatewayVendorKey> extends Harness {
  store: Store;
  emulator: EmulatorOf<V>;
  connectionId: string;
  /** The global id of this connection's provider `key`. */
  globalId(key: string): string;
  /**
   * Another gateway instance on the same emulator, on the same store or on `store` (the other store of a
   * pair on one database); closed with this one unless the test closes it first.
   */
  startInstance(options?: Pick<HarnessOptions, 'store' | 'actor' | 'idempotencyWaitMs' | 'leaseMs'>): Promise<Harness>;
}

/** A gateway on `store` and a fresh emulator of `vendor`; `close` ends the gateways and the emulator, not the store. */
export async function openVendorGateway<V extends GatewayVendorKey>(
  vendor: V,
  store: Store,
  options: VendorGatewayOptions<V> = {},
): Promise<VendorGateway<V>> {
  const spec: GatewayVendor<EmulatorOf<V>, VendorEmulators[V][1]> = GATEWAY_VENDORS[vendor];
  const secret = options.secret ?? spec.secret;
  const connectionId = options.connectionId ?? spec.connectionId;
  const emulator = await spec.startEmulator(secret, options.emulator);
  const connections = [connectionId, ...(options.alsoAs ?? [])].map((id) => ({
    ...spec.connection(emulator, id),
    readBudgetMs: TEST_READ_BUDGET_MS,
    ...options.connection,
  }));
  const env = { [spec.secretEnv]: secret };
  const { secret: _secret, emulator: _emulator, connectionId: _id, alsoAs: _alsoAs, connection: _connection, ...harnessOptions } = options;
  const started = new Set<Harness>();
  const instance = async (more: Partial<HarnessOptions> = {}): Promise<Harness> => {
    const harness = await startHarness({ store, connections, env, ...harnessOptions, ...more });
    started.add(harness);
    return {
      ...harness,
      async close() {
        started.delete(harness);
        await harness.close();
      },
    };
  };
  const main = await instance();
  return {
    ...main,
    store,
    emulator,
    connectionId,
    globalId: (key) => globalId(spec.typeName, connectionId, key),
    startInstance: (more) => instance(more),
    async close() {
      for (const harness of started) await harness.close();
      await emulator.close();
    },
  };
}

/**
 * A gateway on a fresh store of `kind` (default PGlite) and a fresh emulator of `vendor`, for the enclosing
 * describe block: made before its tests, every part closed after them.
 */
export function vendorGateway<V extends GatewayVendorKey>(
  vendor: V,
  options: VendorGatewayOptions<V> & { kind?: StoreKind; storeOptions?: TestStoreOptions } = {},
): VendorGateway<V> {
  const { kind = PGLITE, storeOptions, ...gatewayOptions } = options;
  return suiteValue(
    async () => {
      const store = await kind.open(storeOptions);
      try {
        return await openVendorGateway(vendor, store, gatewayOptions);
      } catch (error) {
        await store.close();
        throw error;
      }
    },
    async (gateway) => {
      await gateway.close();
      await gateway.store.close();
    },
  );
}

/** Two gateway instances on one emulator, as `vendorGatewayPair` gives them. */
export interface VendorGatewayPair<V extends GatewayVendorKey> {
  first: VendorGateway<V>;
  /** On the first's store when both stores are one, else on the second store. */
  second: Harness;
  emulator: EmulatorOf<V>;
  stores: [Store, Store];
}

/**
 * Two gateway instances on one emulator of `vendor`, for the enclosing describe block: `openStores` gives the
 * same store twice (two gateways in one process) or two stores on one database (two instances, a PostgreSQL
 * pair whose second store's close ends both). Each part is a stand-in, so it can be destructured at once.
 */
export function vendorGatewayPair<V extends GatewayVendorKey>(
  vendor: V,
  openStores: () => Promise<[Store, Store]>,
  options: VendorGatewayOptions<V> = {},
): VendorGatewayPair<V> {
  const pair = suiteValue(
    async () => {
      const stores = await openStores();
      const first = await openVendorGateway(vendor, stores[0], options);
      const second = await first.startInstance({ store: stores[1] });
      return { first, second, emulator: first.emulator, stores };
    },
    async ({ first, stores }) => {
      await first.close();
      await stores[1].close();
      if (stores[0] !== stores[1]) await stores[0].close().catch(() => {});
    },
  );
  return {
    first: standIn(() => pair.first),
    second: standIn(() => pair.second),
    emulator: standIn(() => pair.emulator),
    stores: standIn(() => pair.stores),
  };
}
