// The SlashID mutations through the one pipeline, over real HTTP to the emulator: the exact requests
// (checked against the official OpenAPI too), vendor + snapshot + audit trail changed on success,
// validation failures with no vendor call, the 408 "may still land" answer, and no secret in any row.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { VendorAdapter } from '../../src/core/vendor-contract/adapter.js';
import type { ConnectionRegistry } from '../../src/core/connections.js';
import { NotFoundError, ValidationError, VendorError } from '../../src/core/errors.js';
import type { MutationCommand, MutationPipeline } from '../../src/core/mutations/pipeline.js';
import { Fingerprinter } from '../../src/core/secrets.js';
import { storeForSuite } from '../support/suite-store.js';
import { startVendorPipeline } from '../support/vendor-pipeline.js';
import { getSnapshot } from '../../src/store/snapshots.js';
import type { SlashIdEmulator } from '../../src/vendors/slashid/emulator/server.js';
import { slashidModule } from '../../src/vendors/slashid/index.js';
import {
  createSlashIdOidcCredential,
  deleteSlashIdOidcCredential,
  updateSlashIdOidcCredential,
} from '../../src/vendors/slashid/mutations.js';
import { generateApplePrivateKey } from '../../src/vendors/slashid/emulator/sandbox.js';
import { dumpTables } from '../support/harness.js';
import {
  API_KEY,
  APPLE_ID,
  APPLE_KEY,
  authHeaders,
  AZURE_ID,
  connectionFor,
  CREDENTIALS,
  GOOGLE_ID,
  OKTA_ID,
  OTHER_API_KEY,
  OTHER_ORG_ID,
  SECRETS,
  gitlabCreateInput,
  sentHeaders,
  slashidGatewayVendor,
} from './support.js';
import { loadSpecChecker, specViolations } from './openapi.js';

const CONNECTION = 'slashid-main';
const NEW_SECRET = 'NEW-SLASHID-CLIENT-SECRET-walrus-6621';
const ROTATED_SECRET = 'ROTATED-SLASHID-SECRET-heron-2290';
const NEW_APPLE_KEY = generateApplePrivateKey();

const store = storeForSuite();
let emulator: SlashIdEmulator;
let pipeline: MutationPipeline;
let connections: ConnectionRegistry;
const fingerprinter = new Fingerprinter(Buffer.from('slashid-pipeline-key'));

beforeAll(async () => {
  // The OpenAPI checker takes seconds of CPU to build: built before any request, it cannot stall the event loop
  // between two requests long enough for the emulator to drop a kept-alive connection under the client.
  await loadSpecChecker();
  emulator = await slashidGatewayVendor.startEmulator(API_KEY, { otherOrganizations: [{ orgId: OTHER_ORG_ID, apiKey: OTHER_API_KEY }] });
  ({ connections, pipeline } = startVendorPipeline(store, slashidModule, connectionFor(emulator, CONNECTION), fingerprinter));
});
afterAll(async () => {
  await connections.close();
  await emulator.close();
});
beforeEach(() => emulator.clearRequests());
afterEach(async () => {
  expect(await specViolations(emulator.exchanges)).toEqual([]);
  emulator.setReplicationLag(0);
});

const run = (spec: MutationCommand<VendorAdapter, unknown>['spec'], providerKey: string | null, input: Record<string, unknown>) =>
  pipeline.run({ spec, connectionId: CONNECTION, providerKey, input, actor: 'test' });
const create = (input: Record<string, unknown>) => run(createSlashIdOidcCredential as never, null, input);
const update = (key: string, input: Record<string, unknown>) => run(updateSlashIdOidcCredential as never, key, input);
const remove = (key: string, input: Record<string, unknown> = {}) => run(deleteSlashIdOidcCredential as never, key, input);

const calls = () => emulator.requests.map((r) => `${r.method} ${r.path}${r.rawQuery ? `?${r.rawQuery}` : ''}`);
const writes = () => emulator.requests.filter((r) => r.method !== 'GET');
const bodyOf = (index = 0) => JSON.parse(writes()[index]!.body) as Record<string, unknown>;
const path = (clientId: string) => `${CREDENTIALS}/${encodeURIComponent(clientId)}`;

