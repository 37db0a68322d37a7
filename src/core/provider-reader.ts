// Reads providers through the snapshot cache: a connection whose full list was read within its TTL is
// served from Postgres; otherwise the adapter lists it (one refresh at a time per connection), the
// snapshots are replaced, and a vendor that fails yields its last snapshots marked stale plus the error.
import type { NormalizedProvider, ProviderView } from './adapter.js';
import type { Connection } from './connections.js';
import { GatewayError, VendorError } from './errors.js';
import type { SecretRegistry } from './secrets.js';
import type { Db } from '../store/open.js';
import { getConnectionSyncs, markSynced, markSyncFailed } from '../store/connection-syncs.js';
import { listSnapshots, replaceConnectionSnapshots, type Snapshot } from '../store/snapshots.js';

export interface ConnectionRead {
  connection: Connection;
  providers: ProviderView[];
  /** Set when the vendor could not be read: `providers` are then the last snapshots, marked stale. */
  error: GatewayError | null;
}

export function toView(snapshot: Snapshot, stale: boolean): ProviderView {
  return {
    ...snapshot.provider,
    vendor: snapshot.vendor,
    connectionId: snapshot.connectionId,
    version: snapshot.version,
    syncedAt: snapshot.fetchedAt,
    stale,
  };
}

/**
 * Secret fingerprints the vendor never returns (SlashID's client secret) are known only from the gateway's
 * own writes: a fresh read keeps the previous snapshot's fingerprint for every key the adapter left out.
 */
export function carryForwardFingerprints(fresh: NormalizedProvider, previous: NormalizedProvider | undefined): NormalizedProvider {
  if (!previous) return fresh;
  const carried = { ...previous.secretFingerprints, ...fresh.secretFingerprints };
  return { ...fresh, secretFingerprints: carried };
}

export class ProviderReader {
  private readonly refreshing = new Map<string, Promise<ConnectionRead>>();

  constructor(
    private readonly db: Db,
    private readonly secrets: SecretRegistry,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Reads several connections in parallel; one failing vendor never fails the others. */
  async read(connections: Connection[], options: { refresh?: boolean } = {}): Promise<ConnectionRead[]> {
    if (connections.length === 0) return [];
    const ids = connections.map((c) => c.id);
    const [syncs, snapshots] = await Promise.all([getConnectionSyncs(this.db, ids), listSnapshots(this.db, ids)]);
    return Promise.all(
      connections.map((connection) => {
        const own = snapshots.filter((s) => s.connectionId === connection.id);
        const syncedAt = syncs.get(connection.id)?.syncedAt;
        const fresh = syncedAt && this.now().getTime() - syncedAt.getTime() < connection.config.cacheTtlSeconds * 1000;
        if (fresh && !options.refresh) {
          return { connection, providers: own.map((s) => toView(s, false)), error: null };
        }
        return this.refreshOnce(connection, own);
      }),
    );
  }

  private refreshOnce(connection: Connection, previous: Snapshot[]): Promise<ConnectionRead> {
    let inflight = this.refreshing.get(connection.id);
    if (!inflight) {
      inflight = this.refresh(connection, previous).finally(() => this.refreshing.delete(connection.id));
      this.refreshing.set(connection.id, inflight);
    }
    return inflight;
  }

  private async refresh(connection: Connection, previous: Snapshot[]): Promise<ConnectionRead> {
    const previousByKey = new Map(previous.map((s) => [s.provider.key, s.provider]));
    try {
      const listed = await connection.adapter.list();
      const providers = listed.map((p) => carryForwardFingerprints(p, previousByKey.get(p.key)));
      const at = this.now();
      const saved = await replaceConnectionSnapshots(this.db, connection.id, connection.vendor, providers, at);
      await markSynced(this.db, connection.id, connection.vendor, at);
      return { connection, providers: saved.map((s) => toView(s, false)), error: null };
    } catch (error) {
      const typed = asGatewayError(error, connection, this.secrets);
      await markSyncFailed(this.db, connection.id, connection.vendor, typed.toJSON() as never, this.now());
      return { connection, providers: previous.map((s) => toView(s, true)), error: typed };
    }
  }
}

/** Any failure as a typed error; an unexpected exception becomes an UNEXPECTED VendorError, scrubbed. */
export function asGatewayError(error: unknown, connection: Pick<Connection, 'vendor'>, secrets: SecretRegistry): GatewayError {
  if (error instanceof GatewayError) {
    error.message = secrets.scrub(error.message);
    return error;
  }
  const message = error instanceof Error ? error.message : String(error);
  return new VendorError(
    { vendor: connection.vendor, httpStatus: null, vendorCode: 'UNEXPECTED', retryable: false },
    `Unexpected failure talking to ${connection.vendor}: ${secrets.scrub(message)}`,
  );
}
