// Per connection: when its provider list was last read in full, and the last error reading it.
import { inArray, sql } from 'drizzle-orm';
import type { JsonObject } from '../model/provider.js';
import type { VendorKey } from '../model/vendor-key.js';
import type { Db } from './open.js';
import { connectionSyncs } from './tables.js';

export type ConnectionSync = typeof connectionSyncs.$inferSelect;

export async function getConnectionSyncs(db: Db, connectionIds: string[]): Promise<Map<string, ConnectionSync>> {
  if (connectionIds.length === 0) return new Map();
  const rows = await db.select().from(connectionSyncs).where(inArray(connectionSyncs.connectionId, connectionIds));
  return new Map(rows.map((row) => [row.connectionId, row]));
}

export async function markSynced(db: Db, connectionId: string, vendor: VendorKey, at = new Date()): Promise<void> {
  await db
    .insert(connectionSyncs)
    .values({ connectionId, vendor, syncedAt: at, lastError: null })
    .onConflictDoUpdate({ target: connectionSyncs.connectionId, set: { syncedAt: at } });
}

export async function markSyncFailed(db: Db, connectionId: string, vendor: VendorKey, error: JsonObject, at = new Date()): Promise<void> {
  await db
    .insert(connectionSyncs)
    .values({ connectionId, vendor, syncedAt: null, lastError: error, lastErrorAt: at })
    .onConflictDoUpdate({
      target: connectionSyncs.connectionId,
      set: { lastError: sql`excluded.last_error`, lastErrorAt: sql`excluded.last_error_at` },
    });
}
