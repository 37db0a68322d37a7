// The ONE mutation pipeline every vendor mutation goes through:
// idempotency key -> validate (zod; nothing is sent on failure) -> provider exists and passes the vendor
// rules (against the cached state first, so a bad input costs no vendor call) -> per-provider lock ->
// read live state -> expected version -> rules on the live state -> plan (exact requests, predicted state)
// -> dry run stops here -> audit row PENDING -> vendor writes -> read back -> snapshot -> audit row final.
import type { z } from 'zod';
import type { JsonObject, JsonValue, MutationPlan, MutationSpec, NormalizedProvider, VendorAdapter } from './adapter.js';
import { diffProviders, matchChange } from './changes.js';
import type { Connection, ConnectionRegistry } from './connections.js';
import { type FieldError, type GatewayError, NotFoundError, ValidationError, VendorError, VersionConflictError, writeOutcomeUnknown } from './errors.js';
import { type MutationOutcome, requestHash, serializeOutcome, startIdempotent } from './idempotency.js';
import { InFlightMutations } from './in-flight.js';
import { displayRequest, type DisplayedRequest } from './planned-requests.js';
import { asGatewayError, carryForwardFingerprints, toView } from './provider-reader.js';
import { fingerprintSecrets, type Fingerprinter, scrubStrings, type SecretRegistry } from './secrets.js';
import { recordVendorCalls } from './vendor-http.js';
import { providerVersion } from './version.js';
import type { Db } from '../store/open.js';
import type { ProviderLocks } from '../store/locks.js';
import { listAuditEvents, type NewAuditEvent } from '../store/audit.js';
import { AuditFeed } from './audit-feed.js';
import { AuditLog } from './audit-log.js';
import { completeIdempotencyKey, releaseIdempotencyKey } from '../store/idempotency.js';
import { deleteSnapshot, getSnapshot, saveSnapshot, type Snapshot } from '../store/snapshots.js';
import type { SnapshotCache } from './snapshot-cache.js';

export type { MutationOutcome } from './idempotency.js';

export interface MutationCommand<Adapter extends VendorAdapter, Input> {
  spec: MutationSpec<Adapter, Input>;
  connectionId: string;
  /** The provider an update or delete names; null for a create. */
  providerKey: string | null;
  /** The input as the client sent it (before validation), without the pipeline options below. */
  input: Record<string, unknown>;
  actor: string;
  dryRun?: boolean;
  idempotencyKey?: string | null;
  /** The `version` the client read; the change is refused when the provider has moved on. */
  expectedVersion?: string | null;
  requestId?: string | null;
  /** The audit event this mutation reverts (kept in the audit row's input). */
  revertOf?: string;
  /**
   * The connections the caller may act on (its API token's `connections`); null or absent: every one. Any
   * other connection is answered exactly as one that is not configured, so nothing tells that it exists.
   */
  visibleConnections?: ReadonlySet<string> | null;
}

export interface PipelineDeps {
  db: Db;
  locks: ProviderLocks;
  /** How long a request waits for a running one with the same idempotency key (default 15 s). */
  idempotencyWaitMs?: number;
  /** Writes audit rows and publishes them; a pipeline without subscribers may leave it out. */
  auditLog?: AuditLog;
  connections: ConnectionRegistry;
  fingerprinter: Fingerprinter;
  secrets: SecretRegistry;
  /** The reader's snapshots in memory: the pre-lock check reads them there, saving a query (else the store). */
  snapshots?: SnapshotCache;
}

type AuditBase = Omit<NewAuditEvent, 'status' | 'before'>;

function zodFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message }));
}

/** A plain-JSON copy (dates as strings, undefined dropped), as jsonb stores it. */
function asJson(value: unknown): JsonObject {
  return JSON.parse(JSON.stringify(value ?? {})) as JsonObject;
}

function asJsonList(value: unknown[]): JsonValue[] {
  return JSON.parse(JSON.stringify(value)) as JsonValue[];
}

export class MutationPipeline {
  private readonly deps: PipelineDeps & { auditLog: AuditLog };

  constructor(deps: PipelineDeps) {
    this.deps = { ...deps, auditLog: deps.auditLog ?? new AuditLog(new AuditFeed()) };
  }

  /** The mutations running in this process (for graceful shutdown). */
  readonly inFlight = new InFlightMutations();

  run<Adapter extends VendorAdapter, Input>(command: MutationCommand<Adapter, Input>): Promise<MutationOutcome> {
    if (!this.inFlight.accepting) {
      const error = new VendorError(
        { vendor: this.deps.connections.find(command.connectionId)?.vendor ?? 'cpanel', httpStatus: null, vendorCode: 'SHUTTING_DOWN', retryable: true },
        'The gateway is shutting down and takes no new changes; send it again to another instance or after the restart.',
      );
      return Promise.resolve({ ok: false, error, auditEvent: null });
    }
    return this.inFlight.track(this.runNow(command));
  }

