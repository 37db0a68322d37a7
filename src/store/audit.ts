// The audit trail: one row per mutation attempt, written PENDING before a vendor is called and finished after.
import { and, asc, desc, eq, getTableColumns, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { JsonObject, JsonValue } from '../core/adapter.js';
import type { VendorKey } from '../core/vendor-key.js';
import type { Db } from './open.js';
import { auditEvents, type AuditKind, type AuditStatus, type StoredFieldChange } from './tables.js';

export type AuditEventRow = typeof auditEvents.$inferSelect;

export interface NewAuditEvent {
  actor: string;
  operation: string;
  connectionId: string;
  vendor: VendorKey;
  providerKey: string | null;
  status: AuditStatus;
  kind?: AuditKind;
  input: JsonObject;
  before?: JsonObject | null;
  planned?: JsonObject | null;
  plannedRequests?: JsonValue[];
  requestId?: string | null;
  startedAt?: Date;
}

export interface AuditOutcome {
  status: AuditStatus;
  providerKey?: string | null;
  after?: JsonObject | null;
  changes?: StoredFieldChange[];
  vendorRequests?: JsonValue[];
  error?: JsonObject | null;
  reason?: string | null;
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
  const finishedAt = outcome.finishedAt ?? new Date();
  // The duration from the row's own start, in the same statement: one round trip per finished change.
  const [row] = await db
    .update(auditEvents)
    .set({
      ...outcome,
      finishedAt,
      durationMs: sql`greatest(0, round(extract(epoch from (${finishedAt.toISOString()}::timestamptz - ${auditEvents.startedAt})) * 1000))::integer`,
    })
    .where(eq(auditEvents.id, id))
    .returning();
  return row!;
}

/**
 * What the audit trail can be narrowed to; every field is optional and they combine with AND. The same
 * filter serves the auditEvents query (in SQL, `auditFilterConditions`), the auditEventAdded subscription
 * and the JSON Lines export (in memory, `matchesAuditFilter`): keep the two in step.
 */
export interface AuditFilter {
  connectionId?: string;
  /** Any of these connections. */
  connectionIds?: string[];
  vendor?: VendorKey;
  providerKey?: string;
  actor?: string;
  /** Any of these statuses; an empty list means no status filter. */
  statuses?: readonly AuditStatus[];
  operation?: string;
  kind?: AuditKind;
  /** occurredAt (started_at) >= since. */
  since?: Date;
  /** occurredAt (started_at) < until. */
  until?: Date;
}

/**
 * A keyset position in the trail. `startedAt` is the exact started_at as Postgres keeps it (microseconds,
 * ISO 8601 in UTC): a JS Date keeps only milliseconds, and a cursor rounded to them would skip or repeat
 * rows that started within the same millisecond.
 */
export interface AuditPosition {
  startedAt: string;
  id: string;
}

/** A listed row and its keyset position (for cursors). */
export type ListedAuditEvent = AuditEventRow & { position: AuditPosition };

export interface AuditPageOptions extends AuditFilter {
  limit: number;
  /** Default newest-first: the query pages backwards in time; the export reads forwards. */
  order?: 'newest-first' | 'oldest-first';
  /** Only rows strictly older than this position. */
  before?: AuditPosition;
  /** Only rows strictly newer than this position. */
  after?: AuditPosition;
}

const EXACT_STARTED_AT = sql<string>`to_char(${auditEvents.startedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The SQL form of an AuditFilter. */
export function auditFilterConditions(filter: AuditFilter): SQL[] {
  const conditions: SQL[] = [];
  if (filter.connectionId !== undefined) conditions.push(eq(auditEvents.connectionId, filter.connectionId));
  if (filter.connectionIds !== undefined) {
    conditions.push(filter.connectionIds.length ? inArray(auditEvents.connectionId, filter.connectionIds) : sql`false`);
  }
  if (filter.vendor !== undefined) conditions.push(eq(auditEvents.vendor, filter.vendor));
  if (filter.providerKey !== undefined) conditions.push(eq(auditEvents.providerKey, filter.providerKey));
  if (filter.actor !== undefined) conditions.push(eq(auditEvents.actor, filter.actor));
  if (filter.statuses?.length) conditions.push(inArray(auditEvents.status, [...filter.statuses]));
  if (filter.operation !== undefined) conditions.push(eq(auditEvents.operation, filter.operation));
  if (filter.kind !== undefined) conditions.push(eq(auditEvents.kind, filter.kind));
  if (filter.since !== undefined) conditions.push(gte(auditEvents.startedAt, filter.since));
  if (filter.until !== undefined) conditions.push(lt(auditEvents.startedAt, filter.until));
  return conditions;
}

/** The in-memory form of an AuditFilter, for rows that were just written (the subscription). */
export function matchesAuditFilter(row: AuditEventRow, filter: AuditFilter): boolean {
  if (filter.connectionId !== undefined && row.connectionId !== filter.connectionId) return false;
  if (filter.connectionIds !== undefined && !filter.connectionIds.includes(row.connectionId)) return false;
  if (filter.vendor !== undefined && row.vendor !== filter.vendor) return false;
  if (filter.providerKey !== undefined && row.providerKey !== filter.providerKey) return false;
  if (filter.actor !== undefined && row.actor !== filter.actor) return false;
  if (filter.statuses?.length && !filter.statuses.includes(row.status)) return false;
  if (filter.operation !== undefined && row.operation !== filter.operation) return false;
  if (filter.kind !== undefined && row.kind !== filter.kind) return false;
  // A Date from the store is started_at cut to milliseconds; with ms-precise bounds the comparisons agree with SQL's.
  if (filter.since !== undefined && row.startedAt.getTime() < filter.since.getTime()) return false;
  if (filter.until !== undefined && row.startedAt.getTime() >= filter.until.getTime()) return false;
  return true;
}

/** Keyset-paged on (started_at, id), newest first unless asked otherwise. */
export async function listAuditEvents(db: Db, options: AuditPageOptions): Promise<ListedAuditEvent[]> {
  const conditions = auditFilterConditions(options);
  // Row comparisons, which Postgres answers from the (started_at, id) index.
  if (options.before) {
    conditions.push(sql`(${auditEvents.startedAt}, ${auditEvents.id}) < (${options.before.startedAt}::timestamptz, ${options.before.id}::uuid)`);
  }
  if (options.after) {
    conditions.push(sql`(${auditEvents.startedAt}, ${auditEvents.id}) > (${options.after.startedAt}::timestamptz, ${options.after.id}::uuid)`);
  }
  const direction = options.order === 'oldest-first' ? asc : desc;
  const rows = await db
    .select({ ...getTableColumns(auditEvents), exactStartedAt: EXACT_STARTED_AT })
    .from(auditEvents)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(direction(auditEvents.startedAt), direction(auditEvents.id))
    .limit(options.limit);
  return rows.map(({ exactStartedAt, ...row }) => ({ ...row, position: { startedAt: exactStartedAt, id: row.id } }));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The row with this id; null for any other id, also one that is not a UUID (the column would refuse it). */
export async function getAuditEvent(db: Db, id: string): Promise<AuditEventRow | null> {
  if (!UUID.test(id)) return null;
  const [row] = await db.select().from(auditEvents).where(eq(auditEvents.id, id));
  return row ?? null;
}

/** Mutations still PENDING that started before `startedBefore`: candidates for reconciliation after a crash. */
export async function listPendingAuditEvents(db: Db, startedBefore: Date, limit = 100): Promise<AuditEventRow[]> {
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.status, 'PENDING'), lt(auditEvents.startedAt, startedBefore)))
    .orderBy(auditEvents.startedAt)
    .limit(limit);
}

/** Marks PENDING rows whose change was still running when the process had to stop (status stays PENDING). */
export async function markInterruptedByShutdown(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(auditEvents)
    .set({ reason: 'shutdown' })
    .where(and(inArray(auditEvents.id, ids), eq(auditEvents.status, 'PENDING')));
}
