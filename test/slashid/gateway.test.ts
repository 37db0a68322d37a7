// SlashID end to end: GraphQL -> pipeline -> adapter -> real HTTP -> emulator, on a real store.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/store/audit.js';
import { getSnapshot } from '../../src/store/snapshots.js';
import { dumpTables } from '../support/harness.js';
import { vendorGateway } from '../support/vendor-gateway.js';
import { API_KEY, APPLE_ID, APPLE_KEY, GOOGLE_ID, OKTA_ID, SECRETS } from './support.js';
import { loadSpecChecker, specViolations } from './openapi.js';

const CONNECTION = 'slashid-gql';
const NEW_SECRET = 'GQL-NEW-CLIENT-SECRET-otter-4410';

// The OpenAPI checker takes seconds of CPU to build: built before any request, it cannot stall the event loop
// between two requests long enough for the emulator to drop a kept-alive connection under the client.
beforeAll(() => loadSpecChecker());
const h = vendorGateway('slashid', { connectionId: CONNECTION, actor: 'gql-test' });
beforeEach(() => h.emulator.clearRequests());
afterEach(async () => {
  expect(await specViolations(h.emulator.exchanges)).toEqual([]);
});

const FIELDS = `__typename ... on ManagedIdentityProvider { id key vendor connectionId displayName protocol enabled clientId hasClientSecret version stale }
  ... on SlashIdOidcCredential { provider providerName label externalCredId enableInSlashidOidcAuthzServer requestedScopes
    options { authorizeScopes tenant organizationUrl teamId keyId secretLifetime hasPrivateKey } }`;
const RESULT = `__typename
  ... on Error { message }
  ... on ValidationError { fieldErrors { path message } }
  ... on VendorError { vendorCode httpStatus retryable }`;

describe('SlashID through GraphQL', () => {
  it('lists the credentials as SlashIdOidcCredential, honest about what SlashID does not say', async () => {
    const res = await h.gql(`{ identityProviders(vendor: SLASHID, first: 20) { edges { node { ${FIELDS} } } } }`);
    expect(res.errors).toBeUndefined();
    const nodes = res.data.identityProviders.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.key)).toEqual(expect.arrayContaining([GOOGLE_ID, OKTA_ID, APPLE_ID]));
    expect(nodes.find((n: any) => n.key === GOOGLE_ID)).toMatchObject({
      __typename: 'SlashIdOidcCredential',
      vendor: 'SLASHID',
      protocol: 'OIDC',
      enabled: null,
      hasClientSecret: null,
      provider: 'GOOGLE',
      providerName: 'google',
      label: 'Google staff',
      enableInSlashidOidcAuthzServer: true,
      options: { authorizeScopes: ['https://www.googleapis.com/auth/calendar.readonly'], hasPrivateKey: null },
    });
    expect(nodes.find((n: any) => n.key === APPLE_ID).options).toMatchObject({ teamId: 'TEAM123456', hasPrivateKey: true });
    expect(h.emulator.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /organizations/sso/oidc/provider-credentials']);
  });

  it('creates a credential: vendor, snapshot and audit trail change; hasClientSecret becomes true', async () => {
    const res = await h.gql(
      `mutation($input: CreateSlashIdOidcCredentialInput!) { createSlashIdOidcCredential(input: $input) { ${RESULT}
        ... on CreateSlashIdOidcCredentialPayload { provider { ${FIELDS} } auditEvent { status operation } changes { path secret } } } }`,
      {
        input: {
          connectionId: CONNECTION,
          clientId: 'azure-gql-1',
          clientSecret: NEW_SECRET,
          provider: 'AZUREAD',
          label: 'Entra (h.gql)',
          options: { tenant: 'organizations' },
          requiredConsistency: 'ALL_REGIONS',
          requiredConsistencyTimeout: 15,
        },
      },
    );
    expect(res.errors).toBeUndefined();
    const payload = res.data.createSlashIdOidcCredential;
    expect(payload.__typename).toBe('CreateSlashIdOidcCredentialPayload');
    expect(payload.provider).toMatchObject({
      key: 'azure-gql-1',
      hasClientSecret: true,
      provider: 'AZUREAD',
      options: { tenant: 'organizations' },
    });
    expect(payload.auditEvent).toEqual({ status: 'SUCCEEDED', operation: 'createSlashIdOidcCredential' });
    const post = h.emulator.requests.find((r) => r.method === 'POST')!;
    expect(post.headers['slashid-required-consistency']).toBe('all_regions');
    expect(JSON.parse(post.body)).toEqual({
      client_id: 'azure-gql-1',
      client_secret: NEW_SECRET,
      provider: 'azuread',
      label: 'Entra (h.gql)',
      options: { azuread: { tenant: 'organizations' } },
    });
    expect(await getSnapshot(h.store.db, CONNECTION, 'azure-gql-1')).not.toBeNull();
  });

  it('a bad input is a ValidationError naming the field, with no vendor call', async () => {
    const res = await h.gql(
      `mutation($input: UpdateSlashIdOidcCredentialInput!) { updateSlashIdOidcCredential(input: $input) { ${RESULT} } }`,
      { input: { id: h.globalId(APPLE_ID), options: { teamId: 'SHORT' } } },
    );
    expect(res.data.updateSlashIdOidcCredential).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['options', 'teamId'], message: 'teamId must be exactly 10 characters' }],
    });
    expect(h.emulator.requests).toEqual([]);
  });

  it('a 408 is a retryable VendorError, and the audit trail says the outcome is UNKNOWN', async () => {
    h.emulator.setReplicationLag(60);
    const res = await h.gql(
      `mutation($input: UpdateSlashIdOidcCredentialInput!) { updateSlashIdOidcCredential(input: $input) { ${RESULT} } }`,
      { input: { id: h.globalId(OKTA_ID), label: 'Slow', requiredConsistency: 'ALL_REGIONS', requiredConsistencyTimeout: 1 } },
    );
    h.emulator.setReplicationLag(0);
    expect(res.data.updateSlashIdOidcCredential).toMatchObject({
      __typename: 'VendorError',
      vendorCode: '408',
      httpStatus: 408,
      retryable: true,
    });
    const [event] = await listAuditEvents(h.store.db, { connectionId: CONNECTION, providerKey: OKTA_ID, limit: 1 });
    expect(event).toMatchObject({ status: 'UNKNOWN', operation: 'updateSlashIdOidcCredential' });
    expect(h.emulator.credential(OKTA_ID)?.label).toBe('Slow');
  });

  it('deletes a credential; the payload shows its last state', async () => {
    const res = await h.gql(
      `mutation($input: DeleteSlashIdOidcCredentialInput!) { deleteSlashIdOidcCredential(input: $input) { ${RESULT}
        ... on DeleteSlashIdOidcCredentialPayload { provider { ... on ManagedIdentityProvider { key displayName } } } } }`,
      { input: { id: h.globalId('azure-gql-1') } },
    );
    expect(res.data.deleteSlashIdOidcCredential).toEqual({
      __typename: 'DeleteSlashIdOidcCredentialPayload',
      provider: { key: 'azure-gql-1', displayName: 'Entra (h.gql)' },
    });
    expect(h.emulator.credential('azure-gql-1')).toBeUndefined();
  });

  it('no secret value in any response, row or log line', async () => {
    const everything = [...h.responses, ...h.logLines, await dumpTables(h.store)].join('\n');
    for (const secret of [NEW_SECRET, API_KEY, APPLE_KEY, APPLE_KEY.split('\n')[1]!, ...Object.values(SECRETS)]) {
      expect(everything).not.toContain(secret);
    }
  });
});
