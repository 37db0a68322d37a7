// Drift on 2sms: providers created and deleted outside the gateway (the emulator's state changed directly)
// are CREATED / DELETED in the drift query and DRIFT_DETECTED audit events after a refresh; providers created
// and deleted through the gateway are not drift. Real HTTP, real store.
import { beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/store/audit.js';
import { getSnapshot } from '../../src/store/snapshots.js';
import { FABRIKAM_CERT } from '../../src/vendors/twosms/emulator/sample-data.js';
import { STORE_KINDS } from '../support/stores.js';
import { vendorGateway } from '../support/vendor-gateway.js';
import { CONTOSO_ID, FABRIKAM_ID } from '../twosms/support.js';

const DRIFT = `query($c: String!) { drift(connectionId: $c) { drifted lastSyncedAt
  providers { key kind changes { path before after secret }
    provider { __typename ... on ManagedIdentityProvider { key displayName syncedAt } ... on TwoSmsIdentityProvider { domain } } } } }`;

describe.each(STORE_KINDS)('drift: providers created and deleted outside, on $name', (kind) => {
  const h = vendorGateway('twosms', { kind, connection: { minRefreshIntervalSeconds: 0 } });
  let outsideId: string;

  beforeAll(async () => {
    await h.gql('{ identityProviders(refresh: true) { totalCount } }');
  });

  const drift = async () => {
    const res = await h.gql(DRIFT, { c: 'sms' });
    expect(res.errors).toBeUndefined();
    return res.data.drift;
  };
  const driftRows = async () =>
    (await listAuditEvents(h.store.db, { connectionId: 'sms', limit: 100 })).filter((row) => row.kind === 'DRIFT_DETECTED');

  it('reports a provider created outside as CREATED and one deleted outside as DELETED (with its last known state)', async () => {
    expect(await drift()).toMatchObject({ drifted: false, providers: [] });
    const lastKnown = (await getSnapshot(h.store.db, 'sms', CONTOSO_ID))!;
    outsideId = h.emulator.state.create({
      Name: 'Tailwind SSO',
      Provider: 'tailwind.example',
      LoginUrl: 'https://login.tailwind.example/sso',
      LogoutUrl: 'https://login.tailwind.example/slo',
      Certificate: FABRIKAM_CERT,
    }).ID;
    expect(h.emulator.state.remove(CONTOSO_ID)).toBe(true);

    const report = await drift();
    expect(report.providers.map((p: any) => [p.key, p.kind]).sort()).toEqual(
      [
        [CONTOSO_ID, 'DELETED'],
        [outsideId, 'CREATED'],
      ].sort(),
    );
    const created = report.providers.find((p: any) => p.kind === 'CREATED');
    expect(created.provider).toMatchObject({
      __typename: 'TwoSmsIdentityProvider',
      key: outsideId,
      displayName: 'Tailwind SSO',
      domain: 'tailwind.example',
    });
    expect(created.changes).toContainEqual({ path: 'displayName', before: null, after: 'Tailwind SSO', secret: false });
    expect(created.changes).toContainEqual({ path: 'details.domain', before: null, after: 'tailwind.example', secret: false });
    expect(created.changes.every((c: any) => c.before === null)).toBe(true);
    const deleted = report.providers.find((p: any) => p.kind === 'DELETED');
    expect(deleted.provider).toMatchObject({
      key: CONTOSO_ID,
      displayName: 'Contoso Research ADFS',
      syncedAt: lastKnown.fetchedAt.toISOString(),
    });
    expect(deleted.changes).toContainEqual({ path: 'displayName', before: 'Contoso Research ADFS', after: null, secret: false });
    expect(deleted.changes.every((c: any) => c.after === null)).toBe(true);

    // Reported only: the snapshots still hold what the gateway last saw.
    expect(await getSnapshot(h.store.db, 'sms', CONTOSO_ID)).not.toBeNull();
    expect(await getSnapshot(h.store.db, 'sms', outsideId)).toBeNull();
  });

  it('a refresh records them as DRIFT_DETECTED events and updates the snapshots', async () => {
    await h.gql('{ identityProviders(refresh: true) { totalCount } }');
    const rows = await driftRows();
    expect(rows).toHaveLength(2);
    const created = rows.find((row) => row.providerKey === outsideId)!;
    expect(created).toMatchObject({
      status: 'SUCCEEDED',
      actor: 'drift-detector',
      operation: 'driftDetected',
      input: { drift: 'CREATED' },
      before: null,
    });
    expect(created.after).toMatchObject({ key: outsideId, displayName: 'Tailwind SSO' });
    const deleted = rows.find((row) => row.providerKey === CONTOSO_ID)!;
    expect(deleted).toMatchObject({ status: 'SUCCEEDED', input: { drift: 'DELETED' }, after: null });
    expect(deleted.before).toMatchObject({ key: CONTOSO_ID, displayName: 'Contoso Research ADFS' });
    expect(await getSnapshot(h.store.db, 'sms', CONTOSO_ID)).toBeNull();
    expect(await getSnapshot(h.store.db, 'sms', outsideId)).not.toBeNull();
    expect(await drift()).toMatchObject({ drifted: false, providers: [] });
  });

  it('providers created and deleted through the gateway are not drift', async () => {
    const created = await h.gql(
      `mutation($input: CreateTwoSmsIdentityProviderInput!) { createTwoSmsIdentityProvider(input: $input) { __typename ... on CreateTwoSmsIdentityProviderPayload { provider { ... on ManagedIdentityProvider { key } } } } }`,
      {
        input: {
          connectionId: 'sms',
          name: 'Litware SSO',
          provider: 'https://litware.example',
          loginUrl: 'https://login.litware.example/sso',
          logoutUrl: 'https://login.litware.example/slo',
        },
      },
    );
    expect(created.data.createTwoSmsIdentityProvider.__typename).toBe('CreateTwoSmsIdentityProviderPayload');
    const deleted = await h.gql(`mutation($id: ID!) { deleteTwoSmsIdentityProvider(input: { id: $id }) { __typename } }`, {
      id: h.globalId(FABRIKAM_ID),
    });
    expect(deleted.data.deleteTwoSmsIdentityProvider.__typename).toBe('DeleteTwoSmsIdentityProviderPayload');

    expect(await drift()).toMatchObject({ drifted: false, providers: [] });
    await h.gql('{ identityProviders(refresh: true) { totalCount } }');
    expect(await driftRows()).toHaveLength(2);
  });
});
