// The audit trail as the rest of the gateway writes it: the store functions plus the live feed. The store
// (src/store/audit.ts) knows nothing of subscribers; this wrapper publishes each row once it is written, to
// this instance's feed and (on PostgreSQL) to the other instances, which publish it on theirs.
import {
  type AttemptRecord,
  type AuditEventRow,
  type AuditOutcome,
  finishAuditEvent,
  finishPendingAuditEvent,
  getAuditEvent,
  insertAuditEvent,
  insertPendingAuditEvent,
  insertPendingAuditEventAfter,
  type NewAuditEvent,
  type PendingGuards,
  pendingRowOf,
  replanPendingAuditEvent,
} from '../../store/audit.js';
import { type ChangeFinish, finishChange } from '../../store/finish-change.js';
import type { Db } from '../../store/open.js';
import type { Cluster } from './cluster.js';
import type { AuditFeed } from './feed.js';

/** How rows reach the other instances: sent on the channel (publishAuditRow), or by the statement that writes them (which needs only this instance's id). */
export type AuditBroadcast = Pick<Cluster, 'publishAuditRow' | 'instanceId'>;

/**
 * Every write publishes the row as written: a subscriber sees a mutation twice, first PENDING (insert,
 * `finishedAt` null) and then final (finish, `finishedAt` set). A row inserted already final (REJECTED,
 * DRY_RUN, a failure before any change) and then finished is also seen twice, with the same status.
 *
 * Transactions: `insert` and `finish` publish as soon as the statement returns. Inside a transaction that
 * may still roll back, write with the store functions on `tx` and call `publish(row)` after the commit.
 */
export class AuditLog {
  constructor(
    readonly feed: AuditFeed,
    /** Sends each published row to the other gateway instances (core/cluster.ts); none on PGlite. */
    private readonly broadcast?: AuditBroadcast,
  ) {}

  async insert(db: Db, event: NewAuditEvent): Promise<AuditEventRow> {
    const row = await insertAuditEvent(db, event);
    this.publish(row);
    return row;
  }

  async finish(db: Db, id: string, outcome: AuditOutcome): Promise<AuditEventRow> {
    const row = await finishAuditEvent(db, id, outcome);
    this.publish(row);
    return row;
  }

  /**
   * The row of a change about to be sent (store/audit.ts insertPendingAuditEvent: the database checks lock and
   * lease). The statement itself tells the other instances; this instance's feed hears of it once it is written.
   */
  async insertPending(db: Db, event: Omit<NewAuditEvent, 'status'> & { id: string }, guards: PendingGuards): Promise<AuditEventRow> {
    const row = pendingRowOf(event, guards);
    await insertPendingAuditEvent(db, row, guards.heldKey, this.broadcast?.instanceId);
    this.feed.publish(row);
    return row;
  }

  /**
   * insertPending for a change planned before its lock was granted (store/audit.ts insertPendingAuditEventAfter):
   * the row when it went in, null when the provider's last PENDING change is no longer `basedOn`.
   */
  async insertPendingAfter(db: Db, row: AuditEventRow, heldKey: PendingGuards['heldKey'], basedOn: string): Promise<AuditEventRow | null> {
    if (!(await insertPendingAuditEventAfter(db, row, heldKey, basedOn, this.broadcast?.instanceId))) return null;
    this.feed.publish(row);
    return row;
  }

  /** A PENDING row planned again (store/audit.ts replanPendingAuditEvent); null when it is no longer PENDING. */
  async replanPending(
    db: Db,
    row: AuditEventRow,
    plan: Pick<AuditEventRow, 'before' | 'planned' | 'plannedRequests'>,
  ): Promise<AuditEventRow | null> {
    if (!(await replanPendingAuditEvent(db, row.id, plan))) return null;
    const replanned = { ...row, ...plan };
    this.publish(replanned);
    return replanned;
  }

  /** Finishes a row that is still PENDING; null (and nothing published) when someone else finished it first. */
  async finishPending(db: Db, id: string, outcome: AuditOutcome, record?: AttemptRecord): Promise<AuditEventRow | null> {
    const row = await finishPendingAuditEvent(db, id, outcome, record);
    if (row) this.publish(row);
    return row;
  }

  /**
   * Finishes a sent change's PENDING row together with its snapshot and idempotency key, in one statement
   * (store/finish-change.ts); null (and nothing published) when someone else finished the row first.
   */
  async finishChange(db: Db, finish: ChangeFinish): Promise<AuditEventRow | null> {
    const row = await finishChange(db, finish, this.broadcast?.instanceId);
    if (row) this.feed.publish(row);
    return row;
  }

  /** Publishes a row written by other means (after a transaction commits, or reconciliation). */
  publish(row: AuditEventRow): void {
    this.feed.publish(row);
    this.broadcast?.publishAuditRow(row);
  }

  get(db: Db, id: string): Promise<AuditEventRow | null> {
    return getAuditEvent(db, id);
  }
}
