// Crash-safe audit: a mutation whose instance died between "audit row PENDING" and "audit row final" is
// reconciled by reading the vendor: the change landed (SUCCEEDED), did not (FAILED), or the gateway cannot
// tell (UNKNOWN); the reason says "interrupted". The snapshot is brought up to the live state, and the
// attempt's idempotency key (if it had one) is settled with the same outcome, so a retry replays it.
//
// Only rows whose owner is dead are touched: its lease (core/instance-lease.ts) ran out more than a grace
// period ago, or it ended its lease at a graceful stop. A live instance's rows are never reconciled, however
// slow its vendor. Every finish is conditional on the row still being PENDING, so the owner and a reconciler
// can never both finish one row.
import { storedProvider } from '../../model/provider.js';
import type { JsonObject, NormalizedProvider } from '../vendor-contract/adapter.js';
import { diffProviders, matchChange } from './changes.js';
import type { ConnectionRegistry } from '../connections.js';
import { outcomeOfAuditRow } from './idempotency.js';
import { describeError, type Logger } from '../log.js';
import type { Db } from '../../store/open.js';
import { type AuditEventRow, finishPendingAuditEvent, listReconcilableAuditEvents } from '../../store/audit.js';
import type { AuditLog } from '../audit/log.js';
import { completeIdempotencyKey } from '../../store/idempotency.js';
import { deleteSnapshot, saveSnapshot } from '../../store/snapshots.js';
import type { AuditStatus } from '../../store/tables.js';

export const INTERRUPTED = 'interrupted';

export interface ReconcileDeps {
  db: Db;
  connections: ConnectionRegistry;
  auditLog: AuditLog;
  logger?: Logger;
}

export interface Reconciled {
  auditEventId: string;
  status: AuditStatus;
}

function asJson(value: unknown): JsonObject | null {
  return value === null || value === undefined ? null : (JSON.parse(JSON.stringify(value)) as JsonObject);
}

/**
 * Reconciles the PENDING rows of dead owners (lease run out more than `graceMs` ago, or ended). A vendor that
 * cannot be read leaves its row for the next pass.
 */
export async function reconcileAbandoned(deps: ReconcileDeps, graceMs: number): Promise<Reconciled[]> {
  const rows = await listReconcilableAuditEvents(deps.db, graceMs);
  const done: Reconciled[] = [];
  for (const row of rows) {
    const status = await reconcileRow(deps, row);
    if (status) done.push({ auditEventId: row.id, status });
  }
  return done;
}

/**
 * Settles one PENDING row of a dead owner against the vendor's state, and its idempotency key. Returns the
 * row's final status, or null when the vendor could not be read (the row stays PENDING) or someone else
 * finished it first.
 */
export async function reconcileRow(deps: ReconcileDeps, row: AuditEventRow): Promise<AuditStatus | null> {
  const finish = async (status: AuditStatus, why: string, live?: NormalizedProvider | null) => {
    const finished = await finishPendingAuditEvent(deps.db, row.id, {
      status,
      reason: INTERRUPTED,
      error: status === 'SUCCEEDED' ? null : { code: 'INTERRUPTED', message: why, status },
      ...(live !== undefined ? { after: asJson(live), changes: diffProviders(storedProvider(row.before), live) } : {}),
    });
    if (!finished) return null;
    deps.auditLog.publish(finished);
    if (finished.idempotencyKey)
      await completeIdempotencyKey(deps.db, finished.actor, finished.idempotencyKey, outcomeOfAuditRow(finished));
    return status;
  };

  const connection = deps.connections.find(row.connectionId);
  if (!connection)
    return finish('UNKNOWN', `The gateway stopped during this change and connection "${row.connectionId}" is no longer configured.`);
  if (!row.providerKey)
    return finish('UNKNOWN', 'The gateway stopped during this create; the vendor assigns the id, so the outcome cannot be read back.');

  let live: NormalizedProvider | null;
  try {
    live = await connection.adapter.get(row.providerKey);
  } catch (error) {
    deps.logger?.log('warn', 'reconciliation postponed: vendor not readable', { auditEventId: row.id, error: describeError(error) });
    return null;
  }
  const before = storedProvider(row.before);
  const planned = storedProvider(row.planned);
  const verdict = matchChange(before, planned, live);
  // A secret the vendor never returns is known from the plan once the change is known to have landed.
  if (live && planned && verdict === 'target')
    live = { ...live, secretFingerprints: { ...planned.secretFingerprints, ...live.secretFingerprints } };
  if (live) await saveSnapshot(deps.db, connection.id, connection.vendor, live);
  else await deleteSnapshot(deps.db, connection.id, row.providerKey);
  if (verdict === 'target') return finish('SUCCEEDED', '', live);
  if (verdict === 'before') return finish('FAILED', 'The gateway stopped during this change; the vendor shows it did not land.', live);
  return finish('UNKNOWN', 'The gateway stopped during this change; the vendor state matches neither the old nor the planned state.', live);
}

export interface ReconcilerOptions {
  /** A dead owner's rows are reconciled this long after its lease ran out (its last vendor calls may still land). */
  graceMs: number;
  intervalMs: number;
}

/** Reconciles once now, then every `intervalMs`; returns a stop function. */
export async function startReconciler(deps: ReconcileDeps, options: ReconcilerOptions): Promise<() => void> {
  const pass = async () => {
    const done = await reconcileAbandoned(deps, options.graceMs);
    if (done.length) deps.logger?.log('info', 'reconciled interrupted mutations', { reconciled: done });
  };
  await pass();
  const timer = setInterval(() => {
    pass().catch((error: unknown) => deps.logger?.log('warn', 'reconciliation pass failed', { error: describeError(error) }));
  }, options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
