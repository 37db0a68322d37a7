// Set up from what identity providers publish, through the gateway and the vendors' emulators: SAML metadata of
// two real-world shapes (ADFS, Okta) and an OIDC discovery document served by a loopback https server (trusted
// through the config's outboundFetch, as an internal IdP would be). A change made from a source must write
// exactly what the same change with the fields typed out writes; a source that cannot be used is a ValidationError
// on the source field with nothing sent to the vendor, and what is fetched is guarded (SSRF).
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCertificate } from '../support/certificates.js';
import { type HttpsTestServer, startHttpsTestServer } from '../support/https-test-server.js';
import { adfsFederationMetadata, oktaAppMetadata } from '../support/saml-metadata-documents.js';
import { sandboxGateway } from '../support/sandbox-gateway.js';
import { suiteValue } from '../support/suite-value.js';

const PAYLOAD_FIELDS = `__typename
  ... on Error { message }
  ... on ValidationError { fieldErrors { path message } }
  ... on ConfigurationTestFailedError { checks { name status message } }`;

const create = (mutation: string) => `mutation($input: ${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input!) {
  result: ${mutation}(input: $input) {
    ${PAYLOAD_FIELDS}
    ... on ${mutation[0]!.toUpperCase()}${mutation.slice(1)}Payload {
      dryRun vendorRequests { method path body } changes { path after } checks { name status message }
      auditEvent { id input }
    }
  }
}`;

/** The loopback IdP: SAML metadata, an OIDC issuer with discovery and JWKS, and the endpoints they name. */
async function startIdp(): Promise<HttpsTestServer & { caFile: string; jwks: string }> {
  const server = await startHttpsTestServer();
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwks = JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'RS256' }] });
  const issuer = `${server.origin}/oidc`;
  Object.assign(server.routes, {
    '/oidc/.well-known/openid-configuration': {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        userinfo_endpoint: `${issuer}/userinfo`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code', 'id_token'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        scopes_supported: ['openid', 'email', 'profile'],
      }),
    },
    '/oidc/jwks': { headers: { 'content-type': 'application/json' }, body: jwks },
    '/oidc/authorize': { status: 200 },
    '/oidc/token': { status: 405 },
    '/oidc/userinfo': { status: 401 },
    '/adfs/ls/': { status: 200 },
    '/metadata/private-redirect': { redirect: 'https://10.0.0.1/metadata' },
  });
  const caFile = join(mkdtempSync(join(tmpdir(), 'idpgw-idp-ca-')), 'ca.pem');
  writeFileSync(caFile, server.ca);
  return Object.assign(server, { caFile, jwks });
}