function fieldErrorsOf(outcome: Awaited<ReturnType<typeof run>>) {
  expect(outcome.ok).toBe(false);
  if (outcome.ok) return [];
  expect(outcome.error).toBeInstanceOf(ValidationError);
  return (outcome.error as ValidationError).fieldErrors;
}

describe('createSlashIdOidcCredential', () => {
  it('checks the client id is free, POSTs the wire body, reads it back, snapshots and audits it', async () => {
    const outcome = await create(gitlabCreateInput(NEW_SECRET));
    expect(outcome.ok).toBe(true);
    expect(calls()).toEqual([`GET ${path('gitlab-client-001')}`, `POST ${CREDENTIALS}`, `GET ${path('gitlab-client-001')}`]);
    const [post] = writes();
    expect(sentHeaders(post!)).toEqual({
      ...authHeaders,
      'content-type': 'application/json',
      'slashid-required-consistency': 'all_regions',
      'slashid-required-consistency-timeout': '60',
    });
    expect(bodyOf()).toEqual({
      client_id: 'gitlab-client-001',
      client_secret: NEW_SECRET,
      provider: 'gitlab',
      label: 'GitLab (ops)',
      external_cred_id: 'ext-77',
      enable_in_slashid_oidc_authz_server: true,
      options: { gitlab: { authorize_scopes: ['read_api'] } },
    });
    // Reads carry no consistency headers.
    expect(sentHeaders(emulator.requests[2]!)).toEqual(authHeaders);
    expect(emulator.credential('gitlab-client-001')).toMatchObject({ client_secret: NEW_SECRET, label: 'GitLab (ops)' });
    if (!outcome.ok) return;
    // SlashID never returns the secret: the gateway records the fingerprint of the one it set.
    expect(outcome.provider.secretFingerprints).toEqual({ clientSecret: fingerprinter.fingerprint(NEW_SECRET) });
    expect(outcome.provider.details).toMatchObject({ provider: 'gitlab', requestedScopes: ['read_user', 'read_api'] });
    expect(outcome.auditEvent).toMatchObject({
      status: 'SUCCEEDED',
      operation: 'createSlashIdOidcCredential',
      providerKey: 'gitlab-client-001',
    });
    expect(outcome.auditEvent.input).toMatchObject({ clientSecret: fingerprinter.fingerprint(NEW_SECRET) });
    // The calls of the change itself: the POST and the read back (the free-id check is part of the plan).
    expect(outcome.auditEvent.vendorRequests).toMatchObject([
      { method: 'POST', path: CREDENTIALS, status: 201 },
      { method: 'GET', path: path('gitlab-client-001'), status: 200 },
    ]);
    expect(outcome.changes).toContainEqual({ path: 'clientSecret', before: null, after: null, secret: true });
    expect((await getSnapshot(store.db, CONNECTION, 'gitlab-client-001'))?.provider.secretFingerprints).toEqual({
      clientSecret: fingerprinter.fingerprint(NEW_SECRET),
    });
  });

  it('creates an Apple credential with its key, sending the 30-day default lifetime the spec requires', async () => {
    const outcome = await create({
      clientId: 'com.example.app2',
      clientSecret: NEW_SECRET,
      provider: 'apple',
      options: { privateKey: NEW_APPLE_KEY, teamId: 'TEAMAAAAAA', keyId: 'KEYBBBBBBB' },
    });
    expect(outcome.ok).toBe(true);
    expect(bodyOf()).toEqual({
      client_id: 'com.example.app2',
      client_secret: NEW_SECRET,
      provider: 'apple',
      options: { apple: { private_key: NEW_APPLE_KEY, team_id: 'TEAMAAAAAA', key_id: 'KEYBBBBBBB', secret_lifetime: '720h0m0s' } },
    });
    if (!outcome.ok) return;
    expect(outcome.provider.secretFingerprints).toEqual({
      clientSecret: fingerprinter.fingerprint(NEW_SECRET),
      'options.privateKey': fingerprinter.fingerprint(NEW_APPLE_KEY),
    });
    // The nested private key is fingerprinted in the audit input too.
    expect(outcome.auditEvent.input).toMatchObject({
      options: { privateKey: fingerprinter.fingerprint(NEW_APPLE_KEY), teamId: 'TEAMAAAAAA' },
    });
  });

  it.each([
    ['no secret', { clientSecret: undefined }, ['clientSecret']],
    ['an unknown provider', { provider: 'myspace' }, ['provider']],
    ['a client id with a slash', { clientId: 'a/b' }, ['clientId']],
    ['a tenant on a google credential', { options: { tenant: 'common' } }, ['options', 'tenant']],
    ['an Apple key on a google credential', { options: { privateKey: APPLE_KEY } }, ['options', 'privateKey']],
    ['a scope with a space', { options: { authorizeScopes: ['openid email'] } }, ['options', 'authorizeScopes', '0']],
    ['an unknown consistency level', { requiredConsistency: 'everywhere' }, ['requiredConsistency']],
    ['a consistency timeout over 120 s', { requiredConsistencyTimeout: 121 }, ['requiredConsistencyTimeout']],
    ['a consistency timeout of 0 s', { requiredConsistencyTimeout: 0 }, ['requiredConsistencyTimeout']],
  ])('refuses %s without calling SlashID', async (_name, change, fieldPath) => {
    const outcome = await create({ clientId: 'refused-1', clientSecret: NEW_SECRET, provider: 'google', ...change });
    expect(fieldErrorsOf(outcome).map((e) => e.path)).toEqual([fieldPath]);
    expect(emulator.requests).toEqual([]);
    expect(outcome.auditEvent).toMatchObject({ status: 'REJECTED' });
  });

  it.each([
    ['okta organizationUrl over http', 'okta', { organizationUrl: 'http://acme.okta.com' }, ['options', 'organizationUrl']],
    ['an azuread tenant that is no GUID or domain', 'azuread', { tenant: 'not a tenant' }, ['options', 'tenant']],
    ['Apple without its key ids', 'apple', { privateKey: APPLE_KEY }, ['options', 'teamId']],
    [
      'an Apple team id of 9 characters',
      'apple',
      { privateKey: APPLE_KEY, teamId: 'TEAM12345', keyId: 'KEY1234567' },
      ['options', 'teamId'],
    ],
    [
      'an Apple key that is not PKCS#8 ES256',
      'apple',
      { privateKey: 'MIIEvQ-not-pem', teamId: 'TEAM123456', keyId: 'KEY1234567' },
      ['options', 'privateKey'],
    ],
    [
      'a secret lifetime under 5 minutes',
      'apple',
      { privateKey: APPLE_KEY, teamId: 'TEAM123456', keyId: 'KEY1234567', secretLifetime: '4m59s' },
      ['options', 'secretLifetime'],
    ],
    [
      'a secret lifetime over 6 months',
      'apple',
      { privateKey: APPLE_KEY, teamId: 'TEAM123456', keyId: 'KEY1234567', secretLifetime: '4383h' },
      ['options', 'secretLifetime'],
    ],
  ])('refuses %s without calling SlashID', async (_name, provider, options, fieldPath) => {
    const outcome = await create({ clientId: 'refused-2', clientSecret: NEW_SECRET, provider, options });
    const errors = fieldErrorsOf(outcome);
    expect(errors.map((e) => e.path)).toContainEqual(fieldPath);
    expect(emulator.requests).toEqual([]);
    expect(JSON.stringify(outcome)).not.toContain(APPLE_KEY);
    expect(JSON.stringify(outcome)).not.toContain('MIIEvQ-not-pem');
  });

  it('names clientId when SlashID already has it, and sends no POST', async () => {
    const outcome = await create({ clientId: GOOGLE_ID, clientSecret: NEW_SECRET, provider: 'google' });
    expect(fieldErrorsOf(outcome)).toEqual([{ path: ['clientId'], message: expect.stringContaining('already has') }]);
    expect(calls()).toEqual([`GET ${path(GOOGLE_ID)}`]);
  });

  it('a 408 is a retryable VendorError with SlashID code and text, and the credential did land', async () => {
    emulator.setReplicationLag(30);
    const outcome = await create({
      clientId: 'late-client',
      clientSecret: NEW_SECRET,
      provider: 'github',
      requiredConsistency: 'all_regions',
      requiredConsistencyTimeout: 5,
    });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toBeInstanceOf(VendorError);
    expect(outcome.error).toMatchObject({ httpStatus: 408, vendorCode: '408', retryable: true });
    expect(outcome.error.message).toMatch(/did not reach consistency level all_regions within 5s.*may still be applied/);
    // The write may have landed: the audit trail says so rather than FAILED.
    expect(outcome.auditEvent).toMatchObject({ status: 'UNKNOWN' });
    expect(emulator.credential('late-client')).toBeDefined();
  });
});

