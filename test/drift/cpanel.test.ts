// Drift on cPanel: changes made at the vendor outside the gateway (the emulator's state changed directly),
// seen by the drift query and recorded as DRIFT_DETECTED audit events by a refresh. Real HTTP, real store.
import { beforeEach, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/store/audit.js';
import { getSnapshot } from '../../src/store/snapshots.js';
import { dumpTables } from '../support/harness.js';
import { STORE_KINDS } from '../support/stores.js';
import { vendorGateway } from '../support/vendor-gateway.js';

const TOKEN = 'WHMTOKEN-drift-distinctive-5c1e';
const ROTATED = 'cpanelid-rotated-outside-SECRET-8d4f2a';
const SLACK_OUTSIDE_SECRET = 'slack-outside-SECRET-b71c09';

const DRIFT = `query($c: String!) { drift(connectionId: $c) { connectionId vendor checkedAt lastSyncedAt drifted
  providers { key kind changes { path before after secret }
    provider { __typename ... on ManagedIdentityProvider { key clientId hasClientSecret version stale } ... on CpanelIdentityProvider { enabledServices } } } } }`;

describe.each(STORE_KINDS)('drift on cPanel on $name', (kind) => {
  // Every refresh: true below reads WHM again (no floor between them).
  const h = vendorGateway('cpanel', { kind, secret: TOKEN, connection: { minRefreshIntervalSeconds: 0 } });
  beforeEach(() => h.emulator.clearRequests());

  const drift = async () => {
    const res = await h.gql(DRIFT, { c: 'whm' });
    expect(res.errors).toBeUndefined();
    return res.data.drift;
  };
  const driftRows = async () =>
    (await listAuditEvents(h.store.db, { connectionId: 'whm', limit: 100 })).filter((row) => row.kind === 'DRIFT_DETECTED');

  it('has nothing to compare before the first read, and does not call the vendor', async () => {
    const report = await drift();
    expect(report).toMatchObject({ connectionId: 'whm', vendor: 'CPANEL', lastSyncedAt: null, drifted: false, providers: [] });
    expect(h.emulator.requests).toHaveLength(0);
  });

  it('finds no drift right after a sync, and the first sync records none', async () => {
    const list = await h.gql('{ identityProviders(refresh: true) { totalCount } }');
    expect(list.data.identityProviders.totalCount).toBe(4);
    const report = await drift();
    expect(report).toMatchObject({ drifted: false, providers: [] });
    expect(report.lastSyncedAt).not.toBeNull();
    expect(Date.parse(report.checkedAt)).toBeGreaterThanOrEqual(Date.parse(report.lastSyncedAt));
    expect(h.emulator.requests.some((r) => r.path === '/json-api/get_available_authentication_providers')).toBe(true);
    expect(await driftRows()).toEqual([]);
  });

  it('shows a field changed outside as CHANGED with before and after, and leaves the snapshot alone', async () => {
    h.emulator.module('google')!.enabled.add('webmaild');
    const report = await drift();
    expect(report.drifted).toBe(true);
    expect(report.providers).toEqual([
      {
        key: 'google',
        kind: 'CHANGED',
        changes: [
          { path: 'details.enabledServices', before: ['cpaneld', 'whostmgrd'], after: ['cpaneld', 'webmaild', 'whostmgrd'], secret: false },
        ],
        provider: expect.objectContaining({
          __typename: 'CpanelIdentityProvider',
          key: 'google',
          enabledServices: ['CPANELD', 'WEBMAILD', 'WHOSTMGRD'],
          stale: false,
        }),
      },
    ]);
    // The query only reports: the snapshot still holds the last known state, and asking again says the same.
    expect((await getSnapshot(h.store.db, 'whm', 'google'))!.provider.details.enabledServices).toEqual(['cpaneld', 'whostmgrd']);
    expect((await drift()).providers.map((p: any) => p.key)).toEqual(['google']);
    expect(await driftRows()).toEqual([]);
  });

  it('shows a client configuration replaced outside: the client id by value, the secret only as changed', async () => {
    h.emulator.module('slack')!.clientConfig = { client_id: 'slack-set-outside', client_secret: SLACK_OUTSIDE_SECRET };
    const slack = (await drift()).providers.find((p: any) => p.key === 'slack');
    expect(slack.kind).toBe('CHANGED');
    // Each change once: the client id is not named again as its configuration field's value.
    expect(slack.changes).toEqual([
      { path: 'clientId', before: '000000000.sandbox', after: 'slack-set-outside', secret: false },
      { path: 'clientSecret', before: null, after: null, secret: true },
    ]);
    expect(slack.provider).toMatchObject({ clientId: 'slack-set-outside', hasClientSecret: true });
  });

  it('shows a secret rotated outside as a secret change without values', async () => {
    h.emulator.module('cpanelid')!.clientConfig!.client_secret = ROTATED;
    const report = await drift();
    expect(report.providers.map((p: any) => p.key)).toEqual(['cpanelid', 'google', 'slack']);
    const cpanelid = report.providers[0];
    expect(cpanelid).toMatchObject({ kind: 'CHANGED', changes: [{ path: 'clientSecret', before: null, after: null, secret: true }] });
    expect(cpanelid.provider.version).not.toBe((await getSnapshot(h.store.db, 'whm', 'cpanelid'))!.version);
  });

  it('a refresh records each drifted provider as a DRIFT_DETECTED audit event, once, and takes the live state', async () => {
    const before = await drift();
    const feed = h.services.auditFeed.subscribe({ filter: (row) => row.kind === 'DRIFT_DETECTED' });
    await h.gql('{ identityProviders(refresh: true) { totalCount } }');
    const rows = await driftRows();
    expect(rows.map((row) => row.providerKey).sort()).toEqual(['cpanelid', 'google', 'slack']);
    // Published to the live feed (auditEventAdded) once committed.
    const published: string[] = [];
    for (let i = 0; i < 3; i++) {
      const next = await Promise.race([feed.next(), new Promise<null>((resolve) => setTimeout(() => resolve(null), 2_000))]);
      if (next && !next.done) published.push(next.value.providerKey!);
    }
    await feed.return?.();
    expect(published.sort()).toEqual(['cpanelid', 'google', 'slack']);
    for (const row of rows) {
      expect(row).toMatchObject({
        kind: 'DRIFT_DETECTED',
        status: 'SUCCEEDED',
        actor: 'drift-detector',
        operation: 'driftDetected',
        connectionId: 'whm',
        vendor: 'cpanel',
        input: { drift: 'CHANGED' },
      });
      expect(row.finishedAt).not.toBeNull();
      expect(row.changes).toEqual(before.providers.find((p: any) => p.key === row.providerKey).changes);
    }
    const google = rows.find((row) => row.providerKey === 'google')!;
    expect((google.before as any).details.enabledServices).toEqual(['cpaneld', 'whostmgrd']);
    expect((google.after as any).details.enabledServices).toEqual(['cpaneld', 'webmaild', 'whostmgrd']);
    const cpanelid = rows.find((row) => row.providerKey === 'cpanelid')!;
    expect((cpanelid.before as any).secretFingerprints.clientSecret).not.toBe((cpanelid.after as any).secretFingerprints.clientSecret);

    // The live state is the new baseline: no drift now, and another refresh records nothing more.
    expect(await drift()).toMatchObject({ drifted: false, providers: [] });
    await h.gql('{ identityProviders(refresh: true) { totalCount } }');
    expect(await driftRows()).toHaveLength(3);

    // The audit trail shows them like any event.
    const events = await h.gql(
      `{ auditEvents(connectionId: "whm", providerKey: "google", first: 5) { edges { node { actor operation status changes { path before after secret } } } } }`,
    );
    expect(events.data.auditEvents.edges[0].node).toEqual({
      actor: 'drift-detector',
      operation: 'driftDetected',
      status: 'SUCCEEDED',
      changes: [
        { path: 'details.enabledServices', before: ['cpaneld', 'whostmgrd'], after: ['cpaneld', 'webmaild', 'whostmgrd'], secret: false },
      ],
    });
  });

  it('a mutation through the gateway is not drift', async () => {
    const res = await h.gql(
      `mutation($id: ID!) { setCpanelProviderEnabled(input: { id: $id, service: WEBMAILD, enabled: false }) { __typename } }`,
      { id: h.globalId('google') },
    );
    expect(res.data.setCpanelProviderEnabled.__typename).toBe('SetCpanelProviderEnabledPayload');
    expect(h.emulator.module('google')!.enabled.has('webmaild')).toBe(false);
    expect(await drift()).toMatchObject({ drifted: false, providers: [] });
    await h.gql('{ identityProviders(refresh: true) { totalCount } }');
    expect(await driftRows()).toHaveLength(3);
  });

  it('a vendor that cannot be read gives a typed error, and an unknown connection NOT_FOUND', async () => {
    h.emulator.failNext('get_available_authentication_providers', 'The server is under maintenance.');
    const failed = await h.gql(DRIFT, { c: 'whm' });
    expect(failed.data).toEqual({ drift: null });
    expect(failed.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/under maintenance/),
        extensions: expect.objectContaining({ code: 'VENDOR_ERROR', vendorCode: 'API_FAILURE' }),
      }),
    ]);
    const unknown = await h.gql(DRIFT, { c: 'nope' });
    expect(unknown.errors?.[0]).toMatchObject({ message: 'No connection "nope" is configured.', extensions: { code: 'NOT_FOUND' } });
  });

  it('never lets a secret reach a response, a table or a log line', async () => {
    const everything = [...h.responses, ...h.logLines, await dumpTables(h.store)].join('\n');
    for (const secret of [
      TOKEN,
      ROTATED,
      SLACK_OUTSIDE_SECRET,
      'sandbox-google-secret',
      'sandbox-cpanelid-secret',
      'sandbox-slack-secret',
    ]) {
      expect(everything).not.toContain(secret);
    }
  });
});