describe('set up from SAML metadata and OIDC discovery, through the gateway', () => {
  const idp = suiteValue(startIdp, (server) => server.close());
  const h = sandboxGateway({
    connection: { minRefreshIntervalSeconds: 0 },
    outboundFetch: () => ({ allowedHosts: ['127.0.0.1'], trustedCertificates: [{ file: idp.caFile }] }),
  });
  let signing: string;
  let encryption: string;
  let adfs: string;

  beforeAll(async () => {
    signing = (await makeCertificate({ commonName: 'ADFS Signing - adfs.acme-metadata.example' })).certBase64;
    encryption = (await makeCertificate({ commonName: 'ADFS Encryption - adfs.acme-metadata.example' })).certBase64;
    adfs = adfsFederationMetadata({ host: `127.0.0.1:${idp.port}`, signing, encryption });
    idp.routes['/saml/adfs.xml'] = { headers: { 'content-type': 'application/samlmetadata+xml' }, body: adfs };
    idp.routes['/saml/okta.xml'] = {
      headers: { 'content-type': 'application/xml' },
      body: oktaAppMetadata({ signing, singleLogout: true, wrapCertificate: true }),
    };
  });

  const vendorRequests = (vendor: string) => h.sandbox.emulators.find((e) => e.vendor === vendor)!.requests;
  /** Writes to providers (not a token request). */
  const writesTo = (vendor: string) => vendorRequests(vendor).filter((r) => r.method !== 'GET' && !/token/i.test(r.path)).length;

  it('2sms: metadataXml (ADFS) and metadataUrl (Okta) plan exactly the request the typed fields plan', async () => {
    const typed = await h.gql(create('createTwoSmsIdentityProvider'), {
      input: {
        connectionId: 'twosms-sandbox',
        name: 'Acme ADFS',
        provider: `http://127.0.0.1:${idp.port}/adfs/services/trust`,
        loginUrl: `https://127.0.0.1:${idp.port}/adfs/ls/`,
        logoutUrl: `https://127.0.0.1:${idp.port}/adfs/ls/`,
        certificate: signing,
        dryRun: true,
      },
    });
    const fromXml = await h.gql(create('createTwoSmsIdentityProvider'), {
      input: { connectionId: 'twosms-sandbox', name: 'Acme ADFS', metadataXml: adfs, dryRun: true },
    });
    expect(fromXml.data.result.__typename, JSON.stringify(fromXml)).toBe('CreateTwoSmsIdentityProviderPayload');
    expect(fromXml.data.result.vendorRequests).toEqual(typed.data.result.vendorRequests);
    expect(fromXml.data.result.changes).toEqual(typed.data.result.changes);
    // The audit row keeps the document's size and hash, not the document.
    expect(JSON.stringify(fromXml.data.result.auditEvent.input)).toMatch(/SAML metadata: \d+ bytes, sha256 [0-9a-f]{16}/);
    expect(JSON.stringify(fromXml.data.result.auditEvent.input)).not.toContain(signing.slice(0, 40));

    const fromUrl = await h.gql(create('createTwoSmsIdentityProvider'), {
      input: { connectionId: 'twosms-sandbox', name: 'Acme Okta', metadataUrl: `${idp.origin}/saml/okta.xml`, dryRun: true },
    });
    expect(fromUrl.data.result.__typename, JSON.stringify(fromUrl)).toBe('CreateTwoSmsIdentityProviderPayload');
    const body = JSON.parse(fromUrl.data.result.vendorRequests[0].body) as Record<string, string>;
    expect(body.Provider).toBe('http://www.okta.com/exk1fcia6d6EMsf331d8');
    expect(body.LoginUrl).toMatch(/^https:\/\/dev-12345678\.okta\.com\/app\/.*\/sso\/saml$/);
    expect(body.LogoutUrl).toMatch(/\/slo\/saml$/);
    expect(body.Certificate?.replace(/\s/g, '')).toBe(signing);
    expect(fromUrl.data.result.auditEvent.input.metadataUrl).toBe(`${idp.origin}/saml/okta.xml`);
  });

  it('2sms: a field given with the metadata wins; a real create from metadata writes the metadata fields', async () => {
    const before = writesTo('twosms');
    const result = await h.gql(create('createTwoSmsIdentityProvider'), {
      input: { connectionId: 'twosms-sandbox', name: 'Acme ADFS', metadataXml: adfs, logoutUrl: 'https://acme-metadata.example/bye' },
    });
    expect(result.data.result.__typename, JSON.stringify(result)).toBe('CreateTwoSmsIdentityProviderPayload');
    const changes = Object.fromEntries(
      (result.data.result.changes as Array<{ path: string; after: unknown }>).map((change) => [change.path, change.after]),
    );
    expect(changes).toMatchObject({
      'details.provider': `http://127.0.0.1:${idp.port}/adfs/services/trust`,
      'details.signOnUrl': `https://127.0.0.1:${idp.port}/adfs/ls/`,
      'details.logoutUrl': 'https://acme-metadata.example/bye',
    });
    expect(writesTo('twosms')).toBe(before + 1);
  });

  it('Akamai: saml2 from metadata and openid_connect from discovery plan what the typed fields plan', async () => {
    const saml = { connectionId: 'akamai-sandbox', title: 'Acme SAML', protocol: 'SAML2', dryRun: true };
    const typedSaml = await h.gql(create('createAkamaiCustomProvider'), {
      input: { ...saml, authUrl: `https://127.0.0.1:${idp.port}/adfs/ls/`, idpCertificate: signing },
    });
    const sourcedSaml = await h.gql(create('createAkamaiCustomProvider'), { input: { ...saml, metadataXml: adfs } });
    expect(sourcedSaml.data.result.__typename, JSON.stringify(sourcedSaml)).toBe('CreateAkamaiCustomProviderPayload');
    expect(sourcedSaml.data.result.vendorRequests).toEqual(typedSaml.data.result.vendorRequests);

    const oidc = {
      connectionId: 'akamai-sandbox',
      title: 'Acme OIDC',
      protocol: 'OPENID_CONNECT',
      clientId: 'acme-client',
      clientSecret: 'acme-discovery-secret',
      scopes: ['openid', 'email'],
      dryRun: true,
    };
    const typedOidc = await h.gql(create('createAkamaiCustomProvider'), {
      input: {
        ...oidc,
        authUrl: `${idp.origin}/oidc/authorize`,
        tokenUrl: `${idp.origin}/oidc/token`,
        profileUrl: `${idp.origin}/oidc/userinfo`,
      },
    });
    const discovered = await h.gql(create('createAkamaiCustomProvider'), {
      input: { ...oidc, issuer: `${idp.origin}/oidc`, discover: true },
    });
    expect(discovered.data.result.__typename, JSON.stringify(discovered)).toBe('CreateAkamaiCustomProviderPayload');
    expect(discovered.data.result.vendorRequests).toEqual(typedOidc.data.result.vendorRequests);
    expect(JSON.stringify(discovered.data.result)).not.toContain('acme-discovery-secret');
  });

  it('Huawei: discover takes the authorization endpoint and the JWKS as the signing key', async () => {
    const result = await h.gql(create('createHuaweiIdentityProvider'), {
      input: {
        connectionId: 'huawei-sandbox',
        name: 'acme-discovered',
        accessMode: 'PROGRAM_CONSOLE',
        idpUrl: `${idp.origin}/oidc`,
        clientId: 'acme-huawei',
        scope: 'openid email',
        responseMode: 'FORM_POST',
        discover: true,
        dryRun: true,
      },
    });
    expect(result.data.result.__typename, JSON.stringify(result)).toBe('CreateHuaweiIdentityProviderPayload');
    const config = (result.data.result.vendorRequests as Array<{ body: string | null }>)
      .map((request) => (request.body ? JSON.parse(request.body) : null))
      .find((body) => body?.openid_connect_config)?.openid_connect_config;
    expect(config).toMatchObject({
      idp_url: `${idp.origin}/oidc`,
      authorization_endpoint: `${idp.origin}/oidc/authorize`,
      signing_key: JSON.stringify(JSON.parse(idp.jwks)),
    });
  });

  it('refuses a source that cannot be used, on its field, and sends nothing to the vendor', async () => {
    const before = vendorRequests('twosms').length;
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ metadataUrl: 'http://127.0.0.1/metadata.xml' }, 'metadataUrl', /https/],
      [{ metadataUrl: 'https://169.254.169.254/latest/meta-data' }, 'metadataUrl', /169\.254\.169\.254/],
      [{ metadataUrl: 'https://10.0.0.1/metadata' }, 'metadataUrl', /10\.0\.0\.1/],
      [{ metadataUrl: `${idp.origin}/metadata/private-redirect` }, 'metadataUrl', /10\.0\.0\.1/],
      [{ metadataUrl: `${idp.origin}/missing.xml` }, 'metadataUrl', /404/],
      [{ metadataXml: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>' }, 'metadataXml', /DOCTYPE/],
      [{ metadataXml: 'not xml at all' }, 'metadataXml', /SAML metadata/],
      [{ metadataXml: adfs, metadataUrl: `${idp.origin}/saml/okta.xml` }, 'metadataUrl', /not both/],
    ];
    for (const [source, field, message] of cases) {
      const result = await h.gql(create('createTwoSmsIdentityProvider'), {
        input: { connectionId: 'twosms-sandbox', name: 'Refused', ...source },
      });
      expect(result.data.result.__typename, JSON.stringify(result)).toBe('ValidationError');
      const onField = (result.data.result.fieldErrors as Array<{ path: string[]; message: string }>).filter((e) => e.path[0] === field);
      expect(onField.map((e) => e.message).join(' '), JSON.stringify(result.data.result)).toMatch(message);
    }
    const discovery = await h.gql(create('createAkamaiCustomProvider'), {
      input: {
        connectionId: 'akamai-sandbox',
        title: 'Refused',
        protocol: 'OPENID_CONNECT',
        clientId: 'c',
        clientSecret: 's3cr3t-refused',
        issuer: `${idp.origin}/elsewhere`,
        discover: true,
      },
    });
    expect(discovery.data.result.__typename).toBe('ValidationError');
    expect(discovery.data.result.fieldErrors[0].path).toEqual(['discover']);
    expect(vendorRequests('twosms').length).toBe(before);
  });
});