describe('updateSlashIdOidcCredential', () => {
  it('PATCHes only the given fields, and records the rotated secret by fingerprint', async () => {
    const outcome = await update(GOOGLE_ID, {
      clientSecret: ROTATED_SECRET,
      label: 'Google (renamed)',
      enableInSlashidOidcAuthzServer: false,
      requiredConsistencyTimeout: 10,
    });
    expect(outcome.ok).toBe(true);
    expect(calls()).toEqual([`GET ${path(GOOGLE_ID)}`, `PATCH ${path(GOOGLE_ID)}`, `GET ${path(GOOGLE_ID)}`]);
    expect(sentHeaders(writes()[0]!)).toEqual({
      ...authHeaders,
      'content-type': 'application/json',
      'slashid-required-consistency-timeout': '10',
    });
    expect(bodyOf()).toEqual({ client_secret: ROTATED_SECRET, label: 'Google (renamed)', enable_in_slashid_oidc_authz_server: false });
    expect(emulator.credential(GOOGLE_ID)).toMatchObject({
      client_secret: ROTATED_SECRET,
      options: { google: { authorize_scopes: ['https://www.googleapis.com/auth/calendar.readonly'] } },
    });
    if (!outcome.ok) return;
    expect(outcome.changes).toEqual([
      { path: 'clientSecret', before: null, after: null, secret: true },
      { path: 'details.enableInSlashidOidcAuthzServer', before: true, after: false, secret: false },
      { path: 'details.label', before: 'Google staff', after: 'Google (renamed)', secret: false },
      { path: 'displayName', before: 'Google staff', after: 'Google (renamed)', secret: false },
    ]);
  });

  it('a later update without a secret keeps the fingerprint the gateway set', async () => {
    const outcome = await update(GOOGLE_ID, { label: 'Google' });
    expect(outcome.ok && outcome.provider.secretFingerprints).toEqual({ clientSecret: fingerprinter.fingerprint(ROTATED_SECRET) });
    expect(bodyOf()).toEqual({ label: 'Google' });
  });

  it('sends the provider options whole: the current ones with the given fields replaced or reset', async () => {
    const okta = await update(OKTA_ID, { options: { organizationUrl: 'https://acme-new.okta.com', authorizeScopes: ['groups'] } });
    expect(okta.ok).toBe(true);
    // The live read (pipeline), the read the merge starts from (adapter), the PATCH, the read back.
    expect(calls()).toEqual([`GET ${path(OKTA_ID)}`, `GET ${path(OKTA_ID)}`, `PATCH ${path(OKTA_ID)}`, `GET ${path(OKTA_ID)}`]);
    expect(bodyOf()).toEqual({ options: { okta: { organization_url: 'https://acme-new.okta.com', authorize_scopes: ['groups'] } } });
    emulator.clearRequests();
    expect((await update(OKTA_ID, { options: { authorizeScopes: null } })).ok).toBe(true);
    expect(bodyOf()).toEqual({ options: { okta: { organization_url: 'https://acme-new.okta.com' } } });
  });

  it('changes one Apple field by sending the whole Apple object, private key included', async () => {
    const outcome = await update(APPLE_ID, { options: { teamId: 'NEWTEAM123' } });
    expect(outcome.ok).toBe(true);
    expect(bodyOf()).toEqual({
      options: { apple: { private_key: APPLE_KEY, team_id: 'NEWTEAM123', key_id: 'KEYID98765', secret_lifetime: '2160h' } },
    });
    if (!outcome.ok) return;
    expect(outcome.changes).toEqual([{ path: 'details.options.teamId', before: 'TEAM123456', after: 'NEWTEAM123', secret: false }]);
    expect(JSON.stringify(outcome)).not.toContain(APPLE_KEY);
  });

  it('rotates the Apple key: a secret change, shown only as changed', async () => {
    const outcome = await update(APPLE_ID, { options: { privateKey: NEW_APPLE_KEY, secretLifetime: null } });
    expect(bodyOf()).toEqual({
      options: { apple: { private_key: NEW_APPLE_KEY, team_id: 'NEWTEAM123', key_id: 'KEYID98765', secret_lifetime: '720h0m0s' } },
    });
    expect(outcome.ok && outcome.changes).toContainEqual({ path: 'options.privateKey', before: null, after: null, secret: true });
  });

  it('null clears the label and the external credential id (sent as "")', async () => {
    const outcome = await update(AZURE_ID, { label: null, externalCredId: null });
    expect(bodyOf()).toEqual({ label: '', external_cred_id: '' });
    expect(outcome.ok && outcome.provider.details).toMatchObject({ label: null, externalCredId: null });
  });

  it('refuses options of another provider after reading the live state, and sends no PATCH', async () => {
    const outcome = await update(OKTA_ID, { options: { tenant: 'common' } });
    expect(fieldErrorsOf(outcome)).toEqual([
      { path: ['options', 'tenant'], message: 'tenant is an option of azuread credentials, not of okta' },
    ]);
    expect(writes()).toEqual([]);
  });

  it.each([
    ['nothing to change', { requiredConsistency: 'all_regions' }, []],
    ['a cleared client secret', { clientSecret: null }, ['clientSecret']],
    ['a cleared Apple key id', { options: { keyId: null } }, ['options', 'keyId']],
    ['options set to null', { options: null }, ['options']],
  ])('refuses %s without calling SlashID', async (_name, input, fieldPath) => {
    const outcome = await update(GOOGLE_ID, input);
    expect(fieldErrorsOf(outcome).map((e) => e.path)).toEqual([fieldPath]);
    expect(emulator.requests).toEqual([]);
  });

  it('an unknown credential is NotFound after one read', async () => {
    const outcome = await update('nobody', { label: 'x' });
    expect(outcome.ok || outcome.error).toBeInstanceOf(NotFoundError);
    expect(calls()).toEqual([`GET ${path('nobody')}`]);
  });
});

