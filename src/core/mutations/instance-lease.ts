// This gateway instance's lease in the store. While the lease lives, nobody else touches what the instance is
// doing: its PENDING audit rows are not reconciled and its idempotency claims are not taken over, however long
// a vendor takes. Once it runs out (a crash, a lost database for longer than the lease), another instance may.
//
// The instance renews every third of the lease. If a renewal finds the lease already run out, the id is
// retired for good (another instance may be settling its rows) and the instance goes on under a new one;
// mutations that started under the old id can no longer write a PENDING row (the insert checks the lease).
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { describeError, type Logger } from '../log.js';
import type { Db } from '../../store/open.js';
import { endInstanceLease, pruneDeadInstances, registerInstance, renewInstanceLease } from '../../store/instances.js';

/** How long an instance's lease lasts unless renewed: IDP_GATEWAY_LEASE_MS, default 30 s. */
export const DEFAULT_LEASE_MS = 30_000;

export function leaseMsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.IDP_GATEWAY_LEASE_MS ?? DEFAULT_LEASE_MS);
  return Number.isFinite(value) && value >= 1_000 ? value : DEFAULT_LEASE_MS;
}

export class InstanceLease {
  private current = randomUUID();
  /** performance.now() until which this process is sure its lease lives (the start of the last renewal + the lease). */
  private validUntil = 0;
  private timer: NodeJS.Timeout | null = null;
  private started: Promise<void> | null = null;
  /** Where warnings go (set once the gateway's logger exists). */
  logger?: Logger;
  /**
   * Called when the lease had run out and the instance goes on under a new id: while it had none, the others took
   * it for gone and stopped announcing their writes to it (store/notify.ts), so what it cached may be old.
   */
  onNewId?: () => void;

  constructor(
    private readonly db: Db,
    readonly leaseMs: number,
    /** Other instances may announce their writes to this one (PostgreSQL with LISTEN): registering waits for theirs in progress. */
    private readonly options: { heard?: boolean } = {},
  ) {}

  private register(): Promise<void> {
    const instance = { id: this.current, leaseMs: this.leaseMs, host: hostname(), pid: process.pid };
    return registerInstance(this.db, instance, { awaitWritesInProgress: this.options.heard ?? false });
  }

  /** How often a reconciler looks for dead instances' rows: a third of the lease, at least 1 s, at most a minute. */
  get reconcileIntervalMs(): number {
    return Math.max(1_000, Math.min(60_000, Math.floor(this.leaseMs / 3)));
  }

  /** The id this instance's new work runs under. */
  get id(): string {
    return this.current;
  }

  /** How long the lease surely lasts from now, as this process knows it (0 when it may have run out). */
  remainingMs(): number {
    return Math.max(0, this.validUntil - performance.now());
  }

  /** Registers the lease once (the first mutation or the start-up awaits it); a failed start is tried again next time. */
  ready(): Promise<void> {
    this.started ??= this.start().catch((error: unknown) => {
      this.started = null;
      throw error;
    });
    return this.started;
  }

  private async start(): Promise<void> {
    const asked = performance.now();
    await this.register();
    this.validUntil = asked + this.leaseMs;
    this.timer = setInterval(() => void this.renew(), Math.max(250, Math.floor(this.leaseMs / 3)));
    this.timer.unref();
    await pruneDeadInstances(this.db).catch(() => {});
  }

  /** Ends the lease (a graceful stop): what is left PENDING is for the others (or the next start) to reconcile. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.validUntil = 0;
    if (!this.started) return;
    await endInstanceLease(this.db, this.current).catch((error: unknown) =>
      this.logger?.log('warn', 'instance lease not ended (it runs out by itself)', { error: describeError(error) }),
    );
  }

  private async renew(): Promise<void> {
    const asked = performance.now();
    try {
      if (await renewInstanceLease(this.db, this.current, this.leaseMs)) {
        this.validUntil = asked + this.leaseMs;
        return;
      }
      // Ran out while the store could not be reached: this id is retired, a new one starts.
      const retired = this.current;
      this.current = randomUUID();
      await this.register();
      this.validUntil = asked + this.leaseMs;
      this.onNewId?.();
      this.logger?.log('warn', 'instance lease had run out: continuing under a new instance id', { retired, instance: this.current });
    } catch (error) {
      // The store is away; the lease still counts until validUntil, and the next tick tries again.
      this.logger?.log('warn', 'instance lease not renewed', { error: describeError(error), remainingMs: Math.round(this.remainingMs()) });
    }
  }
}
