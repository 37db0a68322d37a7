// A change of a provider whose previous change is still PENDING must wait for it. That row was written by a
// holder of the provider's lock that lost it since (PostgreSQL: with its session) while still sending, or it
// was left by an instance that died. A live owner's row is waited for; a dead owner's is reconciled here and
// now (core/reconciler.ts), so the new change is planned on the state that change left.
import type { Connection, ConnectionRegistry } from '../connections.js';
import { ChangeInProgressError } from '../errors.js';
import type { Logger } from '../log.js';
import type { AuditLog } from '../audit/log.js';
import { reconcileRow } from './reconciler.js';
import type { Db } from '../../store/open.js';
import { type PendingRow, pendingAuditEventOf } from '../../store/audit.js';

const WAIT_FOR_CHANGE_MS = 15_000;
const POLL_MS = 100;

export interface PendingChangeDeps {
  db: Db;
  connections: ConnectionRegistry;
  auditLog: AuditLog;
  logger?: Logger;
  /** A dead owner's row is reconciled this long after its lease ran out (its last vendor calls may still land). */
  graceMs: number;
  /** How long to wait for a live owner's change (default 15 s). */
  waitMs?: number;
}

/**
 * Null once no change of `serialKey` is PENDING; ChangeInProgressError when one still is after the wait.
 * `firstLook`: the PENDING row (or null) already read, sent behind the lock statement (see store/locks.ts).
 */
export async function awaitPendingChange(
  deps: PendingChangeDeps,
  serialKey: string,
  connection: Connection,
  firstLook?: PendingRow | null,
): Promise<ChangeInProgressError | null> {
  const deadline = Date.now() + (deps.waitMs ?? WAIT_FOR_CHANGE_MS);
  let looked = firstLook;
  for (;;) {
    const pending = looked === undefined ? await pendingAuditEventOf(deps.db, serialKey, deps.graceMs) : looked;
    looked = undefined;
    if (!pending) return null;
    if (pending.reconcilable && (await reconcileRow(deps, pending.row))) continue;
    if (Date.now() >= deadline) {
      return new ChangeInProgressError(
        `Another change of this provider is still in flight (audit event ${pending.row.id}, PENDING); nothing was sent to ${connection.vendor}. Send this one again once it has ended.`,
        pending.row.id,
        Math.max(1, Math.ceil((pending.ownerAlive ? 1_000 : 2 * deps.graceMs) / 1000)),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
