// Two cPanel emulators behind one gateway with API tokens, on a real HTTP port, for a describe block: the
// shape of the tests that need two connections of one vendor and callers limited to one of them (live updates,
// incremental delivery). Connection keys beyond the emulator's (TTL, refresh floor, read budget) are the test's.
import type { CpanelEmulator } from '../../src/vendors/cpanel/emulator/server.js';
import type { Store } from '../../src/store/open.js';
import { startWhm } from '../cpanel/support.js';
import type { ApiTokenConfig } from '../../src/core/access.js';
import { type Harness, startHarness } from './harness.js';
import { serve } from './serve.js';
import type { StoreKind } from './stores.js';
import { suiteValue } from './suite-value.js';

export interface CpanelPairGateway {
  store: Store;
  /** The emulators by connection id. */
  emulators: Record<string, CpanelEmulator>;
  h: Harness;
  server: { url: string; close(): Promise<void> };
}

export function cpanelPairGateway(options: {
  kind: StoreKind;
  /** The two connection ids. */
  ids: readonly [string, string];
  /** The WHM API token both emulators require. */
  secret: string;
  tokens: ApiTokenConfig[];
  /** Keys set on both connections. */
  connection?: Record<string, unknown>;
}): CpanelPairGateway {
  return suiteValue(
    async () => {
      const store = await options.kind.open();
      const started = await Promise.all(options.ids.map(() => startWhm(options.secret)));
      const emulators = Object.fromEntries(options.ids.map((id, index) => [id, started[index]!]));
      const h = await startHarness({
        store,
        connections: options.ids.map((id) => ({
          id,
          vendor: 'cpanel',
          baseUrl: emulators[id]!.url,
          username: 'root',
          apiToken: { env: 'WHM_TOKEN' },
          ...options.connection,
        })),
        env: { WHM_TOKEN: options.secret },
        tokens: options.tokens,
      });
      return { store, emulators, h, server: await serve(h) };
    },
    async ({ store, emulators, h, server }) => {
      await server.close();
      await h.close();
      await Promise.all(Object.values(emulators).map((emulator) => emulator.close()));
      await store.close();
    },
  );
}
