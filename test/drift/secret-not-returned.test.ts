// Drift on SlashID, whose API never returns a client secret: the fingerprint the gateway recorded when it set
// one has no live counterpart, and that is not drift; a visible field changed outside still is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerRef } from '../../src/core/loaders.js';
import { listAuditEvents } from '../../src/store/audit.js';
import type { Store } from '../../src/store/open.js';
import { getSnapshot } from '../../src/store/snapshots.js';
import { createSlashIdEmulator, type SlashIdEmulator } from '../../src/vendors/slashid/emulator.js';
import { dumpTables, type Harness, startHarness } from '../support/harness.js';
import { STORE_KINDS } from '../support/stores.js';
import { API_KEY, GOOGLE_ID, ORG_ID, SECRETS, seedCredentials } from '../slashid/fixtures.js';

const NEW_SECRET = 'DRIFT-SLASHID-SECRET-heron-7731';
const globalId = (key: string) => Buffer.from(`SlashIdOidcCredential:${providerRef('sid', key)}`).toString('base64');

const DRIFT = `query { drift(connectionId: "sid") { drifted providers { key kind changes { path before after secret }
  provider { ... on ManagedIdentityProvider { hasClientSecret } ... on SlashIdOidcCredential { label } } } } }`;

describe.each(STORE_KINDS)('drift with a secret the vendor never returns, on $name', (kind) => {
  let store: Store;
  let emulator: SlashIdEmulator;
  let h: Harness;

  beforeAll(async () => {
    store = await kind.open();
    emulator = await createSlashIdEmulator({ orgId: ORG_ID, apiKey: API_KEY, credentials: seedCredentials() });
    h = await startHarness({
      store,
      connections: [{ id: 'sid', vendor: 'slashid', baseUrl: emulator.url, orgId: ORG_ID, apiKey: { env: 'SLASHID_API_KEY' }, minRefreshIntervalSeconds: 0 }],
      env: { SLASHID_API_KEY: API_KEY },
    });
    await h.gql('{ identityProviders(refresh: true) { totalCount } }');
  });
  afterAll(async () => {
    await h?.close();
    await emulator?.close();
    await store?.close();
  });

  const driftRows = async () =>
    (await listAuditEvents(store.db, { connectionId: 'sid', limit: 100 })).filter((row) => row.kind === 'DRIFT_DETECTED');

  it('a secret set through the gateway, absent from the live list, is not drift', async () => {
    const res = await h.gql(
      `mutation($input: UpdateSlashIdOidcCredentialInput!) { updateSlashIdOidcCredential(input: $input) { __typename
        ... on UpdateSlashIdOidcCredentialPayload { provider { ... on ManagedIdentityProvider { hasClientSecret } } } } }`,
      { input: { id: globalId(GOOGLE_ID), clientSecret: NEW_SECRET } },
    );
    expect(res.data.updateSlashIdOidcCredential).toEqual({ __typename: 'UpdateSlashIdOidcCredentialPayload', provider: { hasClientSecret: true } });
    expect((await getSnapshot(store.db, 'sid', GOOGLE_ID))!.provider.secretFingerprints.clientSecret).toMatch(/^hmac-sha256:/);

    const report = await h.gql(DRIFT);
    expect(report.data.drift).toEqual({ drifted: false, providers: [] });
    await h.gql('{ identityProviders(refresh: true) { totalCount } }');
    expect(await driftRows()).toEqual([]);
    // The refresh keeps the fingerprint the gateway knows.
    expect((await getSnapshot(store.db, 'sid', GOOGLE_ID))!.provider.secretFingerprints.clientSecret).toMatch(/^hmac-sha256:/);
  });

  it('a visible field changed outside is drift, and the known secret is neither drift nor forgotten', async () => {
    emulator.credential(GOOGLE_ID)!.label = 'Renamed outside';
    const report = (await h.gql(DRIFT)).data.drift;
    const changes = [
      { path: 'details.label', before: 'Google staff', after: 'Renamed outside', secret: false },
      { path: 'displayName', before: 'Google staff', after: 'Renamed outside', secret: false },
    ];
    expect(report.providers).toEqual([{ key: GOOGLE_ID, kind: 'CHANGED', changes, provider: { hasClientSecret: true, label: 'Renamed outside' } }]);
    await h.gql('{ identityProviders(refresh: true) { totalCount } }');
    const rows = await driftRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.changes).toEqual(changes);
    const everything = [...h.responses, ...h.logLines, await dumpTables(store)].join('\n');
    for (const secret of [NEW_SECRET, API_KEY, ...Object.values(SECRETS)]) expect(everything).not.toContain(secret);
  });
});
