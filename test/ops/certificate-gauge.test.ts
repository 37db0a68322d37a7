// idp_gateway_certificate_expiry_timestamp_seconds (issue 17.4): GET /metrics on a gateway over the 2sms, Akamai
// and cPanel emulators shows one series per readable certificate of the providers it holds, valued at the
// certificate's notAfter in seconds, labelled by connection, provider and position (signing, chain[1]); none
// for an unreadable certificate or a provider without one; a changed certificate moves its series; the
// snapshots in memory give the same series as the store.
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { GatewayMetrics } from '../../src/ops/metrics.js';
import type { Store } from '../../src/store/open.js';
import type { AkamaiEmulator } from '../../src/vendors/akamai/emulator/server.js';
import { sampleProviders as akamaiSamples } from '../../src/vendors/akamai/emulator/sandbox.js';
import type { CpanelEmulator } from '../../src/vendors/cpanel/emulator/server.js';
import { sampleProviders as twoSmsSamples } from '../../src/vendors/twosms/emulator/sample-data.js';
import type { TwoSmsEmulator } from '../../src/vendors/twosms/emulator/server.js';
import { APP_ID, akamaiGatewayVendor, SAML_ID } from '../akamai/support.js';
import { cpanelGatewayVendor } from '../cpanel/support.js';
import { makeCertificate, type TestCertificate } from '../support/certificates.js';
import { globalId } from '../support/global-id.js';
import { PGLITE } from '../support/stores.js';
import { NORTHWIND_ID, twosmsGatewayVendor } from '../twosms/support.js';
import { type OpsGateway, startOpsGateway } from './ops-gateway.js';
import { parsePrometheusText, type Sample, samplesOf } from './prometheus-text.js';
import { TEST_READ_BUDGET_MS } from '../support/harness.js';

const GAUGE = 'idp_gateway_certificate_expiry_timestamp_seconds';
const LIST = '{ identityProviders(first: 200, refresh: true) { edges { node { __typename } } connectionErrors { connectionId code } } }';
const UPDATE = `mutation($id: ID!, $certificate: String!) { updateTwoSmsIdentityProvider(input: { id: $id, certificate: $certificate }) {
  __typename ... on Error { message } } }`;

const notAfterSeconds = (certificate: TestCertificate) => new Date(new X509Certificate(certificate.certPem).validTo).getTime() / 1000;

/** The gauge's series as `connection/provider/certificate` -> value, sorted by label. */
function series(samples: Sample[]): Record<string, number> {
  const entries = samplesOf(samples, GAUGE).map(
    (s) => [`${s.labels.connection}/${s.labels.provider}/${s.labels.certificate}`, s.value] as const,
  );
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
}

describe(GAUGE, () => {
  let store: Store;
  let twosms: TwoSmsEmulator;
  let akamai: AkamaiEmulator;
  let cpanel: CpanelEmulator;
  let gateway: OpsGateway;
  let in5: TestCertificate;
  let in25: TestCertificate;
  let ca400: TestCertificate;

  const scrape = async (): Promise<Sample[]> => {
    const response = await gateway.fetch('/metrics');
    expect(response.status).toBe(200);
    return parsePrometheusText(await response.text());
  };

  beforeAll(async () => {
    ca400 = await makeCertificate({ commonName: 'Gauge Test Root CA', ca: true, notAfterDays: 400 });
    [in5, in25] = await Promise.all([
      makeCertificate({ commonName: 'gauge 2sms signing', notAfterDays: 5 }),
      makeCertificate({ commonName: 'gauge akamai signing', notAfterDays: 25, issuer: ca400 }),
    ]);
    [store, twosms, akamai, cpanel] = await Promise.all([
      PGLITE.open(),
      twosmsGatewayVendor.startEmulator(twosmsGatewayVendor.secret, {
        providers: twoSmsSamples({ northwind: in5.certPem, contoso: 'not a certificate' }),
      }),
      akamaiGatewayVendor.startEmulator(akamaiGatewayVendor.secret, {
        apps: { [APP_ID]: akamaiSamples({ signing: in25.certBase64, chain: [ca400.certBase64] }) },
      }),
      cpanelGatewayVendor.startEmulator(cpanelGatewayVendor.secret),
    ]);
    const config = parseConfig(
      {
        connections: [
          twosmsGatewayVendor.connection(twosms, 'sms'),
          akamaiGatewayVendor.connection(akamai, 'akamai'),
          cpanelGatewayVendor.connection(cpanel, 'whm'),
        ].map((connection) => ({ ...connection, minRefreshIntervalSeconds: 0, readBudgetMs: TEST_READ_BUDGET_MS })),
      },
      'test config',
      {
        [twosmsGatewayVendor.secretEnv]: twosmsGatewayVendor.secret,
        [akamaiGatewayVendor.secretEnv]: akamaiGatewayVendor.secret,
        [cpanelGatewayVendor.secretEnv]: cpanelGatewayVendor.secret,
      },
    );
    gateway = startOpsGateway({ store, config });
  });
  afterAll(async () => {
    await gateway?.close();
    await Promise.all([twosms?.close(), akamai?.close(), cpanel?.close()]);
    await store?.close();
  });

  it('has no series before the gateway holds any provider', async () => {
    const samples = await scrape();
    expect(samples.filter((s) => s.name.startsWith('idp_gateway_')).length).toBeGreaterThan(0);
    expect(series(samples)).toEqual({});
  });

  it('a series per readable certificate, valued at its notAfter in seconds; none for an unreadable one or none at all', async () => {
    const { body } = await gateway.gql(LIST);
    expect(body.data.identityProviders.connectionErrors).toEqual([]);
    const samples = await scrape();
    expect(series(samples)).toEqual({
      [`akamai/${SAML_ID}/chain[1]`]: notAfterSeconds(ca400),
      [`akamai/${SAML_ID}/signing`]: notAfterSeconds(in25),
      [`sms/${NORTHWIND_ID}/signing`]: notAfterSeconds(in5),
    });
    expect(samples.find((s) => s.name === GAUGE)!.value).toBeGreaterThan(Date.now() / 1000);
  });

  it('follows a changed certificate: the series moves to the new notAfter', async () => {
    const next = await makeCertificate({ commonName: 'gauge 2sms next signing', notAfterDays: 90 });
    const { body } = await gateway.gql(UPDATE, {
      variables: { id: globalId('TwoSmsIdentityProvider', 'sms', NORTHWIND_ID), certificate: next.certPem },
    });
    expect(body.data.updateTwoSmsIdentityProvider.__typename).toBe('UpdateTwoSmsIdentityProviderPayload');
    expect(series(await scrape())[`sms/${NORTHWIND_ID}/signing`]).toBe(notAfterSeconds(next));
  });

  it('reads the same series from the snapshots in memory as from the store', async () => {
    const fromStore = series(await scrape());
    // A read puts the connections' snapshots in memory (the update above dropped the 2sms ones).
    await gateway.gql(LIST.replace(', refresh: true', ''));
    const { services } = gateway;
    const inMemory = new GatewayMetrics({ db: services.db, connections: services.connections, snapshots: services.reader.cache });
    expect(services.reader.cache.get('sms')).toBeDefined();
    expect(series(parsePrometheusText((await inMemory.render()).body))).toEqual(fromStore);
  });
});
