// The response cache of provider reads (src/response-cache.ts): a repeated read is answered without
// executing, but never across callers, never after a change, and never for anything but provider reads.
import { beforeAll, describe, expect, it } from 'vitest';
import { DISPLAY } from '../automation/support.js';
import { cpanelId } from '../cpanel/support.js';
import { apiToken } from '../support/harness.js';
import { insertCrashedPendingRow, STORE_KINDS } from '../support/stores.js';
import { vendorGateway } from '../support/vendor-gateway.js';

const LIST =
  '{ identityProviders(first: 10) { edges { node { ... on ManagedIdentityProvider { key connectionId } ... on CpanelIdentityProvider { display { service color } } } } } }';

describe.each(STORE_KINDS)('response cache on $name', (kind) => {
  const admin = apiToken('cache-admin', 'admin');
  const scoped = apiToken('cache-scoped', 'admin', ['whm2']);
  let executions = 0;

  const colorOf = (result: any, key: string) =>
    result.data.identityProviders.edges
      .find((e: any) => e.node.key === key && e.node.connectionId === 'whm')
      .node.display.find((d: any) => d.service === 'CPANELD').color;

  const h = vendorGateway('cpanel', {
    kind,
    alsoAs: ['whm2'],
    connection: { cacheTtlSeconds: 3_600, minRefreshIntervalSeconds: 0 },
    tokens: [admin.config, scoped.config],
  });

  beforeAll(async () => {
    // Every execution of a provider list goes through the reader: counting its calls counts executions.
    const read = h.services.reader.read.bind(h.services.reader);
    h.services.reader.read = (...args) => {
      executions++;
      return read(...args);
    };
    await h.gql('{ identityProviders(refresh: true) { totalCount } }', {}, { token: admin.token });
  });

  it('answers a repeated provider list from memory, the same answer', async () => {
    const first = await h.gql(LIST, {}, { token: admin.token });
    const before = executions;
    const again = await h.gql(LIST, {}, { token: admin.token });
    expect(again).toEqual(first);
    expect(executions).toBe(before);
  });

  it("never answers one caller with another's answer", async () => {
    await h.gql(LIST, {}, { token: admin.token });
    const seen = await h.gql(LIST, {}, { token: scoped.token });
    expect(new Set(seen.data.identityProviders.edges.map((e: any) => e.node.connectionId))).toEqual(new Set(['whm2']));
  });

  it('shows a change at once: a read right after a write is not the cached one', async () => {
    expect(colorOf(await h.gql(LIST, {}, { token: admin.token }), 'facebook')).toBe('3b5998');
    const changed = await h.gql(
      DISPLAY,
      { input: { id: cpanelId('facebook'), service: 'CPANELD', color: '445566' } },
      { token: admin.token },
    );
    expect(changed.data.setCpanelDisplayConfiguration.__typename).toBe('SetCpanelDisplayConfigurationPayload');
    expect(colorOf(await h.gql(LIST, {}, { token: admin.token }), 'facebook')).toBe('445566');
  });

  it('never answers `refresh: true` from memory: each one reads the vendor', async () => {
    const REFRESH = '{ identityProviders(refresh: true, connectionId: "whm") { totalCount } }';
    h.emulator.clearRequests();
    await h.gql(REFRESH, {}, { token: admin.token });
    const oneRead = h.emulator.requests.length;
    expect(oneRead).toBeGreaterThan(0);
    await h.gql(REFRESH, {}, { token: admin.token });
    expect(h.emulator.requests.length).toBe(2 * oneRead);
  });

  it('does not cache anything else: the audit trail is read anew each time', async () => {
    const AUDIT = '{ auditEvents(first: 50, connectionId: "whm", providerKey: "not-a-provider") { edges { node { id } } } }';
    expect((await h.gql(AUDIT, {}, { token: admin.token })).data.auditEvents.edges).toEqual([]);
    await insertCrashedPendingRow(h.store.db, { actor: 'x', connectionId: 'whm', providerKey: 'not-a-provider' });
    expect((await h.gql(AUDIT, {}, { token: admin.token })).data.auditEvents.edges).toHaveLength(1);
  });
});
