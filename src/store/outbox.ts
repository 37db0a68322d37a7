// The outbox's queries (tables.ts outboxEvents): events written by the gateway (the audit trigger writes the
// others), events made into one delivery per matching endpoint (webhook-deliveries.ts sends them), how far behind
// delivery is, and settled events forgotten. Times are the database's, the one clock every instance shares.
import { and, inArray, isNull, or, sql } from 'drizzle-orm';
import type { EventType } from '../model/event-types.js';
import type { JsonObject } from '../model/provider.js';
import type { Db } from './db.js';
import { type auditEvents, outboxEvents, webhookDeliveries } from './tables.js';

export type OutboxEventRow = typeof outboxEvents.$inferSelect;
export type AuditRow = typeof auditEvents.$inferSelect;

/** An event written by the gateway itself (not by the audit trigger). */
export interface NewOutboxEvent {
  type: EventType;
  connectionId?: string | null;
  providerKey?: string | null;
  data: JsonObject;
  /** Set when the event must be told once whoever writes it (ON CONFLICT DO NOTHING). */
  dedupeKey?: string;
}

/** Writes an event; false when its dedupe key was taken already (told before). */
export async function insertOutboxEvent(db: Db, event: NewOutboxEvent): Promise<boolean> {
  const rows = await db
    .insert(outboxEvents)
    .values({ ...event, dedupeKey: event.dedupeKey ?? null })
    .onConflictDoNothing()
    .returning({ id: outboxEvents.id });
  return rows.length > 0;
}

/** Which endpoints take an event (webhooks' `events` and `connections` filters). */
export type EndpointMatcher = (event: OutboxEventRow) => string[];

/**
 * Makes deliveries of up to `limit` events not yet fanned out, one per matching endpoint, and marks them; events
 * another sender is fanning out are skipped (SKIP LOCKED). The number of events handled.
 */
export async function fanOutEvents(db: Db, endpointsOf: EndpointMatcher, limit = 200): Promise<number> {
  return db.transaction(async (tx) => {
    const events = await tx
      .select()
      .from(outboxEvents)
      .where(isNull(outboxEvents.fannedOutAt))
      .orderBy(outboxEvents.occurredAt)
      .limit(limit)
      .for('update', { skipLocked: true });
    if (events.length === 0) return 0;
    const deliveries = events.flatMap((event) => endpointsOf(event).map((endpoint) => ({ eventId: event.id, endpoint })));
    if (deliveries.length > 0) await tx.insert(webhookDeliveries).values(deliveries).onConflictDoNothing();
    await tx
      .update(outboxEvents)
      .set({ fannedOutAt: sql`now()` })
      .where(
        inArray(
          outboxEvents.id,
          events.map((event) => event.id),
        ),
      );
    return events.length;
  });
}

/** Seconds since the oldest event not yet delivered everywhere it goes occurred (0: none waiting). */
export async function oldestUndeliveredAgeSeconds(db: Db): Promise<number> {
  const [row] = await db
    .select({
      age: sql<number>`coalesce(extract(epoch from now() - min(${outboxEvents.occurredAt})), 0)::float8`,
    })
    .from(outboxEvents)
    .where(
      or(
        isNull(outboxEvents.fannedOutAt),
        sql`exists (select 1 from ${webhookDeliveries} where ${webhookDeliveries.eventId} = ${outboxEvents.id} and ${webhookDeliveries.status} = 'PENDING')`,
      ),
    );
  return Number(row?.age ?? 0);
}

/**
 * Forgets events fanned out more than `olderThanSeconds` ago whose deliveries are all settled (delivered or
 * given up), with those deliveries: the outbox is a queue with a short history, not an archive (the audit trail is).
 * Events with a dedupe key stay: the key is the only record that a notice was told (a few per certificate).
 */
export async function pruneOutbox(db: Db, olderThanSeconds: number): Promise<number> {
  const gone = await db
    .delete(outboxEvents)
    .where(
      and(
        isNull(outboxEvents.dedupeKey),
        sql`${outboxEvents.fannedOutAt} < now() - ${olderThanSeconds} * interval '1 second'`,
        sql`not exists (select 1 from ${webhookDeliveries} where ${webhookDeliveries.eventId} = ${outboxEvents.id} and ${webhookDeliveries.status} = 'PENDING')`,
      ),
    )
    .returning({ id: outboxEvents.id });
  return gone.length;
}
