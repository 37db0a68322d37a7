// `idp-gateway migrate` (src/cli/migrate.ts): open the store as the gateway does (which migrates) and say
// which migrations that open applied.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { postgresClient } from './postgres-client.js';
import { acquireFolderLock, journalEntries, latestMigrationIn, openStore, pgliteOptions, type Store, type StoreOptions } from './open.js';

export interface MigrationReport {
  store: Store;
  /** Tags of drizzle/meta/_journal.json this open applied, oldest first; empty when the schema was up to date. */
  appliedNow: string[];
  /** Tags the database had before. */
  appliedBefore: string[];
}

/**
 * Opens the store as the gateway does (which applies the pending migrations, under the same locks) and says
 * which migrations that applied. Drizzle applies each journal entry newer than the database's latest
 * `created_at` (an entry's `when`), so that latest value, read first, tells which ones are new. (On
 * PostgreSQL an instance starting at the same moment may have applied some of them itself.)
 */
export async function migrateStore(options: StoreOptions): Promise<MigrationReport> {
  const journal = journalEntries();
  let latest: number | null = null;
  if (options.kind === 'postgres') {
    const sql = postgresClient(options.url, { max: 1 });
    try {
      latest = await latestMigrationIn((text) => sql.unsafe(text));
    } finally {
      await sql.end({ timeout: 5 });
    }
  }
  // A PGlite folder without a database yet has no migrations; an existing one is read under the folder lock
  // (re-entrant for this process, so openStore below takes it over).
  const dataDir = options.kind === 'pglite' && existsSync(join(options.dataDir, 'pgdata', 'PG_VERSION')) ? options.dataDir : null;
  const releaseLock = dataDir ? acquireFolderLock(dataDir) : null;
  try {
    if (dataDir) {
      const client = new PGlite(join(dataDir, 'pgdata'), pgliteOptions());
      try {
        latest = await latestMigrationIn(async (text) => (await client.query<Record<string, unknown>>(text)).rows);
      } finally {
        await client.close();
      }
    }
    const store = await openStore(options);
    const isNew = (entry: { when: number }) => latest === null || entry.when > latest;
    return {
      store,
      appliedNow: journal.filter(isNew).map((entry) => entry.tag),
      appliedBefore: journal.filter((entry) => !isNew(entry)).map((entry) => entry.tag),
    };
  } catch (error) {
    releaseLock?.();
    throw error;
  }
}
