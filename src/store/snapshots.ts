// The provider snapshot cache: the last normalized (secret-free) state read from or written to a vendor.
import { and, eq, gt, inArray, lte } from 'drizzle-orm';
import type { NormalizedProvider } from '../model/provider.js';
import type { VendorKey } from '../model/vendor-key.js';
import { providerVersion } from '../model/version.js';
import type { Db } from './open.js';
import { providerSnapshots } from './tables.js';

export interface Snapshot {
  connectionId: string;
  vendor: VendorKey;
  provider: NormalizedProvider;
  version: string;
  fetchedAt: Date;
}

function toRow(connectionId: string, vendor: VendorKey, provider: NormalizedProvider, fetchedAt: Date) {
  return {
    connectionId,
    providerKey: provider.key,
    vendor,
    state: provider,
    version: providerVersion(provider),
    fetchedAt,
  };
}

/** A stored row, or one about to be stored (toRow: without the columns the database derives from `state`). */
type SnapshotRow = Pick<typeof providerSnapshots.$inferSelect, 'connectionId' | 'vendor' | 'state' | 'version' | 'fetchedAt'>;

function fromRow(row: SnapshotRow): Snapshot {
  return {
    connectionId: row.connectionId,
    vendor: row.vendor as VendorKey,
    provider: row.state as NormalizedProvider,
    version: row.version,
    fetchedAt: row.fetchedAt,
  };
}

export async function listSnapshots(db: Db, connectionIds: string[]): Promise<Snapshot[]> {
  if (connectionIds.length === 0) return [];
  const rows = await db
    .select()
    .from(providerSnapshots)
    .where(inArray(providerSnapshots.connectionId, connectionIds))
    .orderBy(providerSnapshots.connectionId, providerSnapshots.providerKey);
  return rows.map(fromRow);
}

export async function getSnapshot(db: Db, connectionId: string, providerKey: string): Promise<Snapshot | null> {
  const [row] = await db
    .select()
    .from(providerSnapshots)
    .where(and(eq(providerSnapshots.connectionId, connectionId), eq(providerSnapshots.providerKey, providerKey)));
  return row ? fromRow(row) : null;
}

export async function saveSnapshot(
  db: Db,
  connectionId: string,
  vendor: VendorKey,
  provider: NormalizedProvider,
  fetchedAt = new Date(),
): Promise<Snapshot> {
  const row = toRow(connectionId, vendor, provider, fetchedAt);
  await db
    .insert(providerSnapshots)
    .values(row)
    .onConflictDoUpdate({
      target: [providerSnapshots.connectionId, providerSnapshots.providerKey],
      set: { state: row.state, version: row.version, fetchedAt: row.fetchedAt, vendor: row.vendor },
    });
  return fromRow(row);
}

export async function deleteSnapshot(db: Db, connectionId: string, providerKey: string): Promise<void> {
  await db
    .delete(providerSnapshots)
    .where(and(eq(providerSnapshots.connectionId, connectionId), eq(providerSnapshots.providerKey, providerKey)));
}

/**
 * Replaces a connection's whole snapshot set with a fresh full list (providers gone at the vendor go too).
 * Snapshots written after `listStartedAt` (by a mutation that finished while the list was being read) are
 * newer than the list: they are kept as they are.
 */
export async function replaceConnectionSnapshots(
  db: Db,
  connectionId: string,
  vendor: VendorKey,
  providers: NormalizedProvider[],
  fetchedAt = new Date(),
  listStartedAt: Date = fetchedAt,
): Promise<Snapshot[]> {
  return db.transaction(async (tx) => {
    const ofConnection = eq(providerSnapshots.connectionId, connectionId);
    const newer = await tx
      .select()
      .from(providerSnapshots)
      .where(and(ofConnection, gt(providerSnapshots.fetchedAt, listStartedAt)));
    const newerKeys = new Set(newer.map((row) => row.providerKey));
    const rows = providers.filter((p) => !newerKeys.has(p.key)).map((provider) => toRow(connectionId, vendor, provider, fetchedAt));
    await tx.delete(providerSnapshots).where(and(ofConnection, lte(providerSnapshots.fetchedAt, listStartedAt)));
    if (rows.length > 0) await tx.insert(providerSnapshots).values(rows);
    return [...rows, ...newer]
      .map(fromRow)
      .sort((a, b) => (a.provider.key < b.provider.key ? -1 : a.provider.key > b.provider.key ? 1 : 0));
  });
}
