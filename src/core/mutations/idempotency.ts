// Idempotency keys for mutations: the same (actor, key) with the same request replays the first result;
// with another request it is refused; while the first still runs, the second waits for it a little.
// A claim belongs to the instance running it. If that instance dies, the claim is not simply taken over
// after a while: the attempt's audit row (which carries the key) decides. No row: nothing was sent, the key
// is taken over and the request runs. A finished row: its outcome is the key's outcome, replayed. A row
// still PENDING: the reconciler settles it (and the key with it) once the owner's lease has run out; until
// then the answer is IdempotencyInProgressError with a retryAfterSeconds.
import { createHash } from 'node:crypto';
import type { JsonObject, NormalizedProvider, ProviderView } from '../vendor-contract/adapter.js';
import {
  ChangeInProgressError,
  ConfigurationTestFailedError,
  type GatewayError,
  IdempotencyInProgressError,
  IdempotencyKeyReuseError,
  MutationInterruptedError,
  NotFoundError,
  StoreUnavailableError,
  ValidationError,
  VendorError,
  VersionConflictError,
  writeOutcomeUnknown,
} from '../errors.js';
import type { DisplayedRequest } from './planned-requests.js';
import { providerVersion, stableStringify } from '../../model/version.js';
import type { Db } from '../../store/open.js';
import { type AuditEventRow, getAuditEvent, latestAuditEventOfKey } from '../../store/audit.js';
import { claimIdempotencyKey, completeIdempotencyKey, readIdempotencyKey, takeOverIdempotencyKey } from '../../store/idempotency.js';
import type { StoredFieldChange } from '../../store/tables.js';
import type { ConfigurationCheck } from '../setup/configuration.js';

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
  /** The configuration checks `test: true` ran (none failed); absent without it. */
  checks?: ConfigurationCheck[];
}

export interface MutationFailure {
  ok: false;
  error: GatewayError;
  auditEvent: AuditEventRow | null;
}

export type MutationOutcome = MutationSuccess | MutationFailure;

/** The idempotency key an attempt runs under: settled with its outcome (or given back) when it ends. */
export interface KeyedAttempt {
  actor: string;
  key: string;
}

/** What an attempt ended with, and whether its key (if any) was settled on the way (with the audit row). */
export interface Attempt {
  outcome: MutationOutcome;
  keySettled: boolean;
}

/**
 * Whether an outcome gives its idempotency key back (the same request may really be tried again) rather than
 * being replayed: nothing was changed, and trying again later may do better.
 */
export function givesKeyBack(outcome: MutationOutcome): boolean {
  if (outcome.ok) return false;
  const { error } = outcome;
  if (error instanceof StoreUnavailableError || error instanceof ChangeInProgressError) return true;
  return error instanceof VendorError && error.retryable && !writeOutcomeUnknown(error);
}

/** sha256 of what makes two requests "the same": operation, target and input (secrets as fingerprints). */
export function requestHash(parts: { operation: string; connectionId: string; providerKey: string | null; input: JsonObject }): string {
  return createHash('sha256').update(stableStringify(parts)).digest('hex');
}

export function serializeOutcome(outcome: MutationOutcome): JsonObject {
  const json = JSON.parse(
    JSON.stringify(
      outcome.ok
        ? {
            ok: true,
            dryRun: outcome.dryRun,
            provider: outcome.provider,
            auditEventId: outcome.auditEvent.id,
            changes: outcome.changes,
            vendorRequests: outcome.vendorRequests,
            checks: outcome.checks,
          }
        : { ok: false, error: outcome.error.toJSON(), auditEventId: outcome.auditEvent?.id ?? null },
    ),
  ) as JsonObject;
  return json;
}

/**
 * The outcome a finished audit row stands for, in serialized form: what a key whose owner died is settled
 * with (by the reconciler, or by the next request with that key). A succeeded row's payload is rebuilt from
 * the row: the provider as it was left (its last state, for a delete), the changes, the requests as planned.
 */
export function outcomeOfAuditRow(row: AuditEventRow): JsonObject {
  if (row.status === 'SUCCEEDED') {
    const state = (row.after ?? row.before) as NormalizedProvider;
    const provider = {
      ...state,
      vendor: row.vendor,
      connectionId: row.connectionId,
      version: providerVersion(state),
      syncedAt: row.finishedAt ?? row.startedAt,
      stale: false,
    };
    return JSON.parse(
      JSON.stringify({
        ok: true,
        dryRun: false,
        provider,
        auditEventId: row.id,
        changes: row.changes,
        vendorRequests: row.plannedRequests,
      }),
    ) as JsonObject;
  }
  const error = row.error ?? { code: 'INTERRUPTED', message: `The change ended ${row.status}.` };
  const status = row.status === 'FAILED' ? 'FAILED' : 'UNKNOWN';
  return { ok: false, error: error.code === 'INTERRUPTED' ? { ...error, status } : error, auditEventId: row.id };
}

