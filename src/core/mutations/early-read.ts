// A mutation's live read of its provider, sent while the provider's lock is still being taken, so that the
// lock's round trip and the vendor's read overlap. A read sent before the lock is granted could miss a change
// that another holder sent meanwhile, so it is trusted only when no change can have been sent since this
// pipeline's own last change of the provider, which had finished before the read was sent: under the lock,
// the provider's last PENDING change (tables.ts providerChanges, read by store/audit.ts pendingAndLastChangeOf or
// lastPendingChangeOf; a trigger moves it with every PENDING insert, so every change moves it before its vendor
// write) must still be that one. Anything else (another
// instance's change, a change of this process that did not finish, none remembered) and the pipeline reads
// the provider again under the lock, as without an early read. Clock-free: instances' clocks differ.
// A read starts early only after a change of this pipeline, and only for an input that passes the vendor's
// rules on the state that change left, so a refused input still costs no vendor call.
import type { NormalizedProvider } from '../vendor-contract/adapter.js';
import type { AuditEventRow } from '../../store/audit.js';
import { recordVendorCalls } from '../vendor-http/client.js';

/** A finished change of this pipeline: the one a provider's early read is based on. */
export interface OwnChange {
  /** Its audit row: what the provider's last PENDING change must still be for an early read to count. */
  auditEventId: string;
  /** The state it left (its read-back), which the next input's rules are checked against before reading early. */
  after: NormalizedProvider;
}

/** Rows that may have had a vendor write sent (a REJECTED or DRY_RUN row never went PENDING). */
const MAY_HAVE_WRITTEN = new Set<AuditEventRow['status']>(['PENDING', 'SUCCEEDED', 'FAILED', 'UNKNOWN']);

/** This pipeline's last finished change of each provider, for the `capacity` providers it changed last. */
export class OwnChanges {
  private readonly changes = new Map<string, OwnChange>();

  constructor(private readonly capacity = 1_000) {}

  get(serialKey: string): OwnChange | undefined {
    return this.changes.get(serialKey);
  }

  remember(serialKey: string, change: OwnChange): void {
    this.changes.delete(serialKey);
    this.changes.set(serialKey, change);
    if (this.changes.size > this.capacity) this.changes.delete(this.changes.keys().next().value!);
  }

  forget(serialKey: string): void {
    this.changes.delete(serialKey);
  }

  /**
   * A row of another change of the provider (another instance's, heard on the cluster channel): an early read
   * would not be trusted now, so none is sent (it would cost the vendor a read for nothing).
   */
  heard(row: AuditEventRow): void {
    if (row.serialKey === null || !MAY_HAVE_WRITTEN.has(row.status)) return;
    if (this.changes.get(row.serialKey)?.auditEventId !== row.id) this.changes.delete(row.serialKey);
  }
}

/** A read as recordVendorCalls gives it: its result or error. */
export type RecordedRead<T> = Awaited<ReturnType<typeof recordVendorCalls<T>>>;

/**
 * One mutation's early read, started when its turn for the lock comes (ProviderLocks BeforeWork.whileLocking):
 * the change it is based on is looked up then, so that a change of the same provider that this process ran
 * just before (the mutation queued behind it) is the one it builds on.
 */
export class EarlyRead<T> {
  private read: Promise<RecordedRead<T>> | null = null;
  private basedOn: OwnChange | undefined;

  constructor(
    private readonly ownChange: () => OwnChange | undefined,
    /** Whether the input passes the vendor's rules on a state (a refused input is sent nothing early). */
    private readonly accepts: (state: T) => boolean,
    private readonly send: () => Promise<T>,
  ) {}

  start(): void {
    if (this.read) return;
    this.basedOn = this.ownChange();
    if (this.basedOn && this.accepts(this.basedOn.after as T)) this.read = recordVendorCalls(this.send);
  }

  get started(): boolean {
    return this.read !== null;
  }

  /** The change the read is based on, once it was sent. */
  get basedOnChange(): OwnChange | undefined {
    return this.read ? this.basedOn : undefined;
  }

  /** The read, when `lastPendingChange` (read under the lock) is still the change it is based on; else null. */
  trusted(lastPendingChange: string | null): Promise<RecordedRead<T>> | null {
    return this.read && lastPendingChange === this.basedOn?.auditEventId ? this.read : null;
  }
}
