// Reads providers through the snapshot cache: a connection whose full list was read within its TTL is
// served from its snapshots (in memory when cached, see core/snapshot-cache.ts, else from the store);
// otherwise the adapter lists it (one refresh at a time per connection), the
// snapshots are replaced, and a vendor that fails yields its last snapshots marked stale plus the error.
// A fresh list costs one statement (store/snapshots.ts writeFreshList): only the providers new or changed since
// the snapshots are written, and each provider's version is worked out once (core/reads/drift.ts withVersions).
// A list that holds exactly what the gateway knew is answered at once; that statement follows it (write-behind.ts).
// A provider's `syncedAt` is when its state was last confirmed by a read: the connection's last full list, or
// the snapshot's own write when later (a mutation's read-back).
// A page waits for that list at most the connection's `readBudgetMs`; the read goes on after it (withinDeadline).
// A refresh after an earlier full read also records drift: every provider changed, created or deleted at the
// vendor since the gateway last saw or applied it becomes a DRIFT_DETECTED audit event (see core/drift.ts).
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { NormalizedProvider, ProviderView } from '../vendor-contract/adapter.js';
import type { VersionedProvider } from '../../model/version.js';
import type { AuditLog } from '../audit/log.js';
import type { Connection } from '../connections.js';
import { detectVersionedDrift, type ProviderDrift, withKnownSecrets, withVersions } from './drift.js';
import { GatewayError, VendorError } from '../errors.js';
import { describeError, type Logger } from '../log.js';
import type { SecretRegistry } from '../secrets.js';
import { type CachedConnection, SnapshotCache } from './snapshot-cache.js';
import { WriteBehind } from './write-behind.js';
import type { Db } from '../../store/open.js';
import { type AuditEventRow, finishAuditEvent, insertAuditEvent } from '../../store/audit.js';
import { getConnectionSyncs, markSyncFailed } from '../../store/connection-syncs.js';
import { listSnapshots, type Snapshot, writeFreshList } from '../../store/snapshots.js';
import type { Announcement } from '../../store/notify.js';

/** The actor and operation of the audit events that record drift. */
export const DRIFT_ACTOR = 'drift-detector';
export const DRIFT_OPERATION = 'driftDetected';

export interface ConnectionRead {
  connection: Connection;
  providers: ProviderView[];
  /** The connection's last full read of its vendor (null: never): the `syncedAt` of every provider it confirmed. */
  syncedAt: Date | null;
  /** Set when the vendor could not be read: `providers` are then the last snapshots, marked stale. */
  error: GatewayError | null;
}

/**
 * A snapshot as the API shows it. `confirmedAt`: the connection's last full read (connection_syncs), which
 * confirmed every snapshot it did not rewrite; `syncedAt` is the later of it and the snapshot's own write.
 */
export function toView(snapshot: Snapshot, stale: boolean, confirmedAt: Date | null = null): ProviderView {
  const { key, displayName, protocol, enabled, clientId, secretFingerprints, details } = snapshot.provider;
  // Field by field, not `...snapshot.provider`: on Node 20 the spread is ~100x slower, 50 times per page.
  return {
    key,
    displayName,
    protocol,
    enabled,
    clientId,
    secretFingerprints,
    details,
    vendor: snapshot.vendor,
    connectionId: snapshot.connectionId,
    version: snapshot.version,
    syncedAt: confirmedAt && confirmedAt > snapshot.fetchedAt ? confirmedAt : snapshot.fetchedAt,
    stale,
  };
}

/**
 * Secret fingerprints the vendor never returns (SlashID's client secret) are known only from the gateway's
 * own writes: a fresh read keeps the previous snapshot's fingerprint for every key the adapter left out.
 */
export function carryForwardFingerprints(fresh: NormalizedProvider, previous: NormalizedProvider | undefined): NormalizedProvider {
  return withKnownSecrets(fresh, previous);
}

/** One provider in a drift report, with the state to show: live, or the last known one when DELETED. */
export interface ProviderDriftView extends ProviderDrift {
  provider: ProviderView;
}

export interface DriftReport {
  connectionId: string;
  vendor: Connection['vendor'];
  checkedAt: Date;
  /** The last full read of the connection: the baseline. null when there was none (nothing to compare). */
  lastSyncedAt: Date | null;
  providers: ProviderDriftView[];
}

