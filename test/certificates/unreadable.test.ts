// A certificate that cannot be read does not break the certificate filter or the scan: a gateway over real HTTP
// to the 2sms emulator whose Northwind provider holds a certificate ending in 5 days and Contoso text that is no
// certificate. The filter finds Northwind, never Contoso (however many days), with no error; the scan records
// Contoso as read at its version with no expiry, and `certificates` still shows its problem.
import { eq, sql } from 'drizzle-orm';
import { providerSnapshots } from '../../src/store/tables.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleProviders } from '../../src/vendors/twosms/emulator/sample-data.js';
import { makeCertificate, type TestCertificate } from '../support/certificates.js';
import { vendorGateway } from '../support/vendor-gateway.js';
import { CONTOSO_ID, NORTHWIND_ID } from '../twosms/support.js';

const FILTER = `query($days: Int!) { identityProviders(certificateExpiresWithinDays: $days) {
  totalCount edges { node { ... on ManagedIdentityProvider { key } } } connectionErrors { connectionId } } }`;

let in5: TestCertificate;
beforeAll(async () => {
  in5 = await makeCertificate({ commonName: 'idp.northwind.example signing', notAfterDays: 5 });
});

describe('an unreadable certificate and the certificate filter', () => {
  const h = vendorGateway('twosms', {
    emulator: { providers: sampleProviders({ northwind: '', contoso: 'MIIBnotacertificate==' }) },
  });

  it('finds the readable one and never the unreadable one, without an error', async () => {
    // Northwind's certificate is made in the file's beforeAll, after the emulator's options were given: set it now.
    const set = await h.gql(
      `mutation($id: ID!, $cert: String!) { updateTwoSmsIdentityProvider(input: { id: $id, certificate: $cert }) { __typename } }`,
      { id: h.globalId(NORTHWIND_ID), cert: in5.certPem },
    );
    expect(set.data.updateTwoSmsIdentityProvider.__typename).toBe('UpdateTwoSmsIdentityProviderPayload');
    for (const days of [30, 3650]) {
      const res = await h.gql(FILTER, { days });
      expect(res.errors).toBeUndefined();
      expect(res.data.identityProviders.connectionErrors).toEqual([]);
      expect(res.data.identityProviders.totalCount).toBe(1);
      expect(res.data.identityProviders.edges.map((edge: { node: { key: string } }) => edge.node.key)).toEqual([NORTHWIND_ID]);
    }
    const scanned = await h.store.db
      .select({
        key: providerSnapshots.providerKey,
        current: sql<boolean>`${providerSnapshots.certificatesVersion} = ${providerSnapshots.version}`,
        notAfter: providerSnapshots.certificateNotAfter,
      })
      .from(providerSnapshots)
      .where(eq(providerSnapshots.providerKey, CONTOSO_ID));
    expect(scanned).toEqual([{ key: CONTOSO_ID, current: true, notAfter: null }]);
    const shown = await h.gql(
      `query($id: ID!) { identityProvider(id: $id) { ... on ManagedIdentityProvider { certificates { problem } } } }`,
      {
        id: h.globalId(CONTOSO_ID),
      },
    );
    expect(shown.data.identityProvider.certificates[0].problem).toMatch(/not a readable X\.509 certificate/);
  });
});
