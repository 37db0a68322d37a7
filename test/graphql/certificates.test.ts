// `certificates` on every provider type (issue 17.4): a gateway over real HTTP to the 2sms, Akamai and cPanel
// emulators, whose providers hold certificates made here (5, 25 and 400 days left), an unreadable one, or none.
// Each certificate is shown as node:crypto reads it; an unreadable one is reported, not an error; a provider
// or a vendor without certificates has [].
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/open.js';
import type { AkamaiEmulator } from '../../src/vendors/akamai/emulator/server.js';
import { sampleProviders as akamaiSamples } from '../../src/vendors/akamai/emulator/sandbox.js';
import type { CpanelEmulator } from '../../src/vendors/cpanel/emulator/server.js';
import { sampleProviders as twoSmsSamples } from '../../src/vendors/twosms/emulator/sample-data.js';
import type { TwoSmsEmulator } from '../../src/vendors/twosms/emulator/server.js';
import { APP_ID, akamaiGatewayVendor, OIDC_ID, SAML_ID } from '../akamai/support.js';
import { cpanelGatewayVendor } from '../cpanel/support.js';
import { makeCertificate, type TestCertificate } from '../support/certificates.js';
import { type Harness, startHarness } from '../support/harness.js';
import { PGLITE } from '../support/stores.js';
import { CONTOSO_ID, FABRIKAM_ID, NORTHWIND_ID, twosmsGatewayVendor } from '../twosms/support.js';

const LIST = `{ identityProviders(first: 200) {
  edges { node { __typename ... on ManagedIdentityProvider { vendor connectionId key
    certificates { role subject issuer notBefore notAfter daysLeft sha256Fingerprint problem } } } }
  connectionErrors { connectionId code message } } }`;

interface ShownCertificate {
  role: string;
  subject: string | null;
  issuer: string | null;
  notBefore: string | null;
  notAfter: string | null;
  daysLeft: number | null;
  sha256Fingerprint: string | null;
  problem: string | null;
}

interface ShownProvider {
  __typename: string;
  vendor: string;
  connectionId: string;
  key: string;
  certificates: ShownCertificate[];
}

/** What node:crypto reads from `certificate`, as the field must show it (daysLeft aside). */
function expectedFrom(certificate: TestCertificate, role: 'SIGNING' | 'CHAIN') {
  const x509 = new X509Certificate(certificate.certPem);
  return {
    role,
    subject: x509.subject.replace(/\n/g, ', '),
    issuer: x509.issuer.replace(/\n/g, ', '),
    notBefore: new Date(x509.validFrom).toISOString(),
    notAfter: new Date(x509.validTo).toISOString(),
    sha256Fingerprint: x509.fingerprint256,
    problem: null,
  };
}

describe('certificates on the provider types', () => {
  let store: Store;
  let twosms: TwoSmsEmulator;
  let akamai: AkamaiEmulator;
  let cpanel: CpanelEmulator;
  let h: Harness;
  let providers: ShownProvider[];
  let in5: TestCertificate;
  let in25: TestCertificate;
  let ca400: TestCertificate;
  const find = (vendor: string, key: string) => providers.find((p) => p.vendor === vendor && p.key === key)!;

  beforeAll(async () => {
    ca400 = await makeCertificate({ commonName: 'Certificates Test Root CA', ca: true, notAfterDays: 400 });
    [in5, in25] = await Promise.all([
      makeCertificate({ commonName: 'idp.northwind.example signing', notAfterDays: 5 }),
      makeCertificate({ commonName: 'sso.northwind.example signing', notAfterDays: 25, issuer: ca400 }),
    ]);
    [store, twosms, akamai, cpanel] = await Promise.all([
      PGLITE.open(),
      // Northwind: PEM, 5 days; Contoso: text that is no certificate; Fabrikam: none.
      twosmsGatewayVendor.startEmulator(twosmsGatewayVendor.secret, {
        providers: twoSmsSamples({ northwind: in5.certPem, contoso: 'MIIBnotacertificate==' }),
      }),
      // The SAML provider: its signing certificate (bare base64) and the CA of its chain.
      akamaiGatewayVendor.startEmulator(akamaiGatewayVendor.secret, {
        apps: { [APP_ID]: akamaiSamples({ signing: in25.certBase64, chain: [ca400.certBase64] }) },
      }),
      cpanelGatewayVendor.startEmulator(cpanelGatewayVendor.secret),
    ]);
    h = await startHarness({
      store,
      connections: [
        twosmsGatewayVendor.connection(twosms, 'sms'),
        akamaiGatewayVendor.connection(akamai, 'akamai'),
        cpanelGatewayVendor.connection(cpanel, 'whm'),
      ],
      env: {
        [twosmsGatewayVendor.secretEnv]: twosmsGatewayVendor.secret,
        [akamaiGatewayVendor.secretEnv]: akamaiGatewayVendor.secret,
        [cpanelGatewayVendor.secretEnv]: cpanelGatewayVendor.secret,
      },
    });
    const res = await h.gql(LIST);
    expect(res.errors).toBeUndefined();
    expect(res.data.identityProviders.connectionErrors).toEqual([]);
    providers = res.data.identityProviders.edges.map((edge: { node: ShownProvider }) => edge.node);
  });
  afterAll(async () => {
    await h?.close();
    await Promise.all([twosms?.close(), akamai?.close(), cpanel?.close()]);
    await store?.close();
  });

  it('2sms: the signing certificate as node:crypto reads it, with the days left', () => {
    expect(find('TWOSMS', NORTHWIND_ID).certificates).toEqual([{ ...expectedFrom(in5, 'SIGNING'), daysLeft: 5 }]);
    expect(find('TWOSMS', NORTHWIND_ID).certificates[0]!.subject).toBe('CN=idp.northwind.example signing');
  });

  it('Akamai SAML: the signing certificate, then the CA of its chain', () => {
    const [signing, chain] = find('AKAMAI', SAML_ID).certificates;
    expect(signing).toEqual({ ...expectedFrom(in25, 'SIGNING'), daysLeft: 25 });
    expect(chain).toEqual({ ...expectedFrom(ca400, 'CHAIN'), daysLeft: 400 });
    expect(signing!.issuer).toBe(chain!.subject);
    expect(find('AKAMAI', SAML_ID).certificates).toHaveLength(2);
  });

  it('an unreadable certificate is listed with its problem and nulls, and the page has no error', () => {
    expect(find('TWOSMS', CONTOSO_ID).certificates).toEqual([
      {
        role: 'SIGNING',
        subject: null,
        issuer: null,
        notBefore: null,
        notAfter: null,
        daysLeft: null,
        sha256Fingerprint: null,
        problem: expect.stringMatching(/^the signing certificate is not a readable X\.509 certificate .*: set it again/),
      },
    ]);
  });

  it('[] where the vendor holds none: a 2sms provider without one, Akamai OIDC, every cPanel provider', () => {
    expect(find('TWOSMS', FABRIKAM_ID).certificates).toEqual([]);
    expect(find('AKAMAI', OIDC_ID).certificates).toEqual([]);
    const whm = providers.filter((p) => p.vendor === 'CPANEL');
    expect(whm.length).toBeGreaterThan(0);
    expect(whm.every((p) => p.certificates.length === 0)).toBe(true);
  });
});
