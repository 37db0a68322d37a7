// The ONE mutation pipeline every vendor mutation goes through:
// idempotency key -> validate (shared rules, then zod; nothing is sent on failure) -> provider exists and
// passes the vendor rules (against the cached state first, so a bad input costs no vendor call) ->
// per-provider lock (the live read sent meanwhile when this pipeline made the provider's last change: early-read.ts)
// -> read live state -> expected version -> rules on the live state -> plan (exact
// requests, predicted state) -> dry run stops here -> audit row PENDING -> vendor writes -> read back ->
// snapshot + audit row final + idempotency key (one statement: store/finish-change.ts).
// Round trips to the database on PostgreSQL (test/performance/mutation-statements.test.ts): the lock, the
// PENDING check (with the provider's last PENDING change) and a snapshot not in memory go together (store/locks.ts
// `first`); the PENDING row; the finish. After this pipeline's own change of the provider, the PENDING row goes
// with the lock too, planned from the state that change left (planned-ahead.ts): two round trips.
//
// The database may be lost at any point. Before the PENDING row is written nothing has been sent, and the
// answer is StoreUnavailableError. The PENDING row itself is written only if the database confirms, in the
// same statement, that this instance still holds the provider's lock and its lease (see store/audit.ts). Once
// a vendor write was sent, how it ended is written down even if the database is away (core/write-retries.ts):
// the answer is the payload when the row could be finished in time, else OutcomePendingError with the row.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { JsonObject, JsonValue, MutationPlan, MutationSpec, NormalizedProvider, VendorAdapter } from '../vendor-contract/adapter.js';
import { diffProviders } from './changes.js';
import type { Connection, ConnectionRegistry } from '../connections.js';
import {
  ConfigurationTestFailedError,
  type FieldError,
  type GatewayError,
  NotFoundError,
  StoreUnavailableError,
  ValidationError,
  VendorError,
  VersionConflictError,
} from '../errors.js';
import {
  type Attempt,
  givesKeyBack,
  type KeyedAttempt,
  type MutationOutcome,
  requestHash,
  serializeOutcome,
  startIdempotent,
} from './idempotency.js';
import { InFlightMutations } from './in-flight.js';
import { checkMutationInput, checkPipelineOptions } from '../inputs/input-rules.js';
import { InstanceLease, leaseMsFromEnv } from './instance-lease.js';
import type { Logger } from '../log.js';
import { displayRequest, type DisplayedRequest } from './planned-requests.js';
import { describeSentChange, recordSentChange } from './sent-change.js';
import { asGatewayError, carryForwardFingerprints, toView } from '../reads/provider-reader.js';
import { awaitPendingChange, type PendingChangeDeps } from './pending-change.js';
import { withoutRefusedValues } from './refused-input.js';
import { fingerprintSecrets, type Fingerprinter, scrubStrings, type SecretRegistry } from '../secrets.js';
import { storableJson } from './storable-json.js';
import { recordVendorCalls } from '../vendor-http/client.js';
import { providerVersion, sameState } from '../../model/version.js';
import { WriteRetries } from './write-retries.js';
import type { Db } from '../../store/open.js';
import type { HeldLock, ProviderLocks } from '../../store/locks.js';
import type { StoredFieldChange } from '../../store/tables.js';
import {
  type AuditEventRow,
  lastPendingChangeOf,
  listAuditEvents,
  type NewAuditEvent,
  pendingAndLastChangeOf,
  type PendingRow,
  pendingInsertRefusal,
  pendingRowOf,
} from '../../store/audit.js';
import { AuditFeed } from '../audit/feed.js';
import { AuditLog } from '../audit/log.js';
import { completeIdempotencyKey, releaseIdempotencyKey } from '../../store/idempotency.js';
import { getSnapshot, type Snapshot } from '../../store/snapshots.js';
import { EarlyRead, type OwnChange, OwnChanges, type RecordedRead } from './early-read.js';
import { type AheadPlan, PlannedAhead } from './planned-ahead.js';
import type { SnapshotCache } from '../reads/snapshot-cache.js';
import { isStoreUnavailable } from '../../store/unavailable.js';
import type { OutboundFetcher } from '../outbound/fetcher.js';
import type { ConfigurationCheck } from '../setup/configuration.js';
import { recordedSources, resolveSetupSources } from '../setup/input-sources.js';
import { checkProviderConfiguration } from '../setup/provider-checks.js';

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
  /** Check the configuration the change would leave first (core/setup/), refusing it on any FAIL. */
  test?: boolean | null;
  requestId?: string | null;
  /** The audit event this mutation reverts (kept in the audit row's input). */
  revertOf?: string;
  /** The change set (an estate apply) this mutation belongs to: every audit row it writes carries it. */
  changeSetId?: string | null;
  /**
   * The connections the caller may act on (its API token's `connections`); null or absent: every one. Any
   * other connection is answered exactly as one that is not configured, so nothing tells that it exists.
   */
  visibleConnections?: ReadonlySet<string> | null;
}

