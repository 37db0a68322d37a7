// Reverting SlashID changes through the real pipeline (createServices on PGlite) against the emulator over
// HTTP: each mutation applied, then reverted with revertAuditEvent; the credential's non-secret state read
// back equals the event's `before`, the revert's audit row is SUCCEEDED, the secrets the change set are named
// (and left as they are), a revert after a later change is a version conflict that sends no write, and a
// deleted credential (whose re-create needs its secret) is a ValidationError naming auditEventId.
import { describe, expect, it } from 'vitest';
import type { NormalizedProvider } from '../../src/core/vendor-contract/adapter.js';
import { ValidationError, VersionConflictError } from '../../src/core/errors.js';
import type { MutationSuccess } from '../../src/core/mutations/idempotency.js';
import type { RevertOutcome } from '../../src/core/mutations/revert.js';
import { getAuditEvent } from '../../src/store/audit.js';
import type { SlashIdEmulator } from '../../src/vendors/slashid/emulator/server.js';
import {
  createSlashIdOidcCredential,
  deleteSlashIdOidcCredential,
  updateSlashIdOidcCredential,
} from '../../src/vendors/slashid/mutations.js';
import { generateApplePrivateKey } from '../../src/vendors/slashid/emulator/sandbox.js';
import { API_KEY, APPLE_ID, APPLE_KEY, AZURE_ID, connectionFor, CREDENTIALS, GOOGLE_ID, SECRETS, slashidGatewayVendor } from './support.js';
import { appliedChange, type RevertEnv, revertChange, revertEnvironments, runChange } from '../support/revert-env.js';

const NEW_SECRET = 'REVERT-TEST-SECRET-pangolin-4471';
const NEW_APPLE_KEY = generateApplePrivateKey();
const NEW_ID = 'revert-test.apps.googleusercontent.com';

const environments = revertEnvironments('slashid-revert');
type Env = RevertEnv<SlashIdEmulator>;
const _run = runChange;
const applied = appliedChange;
const revert = revertChange;

async function start(): Promise<Env> {
  const emulator = await slashidGatewayVendor.startEmulator(API_KEY);
  return environments.start(emulator, (id) => connectionFor(emulator, id));
}
const update = (e: Env, key: string, input: Record<string, unknown>) => applied(e, updateSlashIdOidcCredential as never, key, input);

/** The credential's non-secret state as SlashID has it now, read over HTTP. */
async function liveState(e: Env, key: string): Promise<Omit<NormalizedProvider, 'secretFingerprints'> | null> {
  const provider = await e.services.connections.find(e.connectionId)!.adapter.get(key);
  if (!provider) return null;
  const { secretFingerprints: _secrets, ...rest } = provider;
  return rest;
}

function nonSecretBefore(outcome: MutationSuccess): Omit<NormalizedProvider, 'secretFingerprints'> {
  const { secretFingerprints: _secrets, ...rest } = outcome.auditEvent.before as unknown as NormalizedProvider;
  return rest;
}

const writes = (emulator: SlashIdEmulator) => emulator.requests.filter((r) => r.method !== 'GET');
const writeCalls = (emulator: SlashIdEmulator) => writes(emulator).map((r) => `${r.method} ${r.path}`);
const path = (clientId: string) => `${CREDENTIALS}/${encodeURIComponent(clientId)}`;

/** A succeeded revert: its audit row says what it reverts; it names the secrets it could not restore. */
async function expectReverted(e: Env, outcome: RevertOutcome, of: string, operation: string, secretsToResupply: string[]) {
  if (!outcome.ok) throw new Error(`expected the revert to succeed: ${outcome.error.message}`);
  expect(outcome.revertOf).toBe(of);
  expect(outcome.secretsToResupply).toEqual(secretsToResupply);
  expect(outcome.auditEvent.status).toBe('SUCCEEDED');
  expect(outcome.auditEvent.operation).toBe(operation);
  expect(outcome.auditEvent.input).toMatchObject({ revertOf: of });
  expect((await getAuditEvent(e.services.db, outcome.auditEvent.id))?.status).toBe('SUCCEEDED');
}

/** A revert refused because the credential has moved on since the change: nothing is written. */
async function expectConflict(e: Env, auditEventId: string) {
  e.emulator.clearRequests();
  const outcome = await revert(e, auditEventId);
  expect(outcome.ok).toBe(false);
  if (outcome.ok) return;
  expect(outcome.error).toBeInstanceOf(VersionConflictError);
  expect(outcome.auditEvent?.status).toBe('REJECTED');
  expect(writes(e.emulator)).toEqual([]);
}

