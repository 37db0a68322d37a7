// The outbox in the store: the database writes the event of every audit row that ends (the deferred trigger of
// drizzle/0005), whatever statement ended it, once per row and type; PENDING, DRY_RUN and REJECTED rows tell
// nothing. Settled events are forgotten after their history; one with a delivery still to send is kept.
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { finishAuditEvent, insertAuditEvent } from '../../src/store/audit.js';
import { fanOutEvents, insertOutboxEvent, pruneOutbox } from '../../src/store/outbox.js';
import { auditEvents, outboxEvents } from '../../src/store/tables.js';
import { storeForSuite } from '../support/suite-store.js';

const row = (status: 'SUCCEEDED' | 'DRY_RUN' | 'REJECTED' | 'UNKNOWN' | 'FAILED', more: Record<string, unknown> = {}) => ({
  actor: 'a',
  operation: 'setCpanelProviderEnabled',
  connectionId: 'whm',
  vendor: 'cpanel',
  providerKey: 'slack',
  status,
  input: {},
  before: { key: 'slack' },
  ...more,
});

describe('the outbox in the store', () => {
  const store = storeForSuite();
  const typesOf = async (auditEventId: string) =>
    (await store.db.select().from(outboxEvents).where(eq(outboxEvents.auditEventId, auditEventId))).map((event) => event.type).sort();

  it('gets the event of each audit row that ends, by type: created, updated, deleted, failed, unknown, drift', async () => {
    const created = await insertAuditEvent(store.db, row('SUCCEEDED', { before: null, after: { key: 'n' } }));
    const updated = await insertAuditEvent(store.db, row('SUCCEEDED', { after: { key: 'slack' } }));
    const deleted = await insertAuditEvent(store.db, row('SUCCEEDED', { after: null }));
    const failed = await insertAuditEvent(store.db, row('FAILED'));
    const drift = await insertAuditEvent(store.db, row('SUCCEEDED', { kind: 'DRIFT_DETECTED', actor: 'drift-detector' }));
    await finishAuditEvent(store.db, drift.id, { status: 'SUCCEEDED', after: { key: 'slack', enabled: false } });
    expect(await typesOf(created.id)).toEqual(['provider.created']);
    expect(await typesOf(updated.id)).toEqual(['provider.updated']);
    expect(await typesOf(deleted.id)).toEqual(['provider.deleted']);
    expect(await typesOf(failed.id)).toEqual(['mutation.failed']);
    // Inserted and finished: told once.
    expect(await typesOf(drift.id)).toEqual(['drift.detected']);
  });

  it('tells nothing of a dry run or a refused change, and both outcomes of an UNKNOWN row reconciled later', async () => {
    const dry = await insertAuditEvent(store.db, row('DRY_RUN'));
    const refused = await insertAuditEvent(store.db, row('REJECTED'));
    expect(await typesOf(dry.id)).toEqual([]);
    expect(await typesOf(refused.id)).toEqual([]);
    const unknown = await insertAuditEvent(store.db, row('UNKNOWN'));
    await store.db
      .update(auditEvents)
      .set({ status: 'SUCCEEDED', after: { key: 'slack' } })
      .where(eq(auditEvents.id, unknown.id));
    expect(await typesOf(unknown.id)).toEqual(['mutation.unknown', 'provider.updated']);
  });

  it('forgets settled events after their history, with their deliveries; keeps one still to deliver, and notices', async () => {
    const old = await insertAuditEvent(store.db, row('FAILED'));
    const waiting = await insertAuditEvent(store.db, row('FAILED'));
    await insertOutboxEvent(store.db, { type: 'certificate.expiring', data: {}, dedupeKey: 'certificate:whm:slack:AB:30' });
    await fanOutEvents(store.db, (event) => (event.auditEventId === waiting.id ? ['ops'] : []));
    await store.db.update(outboxEvents).set({ fannedOutAt: sql`now() - interval '8 days'` });
    await pruneOutbox(store.db, 7 * 86_400);
    expect(await typesOf(old.id)).toEqual([]);
    expect(await typesOf(waiting.id)).toEqual(['mutation.failed']);
    // The notice's key is what keeps it from being told again: kept.
    const notices = await store.db.select().from(outboxEvents).where(eq(outboxEvents.dedupeKey, 'certificate:whm:slack:AB:30'));
    expect(notices).toHaveLength(1);
  });
});
