// Idempotency keys for mutations: the same (actor, key) with the same request replays the first result;
// with another request it is refused; while the first still runs, the second waits for it a little.
import { createHash } from 'node:crypto';
import type { JsonObject, ProviderView } from './adapter.js';
import {
  GatewayError,
  IdempotencyInProgressError,
  IdempotencyKeyReuseError,
  NotFoundError,
  ValidationError,
  VendorError,
  VersionConflictError,
} from './errors.js';
import type { DisplayedRequest } from './planned-requests.js';
import { stableStringify } from './version.js';
import type { Db } from '../store/open.js';
import { getAuditEvent, type AuditEventRow } from '../store/audit.js';
import { claimIdempotencyKey, readIdempotencyKey } from '../store/idempotency.js';
import type { StoredFieldChange } from '../store/tables.js';

export interface MutationSuccess {
  ok: true;
  dryRun: boolean;
  /** True when this is the stored result of an earlier request with the same idempotency key. */
  replayed: boolean;
  /** The provider after the change (a dry run: as it would be; a delete: its last state). */
  provider: ProviderView;
  auditEvent: AuditEventRow;
  changes: StoredFieldChange[];
  vendorRequests: DisplayedRequest[];
}

export interface MutationFailure {
  ok: false;
  error: GatewayError;
  auditEvent: AuditEventRow | null;
}

export type MutationOutcome = MutationSuccess | MutationFailure;

/** sha256 of what makes two requests "the same": operation, target and input (secrets as fingerprints). */
export function requestHash(parts: { operation: string; connectionId: string; providerKey: string | null; input: JsonObject }): string {
  return createHash('sha256').update(stableStringify(parts)).digest('hex');
}

export function serializeOutcome(outcome: MutationOutcome): JsonObject {
  const json = JSON.parse(
    JSON.stringify(
      outcome.ok
        ? { ok: true, dryRun: outcome.dryRun, provider: outcome.provider, auditEventId: outcome.auditEvent.id, changes: outcome.changes, vendorRequests: outcome.vendorRequests }
        : { ok: false, error: outcome.error.toJSON(), auditEventId: outcome.auditEvent?.id ?? null },
    ),
  ) as JsonObject;
  return json;
}

function reviveError(json: Record<string, any>): GatewayError {
  switch (json.code) {
    case 'VALIDATION_FAILED':
      return new ValidationError(json.fieldErrors ?? [], json.message);
    case 'NOT_FOUND':
      return new NotFoundError(json.message);
    case 'VERSION_CONFLICT':
      return new VersionConflictError(json.expectedVersion, json.currentVersion, json.changes ?? []);
    default:
      return new VendorError(
        { vendor: json.vendor, httpStatus: json.httpStatus ?? null, vendorCode: json.vendorCode ?? 'UNEXPECTED', retryable: Boolean(json.retryable) },
        json.message,
      );
  }
}

export async function reviveOutcome(db: Db, stored: JsonObject): Promise<MutationOutcome> {
  const data = stored as Record<string, any>;
  const auditEvent = data.auditEventId ? await getAuditEvent(db, data.auditEventId) : null;
  if (!data.ok) return { ok: false, error: reviveError(data.error), auditEvent };
  const provider = { ...data.provider, syncedAt: new Date(data.provider.syncedAt) } as ProviderView;
  return { ok: true, dryRun: data.dryRun, replayed: true, provider, auditEvent: auditEvent!, changes: data.changes, vendorRequests: data.vendorRequests };
}

/** How long a second request waits for a first one with the same key before it says so. */
export const WAIT_FOR_RUNNING_MS = 15_000;
const POLL_MS = 100;

export type IdempotencyStart = { kind: 'run' } | { kind: 'replay'; outcome: MutationOutcome } | { kind: 'refuse'; error: GatewayError };

/** Claims the key, or tells what to answer instead: the stored result, a reuse error, or in-progress. */
export async function startIdempotent(
  db: Db,
  claim: { actor: string; key: string; operation: string; requestHash: string },
  waitMs = WAIT_FOR_RUNNING_MS,
): Promise<IdempotencyStart> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const result = await claimIdempotencyKey(db, claim);
    if (result.state === 'claimed') return { kind: 'run' };
    if (result.requestHash !== claim.requestHash) return { kind: 'refuse', error: new IdempotencyKeyReuseError(claim.key) };
    if (result.state === 'completed') return { kind: 'replay', outcome: await reviveOutcome(db, result.outcome) };
    if (Date.now() >= deadline) return { kind: 'refuse', error: new IdempotencyInProgressError(claim.key) };
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const again = await readIdempotencyKey(db, claim.actor, claim.key);
    if (again.state === 'completed' && again.requestHash === claim.requestHash) {
      return { kind: 'replay', outcome: await reviveOutcome(db, again.outcome) };
    }
  }
}