  private async runNow<Adapter extends VendorAdapter, Input>(command: MutationCommand<Adapter, Input>): Promise<MutationOutcome> {
    // Registered first, so that no message, log line or summary written from here on can carry them.
    // A field may be a dotted path into the input (SlashID's "options.privateKey").
    for (const field of command.spec.secretFields) {
      const value = field.split('.').reduce<unknown>((at, part) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[part] : undefined), command.input);
      if (typeof value === 'string') this.deps.secrets.add(value);
    }
    const key = command.idempotencyKey;
    // A dry run writes nothing, so it neither takes nor replays a key.
    if (!key || command.dryRun) return this.execute(command);
    if (key.length > 255) return { ok: false, error: new ValidationError([{ path: ['idempotencyKey'], message: 'at most 255 characters' }]), auditEvent: null };

    const claim = {
      actor: command.actor,
      key,
      operation: command.spec.operation,
      requestHash: requestHash({
        operation: command.spec.operation,
        connectionId: command.connectionId,
        providerKey: command.providerKey,
        input: asJson({ ...this.fingerprintedInput(command), expectedVersion: command.expectedVersion ?? null }),
      }),
    };
    const start = await startIdempotent(this.deps.db, claim, this.deps.idempotencyWaitMs);
    if (start.kind === 'replay') return start.outcome;
    if (start.kind === 'refuse') return { ok: false, error: start.error, auditEvent: null };
    let outcome: MutationOutcome | undefined;
    try {
      outcome = await this.execute(command);
      return outcome;
    } finally {
      // A retryable failure gives the key back so that the same request can really be retried.
      const retryable = !outcome || (!outcome.ok && outcome.error instanceof VendorError && outcome.error.retryable && !writeOutcomeUnknown(outcome.error));
      if (retryable) await releaseIdempotencyKey(this.deps.db, claim.actor, key);
      else await completeIdempotencyKey(this.deps.db, claim.actor, key, serializeOutcome(outcome!));
    }
  }

  private fingerprintedInput(command: MutationCommand<VendorAdapter, unknown>): JsonObject {
    // Fingerprinted by name, then scrubbed by value: a secret given in a field that is not named as one
    // (a cPanel extra field, a secret pasted into the wrong field) is not stored either.
    return asJson(scrubStrings(fingerprintSecrets(command.input, this.deps.fingerprinter, command.spec.secretFields), this.deps.secrets));
  }

  private async execute<Adapter extends VendorAdapter, Input>(command: MutationCommand<Adapter, Input>): Promise<MutationOutcome> {
    const { spec } = command;
    const { db } = this.deps;
    const visible = !command.visibleConnections || command.visibleConnections.has(command.connectionId);
    const connection = visible ? this.deps.connections.find(command.connectionId) : undefined;
    if (!connection) return { ok: false, error: new NotFoundError(`No connection "${command.connectionId}" is configured.`), auditEvent: null };
    const auditBase: AuditBase = {
      actor: command.actor,
      operation: spec.operation,
      connectionId: connection.id,
      vendor: connection.vendor,
      providerKey: command.providerKey,
      input: command.revertOf ? { ...this.fingerprintedInput(command), revertOf: command.revertOf } : this.fingerprintedInput(command),
      requestId: command.requestId ?? null,
    };

    const parsed = spec.input.safeParse(command.input);
    if (!parsed.success) return this.reject(auditBase, new ValidationError(zodFieldErrors(parsed.error)));
    const input = parsed.data;
    if (command.expectedVersion && command.providerKey === null) {
      return this.reject(auditBase, new ValidationError([{ path: ['expectedVersion'], message: 'a create has no version to expect' }]));
    }

    // Cheap checks on the cached state: a rule broken against the snapshot is refused without any vendor call.
    const cached = command.providerKey === null ? null : await this.cachedSnapshot(connection.id, command.providerKey);
    if (cached && spec.check) {
      const problems = spec.check(cached.provider, input);
      if (problems.length) return this.reject(auditBase, new ValidationError(problems), cached.provider);
    }

    const lockKey = `${connection.id}/${command.providerKey ?? `new:${spec.operation}`}`;
    return this.deps.locks.run(lockKey, () => this.underLock(command, connection, input, auditBase, cached?.provider ?? null, cached?.version ?? null));
  }

  private async cachedSnapshot(connectionId: string, providerKey: string): Promise<Snapshot | null> {
    const inMemory = this.deps.snapshots?.get(connectionId);
    if (inMemory) return inMemory.snapshots.find((s) => s.provider.key === providerKey) ?? null;
    return getSnapshot(this.deps.db, connectionId, providerKey);
  }

  private async underLock<Adapter extends VendorAdapter, Input>(
    command: MutationCommand<Adapter, Input>,
    connection: Connection,
    input: Input,
    auditBase: AuditBase,
    cachedProvider: NormalizedProvider | null,
    cachedVersion: string | null,
  ): Promise<MutationOutcome> {
    const { spec } = command;
    const { db, secrets } = this.deps;
    const adapter = connection.adapter as Adapter;

    const live = await recordVendorCalls(() => (command.providerKey === null ? Promise.resolve(null) : adapter.get(command.providerKey)));
    if (live.error !== undefined) return this.failBeforeChange(live.error, connection, auditBase);
    let before = live.result ?? null;
    if (command.providerKey !== null && !before) {
      return this.reject(auditBase, new NotFoundError(`${connection.vendor} has no provider "${command.providerKey}" on connection "${connection.id}".`));
    }
    if (before) before = carryForwardFingerprints(before, cachedProvider ?? undefined);

    if (command.expectedVersion && before) {
      const currentVersion = providerVersion(before);
      if (currentVersion !== command.expectedVersion) {
        const then = await this.stateAtVersion(connection.id, command.providerKey!, command.expectedVersion, cachedProvider, cachedVersion);
        const since = then ? diffProviders(then, before) : [];
        return this.reject(auditBase, new VersionConflictError(command.expectedVersion, currentVersion, since), before);
      }
    }
    const problems = spec.check?.(before, input) ?? [];
    if (problems.length) return this.reject(auditBase, new ValidationError(problems), before);

    const planned = await recordVendorCalls(() => spec.plan(adapter, before, input, { fingerprinter: this.deps.fingerprinter }));
    if (planned.error !== undefined || !planned.result) {
      const error = asGatewayError(planned.error, connection, secrets);
      return error instanceof ValidationError ? this.reject(auditBase, error, before) : this.failBeforeChange(error, connection, auditBase);
    }
    const plan = planned.result;
    const vendorRequests = plan.requests.map((request) => displayRequest(request, adapter.authHeaderNames, secrets));
    const plannedAudit = {
      ...auditBase,
      providerKey: command.providerKey ?? plan.providerKey,
      before: before ? asJson(before) : null,
      planned: plan.after ? asJson(plan.after) : null,
      plannedRequests: asJsonList(vendorRequests),
    };

    if (command.dryRun) return this.dryRun(plannedAudit, connection, before, plan, vendorRequests);

    const pending = await this.deps.auditLog.insert(db, { ...plannedAudit, status: 'PENDING' });
    this.inFlight.pendingStarted(pending.id);
    const applied = await recordVendorCalls(async () => {
      const change = await spec.apply(adapter, plan, before, input);
      const after = spec.kind === 'delete' ? null : await adapter.get(change.providerKey);
      return { change, after };
    });
    const sentRequests = asJsonList(applied.calls);
    if (applied.error !== undefined || !applied.result) {
      const error = asGatewayError(applied.error, connection, secrets);
      const status = writeOutcomeUnknown(error) ? 'UNKNOWN' : 'FAILED';
      const auditEvent = await this.deps.auditLog.finish(db, pending.id, { status, error: asJson(error.toJSON()), vendorRequests: sentRequests });
      this.inFlight.pendingFinished(pending.id);
      return { ok: false, error, auditEvent };
    }

    const { change, after: readBack } = applied.result;
    const after = readBack ? this.withGatewaySetSecrets(readBack, before, plan) : null;
    // The vendor said yes; the read-back must show it too (a vendor that answers 200 to a write it did not
    // apply is caught here rather than reported as a success).
    const verdict = plan.providerKey === null && spec.kind === 'create' ? 'target' : matchChange(before, plan.after, after);
    if (verdict !== 'target') return this.notConfirmed(connection, pending.id, verdict, before, after, sentRequests);
    let provider;
    if (after) {
      provider = toView(await saveSnapshot(db, connection.id, connection.vendor, after), false);
    } else {
      // Deleted: the payload shows the provider's last state.
      await deleteSnapshot(db, connection.id, change.providerKey);
      provider = toView({ connectionId: connection.id, vendor: connection.vendor, provider: before!, version: providerVersion(before!), fetchedAt: new Date() }, false);
    }
    const changes = diffProviders(before, after);
    const auditEvent = await this.deps.auditLog.finish(db, pending.id, {
      status: 'SUCCEEDED',
      providerKey: change.providerKey,
      after: after ? asJson(after) : null,
      changes,
      vendorRequests: sentRequests,
    });
    this.inFlight.pendingFinished(pending.id);
    return { ok: true, dryRun: false, replayed: false, provider, auditEvent, changes, vendorRequests };
  }

  private async dryRun(
    plannedAudit: AuditBase & { before: JsonObject | null; planned: JsonObject | null },
    connection: Connection,
    before: NormalizedProvider | null,
    plan: MutationPlan,
    vendorRequests: DisplayedRequest[],
  ): Promise<MutationOutcome> {
    const changes = diffProviders(before, plan.after);
    const row = await this.deps.auditLog.insert(this.deps.db, { ...plannedAudit, status: 'DRY_RUN' });
    const auditEvent = await this.deps.auditLog.finish(this.deps.db, row.id, { status: 'DRY_RUN', changes });
    const shown = plan.after ?? before!;
    const provider = toView(
      { connectionId: connection.id, vendor: connection.vendor, provider: { ...shown, key: shown.key || plan.providerKey || '' }, version: providerVersion(shown), fetchedAt: new Date() },
      false,
    );
    return { ok: true, dryRun: true, replayed: false, provider, auditEvent, changes, vendorRequests };
  }

  /** The vendor accepted a write that the read-back does not show: FAILED if nothing changed, else UNKNOWN. */
  private async notConfirmed(
    connection: Connection,
    auditId: string,
    verdict: 'before' | 'neither',
    before: NormalizedProvider | null,
    after: NormalizedProvider | null,
    vendorRequests: JsonValue[],
  ): Promise<MutationOutcome> {
    const { db } = this.deps;
    if (after) await saveSnapshot(db, connection.id, connection.vendor, after);
    const error = new VendorError(
      { vendor: connection.vendor, httpStatus: null, vendorCode: 'NOT_CONFIRMED', retryable: verdict === 'before' },
      verdict === 'before'
        ? `${connection.vendor} accepted the change, but reading the provider back shows it unchanged.`
        : `${connection.vendor} accepted the change, but reading the provider back shows neither the old nor the planned state.`,
    );
    const auditEvent = await this.deps.auditLog.finish(db, auditId, {
      status: verdict === 'before' ? 'FAILED' : 'UNKNOWN',
      error: asJson(error.toJSON()),
      after: after ? asJson(after) : null,
      changes: diffProviders(before, after),
      vendorRequests,
    });
    this.inFlight.pendingFinished(auditId);
    return { ok: false, error, auditEvent };
  }

  /**
   * The provider as it was at `version`, where the gateway still knows it: the cached snapshot, or a state
   * recorded in the provider's recent audit rows (before or after a change).
   */
  private async stateAtVersion(
    connectionId: string,
    providerKey: string,
    version: string,
    cachedProvider: NormalizedProvider | null,
    cachedVersion: string | null,
  ): Promise<NormalizedProvider | null> {
    if (cachedProvider && cachedVersion === version) return cachedProvider;
    const rows = await listAuditEvents(this.deps.db, { connectionId, providerKey, limit: 50 });
    for (const row of rows) {
      for (const state of [row.after, row.before]) {
        if (state && providerVersion(state as unknown as NormalizedProvider) === version) return state as unknown as NormalizedProvider;
      }
    }
    return null;
  }

  /** A refused attempt is still on record: one REJECTED row with the reason. */
  private async reject(auditBase: AuditBase, error: GatewayError, before: NormalizedProvider | null = null): Promise<MutationOutcome> {
    // A rule's message may quote the input: never a secret of it (the caller and the audit row see this).
    error.message = this.deps.secrets.scrub(error.message);
    if (error instanceof ValidationError) for (const field of error.fieldErrors) field.message = this.deps.secrets.scrub(field.message);
    const row = await this.deps.auditLog.insert(this.deps.db, { ...auditBase, status: 'REJECTED', before: before ? asJson(before) : null });
    const auditEvent = await this.deps.auditLog.finish(this.deps.db, row.id, { status: 'REJECTED', error: asJson(error.toJSON()) });
    return { ok: false, error, auditEvent };
  }

  /** Reading or planning failed: nothing was written, but the attempt is still on record. */
  private async failBeforeChange(error: unknown, connection: Connection, auditBase: AuditBase): Promise<MutationOutcome> {
    const typed = asGatewayError(error, connection, this.deps.secrets);
    const row = await this.deps.auditLog.insert(this.deps.db, { ...auditBase, status: 'FAILED' });
    const auditEvent = await this.deps.auditLog.finish(this.deps.db, row.id, { status: 'FAILED', error: asJson(typed.toJSON()) });
    return { ok: false, error: typed, auditEvent };
  }

  /**
   * A vendor that never returns a secret (SlashID) cannot tell whether it changed: the read-back keeps the
   * fingerprints the plan predicted (the secret just set, or the one known before) for keys it lacks.
   */
  private withGatewaySetSecrets(readBack: NormalizedProvider, before: NormalizedProvider | null, plan: MutationPlan): NormalizedProvider {
    const known = { ...(before?.secretFingerprints ?? {}), ...(plan.after?.secretFingerprints ?? {}) };
    return { ...readBack, secretFingerprints: { ...known, ...readBack.secretFingerprints } };
  }
}
