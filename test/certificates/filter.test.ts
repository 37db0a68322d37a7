// identityProviders(certificateExpiresWithinDays:) (issue 17.4) through a gateway on the sandbox, whose 2sms and
// Akamai samples hold certificates expiring 5 (Akamai SAML, under a 400-day CA), 25 (2sms Northwind) and 400 days
// (2sms Contoso) after it starts: the filter finds them by their earliest certificate, with paging and totalCount,
// combined with the other filters; a certificate changed through the gateway is filtered by its new dates (the
// scan's column is not trusted for a state it was not read from); a bad argument is refused, naming it.
import { eq, sql } from 'drizzle-orm';
import { providerSnapshots as s } from '../../src/store/tables.js';
import { describe, expect, it } from 'vitest';
import { makeCertificate } from '../support/certificates.js';
import { sandboxGateway } from '../support/sandbox-gateway.js';

const FILTER = `query($days: Int, $first: Int, $after: String, $vendor: Vendor, $search: String) {
  identityProviders(certificateExpiresWithinDays: $days, first: $first, after: $after, vendor: $vendor, search: $search) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { ... on ManagedIdentityProvider { id vendor key displayName certificates { daysLeft } } } }
    connectionErrors { connectionId }
  } }`;

interface Shown {
  id: string;
  vendor: string;
  key: string;
  displayName: string;
  certificates: Array<{ daysLeft: number }>;
}

describe('identityProviders(certificateExpiresWithinDays:) on the sandbox', () => {
  const h = sandboxGateway();

  const filter = async (
    variables: Record<string, unknown>,
  ): Promise<{ totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Shown[] }> => {
    const res = await h.gql(FILTER, variables);
    expect(res.errors).toBeUndefined();
    expect(res.data.identityProviders.connectionErrors).toEqual([]);
    const list = res.data.identityProviders;
    return { totalCount: list.totalCount, pageInfo: list.pageInfo, nodes: list.edges.map((edge: { node: Shown }) => edge.node) };
  };
  const names = (nodes: Shown[]) => nodes.map((node) => `${node.vendor} ${node.displayName}`);

  it('within 30 days: the providers whose earliest certificate ends in 5 and in 25 days, paged, with totalCount', async () => {
    const all = await filter({ days: 30 });
    expect(all.totalCount).toBe(2);
    expect(names(all.nodes).sort()).toEqual(['AKAMAI Northwind SAML', 'TWOSMS Northwind Traders SSO']);
    const first = await filter({ days: 30, first: 1 });
    expect(first.totalCount).toBe(2);
    expect(first.nodes).toHaveLength(1);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await filter({ days: 30, first: 1, after: first.pageInfo.endCursor });
    expect(second.totalCount).toBe(2);
    expect(second.nodes).toHaveLength(1);
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect([...first.nodes, ...second.nodes].map((node) => node.id)).toEqual(all.nodes.map((node) => node.id));
  });

  it('within 7 days: only the one ending in 5 days (its 400-day chain certificate does not hide it)', async () => {
    const within7 = await filter({ days: 7 });
    expect(within7.totalCount).toBe(1);
    expect(names(within7.nodes)).toEqual(['AKAMAI Northwind SAML']);
    expect(within7.nodes[0]!.certificates.map((c) => c.daysLeft).sort((a, b) => a - b)).toEqual([5, 400]);
    // 0: expired ones only (none here); 3650: every provider holding a readable certificate.
    expect((await filter({ days: 0 })).totalCount).toBe(0);
    expect(names((await filter({ days: 3650 })).nodes).sort()).toEqual([
      'AKAMAI Northwind SAML',
      'TWOSMS Contoso Research ADFS',
      'TWOSMS Northwind Traders SSO',
    ]);
  });

  it('combines with vendor and search', async () => {
    expect(names((await filter({ days: 30, vendor: 'TWOSMS' })).nodes)).toEqual(['TWOSMS Northwind Traders SSO']);
    expect((await filter({ days: 30, vendor: 'CPANEL' })).totalCount).toBe(0);
    const searched = await filter({ days: 30, search: 'saml' });
    expect(searched.totalCount).toBe(1);
    expect(names(searched.nodes)).toEqual(['AKAMAI Northwind SAML']);
  });

  it('refuses a negative or too large number of days, naming the argument', async () => {
    for (const days of [-1, 3651]) {
      const res = await h.gql(FILTER, { days });
      expect(res.data?.identityProviders ?? null).toBeNull();
      expect(res.errors?.[0]?.message).toMatch(/certificateExpiresWithinDays must be a whole number of days from 0 to 3650/);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
  });

  it('trusts the scan only at the version it read: a stale column is read again, not believed', async () => {
    // Contoso's certificate ends in 400 days; its row claims 1 day, read at some other version.
    await h.store.db.execute(
      sql`update provider_snapshots set certificate_not_after = now() + interval '1 day', certificates_version = 'not-this-version'
          where state->>'displayName' = 'Contoso Research ADFS'`,
    );
    // 6, not 7: a query asked before may be answered from the response cache for a second.
    expect(names((await filter({ days: 6 })).nodes)).toEqual(['AKAMAI Northwind SAML']);
    const [row] = await h.store.db
      .select({ notAfter: s.certificateNotAfter, current: sql<boolean>`${s.certificatesVersion} = ${s.version}` })
      .from(s)
      .where(eq(s.displayName, 'Contoso Research ADFS'));
    expect({ days: Math.round((row!.notAfter!.getTime() - Date.now()) / 86_400_000), current: row!.current }).toEqual({
      days: 400,
      current: true,
    });
  });

  it('follows a certificate changed through the gateway: the provider is filtered by its new certificate', async () => {
    const northwind = (await filter({ days: 30, vendor: 'TWOSMS' })).nodes[0]!;
    const soon = await makeCertificate({ commonName: 'idp.northwind.example renewed badly', notAfterDays: 3 });
    const update = await h.gql(
      `mutation($id: ID!, $cert: String!) { updateTwoSmsIdentityProvider(input: { id: $id, certificate: $cert }) {
        __typename ... on Error { message } } }`,
      { id: northwind.id, cert: soon.certPem },
    );
    expect(update.data.updateTwoSmsIdentityProvider.__typename).toBe('UpdateTwoSmsIdentityProviderPayload');
    const within7 = await filter({ days: 7 });
    expect(names(within7.nodes).sort()).toEqual(['AKAMAI Northwind SAML', 'TWOSMS Northwind Traders SSO']);
    expect(within7.nodes.find((node) => node.vendor === 'TWOSMS')!.certificates).toEqual([{ daysLeft: 3 }]);
    // And a certificate renewed for a year leaves the filter.
    const renewed = await makeCertificate({ commonName: 'idp.northwind.example renewed', notAfterDays: 365 });
    await h.gql(
      `mutation($id: ID!, $cert: String!) { updateTwoSmsIdentityProvider(input: { id: $id, certificate: $cert }) { __typename } }`,
      {
        id: northwind.id,
        cert: renewed.certPem,
      },
    );
    expect(names((await filter({ days: 30 })).nodes)).toEqual(['AKAMAI Northwind SAML']);
  });
});
