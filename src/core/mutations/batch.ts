// Several changes, across vendors, in one request. BEST_EFFORT runs them all and reports each;
// ALL_OR_NOTHING stops at the first failure and reverts (non-secret state) the ones already applied, in
// reverse order, saying what could not be undone.
import type { VendorAdapter } from '../vendor-contract/adapter.js';
import type { GatewayError } from '../errors.js';
import type { MutationOutcome } from './idempotency.js';
import type { MutationCommand } from './pipeline.js';
import { revertAuditEvent, type RevertDeps } from './revert.js';

export type BatchMode = 'ALL_OR_NOTHING' | 'BEST_EFFORT';

export type BatchItemStatus =
  /** Dry run: planned, nothing written. */
  | 'PLANNED'
  | 'APPLIED'
  | 'FAILED'
  /** Applied, then undone because a later change failed (ALL_OR_NOTHING). */
  | 'REVERTED'
  /** Applied, and the undo failed: the change stands. */
  | 'REVERT_FAILED'
  /** Not tried because an earlier change failed (ALL_OR_NOTHING). */
  | 'NOT_ATTEMPTED';

export interface BatchItem {
  index: number;
  operation: string;
  status: BatchItemStatus;
  outcome: MutationOutcome | null;
  /** For REVERTED / REVERT_FAILED: the revert's own result. */
  revert: MutationOutcome | null;
}

/** A change that could be turned into a command, or the typed reason it could not (bad input). */
export type PreparedChange =
  | { operation: string; command: MutationCommand<VendorAdapter, unknown> }
  | { operation: string; error: GatewayError };

export async function runBatch(
  deps: RevertDeps,
  changes: PreparedChange[],
  options: { mode: BatchMode; dryRun: boolean; actor: string; visibleConnections?: ReadonlySet<string> | null },
): Promise<{ succeeded: boolean; items: BatchItem[] }> {
  const items: BatchItem[] = changes.map((change, index) => ({
    index,
    operation: change.operation,
    status: 'NOT_ATTEMPTED',
    outcome: null,
    revert: null,
  }));
  // All-or-nothing refuses the whole batch when any change is malformed, before anything is sent.
  const malformed = changes.findIndex((change) => 'error' in change);
  if (options.mode === 'ALL_OR_NOTHING' && malformed >= 0) {
    const change = changes[malformed] as { error: GatewayError };
    items[malformed] = { ...items[malformed]!, status: 'FAILED', outcome: { ok: false, error: change.error, auditEvent: null } };
    return { succeeded: false, items };
  }

  let failed = false;
  for (const [index, change] of changes.entries()) {
    if (failed && options.mode === 'ALL_OR_NOTHING') break;
    const outcome: MutationOutcome =
      'error' in change
        ? { ok: false, error: change.error, auditEvent: null }
        : await deps.pipeline.run({
            ...change.command,
            dryRun: options.dryRun,
            actor: options.actor,
            visibleConnections: options.visibleConnections,
          });
    items[index] = { ...items[index]!, status: outcome.ok ? (options.dryRun ? 'PLANNED' : 'APPLIED') : 'FAILED', outcome };
    failed ||= !outcome.ok;
  }

  if (failed && options.mode === 'ALL_OR_NOTHING' && !options.dryRun) {
    for (const item of [...items].reverse()) {
      if (item.status !== 'APPLIED' || !item.outcome?.ok) continue;
      const revert = await revertAuditEvent(deps, {
        auditEventId: item.outcome.auditEvent.id,
        actor: options.actor,
        visibleConnections: options.visibleConnections,
      });
      item.status = revert.ok ? 'REVERTED' : 'REVERT_FAILED';
      item.revert = revert;
    }
  }
  return { succeeded: !failed, items };
}
