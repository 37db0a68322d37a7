// The audit trail: one row per mutation attempt, written PENDING before a vendor is called and finished after.
import { and, asc, desc, eq, getTableColumns, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { JsonObject, JsonValue } from '../model/provider.js';
import type { VendorKey } from '../model/vendor-key.js';
import { AUDIT_ROW_COLUMNS, auditRowNotifyOnCommit } from './notify.js';
import type { Db } from './open.js';
import { type FilledSql, placeholdersOf, preparedPerHandle, preparedPerShape, valuesFor } from './prepared.js';
import { auditEvents, gatewayInstances, providerChanges, type AuditKind, type AuditStatus, type StoredFieldChange } from './tables.js';

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
  /** The caller's idempotency key of this attempt, if it gave one. */
  idempotencyKey?: string | null;
  /** The change set (estate apply) of this attempt. */
  changeSetId?: string | null;
  /** Set only on PENDING rows: see insertPendingAuditEvent (tests seed rows of dead instances with them). */
  ownerInstance?: string | null;
  serialKey?: string | null;
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

/** The final fields of a row: the outcome, and the duration from the row's own start in the same statement. */
export function finishedFields(outcome: AuditOutcome) {
  const finishedAt = outcome.finishedAt ?? new Date();
  return {
    ...outcome,
    finishedAt,
    durationMs: sql<number>`greatest(0, round(extract(epoch from (${finishedAt.toISOString()}::timestamptz - ${auditEvents.startedAt})) * 1000))::integer`,
  };
}

/** A row as PostgreSQL's to_jsonb gives it (column names, timestamps as text), as the store's queries give it. */
export function auditRowFromColumns(json: Record<string, unknown>): AuditEventRow {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(auditEvents))) {
    const value = json[column.name] ?? null;
    row[key] = value !== null && column.columnType === 'PgTimestamp' ? new Date(value as string) : value;
  }
  return row as AuditEventRow;
}

/** A row as finishedFields leaves it (the duration as the statement computes it from the row's start). */
export function finishedRowOf(row: AuditEventRow, outcome: AuditOutcome & { finishedAt: Date }): AuditEventRow {
  const given = Object.fromEntries(Object.entries(outcome).filter(([, value]) => value !== undefined)) as Partial<AuditEventRow>;
  return { ...row, ...given, durationMs: Math.max(0, Math.round(outcome.finishedAt.getTime() - row.startedAt.getTime())) };
}

export async function finishAuditEvent(db: Db, id: string, outcome: AuditOutcome): Promise<AuditEventRow> {
  const [row] = await db.update(auditEvents).set(finishedFields(outcome)).where(eq(auditEvents.id, id)).returning();
  return row!;
}

/**
 * The row a statement wrote, whole, for auditRowNotifyOnCommit (one value: no column list for the query builder). A
 * composite value, made into JSON only where a message is sent: to_jsonb of a row this wide in every statement's
 * RETURNING cost ~0.07 ms of database time per statement, for a message a lone instance never sends.
 */
export const wholeAuditRow = sql<Record<string, unknown>>`${auditEvents}`.as(AUDIT_ROW_COLUMNS);

/** A PENDING row's writer: the lock it holds (the key, and the expression that proves it) and its instance. */
export interface PendingGuards {
  /** store/locks.ts `heldKey`: the key while the statement's session holds its lock, else NULL. */
  heldKey: FilledSql;
  serialKey: string;
  ownerInstance: string;
}

/** The row insertPendingAuditEvent writes, as the database holds it once written: its writer knows every value. */
export function pendingRowOf(
  event: Omit<NewAuditEvent, 'status'> & { id: string },
  guards: Pick<PendingGuards, 'serialKey' | 'ownerInstance'>,
): AuditEventRow {
  return {
    id: event.id,
    startedAt: event.startedAt ?? new Date(),
    finishedAt: null,
    actor: event.actor,
    operation: event.operation,
    connectionId: event.connectionId,
    vendor: event.vendor,
    providerKey: event.providerKey,
    kind: event.kind ?? 'MUTATION',
    status: 'PENDING',
    reason: null,
    requestId: event.requestId ?? null,
    input: event.input,
    before: event.before ?? null,
    after: null,
    planned: event.planned ?? null,
    plannedRequests: event.plannedRequests ?? [],
    changes: [],
    vendorRequests: [],
    error: null,
    durationMs: null,
    ownerInstance: guards.ownerInstance,
    serialKey: guards.serialKey,
    idempotencyKey: event.idempotencyKey ?? null,
    changeSetId: event.changeSetId ?? null,
  };
}

