// A change planned before its lock is granted, whose PENDING row is sent with the lock statement (store/locks.ts
// `first`), so that the row's round trip overlaps the early live read (early-read.ts) instead of following it.
// Only where the early read is sent: after this pipeline's own finished change of the provider, for an input the
// vendor's rules accept on the state that change left. The plan starts from that state, and the row goes in only
// if the provider's last PENDING change is still that change (store/audit.ts insertPendingAuditEventAfter), the
// condition under which the early read is trusted. Nothing is sent to the vendor on the strength of it alone:
// the pipeline sends the row's plan only when the live read shows the state it was planned from; when it shows
// another (an edit made outside the gateway), the row is planned again from the live state, or ends REJECTED or
// FAILED as the attempt would have without it (one row per attempt either way). A row written and then not taken
// over (an error on the way) is ended as not sent, like a PENDING row whose write was never sent.
import type { DisplayedRequest } from './planned-requests.js';
import type { MutationPlan, NormalizedProvider } from '../vendor-contract/adapter.js';
import type { AuditLog } from '../audit/log.js';
import type { WriteRetries } from './write-retries.js';
import type { AttemptRecord, AuditEventRow, AuditOutcome } from '../../store/audit.js';
import type { Db } from '../../store/open.js';
import type { HeldLock } from '../../store/locks.js';
import { isStoreUnavailable } from '../../store/unavailable.js';

/** What a change planned ahead holds: the state it starts from, its plan and its PENDING row. */
export interface AheadPlan {
  /** The audit row of the change it builds on: the provider's last PENDING change must still be this one. */
  basedOn: string;
  /** The state that change left: the plan's `before`. */
  before: NormalizedProvider;
  plan: MutationPlan;
  vendorRequests: DisplayedRequest[];
  /** Its PENDING row as it is written (store/audit.ts pendingRowOf). */
  row: AuditEventRow;
}

const NOT_SENT = {
  code: 'NOT_SENT',
  message: 'The change was recorded before its lock was granted and did not go on; nothing was sent.',
};

export class PlannedAhead {
  private planned: Promise<AheadPlan | null> = Promise.resolve(null);
  /** Whether its row is in the database: 'unknown' when the database was lost while writing it. */
  private written: 'no' | 'yes' | 'unknown' = 'no';
  private takenOver = false;
  private writtenPlan: AheadPlan | null = null;

  constructor(private readonly deps: { db: Db; auditLog: AuditLog; retries: WriteRetries }) {}

  /** Plans it (when the lock is asked for); a plan that fails leaves nothing planned ahead. */
  start(plan: () => Promise<AheadPlan | null>): void {
    this.planned = plan().catch(() => null);
  }

  /**
   * Writes its row behind the lock's reads: the plan when the row went in, else null. Never fails: a row refused
   * (the lock or the lease gone, another change PENDING) leaves the pipeline to write its own as before.
   */
  send(lock: HeldLock): Promise<AheadPlan | null> {
    const sent = this.write(lock);
    this.sending = sent;
    return sent;
  }

  /** The last send, settled or not: a row is left behind only once it has settled. */
  private sending: Promise<unknown> = Promise.resolve();

  private async write(lock: HeldLock): Promise<AheadPlan | null> {
    const ahead = await this.planned;
    if (!ahead) return null;
    try {
      if (!(await this.deps.auditLog.insertPendingAfter(lock.db, ahead.row, lock.heldKey, ahead.basedOn))) return null;
      return this.wrote(ahead);
    } catch (error) {
      if (isStoreUnavailable(error)) this.written = 'unknown';
      return null;
    }
  }

  /**
   * Its row, found PENDING under the lock where its send said nothing: a lock batch sent again on a new
   * connection after the first one's row went in (store/postgres-sessions.ts opening). The row is this attempt's.
   */
  async adopt(pendingId: string): Promise<AheadPlan | null> {
    const ahead = await this.planned;
    if (!ahead || ahead.row.id !== pendingId) return null;
    return this.wrote(ahead);
  }

  private wrote(ahead: AheadPlan): AheadPlan {
    this.written = 'yes';
    this.writtenPlan = ahead;
    return ahead;
  }

  /** The plan whose row is in the database (after send or adopt gave it). */
  get plan(): AheadPlan {
    if (!this.writtenPlan) throw new Error('no row was written ahead');
    return this.writtenPlan;
  }

  /** The pipeline goes on with its row (sends its plan, or plans it again). */
  takeOver(): void {
    this.takenOver = true;
  }

  /**
   * Ends its row as the attempt ended without a vendor write (REJECTED, FAILED), recording what the attempt
   * found instead of the plan; null when the row was no longer PENDING (the caller then records the attempt anew).
   */
  async end(outcome: AuditOutcome, record: AttemptRecord): Promise<AuditEventRow | null> {
    this.takenOver = true;
    return this.deps.auditLog.finishPending(this.deps.db, this.plan.row.id, outcome, { planned: null, plannedRequests: [], ...record });
  }

  /** Whether its row is in the database and the pipeline has not gone on with it yet. */
  get holdsRow(): boolean {
    return this.written === 'yes' && !this.takenOver;
  }

  /** After the attempt: a row that may be in and was not taken over is ended, nothing having been sent for it. */
  leftBehind(): void {
    // A send may still be on its way (the lock batch failed on another of its statements): wait for it.
    void this.sending.then(async () => {
      if (this.written === 'no' || this.takenOver) return;
      this.takenOver = true;
      const ahead = await this.planned;
      await this.deps.retries.run('end an unsent PENDING row', () =>
        this.deps.auditLog.finishPending(this.deps.db, ahead!.row.id, { status: 'FAILED', error: NOT_SENT }),
      );
    });
  }
}
