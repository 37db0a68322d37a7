// Exactly once across a crash: a gateway process is killed (SIGKILL) while its create is at the vendor (the
// vendor has created the provider, its answer never comes back). The same request with the same idempotency
// key, sent to the restarted gateway, never creates a second provider: before the dead instance's row is
// settled it answers IdempotencyInProgressError with a retryAfterSeconds; once the reconciler has settled
// it (together with the key), it replays that outcome — the payload for a create it could read back
// (SlashID: the client id is the key), MutationInterruptedError carrying the audit event where the vendor
// assigns the id (Akamai).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AkamaiEmulator, createAkamaiEmulator } from '../../src/vendors/akamai/emulator/server.js';
import { SANDBOX_APP_ID, SANDBOX_CUSTOMER_ID } from '../../src/vendors/akamai/emulator/sandbox.js';
import { createSlashIdEmulator, type SlashIdEmulator } from '../../src/vendors/slashid/emulator/server.js';
import { SANDBOX_ORG_ID } from '../../src/vendors/slashid/emulator/sandbox.js';
import type { GatewayProcess } from '../support/process.js';
import { PROCESS_STORE_KINDS, processStore, type ProcessStore } from '../support/stores.js';
import { gqlTo, startGatewayProcess, writeProcessConfig } from './support.js';

const SLASHID_KEY = 'SLASHID-crash-create-key-5b7d';
const AKAMAI_SECRET = 'AKAMAI-crash-create-secret-9c1e';
/**
 * A short lease, so that the PostgreSQL case (where only the lease tells a dead instance) settles in seconds,
 * but longer than a restart, so that the first retry meets the dead instance's row unsettled: 4 s was not, once,
 * on a CI machine whose two cores were busy (the restart took longer and the row was settled before the retry).
 */
const LEASE_MS = 8_000;

const RESULT_FIELDS = `__typename
  ... on Error { message auditEvent { id status reason } }
  ... on IdempotencyInProgressError { retryAfterSeconds }
  ... on MutationInterruptedError { status }`;
const CREATE_SLASHID = `mutation($input: CreateSlashIdOidcCredentialInput!) { createSlashIdOidcCredential(input: $input) { ${RESULT_FIELDS}
  ... on CreateSlashIdOidcCredentialPayload { replayed auditEvent { id status reason } provider { ... on SlashIdOidcCredential { clientId } } } } }`;
const CREATE_AKAMAI = `mutation($input: CreateAkamaiCustomProviderInput!) { createAkamaiCustomProvider(input: $input) { ${RESULT_FIELDS}
  ... on CreateAkamaiCustomProviderPayload { replayed } } }`;

const slashidInput = {
  connectionId: 'slashid',
  provider: 'GOOGLE',
  clientId: 'crash-create-client.apps.example',
  clientSecret: 'crash-create-secret-77',
  label: 'Crash',
  idempotencyKey: 'create-once-1',
};
const akamaiInput = {
  connectionId: 'akamai',
  title: 'Crash Okta',
  protocol: 'OPENID_CONNECT',
  authUrl: 'https://crash.okta.example/oauth2/v1/authorize',
  tokenUrl: 'https://crash.okta.example/oauth2/v1/token',
  clientId: 'crash-okta',
  clientSecret: 'crash-okta-secret-31',
  idempotencyKey: 'create-once-2',
};

/** Sends `query` until the answer is no longer IdempotencyInProgressError (waiting what it says), and returns it with every in-progress answer seen. */
async function retryUntilSettled(url: string, query: string, input: unknown, field: string) {
  const inProgress: any[] = [];
  for (let round = 0; round < 20; round++) {
    const answer = (await gqlTo(url, query, { input })).data[field];
    if (answer.__typename !== 'IdempotencyInProgressError') return { answer, inProgress };
    inProgress.push(answer);
    await new Promise((resolve) => setTimeout(resolve, answer.retryAfterSeconds * 1000));
  }
  throw new Error('never settled');
}