const TEST_CONFIGURATION = `mutation($input: TestIdentityProviderConfigurationInput!) {
  result: testIdentityProviderConfiguration(input: $input) {
    ${PAYLOAD_FIELDS}
    ... on TestIdentityProviderConfigurationPayload { passed checks { name status message } auditEvent { status operation } }
  }
}`;

interface Check {
  name: string;
  status: 'PASS' | 'WARN' | 'FAIL';
  message: string;
}
const statuses = (checks: Check[]) => Object.fromEntries(checks.map((check) => [check.name, check.status]));

describe('test before save: the checklist of each vendor, good and broken', () => {
  const idp = suiteValue(startIdp, (server) => server.close());
  const h = sandboxGateway({
    connection: { minRefreshIntervalSeconds: 0 },
    outboundFetch: () => ({ allowedHosts: ['127.0.0.1'], trustedCertificates: [{ file: idp.caFile }], timeoutMs: 2000 }),
  });
  const writes = (vendor: string) =>
    h.sandbox.emulators.find((e) => e.vendor === vendor)!.requests.filter((r) => r.method !== 'GET' && !/token/i.test(r.path)).length;
  let providerIds: Record<string, string>;

  beforeAll(async () => {
    const page = await h.gql(`{ identityProviders(first: 100) { edges { node { ... on ManagedIdentityProvider { id vendor } } } } }`);
    providerIds = {};
    for (const { node } of page.data.identityProviders.edges as Array<{ node: { id: string; vendor: string } }>)
      providerIds[node.vendor] ??= node.id;
  });

  const oidc = (overrides: Record<string, unknown>) => ({
    connectionId: 'akamai-sandbox',
    title: 'Acme checked',
    protocol: 'OPENID_CONNECT',
    clientId: 'acme-client',
    clientSecret: 'acme-checked-secret',
    authUrl: `${idp.origin}/oidc/authorize`,
    tokenUrl: `${idp.origin}/oidc/token`,
    profileUrl: `${idp.origin}/oidc/userinfo`,
    scopes: ['openid', 'email'],
    ...overrides,
  });

  it('Akamai OpenID Connect: a good configuration passes with test: true; a broken one is refused, nothing written', async () => {
    const good = await h.gql(create('createAkamaiCustomProvider'), { input: { ...oidc({}), test: true, dryRun: true } });
    expect(good.data.result.__typename, JSON.stringify(good)).toBe('CreateAkamaiCustomProviderPayload');
    expect(statuses(good.data.result.checks)).toMatchObject({
      'endpoint.authorization': 'PASS',
      'endpoint.token': 'PASS',
      scopes: 'PASS',
      client: 'PASS',
    });
    const before = writes('akamai');
    const broken = await h.gql(create('createAkamaiCustomProvider'), {
      input: { ...oidc({ tokenUrl: 'https://127.0.0.1:1/token', scopes: ['email'] }), test: true },
    });
    expect(broken.data.result.__typename, JSON.stringify(broken)).toBe('ConfigurationTestFailedError');
    expect(statuses(broken.data.result.checks)).toMatchObject({
      'endpoint.token': 'FAIL',
      scopes: 'FAIL',
      'endpoint.authorization': 'PASS',
    });
    expect(writes('akamai')).toBe(before);
    expect(JSON.stringify(broken)).not.toContain('acme-checked-secret');
  });

  it('2sms SAML: metadata with a good certificate passes; an expired certificate fails and nothing is written', async () => {
    const signing = (await makeCertificate({ commonName: 'Checked signing' })).certBase64;
    const expired = (await makeCertificate({ commonName: 'Expired signing', notBeforeDays: -400, notAfterDays: -1 })).certBase64;
    const encryption = (await makeCertificate({ commonName: 'Checked encryption' })).certBase64;
    const metadata = (certificate: string) => adfsFederationMetadata({ host: `127.0.0.1:${idp.port}`, signing: certificate, encryption });
    const good = await h.gql(create('createTwoSmsIdentityProvider'), {
      input: { connectionId: 'twosms-sandbox', name: 'Checked', metadataXml: metadata(signing), test: true, dryRun: true },
    });
    expect(good.data.result.__typename, JSON.stringify(good)).toBe('CreateTwoSmsIdentityProviderPayload');
    expect(statuses(good.data.result.checks)).toMatchObject({ 'certificate.signing': 'PASS', 'endpoint.sso': 'PASS' });
    const before = writes('twosms');
    const broken = await h.gql(create('createTwoSmsIdentityProvider'), {
      input: { connectionId: 'twosms-sandbox', name: 'Checked', metadataXml: metadata(expired), test: true },
    });
    expect(broken.data.result.__typename, JSON.stringify(broken)).toBe('ConfigurationTestFailedError');
    expect(statuses(broken.data.result.checks)['certificate.signing']).toBe('FAIL');
    expect(writes('twosms')).toBe(before);
  });

  it('Huawei: a discovered configuration passes; an unreachable issuer fails discovery', async () => {
    const input = {
      connectionId: 'huawei-sandbox',
      name: 'acme-checked',
      accessMode: 'PROGRAM',
      idpUrl: `${idp.origin}/oidc`,
      clientId: 'acme-huawei',
      discover: true,
    };
    const good = await h.gql(TEST_CONFIGURATION, { input: { connectionId: 'huawei-sandbox', fields: input } });
    expect(good.data.result.__typename, JSON.stringify(good)).toBe('TestIdentityProviderConfigurationPayload');
    expect(good.data.result.passed).toBe(true);
    expect(statuses(good.data.result.checks)).toMatchObject({ discovery: 'PASS', jwks: 'PASS' });
    expect(good.data.result.auditEvent).toEqual({ status: 'DRY_RUN', operation: 'createHuaweiIdentityProvider' });

    const broken = await h.gql(TEST_CONFIGURATION, {
      input: {
        connectionId: 'huawei-sandbox',
        fields: { ...input, discover: false, idpUrl: 'https://127.0.0.1:1/oidc', signingKey: idp.jwks },
      },
    });
    expect(broken.data.result.passed, JSON.stringify(broken)).toBe(false);
    expect(statuses(broken.data.result.checks).discovery).toBe('FAIL');
  });

  it('an existing provider of every vendor is checked as it is, read-only and on record', async () => {
    for (const vendor of ['CPANEL', 'AKAMAI', 'TWOSMS', 'HUAWEI', 'SLASHID']) {
      const emulator = h.sandbox.emulators.find((e) => e.vendor.toUpperCase() === vendor)!;
      const sent = emulator.requests.length;
      const result = await h.gql(TEST_CONFIGURATION, { input: { id: providerIds[vendor] } });
      expect(result.data.result.__typename, `${vendor}: ${JSON.stringify(result)}`).toBe('TestIdentityProviderConfigurationPayload');
      expect(result.data.result.checks.length, vendor).toBeGreaterThan(0);
      expect(result.data.result.auditEvent).toEqual({ status: 'DRY_RUN', operation: 'testIdentityProviderConfiguration' });
      // Read-only at the vendor: its live state read (GET), no write (a token request aside).
      const since = emulator.requests.slice(sent).filter((r) => !/token/i.test(r.path));
      expect(since.length, vendor).toBeGreaterThan(0);
      expect(
        since.filter((r) => r.method !== 'GET'),
        vendor,
      ).toEqual([]);
    }
    const cpanel = await h.gql(TEST_CONFIGURATION, { input: { id: providerIds.CPANEL } });
    expect(statuses(cpanel.data.result.checks)['reply-url']).toBe('PASS');
    const slashId = await h.gql(TEST_CONFIGURATION, { input: { id: providerIds.SLASHID } });
    expect(statuses(slashId.data.result.checks).client).toBe('PASS');
  });

  it('refuses an input that names no provider, or both kinds', async () => {
    const neither = await h.gql(TEST_CONFIGURATION, { input: {} });
    expect(neither.data.result.__typename).toBe('ValidationError');
    const both = await h.gql(TEST_CONFIGURATION, { input: { id: providerIds.AKAMAI, connectionId: 'akamai-sandbox', fields: {} } });
    expect(both.data.result.__typename).toBe('ValidationError');
    const unknown = await h.gql(TEST_CONFIGURATION, { input: { id: 'not-an-id' } });
    expect(unknown.data.result.__typename).toBe('NotFoundError');
  });
});
