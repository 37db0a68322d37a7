// openStore(): the embedded PGlite store in a local folder by default, or PostgreSQL via postgres.js when a
// URL is given. The same Drizzle code runs on both; migrations from drizzle/ are applied on open.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { Db } from './db.js';
import { postgresClient } from './postgres-client.js';
import { inProcessLocks, postgresLocks, type ProviderLocks } from './locks.js';
import { SessionPool, withSafeTransactions } from './postgres-sessions.js';
import { type NotificationChannel, postgresChannel } from './notify.js';
import * as tables from './tables.js';
import {
  clearUnfinishedUnpack,
  emptyFolder,
  installedPgliteVersion,
  noteFileOf,
  PGLITE_TEMPLATE_FILE,
  type PgliteTemplateNote,
  unpackTemplate,
  usableTemplate,
} from './pglite-template.js';
import { packageFile } from '../package-root.js';

/** A database handle or a transaction: every store function takes either. */
export type { Db } from './db.js';

export interface Store {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Where the data lives, for messages: a folder, "memory" or the URL without its password. */
  location: string;
  /** Serializes mutations of one provider (across instances on PostgreSQL). */
  locks: ProviderLocks;
  /** LISTEN/NOTIFY between instances sharing the database; null on PGlite (one process, no other instance). */
  channel: NotificationChannel | null;
  close(): Promise<void>;
}

export type StoreOptions =
  /** `templateFile`: the migrated PGlite an empty folder starts from (default: the build's; null: none). */
  (
    | { kind: 'pglite'; dataDir: string; templateFile?: string | null }
    /** In memory; `loadDataDir`: start from a dump of a data folder (PGlite's dumpDataDir) instead of an empty one. */
    | { kind: 'pglite-memory'; loadDataDir?: Blob }
    | { kind: 'postgres'; url: string }
  ) & {
    /** Told of every SQL statement the store's Drizzle handle sends (tests count queries with it). */
    onQuery?: (sql: string) => void;
  };

export const MIGRATIONS = packageFile('drizzle');

/** Loaded into every PGlite the gateway opens: the search's trigram index (migration 0004) calls pg_trgm on each write. */
const PGLITE_EXTENSIONS = { pg_trgm };

/**
 * Postgres settings inside PGlite, on top of PGlite's own start parameters (which already run it without
 * fsync: `-F`). Postgres zeroes its whole buffer pool at start, so shared_buffers is resident memory from the
 * first second: PGlite's default of 128 MB was most of an idle sandbox's RSS. 32 MB still holds the
 * sandbox's data and the 10 000-provider scale's hot pages; a read beyond it costs a file read, not a vendor
 * call. test/store/pglite-settings.test.ts reads them back from an opened store.
 */
export const PGLITE_SETTINGS: Readonly<Record<string, string>> = {
  shared_buffers: '32MB',
  // Scratch memory for a temporary table (none is used): allocated on use, capped low all the same.
  temp_buffers: '2MB',
};

/** The options of every PGlite the gateway opens (a folder, memory, or the migrate command's read). */
export function pgliteOptions(): PGliteOptions<typeof PGLITE_EXTENSIONS> {
  return {
    extensions: PGLITE_EXTENSIONS,
    startParams: [...PGlite.defaultStartParams, ...Object.entries(PGLITE_SETTINGS).flatMap(([name, value]) => ['-c', `${name}=${value}`])],
  };
}

/** The store the environment asks for: DATABASE_URL, else PGlite in IDP_GATEWAY_DATA_DIR or ./.data. */
export function storeOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): StoreOptions {
  if (env.DATABASE_URL) return { kind: 'postgres', url: env.DATABASE_URL };
  return { kind: 'pglite', dataDir: resolve(env.IDP_GATEWAY_DATA_DIR ?? '.data') };
}

export async function openStore(options: StoreOptions): Promise<Store> {
  const logger = options.onQuery ? { logQuery: (query: string) => options.onQuery!(query) } : undefined;
  if (options.kind === 'postgres') return openPostgres(options.url, logger);
  if (options.kind === 'pglite-memory')
    return openPglite(new PGlite({ ...pgliteOptions(), loadDataDir: options.loadDataDir }), 'memory', async () => {}, logger);
  const pgdataDir = join(options.dataDir, 'pgdata');
  mkdirSync(pgdataDir, { recursive: true });
  const releaseLock = acquireFolderLock(options.dataDir);
  try {
    return await openPglite(await folderPglite(pgdataDir, options.templateFile), options.dataDir, releaseLock, logger);
  } catch (error) {
    releaseLock();
    throw error;
  }
}

type QueryLogger = { logQuery(query: string, params: unknown[]): void } | undefined;

/** The PGlite of a folder: an empty one starts as the build's template when it fits (store/pglite-template.ts). */
async function folderPglite(pgdataDir: string, templateFile: string | null = PGLITE_TEMPLATE_FILE): Promise<PGlite> {
  clearUnfinishedUnpack(pgdataDir);
  const latest = journalEntries().at(-1)?.when ?? 0;
  const template = templateFile === null ? null : usableTemplate(templateFile, pgdataDir, latest);
  if (template) {
    let unpacked: PGlite | null = null;
    try {
      await unpackTemplate(template, pgdataDir);
      unpacked = new PGlite(pgdataDir, pgliteOptions());
      await unpacked.waitReady;
      return unpacked;
    } catch {
      // A template that cannot be unpacked or opened: what it left is cleared and the folder starts the old way.
      await unpacked?.close().catch(() => {});
      emptyFolder(pgdataDir);
    }
  }
  return new PGlite(pgdataDir, pgliteOptions());
}

