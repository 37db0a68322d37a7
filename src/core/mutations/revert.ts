// Revert: apply the non-secret `before` state of a succeeded change through the same pipeline (plan,
// version check against the state the change left, audit). A secret cannot be restored: the result names
// the secrets that would have to be supplied again.
import { storedProvider } from '../../model/provider.js';
import type { ConnectionRegistry } from '../connections.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { MutationOutcome } from './idempotency.js';
import type { MutationPipeline } from './pipeline.js';
import type { RevertCommand, VendorModule } from '../vendor-contract/vendor-module.js';
import { providerVersion } from '../../model/version.js';
import type { Db } from '../../store/open.js';
import { getAuditEvent, type AuditEventRow } from '../../store/audit.js';

export interface RevertDeps {
  db: Db;
  connections: ConnectionRegistry;
  pipeline: MutationPipeline;
  modules: readonly VendorModule<never>[];
}

export type RevertOutcome = MutationOutcome & { secretsToResupply: string[]; revertOf: string };

/** The revert command for an audit event, or the typed reason it cannot be reverted. */
export function planRevert(event: AuditEventRow, modules: readonly VendorModule<never>[]): RevertCommand | ValidationError {
  const refuse = (message: string) => new ValidationError([{ path: ['auditEventId'], message }]);
  if (event.kind !== 'MUTATION' || event.status !== 'SUCCEEDED')
    return refuse(`only a succeeded change can be reverted (this event is ${event.kind} ${event.status})`);
  if (!event.providerKey) return refuse('the event names no provider');
  const module = modules.find((m) => m.vendor === event.vendor);
  const plan = module?.revert?.({
    operation: event.operation,
    providerKey: event.providerKey,
    input: event.input,
    before: storedProvider(event.before),
    after: storedProvider(event.after),
  }) ?? { unsupported: `${event.vendor} changes cannot be reverted by the gateway` };
  return 'unsupported' in plan ? refuse(plan.unsupported) : plan;
}

export async function revertAuditEvent(
  deps: RevertDeps,
  request: {
    auditEventId: string;
    actor: string;
    dryRun?: boolean;
    idempotencyKey?: string | null;
    /** The caller's connections (null: all): an event of another connection is not found. */
    visibleConnections?: ReadonlySet<string> | null;
    /** The request that asks for the revert (its audit row names it). */
    requestId?: string | null;
  },
): Promise<RevertOutcome> {
  const found = await getAuditEvent(deps.db, request.auditEventId);
  const event = found && (!request.visibleConnections || request.visibleConnections.has(found.connectionId)) ? found : null;
  const base = { secretsToResupply: [], revertOf: request.auditEventId };
  if (!event) return { ok: false, error: new NotFoundError(`No audit event "${request.auditEventId}".`), auditEvent: null, ...base };
  const command = planRevert(event, deps.modules);
  if (command instanceof ValidationError) return { ok: false, error: command, auditEvent: null, ...base };
  // Only if the provider is still as this change left it: a later change is not silently undone.
  const after = storedProvider(event.after);
  const outcome = await deps.pipeline.run({
    spec: command.spec,
    connectionId: event.connectionId,
    providerKey: command.providerKey,
    input: command.input,
    revertOf: event.id,
    actor: request.actor,
    dryRun: request.dryRun,
    idempotencyKey: request.idempotencyKey,
    expectedVersion: after && command.providerKey ? providerVersion(after) : null,
    visibleConnections: request.visibleConnections,
    requestId: request.requestId ?? null,
  });
  return { ...outcome, secretsToResupply: command.secretsToResupply, revertOf: event.id };
}
