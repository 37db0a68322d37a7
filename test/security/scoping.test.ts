// A token limited to some connections sees and changes nothing else, and cannot tell that anything else
// exists: lists leave it out, a node id of another connection reads as not found, a mutation on it is the
// NotFoundError of a connection that is not configured, and the audit trail (query, JSON Lines export, SSE
// subscription) holds only its connections.
import { beforeAll, describe, expect, it } from 'vitest';
import { SseReader } from '../support/sse.js';
import { waitFor, withTimeout } from '../support/wait.js';
import { whmWrites } from '../cpanel/support.js';
import { STORE_KINDS } from '../support/stores.js';
import { AUDIT, BATCH, cpanelId, DISPLAY, REVERT, servedSecurityGateway } from './support.js';

describe.each(STORE_KINDS)('connection scoping on $name', (kind) => {
  const { g, server } = servedSecurityGateway(kind);
  /** Audit event ids of one change on each connection. */
  const changed: Record<'whm' | 'whm2', string> = { whm: '', whm2: '' };

  beforeAll(async () => {
    for (const connectionId of ['whm', 'whm2'] as const) {
      const res = await g.as('admin')(DISPLAY, { input: { id: cpanelId(connectionId, 'google'), service: 'CPANELD', color: '0a0b0c' } });
      changed[connectionId] = res.data.setCpanelDisplayConfiguration.auditEvent.id;
    }
  });

  it('lists only the connections of the token, and only their providers', async () => {
    const res = await g.as('whm-operator')(`{ caller { connectionIds } connections { id }
      all: identityProviders(first: 50) { totalCount connectionErrors { connectionId } edges { node { ... on ManagedIdentityProvider { connectionId } } } }
      other: identityProviders(first: 50, connectionId: "whm2") { totalCount connectionErrors { connectionId } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.caller.connectionIds).toEqual(['whm']);
    expect(res.data.connections).toEqual([{ id: 'whm' }]);
    expect(res.data.all.totalCount).toBe(4);
    expect(new Set(res.data.all.edges.map((e: any) => e.node.connectionId))).toEqual(new Set(['whm']));
    expect(res.data.other).toEqual({ totalCount: 0, connectionErrors: [] });
  });

  it('reads a node id of another connection as not found, without reading that vendor', async () => {
    const seen = g.whm2.requests.length;
    const res = await g.as('whm-operator')(
      `query($mine: ID!, $other: ID!) {
        other: identityProvider(id: $other) { __typename }
        node(id: $other) { id }
        nodes(ids: [$mine, $other]) { ... on ManagedIdentityProvider { connectionId key } } }`,
      { mine: cpanelId('whm', 'slack'), other: cpanelId('whm2', 'slack') },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ other: null, node: null, nodes: [{ connectionId: 'whm', key: 'slack' }, null] });
    expect(g.whm2.requests.length).toBe(seen);
  });

  it('answers a mutation on another connection exactly as one on a connection that does not exist', async () => {
    const rows = (await g.as('admin')(AUDIT)).data.auditEvents.edges.length;
    const other = await g.as('whm-operator')(DISPLAY, { input: { id: cpanelId('whm2', 'slack'), service: 'CPANELD', color: '123456' } });
    const missing = await g.as('whm-operator')(DISPLAY, {
      input: { id: cpanelId('nowhere', 'slack'), service: 'CPANELD', color: '123456' },
    });
    expect(other.data.setCpanelDisplayConfiguration).toEqual({
      __typename: 'NotFoundError',
      message: 'No connection "whm2" is configured.',
    });
    expect(missing.data.setCpanelDisplayConfiguration).toEqual({
      __typename: 'NotFoundError',
      message: 'No connection "nowhere" is configured.',
    });
    // Also as a dry run, and with a role that may do more: the limit is the token's, whatever its role.
    const admin = await g.as('whm2-admin')(DISPLAY, {
      input: { id: cpanelId('whm', 'slack'), service: 'CPANELD', color: '123456', dryRun: true },
    });
    expect(admin.data.setCpanelDisplayConfiguration).toEqual({
      __typename: 'NotFoundError',
      message: 'No connection "whm" is configured.',
    });
    expect(whmWrites(g.whm2).length + whmWrites(g.whm).length).toBe(2);
    // Like an unknown connection, it leaves no audit row (a row would name the connection).
    expect((await g.as('admin')(AUDIT)).data.auditEvents.edges.length).toBe(rows);
  });

  it('runs a batch item on another connection as NOT_FOUND, and the others as usual', async () => {
    const res = await g.as('whm-operator')(BATCH, {
      input: {
        mode: 'BEST_EFFORT',
        changes: [
          { operation: 'setCpanelDisplayConfiguration', input: { id: cpanelId('whm', 'facebook'), service: 'CPANELD', color: '0f0f0f' } },
          { operation: 'setCpanelDisplayConfiguration', input: { id: cpanelId('whm2', 'facebook'), service: 'CPANELD', color: '0f0f0f' } },
        ],
      },
    });
    expect(res.data.applyIdentityProviderChanges).toEqual({
      __typename: 'ApplyIdentityProviderChangesPayload',
      succeeded: false,
      results: [
        { status: 'APPLIED', error: null },
        { status: 'FAILED', error: { code: 'NOT_FOUND', message: 'No connection "whm2" is configured.' } },
      ],
    });
    expect(whmWrites(g.whm2)).toHaveLength(1);
  });

  it('reverts only events of its connections: another is "no audit event", as an unknown id', async () => {
    const other = await g.as('whm2-admin')(REVERT, { input: { auditEventId: changed.whm, dryRun: true } });
    expect(other.data.revertAuditEvent).toEqual({ __typename: 'NotFoundError', message: `No audit event "${changed.whm}".` });
    const unknown = '00000000-0000-4000-8000-000000000000';
    const missing = await g.as('whm2-admin')(REVERT, { input: { auditEventId: unknown, dryRun: true } });
    expect(missing.data.revertAuditEvent).toEqual({ __typename: 'NotFoundError', message: `No audit event "${unknown}".` });
    const own = await g.as('whm2-admin')(REVERT, { input: { auditEventId: changed.whm2, dryRun: true } });
    expect(own.data.revertAuditEvent).toMatchObject({ __typename: 'RevertAuditEventPayload', dryRun: true, revertOf: changed.whm2 });
  });

  it('checks drift only on its connections', async () => {
    const other = await g.as('whm2-admin')('{ drift(connectionId: "whm") { drifted } }');
    const missing = await g.as('whm2-admin')('{ drift(connectionId: "nowhere") { drifted } }');
    expect(other.errors!.map((e) => [e.extensions?.code, e.message])).toEqual([['NOT_FOUND', 'No connection "whm" is configured.']]);
    expect(missing.errors!.map((e) => [e.extensions?.code, e.message])).toEqual([['NOT_FOUND', 'No connection "nowhere" is configured.']]);
    expect((await g.as('whm2-admin')('{ drift(connectionId: "whm2") { drifted } }')).errors).toBeUndefined();
  });

  it('shows an admin limited to a connection every event of that connection, and none of the others', async () => {
    const all = await g.as('whm2-admin')(AUDIT);
    const events = all.data.auditEvents.edges.map((e: any) => e.node);
    expect(events.length).toBeGreaterThan(0);
    expect(new Set(events.map((e: any) => e.connectionId))).toEqual(new Set(['whm2']));
    expect(events.map((e: any) => e.id)).toContain(changed.whm2);
    expect(new Set(events.map((e: any) => e.actor))).toEqual(new Set(['admin', 'whm2-admin']));
    expect((await g.as('whm2-admin')(AUDIT, { connectionId: 'whm' })).data.auditEvents.edges).toEqual([]);
  });

  it('exports only what the token may read as JSON Lines, and nothing without a token', async () => {
    const lines = async (token: string | null) => {
      const res = await fetch(`${server.url}/audit.jsonl`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      return {
        status: res.status,
        rows: (await res.text())
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line)),
      };
    };
    const scopedAdmin = await lines(g.tokens['whm2-admin']);
    expect(scopedAdmin.status).toBe(200);
    expect(scopedAdmin.rows.length).toBeGreaterThan(0);
    expect(new Set(scopedAdmin.rows.map((r) => r.connectionId))).toEqual(new Set(['whm2']));

    const operator = await lines(g.tokens['whm-operator']);
    expect(operator.rows.length).toBeGreaterThan(0);
    expect(new Set(operator.rows.map((r) => `${r.actor}@${r.connectionId}`))).toEqual(new Set(['whm-operator@whm']));

    expect((await lines(g.tokens.viewer)).rows).toEqual([]);
    const admin = await lines(g.tokens.admin);
    expect(new Set(admin.rows.map((r) => r.connectionId))).toEqual(new Set(['whm', 'whm2']));
    expect((await lines(null)).status).toBe(401);
    expect((await lines('not-a-token')).status).toBe(401);
  });

  it('streams over SSE only the events the token may read', async () => {
    const controller = new AbortController();
    const before = g.h.services.auditFeed.subscriberCount;
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${g.tokens['whm-operator']}` },
      body: JSON.stringify({ query: 'subscription { auditEventAdded { id actor connectionId status } }' }),
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    const sse = new SseReader(res.body!.getReader());
    await waitFor(() => g.h.services.auditFeed.subscriberCount > before, 5_000, 'the subscription to reach the feed');

    // Another actor on its connection, then anyone on the other connection, then its own change.
    await g.as('admin')(DISPLAY, { input: { id: cpanelId('whm', 'slack'), service: 'WEBMAILD', color: '010101' } });
    await g.as('admin')(DISPLAY, { input: { id: cpanelId('whm2', 'slack'), service: 'WEBMAILD', color: '010101' } });
    const own = await g.as('whm-operator')(DISPLAY, { input: { id: cpanelId('whm', 'slack'), service: 'WEBMAILD', color: '020202' } });
    const id = own.data.setCpanelDisplayConfiguration.auditEvent.id;

    const next = async () => (await withTimeout(sse.next(), 5_000, 'an SSE event'))!.data.data.auditEventAdded;
    expect(await next()).toMatchObject({ id, actor: 'whm-operator', connectionId: 'whm', status: 'PENDING' });
    expect(await next()).toMatchObject({ id, status: 'SUCCEEDED' });
    controller.abort();
  });

  it('refuses a subscription without a valid token (401)', async () => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { auditEventAdded { id } }' }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
  });
});