describe.each(PROCESS_STORE_KINDS)('a create killed at the vendor, retried with its idempotency key, on %s', (kind) => {
  let slashid: SlashIdEmulator;
  let akamai: AkamaiEmulator;
  let store: ProcessStore;
  let configFile: string;
  let gateway: GatewayProcess | undefined;
  const env = { CRASH_SLASHID_KEY: SLASHID_KEY, CRASH_AKAMAI_SECRET: AKAMAI_SECRET, IDP_GATEWAY_LEASE_MS: String(LEASE_MS) };

  beforeAll(async () => {
    slashid = await createSlashIdEmulator({ orgId: SANDBOX_ORG_ID, apiKey: SLASHID_KEY, credentials: [] });
    akamai = await createAkamaiEmulator({
      customerId: SANDBOX_CUSTOMER_ID,
      clientId: 'crash-config',
      clientSecret: AKAMAI_SECRET,
      apps: { [SANDBOX_APP_ID]: [] },
    });
    const written = writeProcessConfig([
      { id: 'slashid', vendor: 'slashid', baseUrl: slashid.url, orgId: SANDBOX_ORG_ID, apiKey: { env: 'CRASH_SLASHID_KEY' } },
      {
        id: 'akamai',
        vendor: 'akamai',
        baseUrl: akamai.url,
        customerId: SANDBOX_CUSTOMER_ID,
        appId: SANDBOX_APP_ID,
        clientId: 'crash-config',
        clientSecret: { env: 'CRASH_AKAMAI_SECRET' },
      },
    ]);
    configFile = written.configFile;
    store = await processStore(kind, written.dir);
  });
  afterAll(async () => {
    gateway?.child.kill('SIGKILL');
    await gateway?.exited;
    await slashid?.close();
    await akamai?.close();
    await store?.drop();
  });

  it('creates exactly one provider and replays the settled outcome', async () => {
    const first = startGatewayProcess(configFile, store, env);
    const url = await first.url;
    const slashidCreated = slashid.hold((r) => r.method === 'POST' && r.path.endsWith('/provider-credentials'), 'after');
    const akamaiCreated = akamai.hold((r) => r.method === 'POST' && r.path.endsWith('/custom-providers'), 'after');
    void gqlTo(url, CREATE_SLASHID, { input: slashidInput }).catch(() => {});
    void gqlTo(url, CREATE_AKAMAI, { input: akamaiInput }).catch(() => {});
    await Promise.all([slashidCreated.arrived, akamaiCreated.arrived]);
    first.child.kill('SIGKILL');
    await first.exited;
    slashidCreated.release();
    akamaiCreated.release();
    // Both vendors hold the new provider; the gateway never heard back.
    expect(slashid.credentials().map((c) => c.client_id)).toEqual([slashidInput.clientId]);
    expect(akamai.providers(SANDBOX_APP_ID)).toHaveLength(1);

    gateway = startGatewayProcess(configFile, store, env);
    const again = await gateway.url;
    const slashidRetry = await retryUntilSettled(again, CREATE_SLASHID, slashidInput, 'createSlashIdOidcCredential');
    const akamaiRetry = await retryUntilSettled(again, CREATE_AKAMAI, akamaiInput, 'createAkamaiCustomProvider');

    // SlashID: the created credential is read back by its key, so the settled outcome is the payload, replayed.
    expect(slashidRetry.answer).toMatchObject({
      __typename: 'CreateSlashIdOidcCredentialPayload',
      replayed: true,
      auditEvent: { status: 'SUCCEEDED', reason: 'interrupted' },
      provider: { clientId: slashidInput.clientId },
    });
    // Akamai assigns the id: the outcome cannot be read back, and that is what the retry is told, with the audit event.
    expect(akamaiRetry.answer).toMatchObject({
      __typename: 'MutationInterruptedError',
      status: 'UNKNOWN',
      auditEvent: { status: 'UNKNOWN', reason: 'interrupted' },
    });
    for (const seen of [...slashidRetry.inProgress, ...akamaiRetry.inProgress]) expect(seen.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    if (kind === 'postgres') {
      // Nothing tells a restarted instance on PostgreSQL that the other died but its lease: until it ran out, in progress.
      expect(slashidRetry.inProgress.length).toBeGreaterThan(0);
    }

    // Never created twice, however often it is asked again.
    const once = await gqlTo(again, CREATE_SLASHID, { input: slashidInput });
    expect(once.data.createSlashIdOidcCredential).toMatchObject({ replayed: true, auditEvent: { id: slashidRetry.answer.auditEvent.id } });
    expect(slashid.credentials().map((c) => c.client_id)).toEqual([slashidInput.clientId]);
    expect(akamai.providers(SANDBOX_APP_ID)).toHaveLength(1);
    expect(slashid.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(akamai.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/custom-providers'))).toHaveLength(1);
  }, 90_000);
});