/** A revert refused before anything runs: a ValidationError on auditEventId, no audit row, no write. */
function expectUnsupported(e: Env, outcome: RevertOutcome): string {
  expect(outcome.ok).toBe(false);
  if (outcome.ok) return '';
  expect(outcome.error).toBeInstanceOf(ValidationError);
  const fieldErrors = (outcome.error as ValidationError).fieldErrors;
  expect(fieldErrors.map((f) => f.path)).toEqual([['auditEventId']]);
  expect(outcome.auditEvent).toBeNull();
  expect(outcome.secretsToResupply).toEqual([]);
  expect(writes(e.emulator)).toEqual([]);
  return fieldErrors[0]!.message;
}

describe('revert createSlashIdOidcCredential', () => {
  const input = {
    clientId: NEW_ID,
    clientSecret: NEW_SECRET,
    provider: 'google',
    label: 'New',
    options: { authorizeScopes: ['openid'] },
    requiredConsistency: 'local_region',
  };

  it('deletes the credential it created, with the consistency the create asked for', async () => {
    const e = await start();
    const created = await applied(e, createSlashIdOidcCredential as never, null, input);
    e.emulator.clearRequests();

    const outcome = await revert(e, created.auditEvent.id);
    await expectReverted(e, outcome, created.auditEvent.id, 'deleteSlashIdOidcCredential', []);
    expect(writeCalls(e.emulator)).toEqual([`DELETE ${path(NEW_ID)}`]);
    expect(writes(e.emulator)[0]!.headers['slashid-required-consistency']).toBe('local_region');
    expect(e.emulator.credential(NEW_ID)).toBeUndefined();
    expect(await liveState(e, NEW_ID)).toBeNull();
    expect(JSON.stringify(outcome)).not.toContain(NEW_SECRET);
  });

  it('is refused after a later change, and deletes nothing', async () => {
    const e = await start();
    const created = await applied(e, createSlashIdOidcCredential as never, null, input);
    await update(e, NEW_ID, { label: 'Renamed since' });
    await expectConflict(e, created.auditEvent.id);
    expect(e.emulator.credential(NEW_ID)?.label).toBe('Renamed since');
  });
});

