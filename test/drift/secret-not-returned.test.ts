// Drift on SlashID, whose API never returns a client secret: the fingerprint the gateway recorded when it set
// one has no live counterpart, and that is not drift; a visible field changed outside still is.
import { beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/store/audit.js';
import { getSnapshot } from '../../src/store/snapshots.js';
import { dumpTables } from '../support/harness.js';
import { STORE_KINDS } from '../support/stores.js';
import { vendorGateway } from '../support/vendor-gateway.js';
import { API_KEY, GOOGLE_ID, SECRETS } from '../slashid/support.js';

const NEW_SECRET = 'DRIFT-SLASHID-SECRET-heron-7731';

const DRIFT = `query { drift(connectionId: "sid") { drifted providers { key kind changes { path before after secret }
  provider { ... on ManagedIdentityProvider { hasClientSecret } ... on SlashIdOidcCredential { label } } } } }`;

describe.each(STORE_KINDS)('drift with a secret the vendor never returns, on $name', (kind) => {
  const h = vendorGateway('slashid', { kind, connection: { minRefreshIntervalSeconds: 0 } });

  beforeAll(async () => {
    await h.gql('{ identityProviders(refresh: true) { totalCount } }');
  });

  const driftRows = async () =>
    (await listAuditEvents(h.store.db, { connectionId: 'sid', limit: 100 })).filter((row) => row.kind === 'DRIFT_DETECTED');

  it('a secret set through the gateway, absent from the live list, is not drift', async () => {
    const res = await h.gql(
      `mutation($input: UpdateSlashIdOidcCredentialInput!) { updateSlashIdOidcCredential(input: $input) { __typename
        ... on UpdateSlashIdOidcCredentialPayload { provider { ... on ManagedIdentityProvider { hasClientSecret } } } } }`,
      { input: { id: h.globalId(GOOGLE_ID), clientSecret: NEW_SECRET } },
    );
    expect(res.data.updateSlashIdOidcCredential).toEqual({
      __typename: 'UpdateSlashIdOidcCredentialPayload',
      provider: { hasClientSecret: true },
    });
    expect((await getSnapshot(h.store.db, 'sid', GOOGLE_ID))!.provider.secretFingerprints.clientSecret).toMatch(/^hmac-sha256:/);

    const report = await h.gql(DRIFT);
    expect(report.data.drift).toEqual({ drifted: false, providers: [] });
    await h.gql('{ identityProviders(refresh: true) { totalCount } }');
    expect(await driftRows()).toEqual([]);
    // The refresh keeps the fingerprint the gateway knows.
    expect((await getSnapshot(h.store.db, 'sid', GOOGLE_ID))!.provider.secretFingerprints.clientSecret).toMatch(/^hmac-sha256:/);
  });

  it('a visible field changed outside is drift, and the known secret is neither drift nor forgotten', async () => {
    h.emulator.credential(GOOGLE_ID)!.label = 'Renamed outside';
    const report = (await h.gql(DRIFT)).data.drift;
    const changes = [
      { path: 'details.label', before: 'Google staff', after: 'Renamed outside', secret: false },
      { path: 'displayName', before: 'Google staff', after: 'Renamed outside', secret: false },
    ];
    expect(report.providers).toEqual([
      { key: GOOGLE_ID, kind: 'CHANGED', changes, provider: { hasClientSecret: true, label: 'Renamed outside' } },
    ]);
    await h.gql('{ identityProviders(refresh: true) { totalCount } }');
    const rows = await driftRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.changes).toEqual(changes);
    const everything = [...h.responses, ...h.logLines, await dumpTables(h.store)].join('\n');
    for (const secret of [NEW_SECRET, API_KEY, ...Object.values(SECRETS)]) expect(everything).not.toContain(secret);
  });
});