/**
 * Writes a pendingRowOf row. The database decides, in this one statement, that its writer may send the change:
 * the serial key is `heldKey` (NULL unless the statement's session holds the provider's lock) and the owner is the
 * instance only while its lease lives; a NULL in either breaks the CHECK constraint audit_events_pending_owned,
 * and a second PENDING row for the same serial key breaks the unique index audit_events_one_pending_idx (see
 * pendingInsertRefusal). Nothing is read back: the row is what was written. With `announceFrom` (this instance's
 * id), the same statement tells the other instances of the row, if there are any (store/notify.ts auditRowNotifyOnCommit).
 * Every mutation sends it: prepared once per handle (store/prepared.ts).
 */
export async function insertPendingAuditEvent(db: Db, row: AuditEventRow, heldKey: FilledSql, announceFrom?: string): Promise<void> {
  const announce = announceFrom !== undefined;
  const statement = pendingInsert(db, `${heldKey.shape}${announce ? ' announced' : ''}`, { heldKey: heldKey.template, announce });
  const { serialKey: _provenByTheLock, ownerInstance, ...written } = row;
  await statement.execute({
    ...valuesFor(auditEvents, written, 'row.'),
    ...heldKey.values,
    ownerInstance,
    ...(announce ? { announceFrom } : {}),
  });
}

/** The columns a PENDING row is given as values (its serial key and owner are the statement's own proofs). */
const PENDING_VALUE_COLUMNS = Object.keys(getTableColumns(auditEvents)).filter(
  (key) => key !== 'serialKey' && key !== 'ownerInstance',
) as Array<Exclude<keyof AuditEventRow, 'serialKey' | 'ownerInstance'>>;

/** A PENDING row's owner: the instance while its lease lives, else NULL (which the CHECK refuses). */
const pendingOwner = sql`(select ${gatewayInstances.id} from ${gatewayInstances} where ${gatewayInstances.id} = ${sql.placeholder('ownerInstance')}::uuid and ${gatewayInstances.leaseUntil} > now())`;

const pendingInsert = preparedPerShape(
  (db, shape: { heldKey: SQL; announce: boolean }): { execute(values: Record<string, unknown>): Promise<unknown> } => {
    const insert = db
      .insert(auditEvents)
      .values({ ...placeholdersOf(PENDING_VALUE_COLUMNS, 'row.'), serialKey: shape.heldKey, ownerInstance: pendingOwner });
    if (!shape.announce) return insert.prepare('insert_pending_audit_event');
    const inserted = db.$with('inserted').as(insert.returning({ columns: wholeAuditRow }));
    return db
      .with(inserted)
      .select({ sent: auditRowNotifyOnCommit(sql.placeholder('announceFrom'), 'inserted', sql.placeholder('ownerInstance')) })
      .from(inserted)
      .prepare('insert_pending_audit_event_announced');
  },
);

/**
 * insertPendingAuditEvent for a change planned before its lock was granted (core/mutations/planned-ahead.ts),
 * sent right behind the lock statement: the row goes in only if the serial key's last PENDING change is still
 * `basedOn`, the change its plan starts from. Otherwise (another change went PENDING since, or this row is in
 * already: a resent batch) it inserts nothing and says so rather than failing, so that a lock batch never
 * errors on it; the lock and the lease are proven as in insertPendingAuditEvent (a NULL breaks the CHECK).
 * Whether it went in: the row is then what was written.
 */
export async function insertPendingAuditEventAfter(
  db: Db,
  row: AuditEventRow,
  heldKey: FilledSql,
  basedOn: string,
  announceFrom?: string,
): Promise<boolean> {
  const announce = announceFrom !== undefined;
  const statement = pendingInsertAfter(db, `${heldKey.shape}${announce ? ' announced' : ''}`, { heldKey: heldKey.template, announce });
  const { serialKey, ownerInstance, ...written } = row;
  const inserted = await statement.execute({
    ...valuesFor(auditEvents, written, 'row.'),
    ...heldKey.values,
    ownerInstance,
    serialKey,
    basedOn,
    ...(announce ? { announceFrom } : {}),
  });
  return inserted.length > 0;
}

const pendingInsertAfter = preparedPerShape(
  (db, shape: { heldKey: SQL; announce: boolean }): { execute(values: Record<string, unknown>): Promise<unknown[]> } => {
    // insert ... select, in the table's column order: the values, typed (a select's parameters have no column to type them).
    const values = Object.entries(getTableColumns(auditEvents)).map(([key, column]) =>
      key === 'serialKey'
        ? shape.heldKey
        : key === 'ownerInstance'
          ? pendingOwner
          : sql`${sql.placeholder(`row.${key}`)}::${sql.raw(column.getSQLType())}`,
    );
    const insert = db
      .insert(auditEvents)
      .select(
        sql`select ${sql.join(values, sql`, `)} from ${providerChanges}
          where ${providerChanges.serialKey} = ${sql.placeholder('serialKey')} and ${providerChanges.auditEventId} = ${sql.placeholder('basedOn')}::uuid`,
      )
      .onConflictDoNothing();
    if (!shape.announce) return insert.returning({ id: auditEvents.id }).prepare('insert_pending_audit_event_after');
    const inserted = db.$with('inserted').as(insert.returning({ id: auditEvents.id, columns: wholeAuditRow }));
    return db
      .with(inserted)
      .select({
        id: inserted.id,
        sent: auditRowNotifyOnCommit(sql.placeholder('announceFrom'), 'inserted', sql.placeholder('ownerInstance')),
      })
      .from(inserted)
      .prepare('insert_pending_audit_event_after_announced');
  },
);

