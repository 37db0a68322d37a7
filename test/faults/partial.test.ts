// One vendor hung: a read across all five still answers within the timeout plus a margin, with the other
// four vendors' providers fresh and the hung one's last snapshot marked stale, named in connectionErrors.
import { beforeAll, describe, expect, it } from 'vitest';
import { sandboxGateway } from '../support/sandbox-gateway.js';
import { STORE_KINDS } from '../support/stores.js';

const TOTAL_TIMEOUT_MS = 1_000;

describe.each(STORE_KINDS)('a hung vendor on $name', (kind) => {
  const h = sandboxGateway({
    kind,
    actor: 'partial',
    connection: { totalTimeoutMs: TOTAL_TIMEOUT_MS, minRefreshIntervalSeconds: 0, readBudgetMs: 2_000 },
  });
  const gql = async (query: string): Promise<any> =>
    (
      await h.yoga.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      })
    ).json();

  beforeAll(async () => {
    await gql('{ identityProviders(first: 200, refresh: true) { totalCount } }');
  });

  it('returns the other four vendors within the timeout plus a margin', async () => {
    h.sandbox.emulators.find((e) => e.vendor === 'akamai')!.faults.add({ kind: 'hang' });
    const started = performance.now();
    const res = await gql(
      `{ identityProviders(first: 200, refresh: true) { connectionErrors { connectionId code } edges { node { ... on ManagedIdentityProvider { vendor stale } } } } }`,
    );
    const elapsed = performance.now() - started;
    console.log(`read with akamai hung: ${Math.round(elapsed)} ms (per-attempt timeout ${TOTAL_TIMEOUT_MS} ms)`);
    expect(elapsed).toBeLessThan(2 * TOTAL_TIMEOUT_MS + 1_500);
    const nodes = res.data.identityProviders.edges.map((e: any) => e.node);
    for (const vendor of ['CPANEL', 'TWOSMS', 'HUAWEI', 'SLASHID']) {
      const own = nodes.filter((n: any) => n.vendor === vendor);
      expect(own.length, vendor).toBeGreaterThan(0);
      expect(
        own.every((n: any) => !n.stale),
        vendor,
      ).toBe(true);
    }
    const akamai = nodes.filter((n: any) => n.vendor === 'AKAMAI');
    expect(akamai.length).toBeGreaterThan(0);
    expect(akamai.every((n: any) => n.stale)).toBe(true);
    expect(res.data.identityProviders.connectionErrors).toEqual([{ connectionId: 'akamai-sandbox', code: 'TIMEOUT' }]);
    h.sandbox.emulators.find((e) => e.vendor === 'akamai')!.faults.clear();
  });
});
