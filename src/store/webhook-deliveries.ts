// The webhook deliveries' queries (tables.ts webhookDeliveries: one row per event and endpoint, made by
// outbox.ts fanOutEvents): due deliveries claimed so that no two senders (instances) send the same attempt, each
// attempt's outcome recorded, deliveries listed and sent again. Due-ness is judged by the database's clock, the
// one clock every instance shares.
import { and, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { EventType } from '../model/event-types.js';
import type { Db } from './db.js';
import type { AuditRow, OutboxEventRow } from './outbox.js';
import { auditEvents, type DeliveryStatus, outboxEvents, webhookDeliveries } from './tables.js';

export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

/** A claimed delivery with what its body is made of. */
export interface ClaimedDelivery {
  delivery: WebhookDeliveryRow;
  event: OutboxEventRow;
  /** The audit row the event tells of, if any. */
  audit: AuditRow | null;
  /** Whether the retry window still lets another attempt follow this one. */
  windowEndsAt: Date;
}

/**
 * Claims up to `limit` due deliveries in one statement: each one's next attempt is moved `leaseMs` ahead (so no
 * other sender takes it while this attempt runs; a sender that dies leaves it due again then) and its attempt
 * counted. Rows another sender is claiming are skipped.
 */
export async function claimDueDeliveries(db: Db, limit: number, leaseMs: number, retryWindowSeconds: number): Promise<ClaimedDelivery[]> {
  const due = db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.status, 'PENDING'), sql`${webhookDeliveries.nextAttemptAt} <= now()`))
    .orderBy(webhookDeliveries.nextAttemptAt)
    .limit(limit)
    .for('update', { skipLocked: true });
  const claimed = await db
    .update(webhookDeliveries)
    .set({
      nextAttemptAt: sql`now() + ${leaseMs} * interval '1 millisecond'`,
      attempts: sql`${webhookDeliveries.attempts} + 1`,
      lastAttemptAt: sql`now()`,
    })
    .where(inArray(webhookDeliveries.id, due))
    .returning();
  if (claimed.length === 0) return [];
  const events = await db
    .select({ event: outboxEvents, audit: auditEvents })
    .from(outboxEvents)
    .leftJoin(auditEvents, eq(auditEvents.id, outboxEvents.auditEventId))
    .where(
      inArray(
        outboxEvents.id,
        claimed.map((row) => row.eventId),
      ),
    );
  const byId = new Map(events.map((row) => [row.event.id, row]));
  return claimed.flatMap((delivery) => {
    const found = byId.get(delivery.eventId);
    if (!found) return [];
    const windowEndsAt = new Date(delivery.createdAt.getTime() + retryWindowSeconds * 1000);
    return [{ delivery, event: found.event, audit: found.audit, windowEndsAt }];
  });
}

/** A 2xx came back. */
export async function markDelivered(db: Db, id: string, statusCode: number): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({ status: 'DELIVERED', deliveredAt: sql`now()`, lastStatusCode: statusCode, lastError: null })
    .where(eq(webhookDeliveries.id, id));
}

/** An attempt that failed: tried again after `retryInMs`, or given up (FAILED) when `retryInMs` is null. */
export async function markAttemptFailed(
  db: Db,
  id: string,
  outcome: { statusCode: number | null; error: string; retryInMs: number | null },
): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({
      status: outcome.retryInMs === null ? 'FAILED' : 'PENDING',
      nextAttemptAt: outcome.retryInMs === null ? sql`now()` : sql`now() + ${outcome.retryInMs} * interval '1 millisecond'`,
      lastStatusCode: outcome.statusCode,
      lastError: outcome.error.slice(0, 500),
    })
    .where(eq(webhookDeliveries.id, id));
}

/** A delivery due again now, whatever its status (redeliverWebhook); null when there is none with this id. */
export async function redeliver(db: Db, id: string): Promise<WebhookDeliveryRow | null> {
  const [row] = await db
    .update(webhookDeliveries)
    .set({ status: 'PENDING', nextAttemptAt: sql`now()`, deliveredAt: null })
    .where(eq(webhookDeliveries.id, id))
    .returning();
  return row ?? null;
}

export interface DeliveryPageQuery {
  endpoint?: string;
  status?: DeliveryStatus;
  limit: number;
  /** Keyset: the deliveries after this one (by id) in the order newest first. */
  after?: string;
}

/** Deliveries newest first, with their event's type. */
export async function listDeliveries(db: Db, query: DeliveryPageQuery): Promise<Array<WebhookDeliveryRow & { eventType: EventType }>> {
  const conditions: SQL[] = [];
  if (query.endpoint !== undefined) conditions.push(eq(webhookDeliveries.endpoint, query.endpoint));
  if (query.status !== undefined) conditions.push(eq(webhookDeliveries.status, query.status));
  // The cursor's own row gives the position, its time exact to the microsecond as the store holds it.
  if (query.after)
    conditions.push(
      sql`(${webhookDeliveries.createdAt}, ${webhookDeliveries.id}) < (select d.created_at, d.id from ${webhookDeliveries} d where d.id = ${query.after}::uuid)`,
    );
  const rows = await db
    .select({ delivery: webhookDeliveries, eventType: outboxEvents.type })
    .from(webhookDeliveries)
    .innerJoin(outboxEvents, eq(outboxEvents.id, webhookDeliveries.eventId))
    .where(and(...conditions))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(query.limit);
  return rows.map((row) => ({ ...row.delivery, eventType: row.eventType }));
}
