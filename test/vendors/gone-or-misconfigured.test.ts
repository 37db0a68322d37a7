// Gone or misconfigured (issue 16.3): a 404 means "provider gone" only when the vendor's own not-found body
// says so. A base URL with a wrong path prefix (the emulator then answers as the real gateway does for a
// path it does not have: Huawei APIGW.0101 JSON, Go's text, Web API's message, an HTML page, a generic
// problem) gives a VENDOR_MISCONFIGURED connection error, the stored snapshots stay as they were, and a read
// of a provider the vendor says is missing still answers "gone" (null). Real HTTP, real PGlite store.
import { describe, expect, it } from 'vitest';
import { listSnapshots } from '../../src/store/snapshots.js';
import { openVendorGateway, type GatewayVendorKey, vendorGateway } from '../support/vendor-gateway.js';

const LIST = `query { identityProviders(first: 50, refresh: true) { edges { node { ... on ManagedIdentityProvider { key stale } } }
  connectionErrors { connectionId code message } } }`;

/** A key of the vendor's format that no provider has. */
const MISSING_KEY: Record<GatewayVendorKey, string> = {
  cpanel: 'no_such_provider',
  akamai: '00000000-0000-4000-8000-000000000000',
  twosms: '00000000-0000-4000-8000-000000000000',
  huawei: 'no-such-idp',
  slashid: 'no-such-client-id',
};

describe.each(Object.keys(MISSING_KEY) as GatewayVendorKey[])('%s: gone or misconfigured', (vendor) => {
  const h = vendorGateway(vendor, { connection: { minRefreshIntervalSeconds: 0 } });

  it('a base URL with a wrong path: a VENDOR_MISCONFIGURED connection error, the snapshots kept', async () => {
    const good = await h.gql(LIST);
    expect(good.data.identityProviders.connectionErrors).toEqual([]);
    const keys = good.data.identityProviders.edges.map((e: any) => e.node.key).sort();
    expect(keys.length).toBeGreaterThan(0);
    const before = await listSnapshots(h.store.db, [h.connectionId]);

    // The same connection, as a config with a wrong path prefix would give it, on the same store.
    const wrong = await openVendorGateway(vendor, h.store, {
      connectionId: h.connectionId,
      connection: { minRefreshIntervalSeconds: 0, baseUrl: `${h.emulator.url}/not-the-api` },
    });
    try {
      const res = await wrong.gql(LIST);
      expect(res.errors).toBeUndefined();
      expect(res.data.identityProviders.connectionErrors).toEqual([
        { connectionId: h.connectionId, code: 'VENDOR_MISCONFIGURED', message: expect.stringContaining('404') },
      ]);
      // Served as the last known state, marked stale: nothing silently missing.
      expect(res.data.identityProviders.edges.map((e: any) => e.node.key).sort()).toEqual(keys);
      expect(res.data.identityProviders.edges.every((e: any) => e.node.stale)).toBe(true);
      const adapter = wrong.services.connections.get(h.connectionId).adapter;
      await expect(adapter.get(keys[0])).rejects.toMatchObject({ vendorCode: 'VENDOR_MISCONFIGURED', httpStatus: 404 });
    } finally {
      await wrong.close();
    }
    expect(await listSnapshots(h.store.db, [h.connectionId])).toEqual(before);
  });

  it('a provider the vendor says is missing is still gone: the read answers null', async () => {
    const adapter = h.services.connections.get(h.connectionId).adapter;
    expect(await adapter.get(MISSING_KEY[vendor])).toBeNull();
  });
});

describe('huawei: a sub-resource 404', () => {
  const h = vendorGateway('huawei', { connection: { minRefreshIntervalSeconds: 0 } });
  const PROTOCOLS = '/v3/OS-FEDERATION/identity_providers/okta-workforce/protocols';

  it("the gateway's APIGW.0101 on an IdP's protocols is a connection error, not the IdP gone", async () => {
    expect((await h.gql(LIST)).data.identityProviders.connectionErrors).toEqual([]);
    h.emulator.failNext('GET', PROTOCOLS, {
      status: 404,
      body: {
        error_msg: 'The API does not exist or has not been published in the environment',
        error_code: 'APIGW.0101',
        request_id: 'r1',
      },
    });
    const res = await h.gql(LIST);
    expect(res.data.identityProviders.connectionErrors).toEqual([
      { connectionId: 'hw', code: 'VENDOR_MISCONFIGURED', message: expect.stringContaining('APIGW.0101') },
    ]);
    expect(res.data.identityProviders.edges.map((e: any) => e.node.key)).toContain('okta-workforce');
  });

  it('an HTML 404 page is a connection error too', async () => {
    h.emulator.failNext('GET', PROTOCOLS, {
      status: 404,
      headers: { 'content-type': 'text/html' },
      body: '<html><body>404 Not Found</body></html>',
    });
    const res = await h.gql(LIST);
    expect(res.data.identityProviders.connectionErrors.map((e: any) => e.code)).toEqual(['VENDOR_MISCONFIGURED']);
  });

  it("Keystone's own not-found on the protocols (deleted between list and read) still drops the IdP as gone", async () => {
    h.emulator.failNext('GET', PROTOCOLS, {
      status: 404,
      body: {
        error: {
          code: 404,
          title: 'Not Found',
          message: 'Could not find identity_provider: okta-workforce.',
          error_code: null,
          error_msg: null,
        },
      },
    });
    const res = await h.gql(LIST);
    expect(res.data.identityProviders.connectionErrors).toEqual([]);
    expect(res.data.identityProviders.edges.map((e: any) => e.node.key)).not.toContain('okta-workforce');
  });
});
