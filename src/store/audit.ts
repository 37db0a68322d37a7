// The audit trail: one row per mutation attempt, written PENDING before a vendor is called and finished after.
import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { JsonObject, JsonValue } from '../core/adapter.js';
import type { VendorKey } from '../core/vendor-key.js';
import type { Db } from './open.js';
import { auditEvents, type AuditStatus, type StoredFieldChange } from './tables.js';

export type AuditEventRow = typeof auditEvents.$inferSelect;

export interface NewAuditEvent {
  actor: string;
  operation: string;
  connectionId: string;
  vendor: VendorKey;
  providerKey: string | null;
  status: AuditStatus;
  input: JsonObject;
  before?: JsonObject | null;
  startedAt?: Date;
}

export interface AuditOutcome {
  status: AuditStatus;
  providerKey?: string | null;
  after?: JsonObject | null;
  changes?: StoredFieldChange[];
  vendorRequests?: JsonValue[];
  error?: JsonObject | null;
  finishedAt?: Date;
}

export async function insertAuditEvent(db: Db, event: NewAuditEvent): Promise<AuditEventRow> {
  const [row] = await db
    .insert(auditEvents)
    .values({ ...event, before: event.before ?? null })
    .returning();
  return row!;
}

export async function finishAuditEvent(db: Db, id: string, outcome: AuditOutcome): Promise<AuditEventRow> {
  const [current] = await db.select({ startedAt: auditEvents.startedAt }).from(auditEvents).where(eq(auditEvents.id, id));
  const finishedAt = outcome.finishedAt ?? new Date();
  const [row] = await db
    .update(auditEvents)
    .set({
      ...outcome,
      finishedAt,
      durationMs: current ? Math.max(0, finishedAt.getTime() - current.startedAt.getTime()) : null,
    })
    .where(eq(auditEvents.id, id))
    .returning();
  return row!;
}

export interface AuditPageOptions {
  connectionIds?: string[];
  connectionId?: string;
  providerKey?: string;
  limit: number;
  /** Keyset cursor: rows strictly older than this (startedAt, id). */
  before?: { startedAt: Date; id: string };
}

/** Newest first, keyset-paged on (started_at, id). */
export async function listAuditEvents(db: Db, options: AuditPageOptions): Promise<AuditEventRow[]> {
  const conditions: SQL[] = [];
  if (options.connectionId) conditions.push(eq(auditEvents.connectionId, options.connectionId));
  if (options.providerKey) conditions.push(eq(auditEvents.providerKey, options.providerKey));
  if (options.before) {
    const { startedAt, id } = options.before;
    conditions.push(
      or(lt(auditEvents.startedAt, startedAt), and(eq(auditEvents.startedAt, startedAt), lt(auditEvents.id, id)))!,
    );
  }
  return db
    .select()
    .from(auditEvents)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditEvents.startedAt), desc(auditEvents.id))
    .limit(options.limit);
}

export async function getAuditEvent(db: Db, id: string): Promise<AuditEventRow | null> {
  const [row] = await db.select().from(auditEvents).where(eq(auditEvents.id, id));
  return row ?? null;
}