/**
 * A PENDING row's plan made again (core/mutations/planned-ahead.ts: the row was written from a state the vendor no
 * longer showed); false when the row is no longer PENDING. The row still holds its key: no other change of the
 * provider can start meanwhile.
 */
export async function replanPendingAuditEvent(
  db: Db,
  id: string,
  plan: Pick<AuditEventRow, 'before' | 'planned' | 'plannedRequests'>,
): Promise<boolean> {
  const rows = await db
    .update(auditEvents)
    .set(plan)
    .where(and(eq(auditEvents.id, id), eq(auditEvents.status, 'PENDING')))
    .returning({ id: auditEvents.id });
  return rows.length > 0;
}

/**
 * The change that last went PENDING for a serial key (tables.ts providerChanges); null when none did yet. Read
 * behind the lock of a mutation whose live read started early: prepared.
 */
export async function lastPendingChangeOf(db: Db, serialKey: string): Promise<string | null> {
  const [found] = await lastPendingOfKey(db).execute({ serialKey });
  return found?.auditEventId ?? null;
}

const lastPendingOfKey = preparedPerHandle((db) =>
  db
    .select({ auditEventId: providerChanges.auditEventId })
    .from(providerChanges)
    .where(eq(providerChanges.serialKey, sql.placeholder('serialKey')))
    .prepare('last_pending_change_of_key'),
);

/** Why the database refused a PENDING row: the lock or the lease was gone, or another change of the provider is PENDING. */
export function pendingInsertRefusal(error: unknown): 'not-held' | 'busy' | null {
  const constraint = constraintOf(error);
  if (constraint === 'audit_events_pending_owned') return 'not-held';
  if (constraint === 'audit_events_one_pending_idx') return 'busy';
  return null;
}

function constraintOf(error: unknown): string | null {
  for (let at: unknown = error; at && typeof at === 'object'; at = (at as { cause?: unknown }).cause) {
    const named =
      (at as { constraint_name?: unknown; constraint?: unknown }).constraint_name ?? (at as { constraint?: unknown }).constraint;
    if (typeof named === 'string') return named;
  }
  return null;
}

/** What a row records of its attempt besides the outcome: set again when a PENDING row ends another way than planned. */
export type AttemptRecord = Partial<Pick<AuditEventRow, 'input' | 'before' | 'planned' | 'plannedRequests' | 'idempotencyKey'>>;

/**
 * Finishes a row only while it is PENDING; null when someone else (the reconciler) finished it first. `record`
 * replaces what the row recorded of the attempt (a row planned ahead and then refused: core/mutations/planned-ahead.ts).
 */
export async function finishPendingAuditEvent(
  db: Db,
  id: string,
  outcome: AuditOutcome,
  record: AttemptRecord = {},
): Promise<AuditEventRow | null> {
  const [row] = await db
    .update(auditEvents)
    .set({ ...record, ...finishedFields(outcome) })
    .where(and(eq(auditEvents.id, id), eq(auditEvents.status, 'PENDING')))
    .returning();
  return row ?? null;
}

/** A PENDING row and whether its owner's lease still lives (by the database's clock). */
export interface PendingRow {
  row: AuditEventRow;
  /** The owner's lease lives: the row is being worked on, leave it alone. */
  ownerAlive: boolean;
  /** The owner's lease ran out more than `graceMs` ago (or the owner is gone): the row may be reconciled. */
  reconcilable: boolean;
}

const pendingRowColumns = (graceMs: number | ReturnType<typeof sql.placeholder>) => ({
  row: auditEvents,
  ownerAlive: sql<boolean>`coalesce(${gatewayInstances.leaseUntil} > now(), false)`,
  reconcilable: sql<boolean>`case
    when ${auditEvents.ownerInstance} is null then ${auditEvents.startedAt} < now() - ${graceMs} * interval '1 millisecond'
    when ${gatewayInstances.id} is null then true
    else ${gatewayInstances.leaseUntil} < now() - ${graceMs} * interval '1 millisecond' end`,
});

