// `refresh: true` has a floor: a connection's vendor is read at most once per minRefreshIntervalSeconds, so a
// viewer asking twenty times in a row (or at once) costs one read, not twenty. Within the interval the caller
// gets the snapshots as they are (with the last read's error, if it failed); after it, the vendor is read again.
import { describe, expect, it } from 'vitest';
import type { CpanelEmulator } from '../../src/vendors/cpanel/emulator/server.js';
import { CPANEL_SAMPLE_MODULES } from '../../src/vendors/cpanel/emulator/sandbox.js';
import { apiToken } from '../support/harness.js';
import { STORE_KINDS } from '../support/stores.js';
import { vendorGateway } from '../support/vendor-gateway.js';

const WHM_TOKEN = 'WHMTOKEN-refresh-floor-6a2e';
const FLOOR_SECONDS = 3;
const REFRESH =
  '{ identityProviders(refresh: true) { totalCount edges { node { ... on ManagedIdentityProvider { key stale } } } connectionErrors { connectionId message } } }';
const listCalls = (emulator: CpanelEmulator) =>
  emulator.requests.filter((r) => r.path === '/json-api/get_available_authentication_providers').length;

describe.each(STORE_KINDS)('the refresh floor on $name', (kind) => {
  const viewer = apiToken('refresh-viewer', 'viewer');
  // 3 s: twenty requests in a row fit in it even on a CI machine loaded by browser tests (1 s did not, once).
  const h = vendorGateway('cpanel', {
    kind,
    secret: WHM_TOKEN,
    connection: { minRefreshIntervalSeconds: FLOOR_SECONDS },
    tokens: [viewer.config],
  });

  it('reads the vendor once for twenty refreshes in a row, and for twenty at once', async () => {
    const before = listCalls(h.emulator);
    for (let i = 0; i < 20; i++) {
      const res = await h.gql(REFRESH, {}, { token: viewer.token });
      expect(res.errors).toBeUndefined();
      expect(res.data.identityProviders.totalCount).toBe(CPANEL_SAMPLE_MODULES.length);
    }
    expect(listCalls(h.emulator) - before).toBe(1);

    await new Promise((resolve) => setTimeout(resolve, FLOOR_SECONDS * 1_000 + 100));
    const atOnce = listCalls(h.emulator);
    const answers = await Promise.all(Array.from({ length: 20 }, () => h.gql(REFRESH, {}, { token: viewer.token })));
    for (const res of answers) expect(res.data.identityProviders.totalCount).toBe(CPANEL_SAMPLE_MODULES.length);
    expect(listCalls(h.emulator) - atOnce).toBe(1);
  });

  it('tells a caller within the interval what the last read said, without asking the vendor again', async () => {
    await new Promise((resolve) => setTimeout(resolve, FLOOR_SECONDS * 1_000 + 100));
    h.emulator.faults.add({ kind: 'status', status: 503, path: '/json-api/get_available_authentication_providers' });
    try {
      const failed = await h.gql(REFRESH, {}, { token: viewer.token });
      expect(failed.data.identityProviders.connectionErrors).toHaveLength(1);
      const calls = listCalls(h.emulator);
      const again = await h.gql(REFRESH, {}, { token: viewer.token });
      expect(again.data.identityProviders.connectionErrors).toEqual(failed.data.identityProviders.connectionErrors);
      expect(again.data.identityProviders.edges.every((e: any) => e.node.stale)).toBe(true);
      expect(listCalls(h.emulator)).toBe(calls);
    } finally {
      h.emulator.faults.clear();
    }
    // After the interval the vendor is read again, and answers.
    await new Promise((resolve) => setTimeout(resolve, FLOOR_SECONDS * 1_000 + 100));
    const recovered = await h.gql(REFRESH, {}, { token: viewer.token });
    expect(recovered.data.identityProviders.connectionErrors).toEqual([]);
  });
});