export interface ProviderReaderOptions {
  now?: () => Date;
  /** Told of the DRIFT_DETECTED rows once their transaction has committed (the live audit feed). */
  auditLog?: Pick<AuditLog, 'publish'>;
  /** The connections' snapshots in memory; default: a cache of this reader's own. */
  cache?: SnapshotCache;
  /**
   * The message that tells the other instances of a refresh from the vendor (they drop their cached snapshots);
   * the statement that writes the list sends it at its commit, when there are other instances.
   */
  syncedMessage?: (connectionId: string) => Announcement;
  /** How often an unchanged list's confirmation may reach the store per connection (default CONFIRMATION_SPACING_MS). */
  confirmationSpacingMs?: number;
}

/** A connection's last read from its vendor, by this instance: the floor under `refresh: true`. */
interface LastRead {
  /** performance.now() when it started. */
  startedAt: number;
  /** Set while it runs: a caller joins it. */
  running: Promise<ConnectionRead> | null;
  /** How it failed, if it did: a caller within the floor is told the same. */
  error: GatewayError | null;
}

export const DEFAULT_MIN_REFRESH_INTERVAL_SECONDS = 5;
/**
 * An unchanged list's confirmation (the connection's `synced_at`) reaches the store at most this often per
 * connection, the latest one always: what other instances see of it may lag this instance's pages by as much.
 */
export const CONFIRMATION_SPACING_MS = 1_000;
/** A connection config built by hand (no config.ts defaults) waits this long; config.ts has the same default. */
export const DEFAULT_READ_BUDGET_MS = 2_000;

export interface ReadOptions {
  /** Read the vendors now instead of serving snapshots within their TTL (bounded by minRefreshIntervalSeconds). */
  refresh?: boolean;
  /**
   * Wait for the vendor as long as its own timeouts allow (twice `totalTimeoutMs`: room for one retry) instead of
   * the connection's `readBudgetMs`: for reads that decide a write or must show the live state (estate plan,
   * apply, export). Pages leave it out.
   */
  waitForVendor?: boolean;
}

export class ProviderReader {
  private readonly lastReads = new Map<string, LastRead>();
  private readonly now: () => Date;
  /** Confirmations of unchanged lists, written after their answers; a failed one is logged (the next read writes again). */
  private readonly writeBehind: WriteBehind;
  /** Where a confirmation the store did not take is reported (set once the gateway's logger exists). */
  logger?: Logger;
  readonly cache: SnapshotCache;

  constructor(
    private readonly db: Db,
    private readonly secrets: SecretRegistry,
    private readonly options: ProviderReaderOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.cache = options.cache ?? new SnapshotCache();
    this.writeBehind = new WriteBehind(options.confirmationSpacingMs ?? CONFIRMATION_SPACING_MS, (connectionId, error) =>
      this.logger?.log('warn', 'an unchanged list was not confirmed in the store', { connectionId, error: describeError(error) }),
    );
  }

