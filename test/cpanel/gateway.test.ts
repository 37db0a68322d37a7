// cPanel end to end: GraphQL -> pipeline -> adapter -> real HTTP -> emulator, on every test store.
import { beforeEach, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/store/audit.js';
import { getSnapshot } from '../../src/store/snapshots.js';
import { dumpTables } from '../support/harness.js';
import { STORE_KINDS } from '../support/stores.js';
import { vendorGateway } from '../support/vendor-gateway.js';

const TOKEN = 'WHMTOKEN-distinctive-7f3a9c';
const SECRET = 'cpanel-client-secret-QX7-distinctive-91b2';

const WRITE_FUNCTIONS = /set_provider|enable_authentication|disable_authentication/;

describe.each(STORE_KINDS)('cPanel through the gateway on $name', (kind) => {
  // Every refresh: true below reads WHM again (no floor between them).
  const h = vendorGateway('cpanel', { kind, secret: TOKEN, connection: { minRefreshIntervalSeconds: 0 } });
  beforeEach(() => h.emulator.clearRequests());

  const writes = () => h.emulator.requests.filter((r) => WRITE_FUNCTIONS.test(r.path));

  it('lists the providers, calling each WHM function exactly as the vendor expects', async () => {
    const res = await h.gql(`{ identityProviders(first: 10) { totalCount edges { node { __typename
      ... on ManagedIdentityProvider { key vendor displayName protocol enabled clientId hasClientSecret version stale }
      ... on CpanelIdentityProvider { configured enabledServices redirectUris display { service color } configurationFields { fieldId value secret } } } } } }`);
    expect(res.errors).toBeUndefined();
    const nodes = res.data.identityProviders.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.key).sort()).toEqual(['cpanelid', 'facebook', 'google', 'slack']);
    const google = nodes.find((n: any) => n.key === 'google');
    expect(google).toMatchObject({
      __typename: 'CpanelIdentityProvider',
      vendor: 'CPANEL',
      protocol: 'OIDC',
      enabled: true,
      configured: true,
      hasClientSecret: true,
      clientId: '1234567890-sandbox.apps.googleusercontent.com',
      enabledServices: ['CPANELD', 'WHOSTMGRD'],
      stale: false,
    });
    expect(google.redirectUris[1]).toMatch(/:2087\/openid_connect_callback\/google$/);
    expect(google.configurationFields.map((f: any) => f.fieldId)).toEqual(['client_id', 'client_secret']);
    expect(google.configurationFields[1]).toMatchObject({ secret: true, value: null });
    expect(nodes.find((n: any) => n.key === 'facebook')).toMatchObject({ configured: false, hasClientSecret: false, enabled: false });

    for (const req of h.emulator.requests) {
      expect(req.method).toBe('GET');
      expect(req.headers.authorization).toBe(`whm root:${TOKEN}`);
      expect(req.query['api.version']).toBe('1');
    }
    const calls = h.emulator.requests.map((r) => `${r.path}?${r.rawQuery}`);
    expect(calls).toContain('/json-api/get_available_authentication_providers?api.version=1');
    expect(calls).toContain('/json-api/get_provider_client_configurations?api.version=1&service_name=cpaneld&provider_id=google');
    expect(calls).toContain('/json-api/get_provider_configuration_fields?api.version=1&service_name=cpaneld&provider_id=google');
    expect(calls).toContain('/json-api/get_provider_display_configurations?api.version=1&provider_id=google');
  });

  it('serves the second read from the snapshot cache, and refresh: true reads the vendor again', async () => {
    await h.gql('{ identityProviders { totalCount } }');
    expect(h.emulator.requests).toHaveLength(0);
    await h.gql('{ identityProviders(refresh: true) { totalCount } }');
    expect(h.emulator.requests.length).toBeGreaterThan(0);
  });

  it('sets the client configuration: vendor, snapshot and audit trail all change', async () => {
    const before = await getSnapshot(h.store.db, 'whm', 'slack');
    const res = await h.gql(
      `mutation($input: SetCpanelClientConfigurationInput!) { setCpanelClientConfiguration(input: $input) { __typename
        ... on SetCpanelClientConfigurationPayload { changes { path before after secret }
          provider { ... on ManagedIdentityProvider { clientId hasClientSecret version } }
          auditEvent { id status actor operation providerKey connectionId vendor durationMs vendorRequests { method path status } } } } }`,
      { input: { id: h.globalId('slack'), service: 'WEBMAILD', clientId: 'slack-new-client', clientSecret: SECRET } },
    );
    const payload = res.data.setCpanelClientConfiguration;
    expect(payload.__typename).toBe('SetCpanelClientConfigurationPayload');
    expect(h.emulator.module('slack')!.clientConfig).toEqual({ client_id: 'slack-new-client', client_secret: SECRET });
    const set = writes();
    expect(set).toHaveLength(1);
    // A POST with every argument in a form-encoded body: nothing in the URL (WHM's access log), secret least of all.
    expect(set[0]).toMatchObject({ method: 'POST', path: '/json-api/set_provider_client_configurations', rawQuery: '', query: {} });
    expect(set[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(set[0]!.body).toBe(
      new URLSearchParams({
        'api.version': '1',
        service_name: 'webmaild',
        provider_id: 'slack',
        configurations: JSON.stringify({ client_id: 'slack-new-client', client_secret: SECRET }),
      }).toString(),
    );
    expect(set[0]!.args).toMatchObject({ service_name: 'webmaild', provider_id: 'slack' });
    // One entry per change: the client id once (not again as its configuration field's value), the secret as changed.
    expect(payload.changes).toEqual([
      { path: 'clientId', before: '000000000.sandbox', after: 'slack-new-client', secret: false },
      { path: 'clientSecret', before: null, after: null, secret: true },
    ]);
    expect(payload.auditEvent).toMatchObject({
      status: 'SUCCEEDED',
      actor: 'test-actor',
      operation: 'setCpanelClientConfiguration',
      providerKey: 'slack',
      connectionId: 'whm',
      vendor: 'CPANEL',
    });
    expect(payload.auditEvent.vendorRequests.map((r: any) => r.path)).toContain('/json-api/set_provider_client_configurations');
    const after = await getSnapshot(h.store.db, 'whm', 'slack');
    expect(after!.version).not.toBe(before!.version);
    expect(after!.version).toBe(payload.provider.version);
    expect(after!.provider.clientId).toBe('slack-new-client');
  });

  it('keeps the stored secret when only the client id changes (partial update over a full replace)', async () => {
    const res = await h.gql(
      `mutation($input: SetCpanelClientConfigurationInput!) { setCpanelClientConfiguration(input: $input) { __typename ... on SetCpanelClientConfigurationPayload { changes { path secret } } } }`,
      { input: { id: h.globalId('slack'), service: 'CPANELD', clientId: 'slack-client-3' } },
    );
    expect(res.data.setCpanelClientConfiguration.changes).toEqual([{ path: 'clientId', secret: false }]);
    expect(h.emulator.module('slack')!.clientConfig).toEqual({ client_id: 'slack-client-3', client_secret: SECRET });
  });

  it('changes display configuration and the enabled flag per service', async () => {
    const display = await h.gql(
      `mutation($id: ID!) { setCpanelDisplayConfiguration(input: { id: $id, service: WHOSTMGRD, color: "00aa00", displayName: "Staff login" }) { __typename } }`,
      { id: h.globalId('google') },
    );
    expect(display.data.setCpanelDisplayConfiguration.__typename).toBe('SetCpanelDisplayConfigurationPayload');
    expect(h.emulator.module('google')!.displayOverrides.whostmgrd).toEqual({ color: '00aa00', display_name: 'Staff login' });
    const enable = await h.gql(
      `mutation($id: ID!) { setCpanelProviderEnabled(input: { id: $id, service: WEBMAILD, enabled: true }) { __typename ... on SetCpanelProviderEnabledPayload { provider { ... on CpanelIdentityProvider { enabledServices } } } } }`,
      { id: h.globalId('google') },
    );
    expect(enable.data.setCpanelProviderEnabled.provider.enabledServices).toEqual(['CPANELD', 'WEBMAILD', 'WHOSTMGRD']);
    expect(writes().map((r) => `${r.method} ${r.path}?${r.rawQuery} ${r.body}`)).toEqual([
      `POST /json-api/set_provider_display_configurations? api.version=1&service_name=whostmgrd&provider_id=google&configurations=${new URLSearchParams({ v: '{"color":"00aa00","display_name":"Staff login"}' }).toString().slice(2)}`,
      'POST /json-api/enable_authentication_provider? api.version=1&service_name=webmaild&provider_id=google',
    ]);
  });

  it('refuses a bad colour with a ValidationError naming the field, and sends nothing', async () => {
    const res = await h.gql(
      `mutation($id: ID!) { setCpanelDisplayConfiguration(input: { id: $id, service: CPANELD, color: "#ff0000" }) { __typename ... on ValidationError { message fieldErrors { path message } } } }`,
      { id: h.globalId('google') },
    );
    expect(res.data.setCpanelDisplayConfiguration.__typename).toBe('ValidationError');
    expect(res.data.setCpanelDisplayConfiguration.fieldErrors).toEqual([
      { path: ['color'], message: expect.stringMatching(/hexadecimal/) },
    ]);
    expect(h.emulator.requests).toHaveLength(0);
    const [row] = await listAuditEvents(h.store.db, { connectionId: 'whm', limit: 1 });
    expect(row).toMatchObject({ status: 'REJECTED', operation: 'setCpanelDisplayConfiguration' });
  });

  it('refuses a first configuration without a client id, and sends nothing', async () => {
    const res = await h.gql(
      `mutation($id: ID!) { setCpanelClientConfiguration(input: { id: $id, service: CPANELD, clientSecret: "only-a-secret-value" }) { __typename ... on ValidationError { fieldErrors { path message } } } }`,
      { id: h.globalId('facebook') },
    );
    expect(res.data.setCpanelClientConfiguration.__typename).toBe('ValidationError');
    expect(res.data.setCpanelClientConfiguration.fieldErrors[0].path).toEqual(['clientId']);
    expect(h.emulator.requests).toHaveLength(0);
  });

  it('names each change once in `changes`, also on a first configuration', async () => {
    const res = await h.gql(
      `mutation($input: SetCpanelClientConfigurationInput!) { setCpanelClientConfiguration(input: $input) { __typename
        ... on SetCpanelClientConfigurationPayload { changes { path before after secret }
          provider { ... on CpanelIdentityProvider { clientId configurationFields { fieldId hasValue } } } } } }`,
      { input: { id: h.globalId('facebook'), service: 'CPANELD', clientId: 'fb-app-once', clientSecret: SECRET } },
    );
    const { changes, provider } = res.data.setCpanelClientConfiguration;
    expect(changes).toEqual([
      { path: 'clientId', before: null, after: 'fb-app-once', secret: false },
      { path: 'clientSecret', before: null, after: null, secret: true },
      { path: 'details.configurationFields.0.hasValue', before: false, after: true, secret: false },
      { path: 'details.configurationFields.1.hasValue', before: false, after: true, secret: false },
      { path: 'details.configured', before: false, after: true, secret: false },
    ]);
    // No value is named twice: no other entry carries the new client id.
    expect(changes.filter((change: any) => JSON.stringify(change).includes('fb-app-once'))).toHaveLength(1);
    expect(new Set(changes.map((change: any) => change.path)).size).toBe(changes.length);
    expect(provider).toEqual({
      clientId: 'fb-app-once',
      configurationFields: [
        { fieldId: 'client_id', hasValue: true },
        { fieldId: 'client_secret', hasValue: true },
      ],
    });
  });

  it('refuses an unknown provider with NotFoundError, and sends nothing', async () => {
    const res = await h.gql(
      `mutation($id: ID!) { setCpanelProviderEnabled(input: { id: $id, service: CPANELD, enabled: true }) { __typename ... on NotFoundError { message } } }`,
      { id: h.globalId('okta') },
    );
    expect(res.data.setCpanelProviderEnabled.__typename).toBe('NotFoundError');
    expect(res.data.setCpanelProviderEnabled.message).toMatch(/okta/);
    expect(writes()).toHaveLength(0);
  });

  it('turns result: 0 into a VendorError with the vendor reason and a FAILED audit row', async () => {
    h.emulator.failNext('enable_authentication_provider', 'The authentication provider is temporarily locked.');
    const res = await h.gql(
      `mutation($id: ID!) { setCpanelProviderEnabled(input: { id: $id, service: CPANELD, enabled: true }) { __typename ... on VendorError { message vendor httpStatus vendorCode retryable } } }`,
      { id: h.globalId('slack') },
    );
    expect(res.data.setCpanelProviderEnabled).toMatchObject({
      __typename: 'VendorError',
      vendor: 'CPANEL',
      httpStatus: 200,
      vendorCode: 'API_FAILURE',
      retryable: false,
    });
    expect(res.data.setCpanelProviderEnabled.message).toMatch(
      /^API failure: \(XID \w+\) The authentication provider is temporarily locked\.$/,
    );
    const events = await h.gql(
      `{ auditEvents(connectionId: "whm", providerKey: "slack", first: 1) { edges { node { status error operation vendorRequests { path status } } } } }`,
    );
    expect(events.data.auditEvents.edges[0].node).toMatchObject({
      status: 'FAILED',
      operation: 'setCpanelProviderEnabled',
      error: expect.stringMatching(/temporarily locked/),
    });
    expect(h.emulator.module('slack')!.enabled.has('cpaneld')).toBe(false);
  });

  it('pages audit events newest first', async () => {
    const first = await h.gql(`{ auditEvents(first: 2) { edges { cursor node { id occurredAt } } pageInfo { hasNextPage endCursor } } }`);
    const page1 = first.data.auditEvents;
    expect(page1.edges).toHaveLength(2);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await h.gql(`query($after: String) { auditEvents(first: 2, after: $after) { edges { node { id occurredAt } } } }`, {
      after: page1.pageInfo.endCursor,
    });
    const ids = [...page1.edges.map((e: any) => e.node.id), ...second.data.auditEvents.edges.map((e: any) => e.node.id)];
    expect(new Set(ids).size).toBe(ids.length);
    const times = [...page1.edges, ...second.data.auditEvents.edges].map((e: any) => e.node?.occurredAt ?? e.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('resolves providers by global id through node(s)', async () => {
    const res = await h.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on ManagedIdentityProvider { key } } }`, {
      ids: [h.globalId('google'), h.globalId('slack')],
    });
    expect(res.data.nodes.map((n: any) => n.key)).toEqual(['google', 'slack']);
  });

  it('never lets a secret reach a response, a table or a log line', async () => {
    const everything = [...h.responses, ...h.logLines, await dumpTables(h.store)].join('\n');
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(encodeURIComponent(SECRET));
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain('sandbox-google-secret');
  });
});