describe('deleteSlashIdOidcCredential', () => {
  it('DELETEs with the consistency headers, drops the snapshot and returns the last state', async () => {
    expect((await update(AZURE_ID, { label: 'About to go' })).ok).toBe(true);
    emulator.clearRequests();
    const outcome = await remove(AZURE_ID, { requiredConsistency: 'local_region' });
    expect(calls()).toEqual([`GET ${path(AZURE_ID)}`, `DELETE ${path(AZURE_ID)}`]);
    expect(sentHeaders(writes()[0]!)).toEqual({ ...authHeaders, 'slashid-required-consistency': 'local_region' });
    expect(writes()[0]!.body).toBe('');
    expect(outcome.ok && outcome.provider).toMatchObject({ key: AZURE_ID, displayName: 'About to go' });
    expect(outcome.auditEvent).toMatchObject({ status: 'SUCCEEDED', after: null });
    expect(emulator.credential(AZURE_ID)).toBeUndefined();
    expect(await getSnapshot(store.db, CONNECTION, AZURE_ID)).toBeNull();
  });

  it('a 408 on delete is retryable and the credential is gone all the same', async () => {
    emulator.setReplicationLag(200);
    const outcome = await remove('late-client', { requiredConsistency: 'all_regions', requiredConsistencyTimeout: 120 });
    expect(outcome.ok || outcome.error).toMatchObject({ httpStatus: 408, vendorCode: '408', retryable: true });
    expect(outcome.auditEvent).toMatchObject({ status: 'UNKNOWN' });
    expect(emulator.credential('late-client')).toBeUndefined();
  });
});

describe('secrets', () => {
  it('no secret value is in any row of the store', async () => {
    const rows = await dumpTables(store);
    for (const secret of [NEW_SECRET, ROTATED_SECRET, API_KEY, APPLE_KEY, NEW_APPLE_KEY, ...Object.values(SECRETS)]) {
      expect(rows).not.toContain(secret);
    }
    // Not even one line of a key's base64 body.
    for (const key of [APPLE_KEY, NEW_APPLE_KEY]) expect(rows).not.toContain(key.split('\n')[1]);
  });
});
