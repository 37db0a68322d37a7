// One vendor hung: a read across all five still answers within the timeout plus a margin, with the other
// four vendors' providers fresh and the hung one's last snapshot marked stale, named in connectionErrors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/app.js';
import { createLogger } from '../../src/core/log.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { createGateway } from '../../src/server.js';
import type { Store } from '../../src/store/open.js';
import { STORE_KINDS } from '../support/stores.js';

const TOTAL_TIMEOUT_MS = 1_000;

describe.each(STORE_KINDS)('a hung vendor on $name', (kind) => {
  let store: Store;
  let sandbox: Sandbox;
  let gql: (query: string) => Promise<any>;

  beforeAll(async () => {
    store = await kind.open();
    sandbox = await startSandbox({});
    for (const connection of sandbox.config.connections) Object.assign(connection, { totalTimeoutMs: TOTAL_TIMEOUT_MS, minRefreshIntervalSeconds: 0 });
    const services = createServices({ config: sandbox.config, store, fingerprintKey: Buffer.from('partial') });
    const yoga = createGateway({ services, logger: createLogger(services.secrets, () => {}), actor: 'partial' });
    gql = async (query) => (await yoga.fetch('http://gateway.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })).json();
    await gql('{ identityProviders(first: 200, refresh: true) { totalCount } }');
  });
  afterAll(async () => {
    await sandbox.close();
    await store.close();
  });

  it('returns the other four vendors within the timeout plus a margin', async () => {
    sandbox.emulators.find((e) => e.vendor === 'akamai')!.faults.add({ kind: 'hang' });
    const started = performance.now();
    const res = await gql(`{ identityProviders(first: 200, refresh: true) { connectionErrors { connectionId code } edges { node { ... on ManagedIdentityProvider { vendor stale } } } } }`);
    const elapsed = performance.now() - started;
    console.log(`read with akamai hung: ${Math.round(elapsed)} ms (per-attempt timeout ${TOTAL_TIMEOUT_MS} ms)`);
    expect(elapsed).toBeLessThan(2 * TOTAL_TIMEOUT_MS + 1_500);
    const nodes = res.data.identityProviders.edges.map((e: any) => e.node);
    for (const vendor of ['CPANEL', 'TWOSMS', 'HUAWEI', 'SLASHID']) {
      const own = nodes.filter((n: any) => n.vendor === vendor);
      expect(own.length, vendor).toBeGreaterThan(0);
      expect(own.every((n: any) => !n.stale), vendor).toBe(true);
    }
    const akamai = nodes.filter((n: any) => n.vendor === 'AKAMAI');
    expect(akamai.length).toBeGreaterThan(0);
    expect(akamai.every((n: any) => n.stale)).toBe(true);
    expect(res.data.identityProviders.connectionErrors).toEqual([{ connectionId: 'akamai-sandbox', code: 'TIMEOUT' }]);
    sandbox.emulators.find((e) => e.vendor === 'akamai')!.faults.clear();
  });
});