/** Makes the build's template (`npm run build` runs store/make-pglite-template.js): a migrated PGlite, dumped. */
export async function buildPgliteTemplate(templateFile: string = PGLITE_TEMPLATE_FILE): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'idpgw-template-'));
  try {
    const store = await openStore({ kind: 'pglite', dataDir: dir, templateFile: null });
    await store.close();
    const pglite = new PGlite(join(dir, 'pgdata'), pgliteOptions());
    try {
      await writePgliteTemplate(pglite, templateFile);
    } finally {
      await pglite.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes `pglite` (migrated to the latest migration) as a template with its note. */
export async function writePgliteTemplate(pglite: PGlite, templateFile: string): Promise<void> {
  // dumpDataDir before PGlite is ready never settles.
  await pglite.waitReady;
  const bytes = Buffer.from(await (await pglite.dumpDataDir('gzip')).arrayBuffer());
  writeFileSync(templateFile, bytes);
  const note: PgliteTemplateNote = {
    pglite: installedPgliteVersion(),
    latestMigration: journalEntries().at(-1)?.when ?? 0,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
  writeFileSync(noteFileOf(templateFile), `${JSON.stringify(note)}\n`);
}

/**
 * A store over a PGlite the caller opened (migrated here if it is behind); `close` is the caller's. The test
 * suite hands out its in-memory PGlites this way, reused between test files (test/support/pglite-pool.ts).
 */
export function storeOverPglite(client: PGlite, close: () => Promise<void>, options: Pick<StoreOptions, 'onQuery'> = {}): Promise<Store> {
  const logger = options.onQuery ? { logQuery: (query: string) => options.onQuery!(query) } : undefined;
  return openPglite(client, 'memory', close, logger, false);
}

async function openPglite(
  client: PGlite,
  location: string,
  releaseLock: () => void | Promise<void>,
  logger: QueryLogger,
  closeClient = true,
): Promise<Store> {
  const db = drizzlePglite(client, { schema: tables, logger }) as unknown as Db;
  // One query when nothing is new (every start but the first after an upgrade): the migrator reads and hashes
  // every migration file and runs a transaction even then. One process owns the folder, so nobody migrates
  // between the check and the migrator.
  const latest = await latestMigrationIn(async (text) => (await client.query<Record<string, unknown>>(text)).rows);
  if (latest === null || journalEntries().some((entry) => entry.when > latest))
    await migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS });
  return {
    db,
    kind: 'pglite',
    location,
    // PGlite belongs to one process: an in-process queue is all the serialization needed.
    locks: inProcessLocks(db),
    channel: null,
    async close() {
      if (closeClient) await client.close();
      await releaseLock();
    },
  };
}

export interface JournalEntry {
  tag: string;
  when: number;
}

/** The migrations drizzle/ holds, oldest first (drizzle/meta/_journal.json). */
export function journalEntries(): JournalEntry[] {
  return (JSON.parse(readFileSync(join(MIGRATIONS, 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] }).entries;
}

/**
 * The `created_at` of the latest migration drizzle recorded in a database (null: none), read without migrating.
 * Drizzle applies each journal entry whose `when` is newer than it, so it also says which entries are pending.
 */
export async function latestMigrationIn(run: (text: string) => Promise<ReadonlyArray<Record<string, unknown>>>): Promise<number | null> {
  const [table] = await run("select to_regclass('drizzle.__drizzle_migrations') is not null as present");
  if (!table?.present) return null;
  const [row] = await run('select max(created_at) as latest from drizzle.__drizzle_migrations');
  return row?.latest == null ? null : Number(row.latest);
}

// Several gateway instances may start against one Postgres at once: one migrates, the others wait.
const MIGRATION_LOCK_ID = 7_345_221_001;

async function openPostgres(url: string, logger: QueryLogger): Promise<Store> {
  // One session holds the advisory lock for the whole migration (drizzle's migrator runs its own transaction).
  const migrator = postgresClient(url, { max: 1 });
  try {
    await migrator`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
    await migratePostgres(drizzlePostgres(migrator), { migrationsFolder: MIGRATIONS });
    await migrator`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
  } finally {
    await migrator.end({ timeout: 5 });
  }
  const sql = postgresClient(url, { max: 10 });
  // Dedicated sessions (never postgres.js's begin/reserve: see postgres-sessions.ts): lock holders wait on
  // theirs without taking connections the mutations need, and transactions run on theirs.
  const lockSessions = new SessionPool(url, 4, logger);
  const transactionSessions = new SessionPool(url, 2, logger);
  const locks = postgresLocks(lockSessions);
  const channel = postgresChannel(url);
  return {
    db: drizzlePostgres(withSafeTransactions(sql, transactionSessions), { schema: tables, logger }) as unknown as Db,
    kind: 'postgres',
    location: redactUrlPassword(url),
    locks,
    channel,
    async close() {
      await channel.close();
      await locks.close();
      await transactionSessions.end();
      await sql.end({ timeout: 5 });
    },
  };
}

function redactUrlPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres';
  }
}

export class StoreLockedError extends Error {}

/**
 * PGlite is one process's database: a second gateway on the same folder would corrupt it. A pid file marks
 * the owner; a stale one (its process is gone) is taken over.
 */
export function acquireFolderLock(dataDir: string): () => void {
  const lockFile = join(dataDir, 'gateway.pid');
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new StoreLockedError(
        `The data folder ${dataDir} is in use by another gateway process (pid ${pid}). ` +
          'Stop that process, or set IDP_GATEWAY_DATA_DIR to another folder, or DATABASE_URL to share a PostgreSQL.',
      );
    }
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