  /** Settles when every confirmation written behind its answer has landed (or failed), or after `withinMs`. */
  async settled(withinMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([this.writeBehind.idle(), new Promise((resolve) => (timer = setTimeout(resolve, withinMs)))]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Reads several connections in parallel; one failing vendor never fails the others. */
  async read(connections: Connection[], options: ReadOptions = {}): Promise<ConnectionRead[]> {
    if (connections.length === 0) return [];
    if (options.refresh) this.cache.forceRead();
    const stored = await this.cached(connections.map((c) => c.id));
    return Promise.all(
      connections.map((connection) => {
        const { syncedAt, snapshots: own } = stored.get(connection.id)!;
        const fresh = syncedAt && this.now().getTime() - syncedAt.getTime() < connection.config.cacheTtlSeconds * 1000;
        if (fresh && !options.refresh) {
          return { connection, providers: own.map((s) => toView(s, false, syncedAt)), syncedAt, error: null };
        }
        // refresh: true reads a vendor at most once per minRefreshIntervalSeconds, however many ask: within it,
        // a caller joins the running read, or gets the snapshots as they are now (what that read produced, plus
        // any change made since), with that read's error if it failed. (Reads after the TTL are bounded by it.)
        const last = this.lastReads.get(connection.id);
        const floorMs = (connection.config.minRefreshIntervalSeconds ?? DEFAULT_MIN_REFRESH_INTERVAL_SECONDS) * 1000;
        if (options.refresh && last && !last.running && performance.now() - last.startedAt < floorMs) {
          return { connection, providers: own.map((s) => toView(s, last.error !== null, syncedAt)), syncedAt, error: last.error };
        }
        // Before the first full read the snapshots (if any: the gateway's own writes) are no baseline for drift.
        const deadline = options.waitForVendor ? vendorDeadline(connection) : readBudget(connection);
        return this.withinDeadline(connection, own, syncedAt, this.refreshOnce(connection, own, syncedAt), deadline);
      }),
    );
  }

  /** The connections' last sync and snapshots: from the cache, the missing ones in one query per table. */
  private async cached(ids: string[]): Promise<Map<string, CachedConnection>> {
    const found = new Map<string, CachedConnection>();
    const missing: string[] = [];
    for (const id of ids) {
      const entry = this.cache.get(id);
      if (entry) found.set(id, entry);
      else missing.push(id);
    }
    if (missing.length === 0) return found;
    const generations = missing.map((id) => this.cache.generation(id));
    const [syncs, snapshots] = await Promise.all([getConnectionSyncs(this.db, missing), listSnapshots(this.db, missing)]);
    // Grouped once: a filter per connection would be connections x snapshots (10^7 at 1 000 x 10).
    const byConnection = new Map<string, Snapshot[]>();
    for (const snapshot of snapshots) {
      const group = byConnection.get(snapshot.connectionId);
      if (group) group.push(snapshot);
      else byConnection.set(snapshot.connectionId, [snapshot]);
    }
    missing.forEach((id, index) => {
      const entry = { syncedAt: syncs.get(id)?.syncedAt ?? null, snapshots: byConnection.get(id) ?? [] };
      this.cache.set(id, entry, generations[index]!);
      found.set(id, entry);
    });
    return found;
  }

  /**
   * A vendor that is slow (retries on a hung vendor can take several timeouts) must not hold up the page:
   * after the deadline (the read budget, counted from this caller's arrival, also when it joins a read
   * already running) the last snapshots are served, marked stale, with a TIMEOUT error; the refresh goes on
   * in the background and updates the cache when it ends. A connection never read and never written has no
   * snapshots: the caller gets none, with the same error. A vendor that fails within the deadline (an open
   * circuit fails at once) answers with its own error as before.
   */
  private async withinDeadline(
    connection: Connection,
    previous: Snapshot[],
    syncedAt: Date | null,
    refresh: Promise<ConnectionRead>,
    deadline: { ms: number; name: string },
  ): Promise<ConnectionRead> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<ConnectionRead>((resolve) => {
      timer = setTimeout(() => {
        const shown = previous.length ? 'showing the last known state' : 'nothing is known of it yet';
        const error = new VendorError(
          { vendor: connection.vendor, httpStatus: null, vendorCode: 'TIMEOUT', retryable: true },
          `${connection.vendor} did not answer within ${deadline.ms} ms (${deadline.name}); ${shown} while the read goes on.`,
        );
        resolve({ connection, providers: previous.map((s) => toView(s, true, syncedAt)), syncedAt, error });
      }, deadline.ms);
    });
    try {
      return await Promise.race([refresh, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Compares the snapshots (what the gateway last saw or applied) with the vendor's live list, and only
   * reports: the snapshots stay as they are. The next refresh records the same drift as audit events and
   * takes the live state as the new baseline. A vendor that cannot be read is a typed error (thrown).
   */
  async checkDrift(connection: Connection): Promise<DriftReport> {
    const [syncs, snapshots] = await Promise.all([getConnectionSyncs(this.db, [connection.id]), listSnapshots(this.db, [connection.id])]);
    const lastSyncedAt = syncs.get(connection.id)?.syncedAt ?? null;
    const report: DriftReport = {
      connectionId: connection.id,
      vendor: connection.vendor,
      checkedAt: this.now(),
      lastSyncedAt,
      providers: [],
    };
    if (!lastSyncedAt) return report;
    let live: NormalizedProvider[];
    try {
      live = await connection.adapter.list();
    } catch (error) {
      throw asGatewayError(error, connection, this.secrets);
    }
    report.checkedAt = this.now();
    const snapshotByKey = new Map(snapshots.map((s) => [s.provider.key, s]));
    const liveVersioned = withVersions(live, snapshots);
    const versionByKey = new Map(liveVersioned.map((entry) => [entry.provider.key, entry.version]));
    report.providers = detectVersionedDrift(snapshots, liveVersioned).map((drift) => {
      const provider = drift.live
        ? {
            ...drift.live,
            vendor: connection.vendor,
            connectionId: connection.id,
            version: versionByKey.get(drift.key)!,
            syncedAt: report.checkedAt,
            stale: false,
          }
        : toView(snapshotByKey.get(drift.key)!, false, lastSyncedAt);
      return { ...drift, provider };
    });
    return report;
  }

  /** One read of a connection's vendor at a time: a caller while it runs joins it. */
  private refreshOnce(connection: Connection, previous: Snapshot[], syncedAt: Date | null): Promise<ConnectionRead> {
    const running = this.lastReads.get(connection.id)?.running;
    if (running) return running;
    const last: LastRead = { startedAt: performance.now(), running: null, error: null };
    last.running = this.refresh(connection, previous, syncedAt).then(
      (read) => {
        last.running = null;
        last.error = read.error;
        return read;
      },
      (error: unknown) => {
        // The store failed, not the vendor: nothing to serve from; the next caller tries again.
        this.lastReads.delete(connection.id);
        throw error;
      },
    );
    this.lastReads.set(connection.id, last);
    return last.running;
  }

  /** `syncedAt`: the last full read before this one; without one, the snapshots (the gateway's own writes, if any) are no baseline for drift. */
  private async refresh(connection: Connection, previous: Snapshot[], syncedAt: Date | null): Promise<ConnectionRead> {
    const generation = this.cache.generation(connection.id);
    try {
      const listStartedAt = this.now();
      const listed = await connection.adapter.list();
      // Each provider's version worked out once: the drift comparison, the store and the page all use it.
      const providers = withVersions(listed, previous);
      const at = this.now();
      // One comparison in memory; the store is touched again only when something drifted.
      const drift = syncedAt ? detectVersionedDrift(previous, providers) : [];
      const fresh = {
        connectionId: connection.id,
        vendor: connection.vendor,
        fetchedAt: at,
        listStartedAt,
        announcement: this.options.syncedMessage?.(connection.id),
      };
      // The list as the gateway knew it (after a full read, and no write of this instance meanwhile): the store only
      // learns when it was confirmed, after the answer (writeBehind); the page does not wait for that statement.
      if (syncedAt && drift.length === 0 && sameVersions(previous, providers) && this.cache.generation(connection.id) === generation) {
        this.cache.set(connection.id, { syncedAt: at, snapshots: previous }, generation);
        this.writeBehind.schedule(connection.id, async () => {
          // Only a confirmation: it may land after a change or a delete that came since, which it must not undo.
          const saved = await writeFreshList(this.db, { ...fresh, providers, previous, vendorStateOnly: true, confirmOnly: true });
          // The store held something else (a change since, here or on another instance): the next read takes it from there.
          if (!sameVersions(previous, saved)) this.cache.drop(connection.id);
        });
        return { connection, providers: previous.map((s) => toView(s, false, at)), syncedAt: at, error: null };
      }
      const saved =
        drift.length === 0
          ? // Nothing but the vendor's own state: its commit need not wait for the disk (see FreshList).
            await writeFreshList(this.db, { ...fresh, providers, previous, vendorStateOnly: true })
          : await this.recordDrift(connection, listed, drift, fresh);
      // Not if a write finished meanwhile (it dropped the entry): the next read takes both from the store.
      this.cache.set(connection.id, { syncedAt: at, snapshots: saved }, generation);
      return { connection, providers: saved.map((s) => toView(s, false, at)), syncedAt: at, error: null };
    } catch (error) {
      const typed = asGatewayError(error, connection, this.secrets);
      await markSyncFailed(this.db, connection.id, connection.vendor, typed.toJSON() as never, this.now());
      return { connection, providers: previous.map((s) => toView(s, true, syncedAt)), syncedAt, error: typed };
    }
  }

  /**
   * Records drift and replaces the snapshots in one transaction. Under a per-connection advisory lock the
   * snapshots are read again and the drift worked out again against them: a provider counts only if it
   * drifted against both the snapshots this refresh started from and the current ones. So a gateway
   * mutation that saved its snapshot while the list was in flight is not drift, and two instances refreshing
   * one connection at once record each drift once (the second finds the first one's snapshots).
   */
  private async recordDrift(
    connection: Connection,
    listed: NormalizedProvider[],
    suspected: ProviderDrift[],
    fresh: { connectionId: string; vendor: Connection['vendor']; fetchedAt: Date; listStartedAt: Date; announcement?: Announcement },
  ): Promise<Snapshot[]> {
    const { fetchedAt: at, listStartedAt } = fresh;
    const suspectedKeys = new Set(suspected.map((d) => d.key));
    const recorded: AuditEventRow[] = [];
    const saved = await this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${driftLockId(connection.id)}::bigint)`);
      const current = await listSnapshots(tx, [connection.id]);
      // A snapshot written while the list was read (a mutation, or another instance's refresh) is newer than the list: not drift.
      const newerKeys = new Set(current.filter((s) => s.fetchedAt > listStartedAt).map((s) => s.provider.key));
      // Against the current snapshots: versions reused where the state is theirs, hashed again only where not.
      const providers = withVersions(listed, current);
      const confirmed = detectVersionedDrift(current, providers).filter((d) => suspectedKeys.has(d.key) && !newerKeys.has(d.key));
      for (const drift of confirmed) {
        const row = await insertAuditEvent(tx, {
          actor: DRIFT_ACTOR,
          operation: DRIFT_OPERATION,
          kind: 'DRIFT_DETECTED',
          connectionId: connection.id,
          vendor: connection.vendor,
          providerKey: drift.key,
          status: 'SUCCEEDED',
          input: { drift: drift.kind },
          before: drift.known,
          startedAt: at,
        });
        recorded.push(
          await finishAuditEvent(tx, row.id, {
            status: 'SUCCEEDED',
            after: drift.live,
            changes: drift.changes,
            finishedAt: at,
          }),
        );
      }
      return writeFreshList(tx, { ...fresh, providers, previous: current });
    });
    for (const row of recorded) this.options.auditLog?.publish(row);
    return saved;
  }
}

/** The same providers at the same versions (what the snapshots hold is then what the other list holds). */
function sameVersions(snapshots: readonly Snapshot[], listed: readonly VersionedProvider[]): boolean {
  if (snapshots.length !== listed.length) return false;
  const versions = new Map(snapshots.map((s) => [s.provider.key, s.version]));
  return listed.every((entry) => versions.get(entry.provider.key) === entry.version);
}

/** How long a page waits for a connection's vendor list: its `readBudgetMs`. */
function readBudget(connection: Connection): { ms: number; name: string } {
  return { ms: connection.config.readBudgetMs ?? DEFAULT_READ_BUDGET_MS, name: 'readBudgetMs' };
}

/** How long a read that must see the vendor waits: twice the per-attempt timeout, room for one retry. */
function vendorDeadline(connection: Connection): { ms: number; name: string } {
  return { ms: 2 * connection.config.totalTimeoutMs, name: 'twice totalTimeoutMs' };
}

/** A signed 64-bit advisory lock id, per connection, for recording its drift. */
function driftLockId(connectionId: string): string {
  return createHash('sha256').update(`idp-gateway:drift:${connectionId}`).digest().readBigInt64BE(0).toString();
}

/** Any failure as a typed error; an unexpected exception becomes an UNEXPECTED VendorError, scrubbed. */
export function asGatewayError(error: unknown, connection: Pick<Connection, 'vendor'>, secrets: SecretRegistry): GatewayError {
  if (error instanceof GatewayError) {
    error.message = secrets.scrub(error.message);
    return error;
  }
  // describeError: never a store error's parameters (clients see this message).
  const message = describeError(error);
  return new VendorError(
    { vendor: connection.vendor, httpStatus: null, vendorCode: 'UNEXPECTED', retryable: false },
    `Unexpected failure talking to ${connection.vendor}: ${secrets.scrub(message)}`,
  );
}
