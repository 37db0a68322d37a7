// SlashID end to end: GraphQL -> pipeline -> adapter -> real HTTP -> emulator, on a real store.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../src/app.js';
import type { GatewayConfig } from '../../src/config.js';
import type { ConnectionRegistry } from '../../src/core/connections.js';
import { providerRef } from '../../src/core/loaders.js';
import { createLogger } from '../../src/core/log.js';
import { createGateway } from '../../src/server.js';
import { listAuditEvents } from '../../src/store/audit.js';
import { openStore, type Store } from '../../src/store/open.js';
import { getSnapshot } from '../../src/store/snapshots.js';
import { createSlashIdEmulator, type SlashIdEmulator } from '../../src/vendors/slashid/emulator.js';
import { dumpTables, gqlOver } from '../support/harness.js';
import { API_KEY, APPLE_ID, APPLE_KEY, connectionFor, GOOGLE_ID, OKTA_ID, ORG_ID, SECRETS, seedCredentials } from './fixtures.js';
import { loadSpecChecker, specViolations } from './openapi.js';

const CONNECTION = 'slashid-gql';
const NEW_SECRET = 'GQL-NEW-CLIENT-SECRET-otter-4410';
const globalId = (key: string) => Buffer.from(`SlashIdOidcCredential:${providerRef(CONNECTION, key)}`).toString('base64');

let store: Store;
let emulator: SlashIdEmulator;
let connections: ConnectionRegistry;
let gql: <T = any>(query: string, variables?: Record<string, unknown>) => Promise<{ data?: T; errors?: unknown[] }>;
const responses: string[] = [];
const logLines: string[] = [];

beforeAll(async () => {
  // The OpenAPI checker takes seconds of CPU to build: built before any request, it cannot stall the event loop
  // between two requests long enough for the emulator to drop a kept-alive connection under the client.
  await loadSpecChecker();
  store = await openStore({ kind: 'pglite-memory' });
  emulator = await createSlashIdEmulator({ orgId: ORG_ID, apiKey: API_KEY, credentials: seedCredentials() });
  const services = createServices({ config: { connections: [connectionFor(emulator, CONNECTION)] } as unknown as GatewayConfig, store, fingerprintKey: Buffer.from('slashid-gql-key') });
  connections = services.connections;
  const yoga = createGateway({ services, logger: createLogger(services.secrets, (line) => logLines.push(line)), actor: 'gql-test' });
  gql = gqlOver(yoga, responses);
});
afterAll(async () => {
  await connections.close();
  await emulator.close();
  await store.close();
});
beforeEach(() => emulator.clearRequests());
afterEach(async () => {
  expect(await specViolations(emulator.exchanges)).toEqual([]);
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
    const res = await gql(`{ identityProviders(vendor: SLASHID, first: 20) { edges { node { ${FIELDS} } } } }`);
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
    expect(emulator.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /organizations/sso/oidc/provider-credentials']);
  });

  it('creates a credential: vendor, snapshot and audit trail change; hasClientSecret becomes true', async () => {
    const res = await gql(
      `mutation($input: CreateSlashIdOidcCredentialInput!) { createSlashIdOidcCredential(input: $input) { ${RESULT}
        ... on CreateSlashIdOidcCredentialPayload { provider { ${FIELDS} } auditEvent { status operation } changes { path secret } } } }`,
      {
        input: {
          connectionId: CONNECTION,
          clientId: 'azure-gql-1',
          clientSecret: NEW_SECRET,
          provider: 'AZUREAD',
          label: 'Entra (gql)',
          options: { tenant: 'organizations' },
          requiredConsistency: 'ALL_REGIONS',
          requiredConsistencyTimeout: 15,
        },
      },
    );
    expect(res.errors).toBeUndefined();
    const payload = res.data.createSlashIdOidcCredential;
    expect(payload.__typename).toBe('CreateSlashIdOidcCredentialPayload');
    expect(payload.provider).toMatchObject({ key: 'azure-gql-1', hasClientSecret: true, provider: 'AZUREAD', options: { tenant: 'organizations' } });
    expect(payload.auditEvent).toEqual({ status: 'SUCCEEDED', operation: 'createSlashIdOidcCredential' });
    const post = emulator.requests.find((r) => r.method === 'POST')!;
    expect(post.headers['slashid-required-consistency']).toBe('all_regions');
    expect(JSON.parse(post.body)).toEqual({
      client_id: 'azure-gql-1',
      client_secret: NEW_SECRET,
      provider: 'azuread',
      label: 'Entra (gql)',
      options: { azuread: { tenant: 'organizations' } },
    });
    expect(await getSnapshot(store.db, CONNECTION, 'azure-gql-1')).not.toBeNull();
  });

  it('a bad input is a ValidationError naming the field, with no vendor call', async () => {
    const res = await gql(
      `mutation($input: UpdateSlashIdOidcCredentialInput!) { updateSlashIdOidcCredential(input: $input) { ${RESULT} } }`,
      { input: { id: globalId(APPLE_ID), options: { teamId: 'SHORT' } } },
    );
    expect(res.data.updateSlashIdOidcCredential).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['options', 'teamId'], message: 'teamId must be exactly 10 characters' }],
    });
    expect(emulator.requests).toEqual([]);
  });

  it('a 408 is a retryable VendorError, and the audit trail says the outcome is UNKNOWN', async () => {
    emulator.setReplicationLag(60);
    const res = await gql(
      `mutation($input: UpdateSlashIdOidcCredentialInput!) { updateSlashIdOidcCredential(input: $input) { ${RESULT} } }`,
      { input: { id: globalId(OKTA_ID), label: 'Slow', requiredConsistency: 'ALL_REGIONS', requiredConsistencyTimeout: 1 } },
    );
    emulator.setReplicationLag(0);
    expect(res.data.updateSlashIdOidcCredential).toMatchObject({ __typename: 'VendorError', vendorCode: '408', httpStatus: 408, retryable: true });
    const [event] = await listAuditEvents(store.db, { connectionId: CONNECTION, providerKey: OKTA_ID, limit: 1 });
    expect(event).toMatchObject({ status: 'UNKNOWN', operation: 'updateSlashIdOidcCredential' });
    expect(emulator.credential(OKTA_ID)?.label).toBe('Slow');
  });

  it('deletes a credential; the payload shows its last state', async () => {
    const res = await gql(
      `mutation($input: DeleteSlashIdOidcCredentialInput!) { deleteSlashIdOidcCredential(input: $input) { ${RESULT}
        ... on DeleteSlashIdOidcCredentialPayload { provider { ... on ManagedIdentityProvider { key displayName } } } } }`,
      { input: { id: globalId('azure-gql-1') } },
    );
    expect(res.data.deleteSlashIdOidcCredential).toEqual({ __typename: 'DeleteSlashIdOidcCredentialPayload', provider: { key: 'azure-gql-1', displayName: 'Entra (gql)' } });
    expect(emulator.credential('azure-gql-1')).toBeUndefined();
  });

  it('no secret value in any response, row or log line', async () => {
    const everything = [...responses, ...logLines, await dumpTables(store)].join('\n');
    for (const secret of [NEW_SECRET, API_KEY, APPLE_KEY, APPLE_KEY.split('\n')[1]!, ...Object.values(SECRETS)]) {
      expect(everything).not.toContain(secret);
    }
  });
});