/** What `preview` gives: the plan, its field changes and the exact requests (secrets redacted), or why not. */
export type PreviewOutcome =
  | { ok: true; plan: MutationPlan; changes: StoredFieldChange[]; vendorRequests: DisplayedRequest[] }
  | { ok: false; error: GatewayError };

export interface PipelineDeps {
  db: Db;
  locks: ProviderLocks;
  /** This instance's lease: the owner of its PENDING rows and idempotency claims (default: a new one, IDP_GATEWAY_LEASE_MS). */
  lease?: InstanceLease;
  /** How long a request waits for a running one with the same idempotency key, or another change of its provider (default 15 s). */
  idempotencyWaitMs?: number;
  /** Writes audit rows and publishes them; a pipeline without subscribers may leave it out. */
  auditLog?: AuditLog;
  connections: ConnectionRegistry;
  fingerprinter: Fingerprinter;
  secrets: SecretRegistry;
  /** The reader's snapshots in memory: the pre-lock check reads them there, saving a query (else the store). */
  snapshots?: SnapshotCache;
  /** Store writes retried while the database is away (default: a new one, answering within 3 s). */
  retries?: WriteRetries;
  /** Fetches SAML metadata and discovery documents, and runs the configuration checks' probes (guarded). */
  fetcher?: OutboundFetcher;
  logger?: Logger;
}

type AuditBase = Omit<NewAuditEvent, 'status' | 'before'>;

function zodFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message }));
}

/** A plain-JSON copy (dates as strings, undefined dropped), as jsonb stores it. */
function asJson(value: unknown): JsonObject {
  return JSON.parse(JSON.stringify(value ?? {})) as JsonObject;
}

const done = (outcome: MutationOutcome): Attempt => ({ outcome, keySettled: false });

/** A change as the pipeline works on it under its provider's lock. */
interface LockedChange<Adapter extends VendorAdapter, Input> {
  command: MutationCommand<Adapter, Input>;
  connection: Connection;
  input: Input;
  auditBase: AuditBase;
  cached: Snapshot | null;
  serialKey: string;
  keyed: KeyedAttempt | null;
  /** The live read sent while the lock was being taken, when it can be trusted (early-read.ts). */
  live: Promise<RecordedRead<NormalizedProvider | null>> | null;
  /** The change planned ahead whose PENDING row was written with the lock (planned-ahead.ts): this attempt's row. */
  ahead: PlannedAhead | null;
}

export class MutationPipeline {
  private readonly deps: PipelineDeps & { auditLog: AuditLog; retries: WriteRetries; lease: InstanceLease };

  constructor(deps: PipelineDeps) {
    this.deps = {
      ...deps,
      auditLog: deps.auditLog ?? new AuditLog(new AuditFeed()),
      retries: deps.retries ?? new WriteRetries(deps.logger),
      lease: deps.lease ?? new InstanceLease(deps.db, leaseMsFromEnv()),
    };
    this.deps.auditLog.feed.watch((row) => this.ownChanges.heard(row));
  }

  /** What this pipeline's own finished changes left: what a change's early live read is based on (early-read.ts). */
  private readonly ownChanges = new OwnChanges();

  /** The mutations running in this process (for graceful shutdown). */
  readonly inFlight = new InFlightMutations();

  /** Where the pipeline and its retried writes report (set once the gateway's logger exists). */
  set logger(logger: Logger) {
    this.deps.logger = logger;
    this.deps.retries.logger = logger;
  }

  /** Store writes of finished changes still waiting for the database (for graceful shutdown). */
  get retries(): WriteRetries {
    return this.deps.retries;
  }

  run<Adapter extends VendorAdapter, Input>(command: MutationCommand<Adapter, Input>): Promise<MutationOutcome> {
    if (!this.inFlight.accepting) {
      const error = new VendorError(
        { vendor: this.vendorOf(command.connectionId), httpStatus: null, vendorCode: 'SHUTTING_DOWN', retryable: true },
        'The gateway is shutting down and takes no new changes; send it again to another instance or after the restart.',
      );
      return Promise.resolve({ ok: false, error, auditEvent: null });
    }
    return this.inFlight.track(
      this.runNow(command).then((outcome) => {
        // Every error tells the audit event the attempt left, where it left one.
        if (!outcome.ok && outcome.auditEvent) outcome.error.auditEvent = outcome.auditEvent;
        return outcome;
      }),
    );
  }

