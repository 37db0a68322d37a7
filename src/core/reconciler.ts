// Crash-safe audit: a mutation whose process died between "audit row PENDING" and "audit row final" is
// reconciled later by reading the vendor: the change landed (SUCCEEDED), did not (FAILED), or the gateway
// cannot tell (UNKNOWN); the reason says "interrupted". The snapshot is brought up to the live state.
import type { JsonObject, NormalizedProvider } from './adapter.js';
import { diffProviders, matchChange } from './changes.js';
import type { ConnectionRegistry } from './connections.js';
import type { Logger } from './log.js';
import type { Db } from '../store/open.js';
import { listPendingAuditEvents, type AuditEventRow } from '../store/audit.js';
import type { AuditLog } from './audit-log.js';
import { deleteSnapshot, saveSnapshot } from '../store/snapshots.js';
import type { AuditStatus } from '../store/tables.js';

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
 * Reconciles PENDING rows that started more than `olderThanMs` ago (rows of mutations that may still be
 * running on another instance are younger). A vendor that cannot be read leaves the row for the next pass.
 */
export async function reconcilePending(deps: ReconcileDeps, olderThanMs: number, now = new Date()): Promise<Reconciled[]> {
  const rows = await listPendingAuditEvents(deps.db, new Date(now.getTime() - olderThanMs));
  const done: Reconciled[] = [];
  for (const row of rows) {
    const status = await reconcileOne(deps, row);
    if (status) done.push({ auditEventId: row.id, status });
  }
  return done;
}

async function reconcileOne(deps: ReconcileDeps, row: AuditEventRow): Promise<AuditStatus | null> {
  const finish = (status: AuditStatus, why: string, live?: NormalizedProvider | null) =>
    deps.auditLog.finish(deps.db, row.id, {
      status,
      reason: INTERRUPTED,
      error: status === 'SUCCEEDED' ? null : { code: 'INTERRUPTED', message: why },
      ...(live !== undefined ? { after: asJson(live), changes: diffProviders(row.before as unknown as NormalizedProvider | null, live) } : {}),
    }).then(() => status);

  const connection = deps.connections.find(row.connectionId);
  if (!connection) return finish('UNKNOWN', `The gateway stopped during this change and connection "${row.connectionId}" is no longer configured.`);
  if (!row.providerKey) return finish('UNKNOWN', 'The gateway stopped during this create; the vendor assigns the id, so the outcome cannot be read back.');

  let live: NormalizedProvider | null;
  try {
    live = await connection.adapter.get(row.providerKey);
  } catch (error) {
    deps.logger?.log('warn', 'reconciliation postponed: vendor not readable', { auditEventId: row.id, error: (error as Error).message });
    return null;
  }
  const before = row.before as unknown as NormalizedProvider | null;
  const planned = row.planned as unknown as NormalizedProvider | null;
  const verdict = matchChange(before, planned, live);
  // A secret the vendor never returns is known from the plan once the change is known to have landed.
  if (live && planned && verdict === 'target') live = { ...live, secretFingerprints: { ...planned.secretFingerprints, ...live.secretFingerprints } };
  if (live) await saveSnapshot(deps.db, connection.id, connection.vendor, live);
  else await deleteSnapshot(deps.db, connection.id, row.providerKey);
  if (verdict === 'target') return finish('SUCCEEDED', '', live);
  if (verdict === 'before') return finish('FAILED', 'The gateway stopped during this change; the vendor shows it did not land.', live);
  return finish('UNKNOWN', 'The gateway stopped during this change; the vendor state matches neither the old nor the planned state.', live);
}

export interface ReconcilerOptions {
  /** Rows PENDING longer than this are reconciled (mutations still running elsewhere are younger). */
  olderThanMs: number;
  /** At start-up, rows this old are reconciled at once (0 for the one-process PGlite store: all of them). */
  atStartOlderThanMs: number;
  intervalMs: number;
}

/** Reconciles once now, then every `intervalMs`; returns a stop function. */
export async function startReconciler(deps: ReconcileDeps, options: ReconcilerOptions): Promise<() => void> {
  const pass = async (olderThanMs: number) => {
    const done = await reconcilePending(deps, olderThanMs);
    if (done.length) deps.logger?.log('info', 'reconciled interrupted mutations', { reconciled: done });
  };
  await pass(options.atStartOlderThanMs);
  const timer = setInterval(() => {
    pass(options.olderThanMs).catch((error: unknown) => deps.logger?.log('error', 'reconciliation failed', { error: (error as Error).message }));
  }, options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
