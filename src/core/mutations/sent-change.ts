// How a change that was sent to its vendor ended, and the writing down of it: the snapshot, the audit row's
// final fields and the idempotency key. The vendor has acted, so this is written even when the database is
// away (core/write-retries.ts): the answer waits for it a little, then says OutcomePendingError with the
// PENDING row while the writes go on. The row is finished only while it is still PENDING: if a reconciler
// finished it first (this instance's lease ran out meanwhile), that verdict is the record and the answer.
import type { JsonObject, JsonValue, MutationPlan, MutationSpec, NormalizedProvider, VendorAdapter } from '../vendor-contract/adapter.js';
import type { AuditLog } from '../audit/log.js';
import { diffProviders, matchChange } from './changes.js';
import type { Connection } from '../connections.js';
import { OutcomePendingError, VendorError, writeOutcomeUnknown } from '../errors.js';
import {
  type Attempt,
  givesKeyBack,
  type KeyedAttempt,
  type MutationOutcome,
  outcomeOfAuditRow,
  reviveOutcome,
  serializeOutcome,
} from './idempotency.js';
import type { InstanceLease } from './instance-lease.js';
import type { DisplayedRequest } from './planned-requests.js';
import { withKnownDetails } from '../reads/drift.js';
import { asGatewayError, toView } from '../reads/provider-reader.js';
import type { SecretRegistry } from '../secrets.js';
import { providerVersion } from '../../model/version.js';
import type { WriteRetries } from './write-retries.js';
import type { Db } from '../../store/open.js';
import { type AuditEventRow, getAuditEvent } from '../../store/audit.js';

/** How a sent change ended, to be written down: the snapshot, the row's final fields, and the answer built from the finished row. */
export interface SentChange {
  /** What the snapshot becomes: the state read back, with its version (worked out once, for the snapshot and the answer). */
  snapshot: { save: NormalizedProvider; version: string } | { delete: string } | null;
  row: Parameters<AuditLog['finish']>[2] & { status: 'SUCCEEDED' | 'FAILED' | 'UNKNOWN' };
  answer(auditEvent: AuditEventRow): MutationOutcome;
}

/** A plain-JSON copy (dates as strings, undefined dropped), as jsonb stores it. */
const asJson = <T = JsonObject>(value: unknown): T => JSON.parse(JSON.stringify(value ?? {})) as T;

/**
 * A vendor that never returns a secret (SlashID) cannot tell whether it changed: the read-back keeps the
 * fingerprints the plan predicted (the secret just set, or the one known before) for keys it lacks.
 */
function withGatewaySetSecrets(readBack: NormalizedProvider, before: NormalizedProvider | null, plan: MutationPlan): NormalizedProvider {
  const known = { ...(before?.secretFingerprints ?? {}), ...(plan.after?.secretFingerprints ?? {}) };
  const knownDetails = { ...(before?.details ?? {}), ...(plan.after?.details ?? {}) };
  return {
    ...readBack,
    secretFingerprints: { ...known, ...readBack.secretFingerprints },
    details: withKnownDetails(readBack.details, knownDetails),
  };
}