// biome-ignore lint/suspicious/noExplicitAny: a stored JSON error, read field by field below
function reviveError(json: Record<string, any>): GatewayError {
  switch (json.code) {
    case 'VALIDATION_FAILED':
      return new ValidationError(json.fieldErrors ?? [], json.message);
    case 'NOT_FOUND':
      return new NotFoundError(json.message);
    case 'VERSION_CONFLICT':
      return new VersionConflictError(json.expectedVersion, json.currentVersion, json.changes ?? []);
    case 'CONFIGURATION_TEST_FAILED':
      return new ConfigurationTestFailedError(json.checks ?? []);
    case 'INTERRUPTED':
      return new MutationInterruptedError(json.message, json.status === 'FAILED' ? 'FAILED' : 'UNKNOWN');
    default:
      return new VendorError(
        {
          vendor: json.vendor,
          httpStatus: json.httpStatus ?? null,
          vendorCode: json.vendorCode ?? 'UNEXPECTED',
          retryable: Boolean(json.retryable),
        },
        json.message,
      );
  }
}

export async function reviveOutcome(
  db: Db,
  stored: JsonObject,
  options: { replayed: boolean } = { replayed: true },
): Promise<MutationOutcome> {
  // biome-ignore lint/suspicious/noExplicitAny: a stored JSON outcome, read field by field below
  const data = stored as Record<string, any>;
  const auditEvent = data.auditEventId ? await getAuditEvent(db, data.auditEventId) : null;
  if (!data.ok) {
    const error = reviveError(data.error);
    error.auditEvent = auditEvent;
    return { ok: false, error, auditEvent };
  }
  const provider = { ...data.provider, syncedAt: new Date(data.provider.syncedAt) } as ProviderView;
  return {
    ok: true,
    dryRun: data.dryRun,
    replayed: options.replayed,
    provider,
    auditEvent: auditEvent!,
    changes: data.changes,
    vendorRequests: data.vendorRequests,
    ...(data.checks ? { checks: data.checks } : {}),
  };
}

/** How long a second request waits for a first one with the same key before it says so. */
export const WAIT_FOR_RUNNING_MS = 15_000;
const POLL_MS = 100;

export type IdempotencyStart = { kind: 'run' } | { kind: 'replay'; outcome: MutationOutcome } | { kind: 'refuse'; error: GatewayError };

export interface IdempotencyTiming {
  /** How long to wait for a running request with the same key before answering in-progress. */
  waitMs?: number;
  /** How long after its owner's lease ended a PENDING row is reconciled, at the latest (the grace plus one reconciler pass). */
  settledAfterLeaseMs: number;
}

/** Claims the key for `claim.ownerInstance`, or tells what to answer instead: the stored result, a reuse error, or in-progress. */
export async function startIdempotent(
  db: Db,
  claim: { actor: string; key: string; operation: string; requestHash: string; ownerInstance: string },
  timing: IdempotencyTiming,
): Promise<IdempotencyStart> {
  const deadline = Date.now() + (timing.waitMs ?? WAIT_FOR_RUNNING_MS);
  let state = await claimIdempotencyKey(db, claim);
  for (;;) {
    if (state.state === 'claimed') return { kind: 'run' };
    if (state.requestHash !== claim.requestHash) return { kind: 'refuse', error: new IdempotencyKeyReuseError(claim.key) };
    if (state.state === 'completed') return { kind: 'replay', outcome: await reviveOutcome(db, state.outcome) };
    if (!state.ownerAlive) {
      // Its instance is gone: what its audit row says decides.
      const row = await latestAuditEventOfKey(db, claim.actor, claim.key, state.claimedAt);
      if (!row) {
        if (await takeOverIdempotencyKey(db, claim.actor, claim.key, state.ownerInstance, claim.ownerInstance)) return { kind: 'run' };
      } else if (row.status !== 'PENDING') {
        const outcome = outcomeOfAuditRow(row);
        await completeIdempotencyKey(db, claim.actor, claim.key, outcome);
        return { kind: 'replay', outcome: await reviveOutcome(db, outcome) };
      } else {
        const settledInMs = (state.ownerLeaseEndsInMs ?? 0) + timing.settledAfterLeaseMs;
        const seconds = Math.max(1, Math.ceil(settledInMs / 1000));
        return {
          kind: 'refuse',
          error: new IdempotencyInProgressError(
            claim.key,
            seconds,
            'was interrupted (its gateway instance stopped) and is not settled yet',
          ),
        };
      }
    } else if (Date.now() >= deadline) {
      return { kind: 'refuse', error: new IdempotencyInProgressError(claim.key, 1) };
    } else {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    state = await readIdempotencyKey(db, claim.actor, claim.key);
    if (state.state === 'claimed') state = await claimIdempotencyKey(db, claim);
  }
}
