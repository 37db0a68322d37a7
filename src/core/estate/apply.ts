// Applies a stored estate plan as it was reviewed. First, nothing written: every secret supplied again with
// the value that was planned (by fingerprint), and every target still at the version planned (one fresh
// list read per connection), else the targets that moved are named and nothing is sent. Then each change
// goes through the one pipeline with an idempotency key derived from the plan and the item, and the plan's
// id as the change set of every audit row: an apply that was interrupted runs again to the end with no
// duplicate (finished changes replay; their targets count as moved by this change set, not by someone else).
// Changes to one connection run in order; connections in parallel (`parallelism`). The first failure stops
// the run unless `continueOnError`.
import type { ConnectionRegistry } from '../connections.js';
import { type GatewayError, ValidationError } from '../errors.js';
import type { Fingerprinter } from '../secrets.js';
import type { MutationOutcome } from '../mutations/idempotency.js';
import type { MutationPipeline } from '../mutations/pipeline.js';
import type { ProviderReader } from '../reads/provider-reader.js';
import { mapLimit } from '../reads/map-limit.js';
import type { MutationSpec, VendorAdapter } from '../vendor-contract/adapter.js';
import { type AuditEventRow, getAuditEvent, listAuditEvents } from '../../store/audit.js';
import { readIdempotencyKey } from '../../store/idempotency.js';
import type { Db } from '../../store/open.js';
import type { EstateAction, EstatePlanData, EstatePlanItem } from './plan.js';
import { withSecretValues } from './stored-secrets.js';

export type EstateApplyStatus = 'APPLIED' | 'FAILED' | 'NOT_ATTEMPTED' | 'UNCHANGED';

export interface EstateApplyItem {
  connectionId: string;
  key: string | null;
  documentPath: string;
  action: EstateAction;
  status: EstateApplyStatus;
  auditEvents: AuditEventRow[];
  error: GatewayError | null;
}

export interface EstateMovedTarget {
  connectionId: string;
  key: string;
  plannedVersion: string;
  currentVersion: string | null;
}

export type ApplyResult =
  | { ok: true; changeSetId: string; succeeded: boolean; items: EstateApplyItem[] }
  | { ok: false; moved: EstateMovedTarget[] }
  | { ok: false; error: GatewayError };

export interface ApplyDeps {
  db: Db;
  reader: ProviderReader;
  pipeline: MutationPipeline;
  connections: ConnectionRegistry;
  fingerprinter: Fingerprinter;
  /** Every vendor mutation spec, by operation name. */
  // biome-ignore lint/suspicious/noExplicitAny: vendors' own spec types; the pipeline only passes them through
  specs: ReadonlyMap<string, MutationSpec<any, any>>;
  actor: string;
  visibleConnections: ReadonlySet<string> | null;
  requestId?: string | null;
}

export interface StoredEstatePlan {
  plan: EstatePlanData;
  secretFingerprints: Record<string, string>;
}

export const DEFAULT_PARALLELISM = 4;

/** The secret values supplied again, checked against the plan's fingerprints (all of them, or a ValidationError). */
function suppliedSecrets(
  stored: StoredEstatePlan,
  supplied: ReadonlyMap<string, string>,
  fingerprinter: Fingerprinter,
): ValidationError | null {
  const problems = Object.entries(stored.secretFingerprints).flatMap(([reference, fingerprint]) => {
    const value = supplied.get(reference);
    if (value === undefined) return [{ path: ['secrets', reference], message: `the plan needs the value of ${reference} again` }];
    if (fingerprinter.fingerprint(value) !== fingerprint)
      return [{ path: ['secrets', reference], message: `the value of ${reference} is not the one planned: plan again` }];
    return [];
  });
  return problems.length ? new ValidationError(problems) : null;
}

/**
 * Targets whose version is no longer the planned one, except those this change set already changed; or the
 * error of a connection that could not be read (its versions are unknown: nothing may be applied on a guess).
 */
async function movedTargets(stored: StoredEstatePlan, deps: ApplyDeps): Promise<EstateMovedTarget[] | GatewayError> {
  const targets = stored.plan.items.filter((item) => item.operations.length > 0 && item.key !== null && item.version !== null);
  if (targets.length === 0) return [];
  const ids = [...new Set(targets.map((item) => item.connectionId))];
  const reads = await deps.reader.read(
    ids.map((id) => deps.connections.get(id)),
    { refresh: true, waitForVendor: true },
  );
  const failed = reads.find((read) => read.error);
  if (failed?.error) return failed.error;
  const versions = new Map<string, string>(
    reads.flatMap((read) => read.providers.map((view) => [`${read.connection.id}/${view.key}`, view.version] as const)),
  );
  const ours = await listAuditEvents(deps.db, { changeSetId: stored.plan.id, limit: 10_000 });
  const changedByUs = new Set(ours.filter((row) => row.status === 'SUCCEEDED').map((row) => `${row.connectionId}/${row.providerKey}`));
  return targets.flatMap((item) => {
    const id: string = `${item.connectionId}/${item.key}`;
    const current = versions.get(id) ?? null;
    if (current === item.version || changedByUs.has(id)) return [];
    return [{ connectionId: item.connectionId, key: item.key!, plannedVersion: item.version!, currentVersion: current }];
  });
}

