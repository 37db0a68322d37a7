// The ONE mutation pipeline every vendor mutation goes through:
// validate (zod; nothing is sent on failure) -> provider exists and passes the vendor rules (checked against
// the cached state first, so a bad input costs no vendor call) -> read live state -> rules again on the
// live state -> audit row PENDING -> vendor calls -> read back -> snapshot -> audit row final -> result.
import type { z } from 'zod';
import type { JsonObject, JsonValue, MutationSpec, NormalizedProvider, ProviderView, VendorAdapter } from './adapter.js';
import { diffProviders } from './changes.js';
import type { Connection, ConnectionRegistry } from './connections.js';
import { type FieldError, type GatewayError, NotFoundError, ValidationError, writeOutcomeUnknown } from './errors.js';
import { asGatewayError, carryForwardFingerprints, toView } from './provider-reader.js';
import { fingerprintSecrets, type Fingerprinter, type SecretRegistry } from './secrets.js';
import { recordVendorCalls } from './vendor-http.js';
import { providerVersion } from './version.js';
import type { Db } from '../store/open.js';
import { type AuditEventRow, finishAuditEvent, insertAuditEvent, type NewAuditEvent } from '../store/audit.js';
import { deleteSnapshot, getSnapshot, saveSnapshot } from '../store/snapshots.js';
import type { StoredFieldChange } from '../store/tables.js';

export interface MutationCommand<Adapter extends VendorAdapter, Input> {
  spec: MutationSpec<Adapter, Input>;
  connectionId: string;
  /** The provider an update or delete names; null for a create. */
  providerKey: string | null;
  /** The input as the client sent it (before validation). */
  input: Record<string, unknown>;
  actor: string;
}

export type MutationOutcome =
  | {
      ok: true;
      /** The provider after the change; for a delete, its last state before it. */
      provider: ProviderView;
      auditEvent: AuditEventRow;
      changes: StoredFieldChange[];
    }
  | { ok: false; error: GatewayError; auditEvent: AuditEventRow | null };

export interface PipelineDeps {
  db: Db;
  connections: ConnectionRegistry;
  fingerprinter: Fingerprinter;
  secrets: SecretRegistry;
}

function zodFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message }));
}

/** A plain-JSON copy (dates as strings, undefined dropped), as jsonb stores it. */
function asJson<T extends JsonValue = JsonObject>(value: unknown): T {
  return JSON.parse(JSON.stringify(value ?? {})) as T;
}

type AuditBase = Omit<NewAuditEvent, 'status' | 'before'>;

export class MutationPipeline {
  constructor(private readonly deps: PipelineDeps) {}

