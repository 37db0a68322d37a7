// The provider snapshot cache: the last normalized (secret-free) state read from or written to a vendor.
import { and, eq, inArray } from 'drizzle-orm';
import type { JsonObject, NormalizedProvider } from '../core/adapter.js';
import type { VendorKey } from '../core/vendor-key.js';
import { providerVersion } from '../core/version.js';
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
    state: provider as unknown as JsonObject,
    version: providerVersion(provider),
    fetchedAt,
  };
}

function fromRow(row: typeof providerSnapshots.$inferSelect): Snapshot {
  return {
    connectionId: row.connectionId,
    vendor: row.vendor as VendorKey,
    provider: row.state as unknown as NormalizedProvider,
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

/** Replaces a connection's whole snapshot set with a fresh full list (providers gone at the vendor go too). */
export async function replaceConnectionSnapshots(
  db: Db,
  connectionId: string,
  vendor: VendorKey,
  providers: NormalizedProvider[],
  fetchedAt = new Date(),
): Promise<Snapshot[]> {
  const rows = providers.map((provider) => toRow(connectionId, vendor, provider, fetchedAt));
  await db.transaction(async (tx) => {
    await tx.delete(providerSnapshots).where(eq(providerSnapshots.connectionId, connectionId));
    if (rows.length > 0) await tx.insert(providerSnapshots).values(rows);
  });
  return rows.map(fromRow);
}