/** Attempts of one operation a run may make again after failures that certainly changed nothing. */
const MAX_ATTEMPTS = 100;

/**
 * The idempotency key of an operation's next attempt: the one a finished success (or an outcome that is not
 * known) was recorded under, so that it replays, or a fresh one after a failure that certainly wrote nothing
 * (FAILED or REJECTED), so that a run of the same plan tries it again.
 */
async function operationKey(deps: ApplyDeps, base: string): Promise<string> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const key = attempt === 0 ? base : `${base}:${attempt}`;
    const found = await readIdempotencyKey(deps.db, deps.actor, key);
    if (found.state !== 'completed' || found.outcome.ok !== false) return key;
    const auditEventId = found.outcome.auditEventId;
    const row = typeof auditEventId === 'string' ? await getAuditEvent(deps.db, auditEventId) : null;
    if (row && row.status !== 'FAILED' && row.status !== 'REJECTED') return key;
  }
  return `${base}:${MAX_ATTEMPTS}`;
}

export async function applyEstatePlan(
  stored: StoredEstatePlan,
  options: { secrets: ReadonlyMap<string, string>; continueOnError: boolean; parallelism: number },
  deps: ApplyDeps,
): Promise<ApplyResult> {
  const secretProblem = suppliedSecrets(stored, options.secrets, deps.fingerprinter);
  if (secretProblem) return { ok: false, error: secretProblem };
  const moved = await movedTargets(stored, deps);
  if (!Array.isArray(moved)) return { ok: false, error: moved };
  if (moved.length) return { ok: false, moved };

  const { plan } = stored;
  const report: EstateApplyItem[] = plan.items.map((item) => ({
    connectionId: item.connectionId,
    key: item.key,
    documentPath: item.documentPath,
    action: item.action,
    status: item.operations.length ? 'NOT_ATTEMPTED' : 'UNCHANGED',
    auditEvents: [],
    error: null,
  }));
  let stopped = false;
  const byConnection = new Map<string, number[]>();
  plan.items.forEach((item, index) => {
    if (item.operations.length) byConnection.set(item.connectionId, [...(byConnection.get(item.connectionId) ?? []), index]);
  });
  await mapLimit([...byConnection.values()], Math.max(1, options.parallelism), async (indexes) => {
    for (const index of indexes) {
      if (stopped) return;
      const outcome = await applyItem(plan, index, plan.items[index]!, options.secrets, deps);
      report[index] = { ...report[index]!, ...outcome };
      if (outcome.status === 'FAILED' && !options.continueOnError) stopped = true;
    }
  });
  return {
    ok: true,
    changeSetId: plan.id,
    succeeded: report.every((item) => item.status === 'APPLIED' || item.status === 'UNCHANGED'),
    items: report,
  };
}

async function applyItem(
  plan: EstatePlanData,
  index: number,
  item: EstatePlanItem,
  secrets: ReadonlyMap<string, string>,
  deps: ApplyDeps,
): Promise<Pick<EstateApplyItem, 'status' | 'auditEvents' | 'error' | 'key'>> {
  const auditEvents: AuditEventRow[] = [];
  let key = item.key;
  for (const [position, operation] of item.operations.entries()) {
    const spec = deps.specs.get(operation.operation);
    if (!spec) throw new Error(`no vendor mutation ${operation.operation}`);
    const outcome: MutationOutcome = await deps.pipeline.run({
      spec: spec as MutationSpec<VendorAdapter, unknown>,
      connectionId: item.connectionId,
      providerKey: spec.kind === 'create' ? null : key,
      input: withSecretValues(operation.input, secrets),
      actor: deps.actor,
      // The plan and the item name the change: running the same plan again replays what already finished.
      idempotencyKey: await operationKey(deps, `estate:${plan.id}:${index}:${position}`),
      // The first change of a provider checks the version planned; the next ones follow from it.
      expectedVersion: position === 0 ? item.version : null,
      changeSetId: plan.id,
      requestId: deps.requestId ?? null,
      visibleConnections: deps.visibleConnections,
    });
    if (outcome.auditEvent) auditEvents.push(outcome.auditEvent);
    if (!outcome.ok) return { status: 'FAILED', auditEvents, error: outcome.error, key };
    key = outcome.provider.key || key;
  }
  return { status: 'APPLIED', auditEvents, error: null, key };
}