/** The PENDING row serialized on `serialKey`, if any (at most one: a unique index). */
export async function pendingAuditEventOf(db: Db, serialKey: string, graceMs: number): Promise<PendingRow | null> {
  const [found] = await pendingOfKey(db).execute({ serialKey, graceMs });
  return found ?? null;
}

// Read behind every mutation's lock: prepared.
const pendingOfKey = preparedPerHandle((db) =>
  db
    .select(pendingRowColumns(sql.placeholder('graceMs')))
    .from(auditEvents)
    .leftJoin(gatewayInstances, eq(gatewayInstances.id, auditEvents.ownerInstance))
    .where(and(eq(auditEvents.status, 'PENDING'), eq(auditEvents.serialKey, sql.placeholder('serialKey'))))
    .prepare('pending_audit_event_of_key'),
);

/**
 * `serialKey`'s PENDING row, if any, and its last PENDING change, in one statement (read behind every mutation's
 * lock on PostgreSQL: prepared). A PENDING row is always its key's last PENDING change: the trigger that moves
 * the last change fires on every PENDING insert, and a key has one PENDING row at most (migration 0006 recorded
 * the rows PENDING before it).
 */
export async function pendingAndLastChangeOf(
  db: Db,
  serialKey: string,
  graceMs: number,
): Promise<{ pending: PendingRow | null; lastPendingChange: string | null }> {
  const [found] = await pendingAndLastOfKey(db).execute({ serialKey, graceMs });
  if (!found) return { pending: null, lastPendingChange: null };
  const { lastPendingChange, row, ownerAlive, reconcilable } = found;
  return { pending: row ? { row, ownerAlive, reconcilable } : null, lastPendingChange };
}

const pendingAndLastOfKey = preparedPerHandle((db) =>
  db
    .select({ lastPendingChange: providerChanges.auditEventId, ...pendingRowColumns(sql.placeholder('graceMs')) })
    .from(providerChanges)
    .leftJoin(auditEvents, and(eq(auditEvents.id, providerChanges.auditEventId), eq(auditEvents.status, 'PENDING')))
    .leftJoin(gatewayInstances, eq(gatewayInstances.id, auditEvents.ownerInstance))
    .where(eq(providerChanges.serialKey, sql.placeholder('serialKey')))
    .prepare('pending_and_last_change_of_key'),
);

/** PENDING rows whose owner's lease ran out more than `graceMs` ago (or whose owner is gone): the reconciler's work. */
export async function listReconcilableAuditEvents(db: Db, graceMs: number, limit = 100): Promise<AuditEventRow[]> {
  const columns = pendingRowColumns(graceMs);
  const rows = await db
    .select({ row: columns.row })
    .from(auditEvents)
    .leftJoin(gatewayInstances, eq(gatewayInstances.id, auditEvents.ownerInstance))
    .where(and(eq(auditEvents.status, 'PENDING'), columns.reconcilable))
    .orderBy(auditEvents.startedAt)
    .limit(limit);
  return rows.map(({ row }) => row);
}

/** The latest row of an idempotent attempt (actor, key) that started at or after `since`. */
export async function latestAuditEventOfKey(db: Db, actor: string, key: string, since: Date): Promise<AuditEventRow | null> {
  const [row] = await db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.actor, actor), eq(auditEvents.idempotencyKey, key), gte(auditEvents.startedAt, since)))
    .orderBy(desc(auditEvents.startedAt))
    .limit(1);
  return row ?? null;
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
  /** The change set (an estate apply's id). */
  changeSetId?: string;
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  // Not a UUID: no row has it (and the uuid column would refuse the comparison).
  if (filter.changeSetId !== undefined)
    conditions.push(UUID.test(filter.changeSetId) ? eq(auditEvents.changeSetId, filter.changeSetId) : sql`false`);
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
  if (filter.changeSetId !== undefined && row.changeSetId !== filter.changeSetId) return false;
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
    conditions.push(
      sql`(${auditEvents.startedAt}, ${auditEvents.id}) < (${options.before.startedAt}::timestamptz, ${options.before.id}::uuid)`,
    );
  }
  if (options.after) {
    conditions.push(
      sql`(${auditEvents.startedAt}, ${auditEvents.id}) > (${options.after.startedAt}::timestamptz, ${options.after.id}::uuid)`,
    );
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

/** The row with this id; null for any other id, also one that is not a UUID (the column would refuse it). */
export async function getAuditEvent(db: Db, id: string): Promise<AuditEventRow | null> {
  if (!UUID.test(id)) return null;
  const [row] = await db.select().from(auditEvents).where(eq(auditEvents.id, id));
  return row ?? null;
}

/** Marks PENDING rows whose change was still running when the process had to stop (status stays PENDING). */
export async function markInterruptedByShutdown(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(auditEvents)
    .set({ reason: 'shutdown' })
    .where(and(inArray(auditEvents.id, ids), eq(auditEvents.status, 'PENDING')));
}