describe('revert updateSlashIdOidcCredential', () => {
  it('sets every non-secret field the change touched back', async () => {
    const e = await start();
    const updated = await update(e, GOOGLE_ID, {
      label: 'Changed',
      externalCredId: 'ext-new',
      enableInSlashidOidcAuthzServer: false,
      options: { authorizeScopes: ['openid', 'https://www.googleapis.com/auth/drive.readonly'] },
    });
    e.emulator.clearRequests();

    const outcome = await revert(e, updated.auditEvent.id);
    await expectReverted(e, outcome, updated.auditEvent.id, 'updateSlashIdOidcCredential', []);
    expect(writeCalls(e.emulator)).toEqual([`PATCH ${path(GOOGLE_ID)}`]);
    expect(JSON.parse(writes(e.emulator)[0]!.body)).toEqual({
      label: 'Google staff',
      external_cred_id: '',
      enable_in_slashid_oidc_authz_server: true,
      options: { google: { authorize_scopes: ['https://www.googleapis.com/auth/calendar.readonly'] } },
    });
    expect(await liveState(e, GOOGLE_ID)).toEqual(nonSecretBefore(updated));
    expect(e.emulator.credential(GOOGLE_ID)).toMatchObject({
      label: 'Google staff',
      external_cred_id: '',
      enable_in_slashid_oidc_authz_server: true,
    });
  });

  it('clears a label that was empty and puts an option back (Azure tenant)', async () => {
    const e = await start();
    const updated = await update(e, AZURE_ID, { label: 'Azure staff', options: { tenant: 'fabrikam.onmicrosoft.com' } });
    const outcome = await revert(e, updated.auditEvent.id);
    await expectReverted(e, outcome, updated.auditEvent.id, 'updateSlashIdOidcCredential', []);
    expect(await liveState(e, AZURE_ID)).toEqual(nonSecretBefore(updated));
    expect(e.emulator.credential(AZURE_ID)).toMatchObject({ label: '', options: { azuread: { tenant: 'contoso.onmicrosoft.com' } } });
  });

  it('keeps a client secret the change set and names it', async () => {
    const e = await start();
    const updated = await update(e, GOOGLE_ID, { clientSecret: NEW_SECRET, label: 'Rotated' });
    e.emulator.clearRequests();

    const outcome = await revert(e, updated.auditEvent.id);
    await expectReverted(e, outcome, updated.auditEvent.id, 'updateSlashIdOidcCredential', ['clientSecret']);
    expect(JSON.parse(writes(e.emulator)[0]!.body)).toEqual({ label: 'Google staff' });
    expect(await liveState(e, GOOGLE_ID)).toEqual(nonSecretBefore(updated));
    expect(e.emulator.credential(GOOGLE_ID)?.client_secret).toBe(NEW_SECRET);
    expect(JSON.stringify(outcome)).not.toContain(NEW_SECRET);
  });

  it('a change of the secret alone: the non-secret state is re-sent as it is, and the secret named', async () => {
    const e = await start();
    const updated = await update(e, GOOGLE_ID, { clientSecret: NEW_SECRET });
    e.emulator.clearRequests();

    const outcome = await revert(e, updated.auditEvent.id);
    await expectReverted(e, outcome, updated.auditEvent.id, 'updateSlashIdOidcCredential', ['clientSecret']);
    expect(JSON.parse(writes(e.emulator)[0]!.body)).toEqual({ enable_in_slashid_oidc_authz_server: true });
    expect(await liveState(e, GOOGLE_ID)).toEqual(nonSecretBefore(updated));
    expect(e.emulator.credential(GOOGLE_ID)?.client_secret).toBe(NEW_SECRET);
    expect(SECRETS.google).not.toBe(NEW_SECRET);
  });

  it('Apple: puts the team id back, keeps the new private key and names it', async () => {
    const e = await start();
    const updated = await update(e, APPLE_ID, { options: { teamId: 'TEAM999999', privateKey: NEW_APPLE_KEY } });
    e.emulator.clearRequests();

    const outcome = await revert(e, updated.auditEvent.id);
    await expectReverted(e, outcome, updated.auditEvent.id, 'updateSlashIdOidcCredential', ['options.privateKey']);
    expect(await liveState(e, APPLE_ID)).toEqual(nonSecretBefore(updated));
    expect(e.emulator.credential(APPLE_ID)?.options.apple).toMatchObject({
      team_id: 'TEAM123456',
      key_id: 'KEYID98765',
      private_key: NEW_APPLE_KEY,
    });
    expect(APPLE_KEY).not.toBe(NEW_APPLE_KEY);
    expect(JSON.stringify(outcome)).not.toContain(NEW_APPLE_KEY);
  });

  it('is refused after a later change, and writes nothing', async () => {
    const e = await start();
    const updated = await update(e, GOOGLE_ID, { label: 'First' });
    await update(e, GOOGLE_ID, { label: 'Second' });
    await expectConflict(e, updated.auditEvent.id);
    expect(e.emulator.credential(GOOGLE_ID)?.label).toBe('Second');
  });

  it('a secret rotated since the change is a later change too', async () => {
    const e = await start();
    const updated = await update(e, GOOGLE_ID, { label: 'First' });
    await update(e, GOOGLE_ID, { clientSecret: NEW_SECRET });
    await expectConflict(e, updated.auditEvent.id);
  });
});

describe('revert deleteSlashIdOidcCredential', () => {
  it('is unsupported: the re-create needs the client secret, which the gateway never holds', async () => {
    const e = await start();
    const deleted = await applied(e, deleteSlashIdOidcCredential as never, GOOGLE_ID, {});
    e.emulator.clearRequests();

    const message = expectUnsupported(e, await revert(e, deleted.auditEvent.id));
    expect(message).toContain(`SlashID needs the clientSecret to create credential ${GOOGLE_ID} again`);
    expect(message).toContain('createSlashIdOidcCredential');
    // What a re-create needs besides the secret, from the state before the delete.
    const hint = JSON.parse(message.slice(message.indexOf('{')));
    expect(hint).toEqual({
      clientId: GOOGLE_ID,
      provider: 'google',
      label: 'Google staff',
      enableInSlashidOidcAuthzServer: true,
      options: { authorizeScopes: ['https://www.googleapis.com/auth/calendar.readonly'] },
    });
    expect(e.emulator.credential(GOOGLE_ID)).toBeUndefined();
  });

  it('an Apple credential needs its private key too', async () => {
    const e = await start();
    const deleted = await applied(e, deleteSlashIdOidcCredential as never, APPLE_ID, {});
    e.emulator.clearRequests();
    const message = expectUnsupported(e, await revert(e, deleted.auditEvent.id));
    expect(message).toContain('SlashID needs the clientSecret and options.privateKey');
    expect(message).not.toContain(APPLE_KEY);
  });
});
