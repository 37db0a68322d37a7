// Each role against each kind of operation: read, mutate (also in a batch), revert, audit read, configuration
// health and drift. viewer reads; operator also mutates; admin also reverts, reads every audit event and the
// configuration health. The token's name is the audit actor.
import { describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { auditEvents } from '../../src/store/tables.js';
import { whmWrites } from '../cpanel/support.js';
import { STORE_KINDS } from '../support/stores.js';
import { AUDIT, BATCH, cpanelId, DISPLAY, REVERT, servedSecurityGateway } from './support.js';

describe.each(STORE_KINDS)('roles on $name', (kind) => {
  const { g, store } = servedSecurityGateway(kind);

  it('lets every role read, and tells each caller who it is', async () => {
    for (const name of ['viewer', 'operator', 'admin'] as const) {
      const res = await g.as(name)(
        `query($id: ID!) { caller { name role anonymous connectionIds }
        identityProviders(first: 50) { totalCount edges { node { ... on ManagedIdentityProvider { connectionId key } } } }
        identityProvider(id: $id) { ... on ManagedIdentityProvider { key } } }`,
        { id: cpanelId('whm', 'google') },
      );
      expect(res.errors, name).toBeUndefined();
      expect(res.data.caller).toEqual({ name, role: name.toUpperCase(), anonymous: false, connectionIds: ['whm', 'whm2'] });
      expect(res.data.identityProviders.totalCount).toBe(8);
      expect(res.data.identityProvider).toEqual({ key: 'google' });
    }
  });

  it('refuses a viewer every mutation with a typed ForbiddenError, and sends nothing', async () => {
    const rows = async () => (await store.db.select({ n: count() }).from(auditEvents))[0]!.n;
    const before = await rows();
    const display = await g.as('viewer')(DISPLAY, { input: { id: cpanelId('whm', 'google'), service: 'CPANELD', color: '112233' } });
    expect(display.errors).toBeUndefined();
    expect(display.data.setCpanelDisplayConfiguration).toMatchObject({ __typename: 'ForbiddenError', requiredRole: 'OPERATOR' });
    expect(display.data.setCpanelDisplayConfiguration.message).toMatch(/needs the operator role; "viewer" is viewer/);

    const dryRun = await g.as('viewer')(DISPLAY, {
      input: { id: cpanelId('whm', 'google'), service: 'CPANELD', color: '112233', dryRun: true },
    });
    expect(dryRun.data.setCpanelDisplayConfiguration.__typename).toBe('ForbiddenError');

    const batch = await g.as('viewer')(BATCH, {
      input: {
        mode: 'BEST_EFFORT',
        changes: [
          { operation: 'setCpanelDisplayConfiguration', input: { id: cpanelId('whm', 'google'), service: 'CPANELD', color: '112233' } },
        ],
      },
    });
    expect(batch.data.applyIdentityProviderChanges).toMatchObject({ __typename: 'ForbiddenError', requiredRole: 'OPERATOR' });

    expect(whmWrites(g.whm)).toHaveLength(0);
    // A refusal by role reaches neither the pipeline nor the audit trail.
    expect(await rows()).toBe(before);
  });

  it('lets an operator change providers (directly and in a batch), audited under its token name', async () => {
    const res = await g.as('operator')(DISPLAY, { input: { id: cpanelId('whm', 'google'), service: 'CPANELD', color: '0000aa' } });
    expect(res.data.setCpanelDisplayConfiguration).toMatchObject({
      __typename: 'SetCpanelDisplayConfigurationPayload',
      dryRun: false,
      auditEvent: { status: 'SUCCEEDED', actor: 'operator', connectionId: 'whm' },
    });
    const batch = await g.as('operator')(BATCH, {
      input: {
        mode: 'BEST_EFFORT',
        changes: [
          { operation: 'setCpanelDisplayConfiguration', input: { id: cpanelId('whm2', 'slack'), service: 'WEBMAILD', color: '00aa00' } },
        ],
      },
    });
    expect(batch.data.applyIdentityProviderChanges).toMatchObject({
      __typename: 'ApplyIdentityProviderChangesPayload',
      succeeded: true,
      results: [{ status: 'APPLIED' }],
    });
    expect(whmWrites(g.whm)).toHaveLength(1);
    expect(whmWrites(g.whm2)).toHaveLength(1);
  });

  it('lets only an admin revert: an operator gets ForbiddenError, even for its own change', async () => {
    const change = await g.as('operator')(DISPLAY, { input: { id: cpanelId('whm', 'slack'), service: 'CPANELD', color: 'abcdef' } });
    const auditEventId = change.data.setCpanelDisplayConfiguration.auditEvent.id;
    const writes = whmWrites(g.whm).length;

    for (const name of ['viewer', 'operator'] as const) {
      const refused = await g.as(name)(REVERT, { input: { auditEventId } });
      expect(refused.data.revertAuditEvent, name).toMatchObject({ __typename: 'ForbiddenError', requiredRole: 'ADMIN' });
    }
    expect(whmWrites(g.whm)).toHaveLength(writes);

    const reverted = await g.as('admin')(REVERT, { input: { auditEventId } });
    expect(reverted.data.revertAuditEvent).toMatchObject({
      __typename: 'RevertAuditEventPayload',
      revertOf: auditEventId,
      auditEvent: { status: 'SUCCEEDED', actor: 'admin' },
    });
    expect(whmWrites(g.whm)).toHaveLength(writes + 1);
  });

  it('shows a viewer or operator only its own audit events, and an admin every one', async () => {
    const actors = async (name: 'viewer' | 'operator' | 'admin', variables: Record<string, unknown> = {}) => {
      const res = await g.as(name)(AUDIT, variables);
      expect(res.errors).toBeUndefined();
      return [...new Set(res.data.auditEvents.edges.map((e: any) => e.node.actor))].sort();
    };
    expect(await actors('viewer')).toEqual([]);
    expect(await actors('operator')).toEqual(['operator']);
    expect(await actors('operator', { actor: 'admin' })).toEqual([]);
    expect(await actors('admin')).toEqual(['admin', 'operator']);
    expect(await actors('admin', { actor: 'operator' })).toEqual(['operator']);
  });

  it('shows configuration health only to an admin: other roles get null and a FORBIDDEN error', async () => {
    const query = '{ connections { id vendor health { status lastSyncedAt } } }';
    for (const name of ['viewer', 'operator'] as const) {
      const res = await g.as(name)(query);
      expect(res.data.connections.map((c: any) => [c.id, c.health])).toEqual([
        ['whm', null],
        ['whm2', null],
      ]);
      expect(res.errors!.map((e) => [e.extensions?.code, (e as any).path.join('.')])).toEqual([
        ['FORBIDDEN', 'connections.0.health'],
        ['FORBIDDEN', 'connections.1.health'],
      ]);
      expect(res.errors![0]!.message).toMatch(/Connection\.health needs the admin role/);
    }
    const admin = await g.as('admin')(query);
    expect(admin.errors).toBeUndefined();
    expect(admin.data.connections.map((c: any) => c.health.status)).toEqual(['OK', 'OK']);
  });

  it('lets only an admin check drift', async () => {
    const query = '{ drift(connectionId: "whm") { connectionId drifted } }';
    for (const name of ['viewer', 'operator'] as const) {
      const res = await g.as(name)(query);
      expect(res.data?.drift ?? null, name).toBeNull();
      expect(res.errors![0]!.extensions?.code).toBe('FORBIDDEN');
    }
    const admin = await g.as('admin')(query);
    expect(admin.errors).toBeUndefined();
    expect(admin.data.drift).toEqual({ connectionId: 'whm', drifted: false });
  });
});
