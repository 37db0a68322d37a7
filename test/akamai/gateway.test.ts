// Akamai end to end: GraphQL -> pipeline -> adapter -> real HTTP -> emulator.
import { beforeEach, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/store/audit.js';
import { SAMPLE_IDP_CERTIFICATE } from '../../src/vendors/akamai/emulator/sandbox.js';
import { dumpTables } from '../support/harness.js';
import { vendorGateway } from '../support/vendor-gateway.js';
import { APP_ID, CLIENT_SECRET, OIDC_ID, OIDC_SECRET, PROVIDERS_PATH, SAML_ID } from './support.js';

const CONNECTION = 'idcloud';
const NEW_SECRET = 'gql-S3CRET-ocelot-3390';

const h = vendorGateway('akamai', { connectionId: CONNECTION });
beforeEach(() => h.emulator.clearRequests());

const FIELDS = `__typename ... on ManagedIdentityProvider { id key vendor displayName protocol enabled clientId hasClientSecret }
  ... on AkamaiCustomProvider { title wireProtocol uiTitle iconUrl authUrl tokenUrl profileUrl tokenAuthMethod scopes identifierAttribute
    attributeMap { identityCloudAttribute providerAttribute } idpCertificateInfo { subject validTo } idpCertificateChain authnContext createdAt updatedAt }`;

const UPDATE = `mutation($input: UpdateAkamaiCustomProviderInput!) { updateAkamaiCustomProvider(input: $input) { __typename
  ... on UpdateAkamaiCustomProviderPayload { provider { ${FIELDS} } auditEvent { status } changes { path secret } }
  ... on ValidationError { fieldErrors { path message } }
  ... on VendorError { vendorCode httpStatus message } } }`;

describe('Akamai through the gateway', () => {
  it('lists the custom providers with honest common fields and no secret', async () => {
    const res = await h.gql(`{ identityProviders(vendor: AKAMAI, first: 10) { totalCount edges { node { ${FIELDS} } } } }`);
    expect(res.errors).toBeUndefined();
    const nodes = res.data.identityProviders.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => [n.key, n.protocol, n.hasClientSecret, n.enabled])).toEqual(
      expect.arrayContaining([
        [OIDC_ID, 'OIDC', true, null],
        [SAML_ID, 'SAML', false, null],
      ]),
    );
    const oidc = nodes.find((n: any) => n.key === OIDC_ID);
    expect(oidc).toMatchObject({
      __typename: 'AkamaiCustomProvider',
      vendor: 'AKAMAI',
      wireProtocol: 'openidconnect',
      attributeMap: [
        { identityCloudAttribute: '/email', providerAttribute: '/email' },
        { identityCloudAttribute: '/name/givenName', providerAttribute: '/given_name' },
        { identityCloudAttribute: '/name/familyName', providerAttribute: '/family_name' },
      ],
      createdAt: '2021-01-23T00:00:00.000Z',
    });
    expect(nodes.find((n: any) => n.key === SAML_ID).idpCertificateInfo).toEqual({
      subject: 'O=Northwind Traders, CN=sso.northwind.example',
      validTo: '2036-11-21T04:40:13.000Z',
    });
  });

  it('updates through the pipeline and shows the change', async () => {
    const res = await h.gql(UPDATE, {
      input: {
        id: h.globalId(OIDC_ID),
        clientSecret: NEW_SECRET,
        ui: { title: 'Contoso SSO' },
        attributeMap: [{ identityCloudAttribute: '/email', providerAttribute: '/upn' }],
      },
    });
    expect(res.errors).toBeUndefined();
    const result = res.data.updateAkamaiCustomProvider;
    expect(result.__typename).toBe('UpdateAkamaiCustomProviderPayload');
    expect(result.auditEvent.status).toBe('SUCCEEDED');
    expect(result.provider).toMatchObject({
      uiTitle: 'Contoso SSO',
      attributeMap: [{ identityCloudAttribute: '/email', providerAttribute: '/upn' }],
    });
    expect(result.changes).toContainEqual({ path: 'clientSecret', secret: true });
    const patch = h.emulator.requests.find((r) => r.method === 'PATCH')!;
    expect(patch.path).toBe(`${PROVIDERS_PATH}/${OIDC_ID}`);
    expect(JSON.parse(patch.body)).toEqual({
      ui: { title: 'Contoso SSO' },
      client_secret: NEW_SECRET,
      attribute_map: { '/email': '/upn', '/name/givenName': null, '/name/familyName': null },
    });
    expect(h.emulator.provider(APP_ID, OIDC_ID)!.client_secret).toBe(NEW_SECRET);
  });

  it('refuses a SAML-only field on the OIDC provider as a ValidationError with no vendor call', async () => {
    const res = await h.gql(UPDATE, { input: { id: h.globalId(OIDC_ID), idpCertificate: SAMPLE_IDP_CERTIFICATE } });
    expect(res.data.updateAkamaiCustomProvider).toEqual({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['idpCertificate'], message: 'idpCertificate is only for SAML 2 providers, not OpenID Connect' }],
    });
    expect(h.emulator.requests).toEqual([]);
  });

  it('creates by connectionId with GraphQL enums mapped to the wire literals', async () => {
    const res = await h.gql(
      `mutation($input: CreateAkamaiCustomProviderInput!) { createAkamaiCustomProvider(input: $input) { __typename
        ... on CreateAkamaiCustomProviderPayload { provider { ${FIELDS} } auditEvent { status operation } } } }`,
      {
        input: {
          connectionId: CONNECTION,
          title: 'Partner OAuth',
          protocol: 'OAUTH2',
          authUrl: 'https://partner.example/oauth/authorize',
          tokenUrl: 'https://partner.example/oauth/token',
          clientId: 'partner-client',
          clientSecret: NEW_SECRET,
          tokenAuthMethod: 'CLIENT_SECRET_BASIC',
          identifierAttribute: '/sub',
        },
      },
    );
    expect(res.errors).toBeUndefined();
    const created = res.data.createAkamaiCustomProvider;
    expect(created.auditEvent).toEqual({ status: 'SUCCEEDED', operation: 'createAkamaiCustomProvider' });
    expect(created.provider).toMatchObject({
      protocol: 'OAUTH2',
      wireProtocol: 'oauth2',
      tokenAuthMethod: 'CLIENT_SECRET_BASIC',
      hasClientSecret: true,
    });
    const post = h.emulator.requests.find((r) => r.method === 'POST' && r.path === PROVIDERS_PATH)!;
    expect(JSON.parse(post.body)).toMatchObject({ protocol: 'oauth2', token_auth_method: 'client_secret_basic' });
    const audit = await listAuditEvents(h.store.db, { connectionId: CONNECTION, limit: 10 });
    expect(audit.map((a) => a.operation)).toContain('createAkamaiCustomProvider');
  });

  it('has no delete mutation, and says why', async () => {
    const res = await h.gql(`{ __schema { mutationType { fields { name description } } } }`);
    const fields = res.data.__schema.mutationType.fields as Array<{ name: string; description: string }>;
    expect(fields.map((f) => f.name)).not.toContain('deleteAkamaiCustomProvider');
    expect(fields.find((f) => f.name === 'updateAkamaiCustomProvider')!.description).toContain('no delete operation');
  });

  it('no secret value in any response, log line or row', async () => {
    const everything = [h.responses.join('\n'), h.logLines.join('\n'), await dumpTables(h.store)].join('\n');
    for (const secret of [NEW_SECRET, OIDC_SECRET, CLIENT_SECRET, 'sandbox-oauth-Hn5sV1cJ7mQ2']) expect(everything).not.toContain(secret);
  });
});
