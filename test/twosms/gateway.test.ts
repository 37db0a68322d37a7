// 2sms end to end: GraphQL -> pipeline -> adapter -> real HTTP -> emulator, on every test store.
// Runs once the lead has registered twosmsModule in src/vendors/index.ts (skipped until then).
import { beforeEach, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/store/audit.js';
import { getSnapshot } from '../../src/store/snapshots.js';
import { vendorModules } from '../../src/vendors/index.js';
import { FABRIKAM_CERT, NORTHWIND_CERT } from '../../src/vendors/twosms/emulator/sample-data.js';
import { dumpTables } from '../support/harness.js';
import { STORE_KINDS } from '../support/stores.js';
import { vendorGateway } from '../support/vendor-gateway.js';
import { CLIENT_SECRET, CONTOSO_ID, FABRIKAM_ID, NORTHWIND_ID } from './support.js';

const registered = vendorModules.some((m) => m.vendor === 'twosms');
const LIST = 'GET /api/v1/admin/identityproviders?Name=';

describe.skipIf(!registered).each(STORE_KINDS)('2sms through the gateway on $name', (kind) => {
  const h = vendorGateway('twosms', { kind });
  const bearers = new Set<string>();
  beforeEach(() => {
    for (const r of h.emulator.requests) if (r.headers.authorization) bearers.add(r.headers.authorization.replace('Bearer ', ''));
    h.emulator.clearRequests();
  });

  const calls = () =>
    h.emulator.requests.filter((r) => r.path !== '/Token').map((r) => `${r.method} ${r.path}${r.rawQuery ? `?${r.rawQuery}` : ''}`);

  it('lists the providers with the 2sms fields', async () => {
    const res = await h.gql(`{ identityProviders(vendor: TWOSMS, first: 10) { edges { node { __typename
      ... on ManagedIdentityProvider { key vendor displayName protocol enabled clientId hasClientSecret stale }
      ... on TwoSmsIdentityProvider { name provider domain domainTxtRecord verified signOnUrl logoutUrl certificateExpiry
        signAuthnRequest samlResponseSigned samlAssertionSigned samlAssertionEncrypted clockSkewSeconds } } } } }`);
    expect(res.errors).toBeUndefined();
    const nodes = res.data.identityProviders.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.key).sort()).toEqual([NORTHWIND_ID, CONTOSO_ID, FABRIKAM_ID].sort());
    expect(nodes.find((n: any) => n.key === NORTHWIND_ID)).toEqual({
      __typename: 'TwoSmsIdentityProvider',
      key: NORTHWIND_ID,
      vendor: 'TWOSMS',
      displayName: 'Northwind Traders SSO',
      protocol: 'SAML',
      enabled: true,
      clientId: null,
      hasClientSecret: false,
      stale: false,
      name: 'Northwind Traders SSO',
      provider: 'northwind.example',
      domain: 'northwind.example',
      domainTxtRecord: '2sms-domain-verification=5d41402abc4b2a76b9719d911017c592',
      verified: true,
      signOnUrl: 'https://idp.northwind.example/saml2/sso',
      logoutUrl: 'https://idp.northwind.example/saml2/slo',
      certificateExpiry: '2031-11-23T04:39:14.000Z',
      signAuthnRequest: true,
      samlResponseSigned: true,
      samlAssertionSigned: true,
      samlAssertionEncrypted: false,
      clockSkewSeconds: 300,
    });
    expect(h.emulator.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /Token', 'GET /api/v1/admin/identityproviders']);
    expect(h.emulator.requests[1]!.rawQuery).toBe('Name=');
  });

  it('creates a provider: vendor, snapshot and audit trail all change', async () => {
    const res = await h.gql(
      `mutation($input: CreateTwoSmsIdentityProviderInput!) { createTwoSmsIdentityProvider(input: $input) { __typename
        ... on CreateTwoSmsIdentityProviderPayload { provider { ... on TwoSmsIdentityProvider { key domain verified enabled domainTxtRecord certificateExpiry } }
          auditEvent { status operation providerKey vendorRequests { method path status } } } } }`,
      {
        input: {
          connectionId: 'sms',
          name: 'Tailwind SSO',
          provider: 'https://tailwind.example',
          loginUrl: 'https://login.tailwind.example/sso',
          logoutUrl: 'https://login.tailwind.example/slo',
          certificate: FABRIKAM_CERT,
        },
      },
    );
    const payload = res.data.createTwoSmsIdentityProvider;
    expect(payload.__typename).toBe('CreateTwoSmsIdentityProviderPayload');
    const stored = h.emulator.state.list('Tailwind SSO')[0]!;
    expect(payload.provider).toEqual({
      key: stored.ID,
      domain: 'tailwind.example',
      verified: false,
      enabled: false,
      domainTxtRecord: stored.DomainTXTrecord,
      certificateExpiry: '2036-11-21T04:39:14.000Z',
    });
    expect(calls()).toEqual(['POST /api/v2/admin/identityproviders', 'GET /api/v1/admin/identityproviders?Name=Tailwind%20SSO', LIST]);
    expect(JSON.parse(h.emulator.requests.find((r) => r.method === 'POST' && r.path !== '/Token')!.body)).toEqual({
      Name: 'Tailwind SSO',
      Provider: 'https://tailwind.example',
      LoginUrl: 'https://login.tailwind.example/sso',
      LogoutUrl: 'https://login.tailwind.example/slo',
      Certificate: FABRIKAM_CERT,
    });
    expect(payload.auditEvent).toMatchObject({ status: 'SUCCEEDED', operation: 'createTwoSmsIdentityProvider', providerKey: stored.ID });
    expect((await getSnapshot(h.store.db, 'sms', stored.ID))!.provider.details.domain).toBe('tailwind.example');
  });

  it('updates partially: the PUT carries the whole merged object', async () => {
    const res = await h.gql(
      `mutation($id: ID!) { updateTwoSmsIdentityProvider(input: { id: $id, logoutUrl: "https://idp.northwind.example/saml2/logout" }) { __typename
        ... on UpdateTwoSmsIdentityProviderPayload { changes { path before after } provider { ... on TwoSmsIdentityProvider { logoutUrl verified } } } } }`,
      { id: h.globalId(NORTHWIND_ID) },
    );
    const payload = res.data.updateTwoSmsIdentityProvider;
    // The first write the gateway makes to a provider also learns its service-provider settings (issue 16.2).
    expect(payload.changes).toEqual([
      { path: 'details.logoutUrl', before: 'https://idp.northwind.example/saml2/slo', after: 'https://idp.northwind.example/saml2/logout' },
      { path: 'details.serviceProvider.entityId', before: null, after: `${h.emulator.url}/Saml2` },
      { path: 'details.serviceProvider.replyUrl', before: null, after: `${h.emulator.url}/Saml2/Acs` },
    ]);
    expect(payload.provider).toEqual({ logoutUrl: 'https://idp.northwind.example/saml2/logout', verified: true });
    expect(calls()).toEqual([LIST, `PUT /api/v2/admin/identityproviders/${NORTHWIND_ID}`, LIST]);
    expect(JSON.parse(h.emulator.requests.find((r) => r.method === 'PUT')!.body)).toEqual({
      ID: NORTHWIND_ID,
      Name: 'Northwind Traders SSO',
      Provider: 'northwind.example',
      LoginUrl: 'https://idp.northwind.example/saml2/sso',
      LogoutUrl: 'https://idp.northwind.example/saml2/logout',
      Certificate: NORTHWIND_CERT,
    });
  });

  it('refuses a bad login URL with a ValidationError naming the field, and sends nothing', async () => {
    const res = await h.gql(
      `mutation($id: ID!) { updateTwoSmsIdentityProvider(input: { id: $id, loginUrl: "sso.example/login" }) { __typename ... on ValidationError { fieldErrors { path message } } } }`,
      { id: h.globalId(CONTOSO_ID) },
    );
    expect(res.data.updateTwoSmsIdentityProvider).toEqual({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['loginUrl'], message: 'loginUrl must be an absolute https:// URL, e.g. https://idp.example.com/authorize' }],
    });
    expect(h.emulator.requests).toHaveLength(0);
    const [row] = await listAuditEvents(h.store.db, { connectionId: 'sms', limit: 1 });
    expect(row).toMatchObject({ status: 'REJECTED', operation: 'updateTwoSmsIdentityProvider' });
  });

  it('turns a vendor ProviderDup into a field error on provider, with a FAILED audit row', async () => {
    const res = await h.gql(
      `mutation($id: ID!) { updateTwoSmsIdentityProvider(input: { id: $id, provider: "https://wingtip-toys.example" }) { __typename ... on ValidationError { fieldErrors { path message } } } }`,
      { id: h.globalId(CONTOSO_ID) },
    );
    expect(res.data.updateTwoSmsIdentityProvider.__typename).toBe('ValidationError');
    expect(res.data.updateTwoSmsIdentityProvider.fieldErrors).toEqual([
      { path: ['provider'], message: expect.stringMatching(/ProviderDup/) },
    ]);
    const [row] = await listAuditEvents(h.store.db, { connectionId: 'sms', limit: 1 });
    expect(row).toMatchObject({ status: 'FAILED', operation: 'updateTwoSmsIdentityProvider' });
  });

  it('verifies a domain, and reports a missing TXT record as VendorError VerificationFailed', async () => {
    const ok = await h.gql(
      `mutation($id: ID!) { verifyTwoSmsDomain(input: { id: $id }) { __typename ... on VerifyTwoSmsDomainPayload { provider { ... on TwoSmsIdentityProvider { verified enabled } } } } }`,
      { id: h.globalId(FABRIKAM_ID) },
    );
    expect(ok.data.verifyTwoSmsDomain).toEqual({ __typename: 'VerifyTwoSmsDomainPayload', provider: { verified: true, enabled: true } });
    const failed = await h.gql(
      `mutation($id: ID!) { verifyTwoSmsDomain(input: { id: $id }) { __typename ... on VendorError { vendor vendorCode httpStatus message } } }`,
      { id: h.globalId(CONTOSO_ID) },
    );
    expect(failed.data.verifyTwoSmsDomain).toMatchObject({
      __typename: 'VendorError',
      vendor: 'TWOSMS',
      vendorCode: 'VerificationFailed',
      httpStatus: 200,
    });
    expect(failed.data.verifyTwoSmsDomain.message).toMatch(/was not found on the domain contoso-research\.example/);
  });

  it('deletes a provider; the payload shows its last state and the snapshot goes', async () => {
    const res = await h.gql(
      `mutation($id: ID!) { deleteTwoSmsIdentityProvider(input: { id: $id }) { __typename ... on DeleteTwoSmsIdentityProviderPayload { provider { ... on TwoSmsIdentityProvider { key name } } auditEvent { status } } } }`,
      { id: h.globalId(CONTOSO_ID) },
    );
    expect(res.data.deleteTwoSmsIdentityProvider).toEqual({
      __typename: 'DeleteTwoSmsIdentityProviderPayload',
      provider: { key: CONTOSO_ID, name: 'Contoso Research ADFS' },
      auditEvent: { status: 'SUCCEEDED' },
    });
    expect(calls()).toEqual([LIST, `DELETE /api/v1/admin/identityproviders/${CONTOSO_ID}`]);
    expect(h.emulator.state.find(CONTOSO_ID)).toBeUndefined();
    expect(await getSnapshot(h.store.db, 'sms', CONTOSO_ID)).toBeNull();
  });

  it('never lets the client secret or a bearer token reach a response, a table or a log line', async () => {
    const everything = [...h.responses, ...h.logLines, await dumpTables(h.store)].join('\n');
    expect(bearers.size).toBeGreaterThan(0);
    for (const value of [CLIENT_SECRET, encodeURIComponent(CLIENT_SECRET), ...bearers]) expect(everything).not.toContain(value);
  });
});
