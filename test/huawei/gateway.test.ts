// Huawei end to end: GraphQL -> pipeline -> adapter -> real HTTP -> emulator, on a real (PGlite) store.
import { beforeEach, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/store/audit.js';
import { getSnapshot } from '../../src/store/snapshots.js';
import { SAMPLE_IDENTITY_PROVIDERS } from '../../src/vendors/huawei/emulator/sandbox.js';
import { dumpTables } from '../support/harness.js';
import { vendorGateway } from '../support/vendor-gateway.js';
import { JWKS, PASSWORD } from './support.js';

const CONN = 'hw';

const h = vendorGateway('huawei', { connectionId: CONN });
beforeEach(() => h.emulator.clearRequests());

const writes = () =>
  h.emulator.requests.filter((r) => r.method !== 'GET' && r.path !== '/v3/auth/tokens').map((r) => `${r.method} ${r.path}`);

describe('Huawei through the gateway', () => {
  it('lists the providers with the Huawei fields; hasClientSecret is false (the vendor has none)', async () => {
    const res = await h.gql(`{ identityProviders(vendor: HUAWEI, first: 10) { edges { node { __typename
      ... on ManagedIdentityProvider { key vendor displayName protocol enabled clientId hasClientSecret stale }
      ... on HuaweiIdentityProvider { ssoType description remoteIds protocols { protocolId mappingId }
        oidcConfig { accessMode idpUrl clientId authorizationEndpoint scope responseType responseMode signingKey } } } } } }`);
    expect(res.errors).toBeUndefined();
    const nodes = res.data.identityProviders.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.key).sort()).toEqual(['adfs-legacy', 'github-actions-ci', 'okta-workforce']);
    expect(nodes.find((n: any) => n.key === 'okta-workforce')).toEqual({
      __typename: 'HuaweiIdentityProvider',
      key: 'okta-workforce',
      vendor: 'HUAWEI',
      displayName: 'okta-workforce',
      protocol: 'OIDC',
      enabled: true,
      clientId: '0oa9x2kq7hVb1cD3e4F5',
      hasClientSecret: false,
      stale: false,
      ssoType: 'VIRTUAL_USER_SSO',
      description: 'Okta workforce SSO for the console and APIs',
      remoteIds: [],
      protocols: [{ protocolId: 'oidc', mappingId: 'mapping_okta-workforce' }],
      oidcConfig: {
        accessMode: 'PROGRAM_CONSOLE',
        idpUrl: 'https://acme.okta.com',
        clientId: '0oa9x2kq7hVb1cD3e4F5',
        authorizationEndpoint: 'https://acme.okta.com/oauth2/v1/authorize',
        scope: 'openid profile email',
        responseType: 'ID_TOKEN',
        responseMode: 'FORM_POST',
        signingKey: SAMPLE_IDENTITY_PROVIDERS[0]!.oidcConfig!.signing_key,
      },
    });
    expect(nodes.find((n: any) => n.key === 'adfs-legacy')).toMatchObject({ protocol: 'SAML', oidcConfig: null, clientId: null });
  });

  it('creates an OIDC IdP in one step: vendor, snapshot and audit trail all change', async () => {
    const res = await h.gql(
      `mutation($input: CreateHuaweiIdentityProviderInput!) { createHuaweiIdentityProvider(input: $input) { __typename
        ... on CreateHuaweiIdentityProviderPayload { provider { ... on HuaweiIdentityProvider { id key enabled protocols { protocolId mappingId } oidcConfig { accessMode scope responseType responseMode } } }
          auditEvent { status operation providerKey } changes { path } } } }`,
      {
        input: {
          connectionId: CONN,
          name: 'keycloak',
          description: 'Keycloak realm "staff"',
          enabled: true,
          accessMode: 'PROGRAM_CONSOLE',
          idpUrl: 'https://sso.example.org/realms/staff',
          clientId: 'huawei-console',
          authorizationEndpoint: 'https://sso.example.org/realms/staff/protocol/openid-connect/auth',
          scope: 'openid email',
          responseMode: 'FRAGMENT',
          signingKey: JWKS,
        },
      },
    );
    expect(res.errors).toBeUndefined();
    const payload = res.data.createHuaweiIdentityProvider;
    expect(payload.__typename).toBe('CreateHuaweiIdentityProviderPayload');
    expect(payload.provider).toEqual({
      id: h.globalId('keycloak'),
      key: 'keycloak',
      enabled: true,
      protocols: [{ protocolId: 'oidc', mappingId: 'mapping_keycloak' }],
      oidcConfig: { accessMode: 'PROGRAM_CONSOLE', scope: 'openid email', responseType: 'ID_TOKEN', responseMode: 'FRAGMENT' },
    });
    expect(payload.auditEvent).toEqual({ status: 'SUCCEEDED', operation: 'createHuaweiIdentityProvider', providerKey: 'keycloak' });
    expect(writes()).toEqual([
      'PUT /v3/OS-FEDERATION/identity_providers/keycloak',
      'PUT /v3/OS-FEDERATION/mappings/mapping_keycloak',
      'PUT /v3/OS-FEDERATION/identity_providers/keycloak/protocols/oidc',
      'POST /v3.0/OS-FEDERATION/identity-providers/keycloak/openid-connect-config',
    ]);
    expect((await getSnapshot(h.store.db, CONN, 'keycloak'))!.provider.details.oidcConfig).toMatchObject({ clientId: 'huawei-console' });
  });

  it('updates, sets the OIDC configuration partially, and deletes by global id', async () => {
    const update = await h.gql(
      `mutation($id: ID!) { updateHuaweiIdentityProvider(input: { id: $id, enabled: false }) { __typename
      ... on UpdateHuaweiIdentityProviderPayload { provider { ... on ManagedIdentityProvider { enabled } } changes { path before after } } } }`,
      { id: h.globalId('keycloak') },
    );
    expect(update.data.updateHuaweiIdentityProvider).toEqual({
      __typename: 'UpdateHuaweiIdentityProviderPayload',
      provider: { enabled: false },
      changes: [{ path: 'enabled', before: true, after: false }],
    });
    const set = await h.gql(
      `mutation($id: ID!) { setHuaweiOidcConfig(input: { id: $id, scope: "openid email profile" }) { __typename
      ... on SetHuaweiOidcConfigPayload { provider { ... on HuaweiIdentityProvider { oidcConfig { scope clientId } } } } } }`,
      { id: h.globalId('keycloak') },
    );
    expect(set.data.setHuaweiOidcConfig.provider.oidcConfig).toEqual({ scope: 'openid email profile', clientId: 'huawei-console' });
    const del = await h.gql(
      `mutation($id: ID!) { deleteHuaweiIdentityProvider(input: { id: $id }) { __typename
      ... on DeleteHuaweiIdentityProviderPayload { provider { ... on ManagedIdentityProvider { key } } auditEvent { status } } } }`,
      { id: h.globalId('keycloak') },
    );
    expect(del.data.deleteHuaweiIdentityProvider).toEqual({
      __typename: 'DeleteHuaweiIdentityProviderPayload',
      provider: { key: 'keycloak' },
      auditEvent: { status: 'SUCCEEDED' },
    });
    expect(writes()).toEqual([
      'PATCH /v3/OS-FEDERATION/identity_providers/keycloak',
      'PUT /v3.0/OS-FEDERATION/identity-providers/keycloak/openid-connect-config',
      'DELETE /v3/OS-FEDERATION/identity_providers/keycloak',
      'DELETE /v3/OS-FEDERATION/mappings/mapping_keycloak',
    ]);
    expect(await getSnapshot(h.store.db, CONN, 'keycloak')).toBeNull();
  });

  it('refuses a bad scope with a ValidationError naming the field, and sends nothing', async () => {
    const res = await h.gql(
      `mutation($id: ID!) { setHuaweiOidcConfig(input: { id: $id, scope: "profile email" }) { __typename
      ... on ValidationError { fieldErrors { path message } } } }`,
      { id: h.globalId('okta-workforce') },
    );
    expect(res.data.setHuaweiOidcConfig).toEqual({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['scope'], message: 'must include openid' }],
    });
    expect(h.emulator.requests).toEqual([]);
    const [row] = await listAuditEvents(h.store.db, { connectionId: CONN, limit: 1 });
    expect(row).toMatchObject({ status: 'REJECTED', operation: 'setHuaweiOidcConfig' });
  });

  it('shows a vendor refusal as a VendorError with the vendor code, and the undo in the message', async () => {
    h.emulator.failNext('POST', '/v3.0/OS-FEDERATION/identity-providers/broken/openid-connect-config', {
      status: 403,
      body: { error_msg: "Policy doesn't allow iam:identityProviders:createOpenIDConnectConfig to be performed.", error_code: 'IAM.0003' },
    });
    const res = await h.gql(
      `mutation($input: CreateHuaweiIdentityProviderInput!) { createHuaweiIdentityProvider(input: $input) { __typename
        ... on VendorError { vendor vendorCode httpStatus retryable message } } }`,
      {
        input: {
          connectionId: CONN,
          name: 'broken',
          accessMode: 'PROGRAM',
          idpUrl: 'https://idp.example.net',
          clientId: 'client-x',
          signingKey: JWKS,
        },
      },
    );
    expect(res.data.createHuaweiIdentityProvider).toMatchObject({
      __typename: 'VendorError',
      vendor: 'HUAWEI',
      vendorCode: 'IAM.0003',
      httpStatus: 403,
      retryable: false,
    });
    expect(res.data.createHuaweiIdentityProvider.message).toMatch(
      /undone: deleted protocol oidc of broken, mapping mapping_broken, identity provider broken/,
    );
    expect(h.emulator.state.identityProviders.has('broken')).toBe(false);
  });

  it('never lets the password or an IAM token reach a response, a table or a log line', async () => {
    const tokens = new Set(h.emulator.issuedTokens);
    expect(tokens.size).toBeGreaterThan(0);
    const everything = [h.responses.join('\n'), await dumpTables(h.store), h.logLines.join('\n')].join('\n');
    for (const secret of [PASSWORD, ...tokens]) expect(everything).not.toContain(secret);
  });
});