  /**
   * A change planned against a state the caller already read (an estate plan reads one list per connection,
   * not one provider at a time): the same input rules, vendor checks and plan as a dry run, but no vendor read
   * of its own, no lock and no audit row (the stored estate plan is the record). Nothing is sent.
   */
  async preview<Adapter extends VendorAdapter, Input>(
    command: MutationCommand<Adapter, Input>,
    current: NormalizedProvider | null,
  ): Promise<PreviewOutcome> {
    const { spec } = command;
    for (const field of spec.secretFields) {
      const value = field
        .split('.')
        .reduce<unknown>((at, part) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[part] : undefined), command.input);
      if (typeof value === 'string') this.deps.secrets.add(value);
    }
    const connection = this.deps.connections.find(command.connectionId);
    if (!connection) return { ok: false, error: new NotFoundError(`No connection "${command.connectionId}" is configured.`) };
    const refused = (error: ValidationError): PreviewOutcome => {
      error.message = this.deps.secrets.scrub(error.message);
      for (const field of error.fieldErrors) field.message = this.deps.secrets.scrub(field.message);
      return { ok: false, error };
    };
    const sharedProblems = checkMutationInput(spec as MutationSpec<VendorAdapter, unknown>, command.input);
    if (sharedProblems.length) return refused(new ValidationError(sharedProblems));
    const sourced = await this.sourcedInput(spec, command.input);
    if (sourced.problems.length) return refused(new ValidationError(sourced.problems));
    const parsed = spec.input.safeParse(sourced.input);
    if (!parsed.success) return refused(new ValidationError(zodFieldErrors(parsed.error)));
    const problems = spec.check?.(current, parsed.data) ?? [];
    if (problems.length) return refused(new ValidationError(problems));
    const adapter = connection.adapter as Adapter;
    try {
      const plan = await spec.plan(adapter, current, parsed.data, { fingerprinter: this.deps.fingerprinter });
      return {
        ok: true,
        plan,
        changes: diffProviders(current, plan.after),
        vendorRequests: plan.requests.map((request) => displayRequest(request, adapter.authHeaderNames, this.deps.secrets)),
      };
    } catch (error) {
      const typed = asGatewayError(error, connection, this.deps.secrets);
      return typed instanceof ValidationError ? refused(typed) : { ok: false, error: typed };
    }
  }

  /** The input with the fields its SAML metadata or OIDC discovery give (MutationSpec.sources), checked again by the shared rules. */
  private async sourcedInput(spec: MutationSpec<VendorAdapter, unknown> | MutationSpec<never, unknown>, raw: Record<string, unknown>) {
    const sourced = await resolveSetupSources(spec.sources, raw, this.deps.fetcher);
    if (!sourced.problems.length && sourced.taken.length)
      sourced.problems.push(...checkMutationInput(spec as MutationSpec<VendorAdapter, unknown>, sourced.input));
    return sourced;
  }

  private fetcher(): OutboundFetcher {
    if (!this.deps.fetcher) throw new Error('The pipeline was built without an outbound fetcher: configuration checks need one');
    return this.deps.fetcher;
  }

  private vendorOf(connectionId: string) {
    return this.deps.connections.find(connectionId)?.vendor ?? 'the vendor';
  }

  private storeUnavailable(connectionId: string, what = 'did not answer'): StoreUnavailableError {
    return new StoreUnavailableError(
      `The gateway's database ${what}; nothing was sent to ${this.vendorOf(connectionId)}. Send the change again in a few seconds.`,
      2,
    );
  }

  private async runNow<Adapter extends VendorAdapter, Input>(command: MutationCommand<Adapter, Input>): Promise<MutationOutcome> {
    // Registered first, so that no message, log line or summary written from here on can carry them.
    // A field may be a dotted path into the input (SlashID's "options.privateKey").
    for (const field of command.spec.secretFields) {
      const value = field
        .split('.')
        .reduce<unknown>((at, part) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[part] : undefined), command.input);
      if (typeof value === 'string') this.deps.secrets.add(value);
    }
    const optionErrors = checkPipelineOptions(command);
    if (optionErrors.length) return { ok: false, error: new ValidationError(optionErrors), auditEvent: null };
    const key = command.idempotencyKey;
    // A dry run writes nothing, so it neither takes nor replays a key.
    if (!key || command.dryRun) return (await this.attempt(command, null)).outcome;

    const keyed: KeyedAttempt = { actor: command.actor, key };
    let start;
    try {
      await this.deps.lease.ready();
      start = await startIdempotent(
        this.deps.db,
        {
          ...keyed,
          operation: command.spec.operation,
          ownerInstance: this.deps.lease.id,
          requestHash: requestHash({
            operation: command.spec.operation,
            connectionId: command.connectionId,
            providerKey: command.providerKey,
            input: asJson({ ...this.fingerprintedInput(command), expectedVersion: command.expectedVersion ?? null }),
          }),
        },
        // A dead owner's row is reconciled one lease (the grace) after its lease ended, by the next pass.
        { waitMs: this.deps.idempotencyWaitMs, settledAfterLeaseMs: this.deps.lease.leaseMs + this.deps.lease.reconcileIntervalMs },
      );
    } catch (error) {
      if (isStoreUnavailable(error)) return { ok: false, error: this.storeUnavailable(command.connectionId), auditEvent: null };
      throw error;
    }
    if (start.kind === 'replay') return start.outcome;
    if (start.kind === 'refuse') return { ok: false, error: start.error, auditEvent: null };
    const attempt = await this.attempt(command, keyed);
    if (!attempt.keySettled) await this.settleKey(keyed, attempt.outcome);
    return attempt.outcome;
  }

  /** Settles a key with an outcome reached before any vendor write (or gives it back); retried while the database is away. */
  private async settleKey(keyed: KeyedAttempt, outcome: MutationOutcome): Promise<void> {
    const owner = this.deps.lease.id;
    await this.deps.retries.run(`settle an idempotency key of ${keyed.actor}`, async () => {
      if (givesKeyBack(outcome)) await releaseIdempotencyKey(this.deps.db, keyed.actor, keyed.key, owner);
      else await completeIdempotencyKey(this.deps.db, keyed.actor, keyed.key, serializeOutcome(outcome));
    });
  }

  /** One attempt; a database lost before any vendor write is StoreUnavailableError (nothing was sent). */
  private async attempt<Adapter extends VendorAdapter, Input>(
    command: MutationCommand<Adapter, Input>,
    keyed: KeyedAttempt | null,
  ): Promise<Attempt> {
    try {
      return await this.execute(command, keyed);
    } catch (error) {
      if (isStoreUnavailable(error)) return done({ ok: false, error: this.storeUnavailable(command.connectionId), auditEvent: null });
      throw error;
    }
  }

  private fingerprintedInput(command: MutationCommand<VendorAdapter, unknown>): JsonObject {
    // Fingerprinted by name, then scrubbed by value: a secret given in a field that is not named as one
    // (a cPanel extra field, a secret pasted into the wrong field) is not stored either. Then made storable:
    // a refused input may hold a NUL byte (which jsonb cannot) or a string of any length.
    return asJson(
      storableJson(
        scrubStrings(
          fingerprintSecrets(recordedSources(command.input), this.deps.fingerprinter, command.spec.secretFields),
          this.deps.secrets,
        ),
      ),
    );
  }

  private async execute<Adapter extends VendorAdapter, Input>(
    command: MutationCommand<Adapter, Input>,
    keyed: KeyedAttempt | null,
  ): Promise<Attempt> {
    const { spec } = command;
    const visible = !command.visibleConnections || command.visibleConnections.has(command.connectionId);
    const connection = visible ? this.deps.connections.find(command.connectionId) : undefined;
    if (!connection)
      return done({ ok: false, error: new NotFoundError(`No connection "${command.connectionId}" is configured.`), auditEvent: null });
    const auditBase: AuditBase = {
      actor: command.actor,
      operation: spec.operation,
      connectionId: connection.id,
      vendor: connection.vendor,
      providerKey: command.providerKey,
      input: command.revertOf ? { ...this.fingerprintedInput(command), revertOf: command.revertOf } : this.fingerprintedInput(command),
      requestId: command.requestId ?? null,
      idempotencyKey: keyed?.key ?? null,
      changeSetId: command.changeSetId ?? null,
    };

    // The rules every vendor shares (control characters, lengths, an update that changes something), then the vendor's.
    const sharedProblems = checkMutationInput(spec as MutationSpec<VendorAdapter, unknown>, command.input);
    if (sharedProblems.length) return done(await this.reject(auditBase, new ValidationError(sharedProblems)));
    // SAML metadata or OIDC discovery fill fields in (fetched here, before any lock), then the same rules apply.
    const sourced = await this.sourcedInput(spec, command.input);
    if (sourced.problems.length) return done(await this.reject(auditBase, new ValidationError(sourced.problems)));
    const parsed = spec.input.safeParse(sourced.input);
    if (!parsed.success) return done(await this.reject(auditBase, new ValidationError(zodFieldErrors(parsed.error))));
    const input = parsed.data;
    if (command.expectedVersion && command.providerKey === null) {
      return done(
        await this.reject(auditBase, new ValidationError([{ path: ['expectedVersion'], message: 'a create has no version to expect' }])),
      );
    }

    // Cheap checks on the cached state: a rule broken against the snapshot is refused without any vendor call.
    // A snapshot in memory is checked before the lock; one only in the store is read behind the lock statement.
    const inMemory = command.providerKey === null ? null : this.snapshotInMemory(connection.id, command.providerKey);
    if (inMemory && spec.check) {
      const problems = spec.check(inMemory.provider, input);
      if (problems.length) return done(await this.reject(auditBase, new ValidationError(problems), inMemory.provider));
    }

    await this.deps.lease.ready();
    const serialKey = `${connection.id}/${command.providerKey ?? `new:${spec.operation}`}`;
    const { losable } = this.deps.locks;
    const storedSnapshot = command.providerKey !== null && inMemory === undefined ? command.providerKey : null;
    const early = this.earlyRead(command, connection.adapter as Adapter, serialKey, input);
    const ahead = early && !command.dryRun && !command.test ? new PlannedAhead(this.deps) : null;
    // What the holder reads first, sent with the lock (store/locks.ts): one round trip for lock and reads. A lock
    // that can be lost may have been lost by a holder still sending its change: that change (PENDING) comes first;
    // the last PENDING change tells whether an early read can be trusted (early-read.ts). Behind them, the PENDING
    // row of a change planned ahead (planned-ahead.ts).
    const first = (
      db: Db,
      lock: HeldLock,
    ): Promise<[{ pending: PendingRow | null; lastPendingChange: string | null }, Snapshot | null, AheadPlan | null]> =>
      Promise.all([
        losable
          ? pendingAndLastChangeOf(db, serialKey, this.deps.lease.leaseMs)
          : early?.started
            ? lastPendingChangeOf(db, serialKey).then((lastPendingChange) => ({ pending: null, lastPendingChange }))
            : { pending: null, lastPendingChange: null },
        storedSnapshot === null ? (inMemory ?? null) : getSnapshot(db, connection.id, storedSnapshot),
        ahead?.send(lock) ?? null,
      ]);
    const whileLocking = () => {
      early?.start();
      const basedOn = early?.basedOnChange;
      if (ahead && basedOn) ahead.start(() => this.planAhead({ command, connection, input, auditBase, serialKey }, basedOn));
    };
    try {
      return await this.deps.locks.run(
        serialKey,
        async (lock, [{ pending, lastPendingChange }, cached, sentAhead]) => {
          // A row found PENDING may be this attempt's own, from a lock batch sent again (planned-ahead.ts adopt).
          const wroteAhead = sentAhead !== null || (pending !== null && ahead !== null && (await ahead.adopt(pending.row.id)) !== null);
          const withAhead = wroteAhead ? ahead : null;
          if (storedSnapshot !== null && cached && spec.check) {
            const problems = spec.check(cached.provider, input);
            if (problems.length) return done(await this.reject(auditBase, new ValidationError(problems), cached.provider, withAhead));
          }
          if (losable && !wroteAhead) {
            const busy = await awaitPendingChange(this.pendingDeps(), serialKey, connection, pending);
            if (busy) return done({ ok: false, error: busy, auditEvent: null });
          }
          const live = early?.trusted(lastPendingChange) ?? null;
          return this.underLock({ command, connection, input, auditBase, cached, serialKey, keyed, live, ahead: withAhead }, lock, false);
        },
        { first, whileLocking },
      );
    } finally {
      ahead?.leftBehind();
    }
  }

  /**
   * The change planned from the state this pipeline's last change of the provider left (planned-ahead.ts), when
   * the attempt could be sent on it: null for one that names another version than that state's, or when this
   * instance's lease is too short to start a write. A plan that fails is left to the pipeline to make again.
   */
  private async planAhead<Adapter extends VendorAdapter, Input>(
    change: {
      command: MutationCommand<Adapter, Input>;
      connection: Connection;
      input: Input;
      auditBase: AuditBase;
      serialKey: string;
    },
    basedOn: OwnChange,
  ): Promise<AheadPlan | null> {
    const { command, connection, input, auditBase, serialKey } = change;
    const { lease } = this.deps;
    const before = basedOn.after;
    if (command.expectedVersion && command.expectedVersion !== providerVersion(before)) return null;
    if (lease.remainingMs() < lease.leaseMs / 2) return null;
    const adapter = connection.adapter as Adapter;
    const plan = await command.spec.plan(adapter, before, input, { fingerprinter: this.deps.fingerprinter });
    const { plannedAudit, vendorRequests } = this.plannedAuditOf(auditBase, adapter, command.providerKey, before, plan);
    // Whatever this change does, the provider's last state is no longer the one remembered.
    this.ownChanges.forget(serialKey);
    const row = pendingRowOf({ ...plannedAudit, id: randomUUID() }, { serialKey, ownerInstance: lease.id });
    return { basedOn: basedOn.auditEventId, before, plan, vendorRequests, row };
  }

  /** The PENDING row's record of a plan: what it starts from, what it predicts and the requests it sends (secrets redacted). */
  private plannedAuditOf(
    auditBase: AuditBase,
    adapter: VendorAdapter,
    providerKey: string | null,
    before: NormalizedProvider | null,
    plan: MutationPlan,
  ) {
    const vendorRequests = plan.requests.map((request) => displayRequest(request, adapter.authHeaderNames, this.deps.secrets));
    const plannedAudit = {
      ...auditBase,
      providerKey: providerKey ?? plan.providerKey,
      before: before ? asJson(before) : null,
      planned: plan.after ? asJson(plan.after) : null,
      plannedRequests: JSON.parse(JSON.stringify(vendorRequests)) as JsonValue[],
    };
    return { plannedAudit, vendorRequests };
  }

  /**
   * The live read to send while the lock is being taken (early-read.ts): only after this pipeline's own change of
   * the provider, and only for an input the vendor's rules accept on the state that change left.
   */
  private earlyRead<Adapter extends VendorAdapter, Input>(
    command: MutationCommand<Adapter, Input>,
    adapter: Adapter,
    serialKey: string,
    input: Input,
  ): EarlyRead<NormalizedProvider | null> | null {
    const { providerKey, spec } = command;
    if (providerKey === null) return null;
    return new EarlyRead(
      () => this.ownChanges.get(serialKey),
      (state) => !spec.check?.(state, input).length,
      () => adapter.get(providerKey),
    );
  }

  private pendingDeps(): PendingChangeDeps {
    const { db, connections, auditLog, logger, lease, idempotencyWaitMs } = this.deps;
    return { db, connections, auditLog, logger, graceMs: lease.leaseMs, waitMs: idempotencyWaitMs };
  }

  /** The provider's snapshot in the reader's memory (null: not there); undefined when memory has none of the connection's. */
  private snapshotInMemory(connectionId: string, providerKey: string): Snapshot | null | undefined {
    const inMemory = this.deps.snapshots?.get(connectionId);
    if (!inMemory) return undefined;
    return inMemory.snapshots.find((s) => s.provider.key === providerKey) ?? null;
  }

  private async underLock<Adapter extends VendorAdapter, Input>(
    change: LockedChange<Adapter, Input>,
    lock: HeldLock,
    retried: boolean,
  ): Promise<Attempt> {
    const { command, connection, input, auditBase, cached, keyed, ahead } = change;
    const { spec } = command;
    const adapter = connection.adapter as Adapter;
    const cachedProvider = cached?.provider ?? null;

    const live = await (change.live ??
      recordVendorCalls(() => (command.providerKey === null ? Promise.resolve(null) : adapter.get(command.providerKey))));
    if (live.error !== undefined) return done(await this.failBeforeChange(live.error, connection, auditBase, ahead));
    let before = live.result ?? null;
    if (command.providerKey !== null && !before) {
      return done(
        await this.reject(
          auditBase,
          new NotFoundError(`${connection.vendor} has no provider "${command.providerKey}" on connection "${connection.id}".`),
          null,
          ahead,
        ),
      );
    }
    if (before) before = carryForwardFingerprints(before, cachedProvider ?? undefined);

    if (command.expectedVersion && before) {
      const currentVersion = providerVersion(before);
      if (currentVersion !== command.expectedVersion) {
        const then = await this.stateAtVersion(
          connection.id,
          command.providerKey!,
          command.expectedVersion,
          cachedProvider,
          cached?.version ?? null,
        );
        const since = then ? diffProviders(then, before) : [];
        return done(await this.reject(auditBase, new VersionConflictError(command.expectedVersion, currentVersion, since), before, ahead));
      }
    }
    const problems = spec.check?.(before, input) ?? [];
    if (problems.length) return done(await this.reject(auditBase, new ValidationError(problems), before, ahead));

    // The vendor shows the state the row written ahead was planned from: that plan is this state's plan.
    const asPlannedAhead = ahead !== null && sameState(before, ahead.plan.before);
    const planned: { result?: MutationPlan; error?: unknown } = asPlannedAhead
      ? { result: ahead.plan.plan }
      : await recordVendorCalls(() => spec.plan(adapter, before, input, { fingerprinter: this.deps.fingerprinter }));
    if (planned.error !== undefined || !planned.result) {
      const error = asGatewayError(planned.error, connection, this.deps.secrets);
      return done(
        await (error instanceof ValidationError
          ? this.reject(auditBase, error, before, ahead)
          : this.failBeforeChange(error, connection, auditBase, ahead)),
      );
    }
    const plan = planned.result;
    const { plannedAudit, vendorRequests } = asPlannedAhead
      ? { plannedAudit: null, vendorRequests: ahead.plan.vendorRequests }
      : this.plannedAuditOf(auditBase, adapter, command.providerKey, before, plan);

    let checks: ConfigurationCheck[] | undefined;
    if (command.test) {
      checks = await checkProviderConfiguration(connection, plan.after ?? before!, this.fetcher());
      if (checks.some((check) => check.status === 'FAIL'))
        return done(await this.reject(auditBase, new ConfigurationTestFailedError(checks), before));
    }
    const withChecks = (attempt: Attempt): Attempt => {
      if (checks && attempt.outcome.ok) attempt.outcome.checks = checks;
      return attempt;
    };

    if (command.dryRun) return withChecks(done(await this.dryRun(plannedAudit!, connection, before, plan, vendorRequests)));

    // Half the lease left at least: a write never starts that could outlive this instance's claim on it.
    const { lease } = this.deps;
    if (lease.remainingMs() < lease.leaseMs / 2)
      return done({ ok: false, error: this.storeUnavailable(connection.id, 'could not renew this instance’s lease'), auditEvent: null });
    const pending = ahead
      ? await this.aheadRowFor(ahead, plannedAudit, connection)
      : await this.writePending(change, lock, retried, plannedAudit!);
    if ('outcome' in pending) return pending;

    this.inFlight.pendingStarted(pending.id);
    const applied = await recordVendorCalls(async () => {
      const applied = await spec.apply(adapter, plan, before, input);
      const after = spec.kind === 'delete' ? null : await adapter.get(applied.providerKey);
      return { change: applied, after };
    });
    const sent = describeSentChange({ applied, connection, kind: spec.kind, before, plan, vendorRequests, secrets: this.deps.secrets });
    const finished = await recordSentChange(this.deps, pending, connection, keyed, sent);
    if (spec.kind === 'update' && finished.outcome.ok && sent.snapshot && 'save' in sent.snapshot)
      this.ownChanges.remember(change.serialKey, { auditEventId: pending.id, after: sent.snapshot.save });
    this.inFlight.pendingFinished(pending.id);
    return withChecks(finished);
  }

  /**
   * The PENDING row of a change planned ahead, as this attempt sends it: as written when the plan is the live
   * state's (`replanned` null), else planned again from the live state. An Attempt when the row is no longer
   * PENDING (this instance lost its hold on it): nothing is sent.
   */
  private async aheadRowFor(
    ahead: PlannedAhead,
    replanned: { before: JsonObject | null; planned: JsonObject | null; plannedRequests: JsonValue[] } | null,
    connection: Connection,
  ): Promise<AuditEventRow | Attempt> {
    ahead.takeOver();
    const { row } = ahead.plan;
    if (!replanned) return row;
    const { before, planned, plannedRequests } = replanned;
    const written = await this.deps.auditLog.replanPending(this.deps.db, row, { before, planned, plannedRequests });
    if (written) return written;
    return done({
      ok: false,
      error: this.storeUnavailable(connection.id, 'lost this instance’s hold on the provider (its session or lease)'),
      auditEvent: null,
    });
  }

  /** Writes the PENDING row of a change planned under the lock; an Attempt when the database refused it. */
  private async writePending<Adapter extends VendorAdapter, Input>(
    change: LockedChange<Adapter, Input>,
    lock: HeldLock,
    retried: boolean,
    plannedAudit: AuditBase & { before: JsonObject | null; planned: JsonObject | null; plannedRequests: JsonValue[] },
  ): Promise<AuditEventRow | Attempt> {
    const { connection } = change;
    const { lease } = this.deps;
    const pendingId = randomUUID();
    // Whatever this change does, the provider's last state is no longer the one remembered.
    this.ownChanges.forget(change.serialKey);
    try {
      return await this.deps.auditLog.insertPending(
        lock.db,
        { ...plannedAudit, id: pendingId },
        { heldKey: lock.heldKey, serialKey: change.serialKey, ownerInstance: lease.id },
      );
    } catch (error) {
      const refusal = pendingInsertRefusal(error);
      if (refusal === 'busy' && !retried) {
        // Another change of this provider is PENDING (left by a dead instance, or its writer lost the lock):
        // once it has ended, start again from the live state.
        const busy = await awaitPendingChange(this.pendingDeps(), change.serialKey, connection);
        // Read again under the lock: the change that ended came after any read made so far.
        return busy ? done({ ok: false, error: busy, auditEvent: null }) : this.underLock({ ...change, live: null }, lock, true);
      }
      if (refusal === 'not-held')
        return done({
          ok: false,
          error: this.storeUnavailable(connection.id, 'lost this instance’s hold on the provider (its session or lease)'),
          auditEvent: null,
        });
      if (isStoreUnavailable(error)) {
        // Whether the row got in is unknown: if it did, it is ended (nothing was sent) once the database answers.
        void this.deps.retries.run('end an unsent PENDING row', () =>
          this.deps.auditLog.finishPending(this.deps.db, pendingId, {
            status: 'FAILED',
            error: { code: 'NOT_SENT', message: 'The database connection was lost while recording the change; nothing was sent.' },
          }),
        );
      }
      throw error;
    }
  }

  private async dryRun(
    plannedAudit: AuditBase & { before: JsonObject | null; planned: JsonObject | null },
    connection: Connection,
    before: NormalizedProvider | null,
    plan: MutationPlan,
    vendorRequests: DisplayedRequest[],
  ): Promise<MutationOutcome> {
    const changes = diffProviders(before, plan.after);
    const row = await this.deps.auditLog.insert(this.deps.db, { ...plannedAudit, idempotencyKey: null, status: 'DRY_RUN' });
    const auditEvent = await this.deps.auditLog.finish(this.deps.db, row.id, { status: 'DRY_RUN', changes });
    const shown = plan.after ?? before!;
    const provider = toView(
      {
        connectionId: connection.id,
        vendor: connection.vendor,
        provider: { ...shown, key: shown.key || plan.providerKey || '' },
        version: providerVersion(shown),
        fetchedAt: new Date(),
      },
      false,
    );
    return { ok: true, dryRun: true, replayed: false, provider, auditEvent, changes, vendorRequests };
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
        if (state && providerVersion(state as NormalizedProvider) === version) return state as NormalizedProvider;
      }
    }
    return null;
  }

  /** A refused attempt is still on record: one REJECTED row with the reason. */
  private async reject(
    auditBase: AuditBase,
    error: GatewayError,
    before: NormalizedProvider | null = null,
    ahead: PlannedAhead | null = null,
  ): Promise<MutationOutcome> {
    // A rule's message may quote the input: never a secret of it (the caller and the audit row see this).
    error.message = this.deps.secrets.scrub(error.message);
    if (error instanceof ValidationError) for (const field of error.fieldErrors) field.message = this.deps.secrets.scrub(field.message);
    // A refused value may be what must never be stored (a private key in a public-key field): the row keeps the rest.
    const input = error instanceof ValidationError ? withoutRefusedValues(auditBase.input, error.fieldErrors) : auditBase.input;
    // The row written ahead is this attempt's: it ends REJECTED (nothing was sent).
    const ended = ahead?.holdsRow
      ? await ahead.end({ status: 'REJECTED', error: asJson(error.toJSON()) }, { input, before: before ? asJson(before) : null })
      : null;
    if (ended) return { ok: false, error, auditEvent: ended };
    const row = await this.deps.auditLog.insert(this.deps.db, {
      ...auditBase,
      input,
      status: 'REJECTED',
      before: before ? asJson(before) : null,
    });
    const auditEvent = await this.deps.auditLog.finish(this.deps.db, row.id, { status: 'REJECTED', error: asJson(error.toJSON()) });
    return { ok: false, error, auditEvent };
  }

  /** Reading or planning failed: nothing was written, but the attempt is still on record. */
  private async failBeforeChange(
    error: unknown,
    connection: Connection,
    auditBase: AuditBase,
    ahead: PlannedAhead | null = null,
  ): Promise<MutationOutcome> {
    const typed = asGatewayError(error, connection, this.deps.secrets);
    const outcome: MutationOutcome = { ok: false, error: typed, auditEvent: null };
    // A key given back is not tied to this row: a retry with it must really run again.
    const idempotencyKey = givesKeyBack(outcome) ? null : auditBase.idempotencyKey;
    // The row written ahead is this attempt's: it ends FAILED (nothing was sent).
    const ended = ahead?.holdsRow
      ? await ahead.end({ status: 'FAILED', error: asJson(typed.toJSON()) }, { before: null, idempotencyKey })
      : null;
    if (ended) return { ok: false, error: typed, auditEvent: ended };
    const row = await this.deps.auditLog.insert(this.deps.db, { ...auditBase, idempotencyKey, status: 'FAILED' });
    const auditEvent = await this.deps.auditLog.finish(this.deps.db, row.id, { status: 'FAILED', error: asJson(typed.toJSON()) });
    return { ok: false, error: typed, auditEvent };
  }
}