/** The vendor's answer to the writes (and the read-back), judged against the plan. */
export function describeSentChange(sent: {
  applied: { calls: unknown[]; result?: { change: { providerKey: string }; after: NormalizedProvider | null }; error?: unknown };
  connection: Connection;
  kind: MutationSpec<VendorAdapter, unknown>['kind'];
  before: NormalizedProvider | null;
  plan: MutationPlan;
  vendorRequests: DisplayedRequest[];
  secrets: SecretRegistry;
}): SentChange {
  const { applied, connection, kind, before, plan, vendorRequests } = sent;
  const sentRequests = asJson<JsonValue[]>(applied.calls);
  if (applied.error !== undefined || !applied.result) {
    const error = asGatewayError(applied.error, connection, sent.secrets);
    const status = writeOutcomeUnknown(error) ? 'UNKNOWN' : 'FAILED';
    return {
      snapshot: null,
      row: { status, error: asJson(error.toJSON()), vendorRequests: sentRequests },
      answer: (auditEvent) => ({ ok: false, error, auditEvent }),
    };
  }
  const { change, after: readBack } = applied.result;
  const after = readBack ? withGatewaySetSecrets(readBack, before, plan) : null;
  const saved = after ? { save: after, version: providerVersion(after) } : null;
  // The vendor said yes; the read-back must show it too (a vendor that answers 200 to a write it did not
  // apply is caught here rather than reported as a success).
  const verdict = plan.providerKey === null && kind === 'create' ? 'target' : matchChange(before, plan.after, after);
  if (verdict !== 'target') {
    const error = new VendorError(
      { vendor: connection.vendor, httpStatus: null, vendorCode: 'NOT_CONFIRMED', retryable: verdict === 'before' },
      verdict === 'before'
        ? `${connection.vendor} accepted the change, but reading the provider back shows it unchanged.`
        : `${connection.vendor} accepted the change, but reading the provider back shows neither the old nor the planned state.`,
    );
    return {
      snapshot: saved,
      row: {
        status: verdict === 'before' ? 'FAILED' : 'UNKNOWN',
        error: asJson(error.toJSON()),
        after: after ? asJson(after) : null,
        changes: diffProviders(before, after),
        vendorRequests: sentRequests,
      },
      answer: (auditEvent) => ({ ok: false, error, auditEvent }),
    };
  }
  const changes = diffProviders(before, after);
  return {
    snapshot: saved ?? { delete: change.providerKey },
    row: {
      status: 'SUCCEEDED',
      providerKey: change.providerKey,
      after: after ? asJson(after) : null,
      changes,
      vendorRequests: sentRequests,
    },
    answer: (auditEvent) => {
      // Deleted: the payload shows the provider's last state.
      const state = saved?.save ?? before!;
      const provider = toView(
        {
          connectionId: connection.id,
          vendor: connection.vendor,
          provider: state,
          version: saved?.version ?? providerVersion(state),
          fetchedAt: auditEvent.finishedAt ?? new Date(),
        },
        false,
      );
      return { ok: true, dryRun: false, replayed: false, provider, auditEvent, changes, vendorRequests };
    },
  };
}

/** What the finishing statement does with the attempt's idempotency key: its outcome stored, or the claim given back. */
function keySettlement(keyed: KeyedAttempt, expected: MutationOutcome, instanceId: string) {
  return givesKeyBack(expected) ? { ...keyed, releasedBy: instanceId } : { ...keyed, complete: serializeOutcome(expected) };
}

export interface SentChangeDeps {
  db: Db;
  auditLog: AuditLog;
  retries: WriteRetries;
  lease: InstanceLease;
}

/** Writes down how a sent change ended (snapshot, row, key: one statement), retrying while the database is away. */
export async function recordSentChange(
  deps: SentChangeDeps,
  pending: AuditEventRow,
  connection: Connection,
  keyed: KeyedAttempt | null,
  sent: SentChange,
): Promise<Attempt> {
  const { db, auditLog } = deps;
  // The finish time is chosen here, so that the key's stored outcome (which shows it) is known before the
  // statement that writes it with the row: it is the answer `sent.answer` gives for the finished row.
  const outcome = { ...sent.row, finishedAt: new Date() };
  const key = keyed ? keySettlement(keyed, sent.answer({ ...pending, finishedAt: outcome.finishedAt }), deps.lease.id) : null;
  const written = await deps.retries.run(`finish audit event ${pending.id}`, async () => {
    const row = await auditLog.finishChange(db, {
      connectionId: connection.id,
      vendor: connection.vendor,
      snapshot: sent.snapshot,
      pending,
      outcome,
      key,
    });
    if (!row) {
      // Finished by someone else (this instance's lease ran out meanwhile): their verdict is the record.
      const settled = (await getAuditEvent(db, pending.id))!;
      return reviveOutcome(db, outcomeOfAuditRow(settled), { replayed: false });
    }
    return sent.answer(row);
  });
  if (written.done) return { outcome: written.value, keySettled: true };
  const observed = sent.row.status;
  const error = new OutcomePendingError(
    `The change was sent to ${connection.vendor} and ended ${observed}${observed === 'SUCCEEDED' ? ' (read back: applied)' : ''}, but the gateway's database did not answer ` +
      `in time to record it. Audit event ${pending.id} stays PENDING until the database answers; then it is finished as ${observed}. ` +
      (keyed
        ? 'A retry with the same idempotency key replays that outcome.'
        : 'Read the audit event (or the provider) before sending the change again.'),
    observed,
  );
  // The key stays claimed: the background write settles it together with the row.
  return { outcome: { ok: false, error, auditEvent: pending }, keySettled: true };
}