  async run<Adapter extends VendorAdapter, Input>(command: MutationCommand<Adapter, Input>): Promise<MutationOutcome> {
    const { spec } = command;
    const { secrets, fingerprinter, db } = this.deps;
    // Registered first, so that no message, log line or summary written from here on can carry them.
    for (const field of spec.secretFields) {
      const value = command.input[field];
      if (typeof value === 'string') secrets.add(value);
    }
    const connection = this.deps.connections.find(command.connectionId);
    if (!connection) return { ok: false, error: new NotFoundError(`No connection "${command.connectionId}" is configured.`), auditEvent: null };
    const adapter = connection.adapter as Adapter;
    const auditBase: AuditBase = {
      actor: command.actor,
      operation: spec.operation,
      connectionId: connection.id,
      vendor: connection.vendor,
      providerKey: command.providerKey,
      input: asJson<JsonObject>(fingerprintSecrets(command.input, fingerprinter, spec.secretFields)),
    };
    const reject = async (error: GatewayError, before: NormalizedProvider | null = null) => ({
      ok: false as const,
      error,
      auditEvent: await insertAuditEvent(db, { ...auditBase, status: 'REJECTED', before: before ? asJson<JsonObject>(before) : null }).then((row) =>
        finishAuditEvent(db, row.id, { status: 'REJECTED', error: asJson<JsonObject>(error.toJSON()) }),
      ),
    });

    const parsed = spec.input.safeParse(command.input);
    if (!parsed.success) return reject(new ValidationError(zodFieldErrors(parsed.error)));
    const input = parsed.data;

    // Cheap checks on the cached state: an unknown provider or a rule broken against a fresh snapshot
    // is refused without any vendor call.
    if (command.providerKey !== null) {
      const cached = await getSnapshot(db, connection.id, command.providerKey);
      if (cached && spec.check) {
        const problems = spec.check(cached.provider, input);
        if (problems.length) return reject(new ValidationError(problems), cached.provider);
      }
    }

    const live = await recordVendorCalls(() => (command.providerKey === null ? Promise.resolve(null) : adapter.get(command.providerKey)));
    if (live.error !== undefined) return this.failBeforeChange(live.error, connection, auditBase);
    let before = live.result ?? null;
    if (command.providerKey !== null && !before) {
      return reject(new NotFoundError(`${connection.vendor} has no provider "${command.providerKey}" on connection "${connection.id}".`));
    }
    if (before && command.providerKey !== null) {
      const cached = await getSnapshot(db, connection.id, command.providerKey);
      before = carryForwardFingerprints(before, cached?.provider);
    }
    const problems = spec.check?.(before, input) ?? [];
    if (problems.length) return reject(new ValidationError(problems), before);

    const pending = await insertAuditEvent(db, { ...auditBase, status: 'PENDING', before: before ? asJson<JsonObject>(before) : null });
    const applied = await recordVendorCalls(async () => {
      const change = await spec.apply(adapter, before, input);
      const after = spec.kind === 'delete' ? null : await adapter.get(change.providerKey);
      return { change, after };
    });
    const vendorRequests = asJson<JsonValue[]>(applied.calls);
    if (applied.error !== undefined || !applied.result) {
      const error = asGatewayError(applied.error, connection, secrets);
      const status = writeOutcomeUnknown(error) ? 'UNKNOWN' : 'FAILED';
      const auditEvent = await finishAuditEvent(db, pending.id, { status, error: asJson<JsonObject>(error.toJSON()), vendorRequests });
      return { ok: false, error, auditEvent };
    }

    const { change, after: readBack } = applied.result;
    const after = readBack ? this.withGatewaySetSecrets(readBack, before, command) : null;
    let provider: ProviderView;
    if (after) {
      provider = toView(await saveSnapshot(db, connection.id, connection.vendor, after), false);
    } else {
      // Deleted: the payload shows the provider's last state.
      await deleteSnapshot(db, connection.id, change.providerKey);
      const last = before!;
      provider = toView({ connectionId: connection.id, vendor: connection.vendor, provider: last, version: providerVersion(last), fetchedAt: new Date() }, false);
    }
    const changes = diffProviders(before, after);
    const auditEvent = await finishAuditEvent(db, pending.id, {
      status: 'SUCCEEDED',
      providerKey: change.providerKey,
      after: after ? asJson<JsonObject>(after) : null,
      changes,
      vendorRequests,
    });
    return { ok: true, provider, auditEvent, changes };
  }

  /**
   * A vendor that never returns a secret (SlashID) cannot tell whether it changed: the gateway records the
   * fingerprint of the secret it just set, and keeps the one it knew before for secrets it did not touch.
   */
  private withGatewaySetSecrets(
    readBack: NormalizedProvider,
    before: NormalizedProvider | null,
    command: MutationCommand<VendorAdapter, unknown>,
  ): NormalizedProvider {
    const result = before ? carryForwardFingerprints(readBack, before) : readBack;
    const fingerprints = { ...result.secretFingerprints };
    for (const field of command.spec.secretFields) {
      const value = command.input[field];
      if (typeof value === 'string' && !(field in readBack.secretFingerprints)) fingerprints[field] = this.deps.fingerprinter.fingerprint(value);
    }
    return { ...result, secretFingerprints: fingerprints };
  }

  /** Reading the live state failed: nothing was changed, but the attempt is still on record. */
  private async failBeforeChange(error: unknown, connection: Connection, auditBase: AuditBase) {
    const typed = asGatewayError(error, connection, this.deps.secrets);
    const row = await insertAuditEvent(this.deps.db, { ...auditBase, status: 'FAILED' });
    const auditEvent = await finishAuditEvent(this.deps.db, row.id, { status: 'FAILED', error: asJson<JsonObject>(typed.toJSON()) });
    return { ok: false as const, error: typed, auditEvent };
  }
}
