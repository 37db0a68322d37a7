// The stores a store-touching test runs on: PGlite always (in memory: real PGlite, nothing faked), and the
// real PostgreSQL when TEST_DATABASE_URL is set, each test file in a database of its own; and the stores of
// gateway processes (a PGlite data folder, or a fresh PostgreSQL database).
// A test file with a PostgreSQL variant takes its stores from here (STORE_KINDS, PROCESS_STORE_KINDS): with
// TEST_DATABASE_URL set (as .ci/run sets it when PostgreSQL answers) the variants join the same run.
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import postgres from 'postgres';
import { type AuditEventRow, insertAuditEvent, type NewAuditEvent } from '../../src/store/audit.js';
import { type Db, openStore, type Store, type StoreOptions } from '../../src/store/open.js';
import { openPooledPglite } from './pglite-pool.js';
import { seededDataDir } from './pglite-template.js';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

/** Options every test store takes: `onQuery` sees each SQL statement (to count queries). */
export type TestStoreOptions = Pick<StoreOptions, 'onQuery'>;

export interface StoreKind {
  name: 'pglite' | 'postgres';
  open(options?: TestStoreOptions): Promise<Store>;
}

/** A fresh database; `open` connects a store to it (call twice for two gateway instances on one PostgreSQL), `url` names it for a process. */
export async function createTestDatabase(url: string) {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const name = `idpgw_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin.unsafe(`create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    name,
    url: target.toString(),
    open: (options: TestStoreOptions = {}) => openStore({ kind: 'postgres', url: target.toString(), ...options }),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

async function openIsolatedPostgres(url: string, options: TestStoreOptions = {}): Promise<Store> {
  const database = await createTestDatabase(url);
  const store = await database.open(options);
  return {
    ...store,
    async close() {
      await store.close();
      await database.drop();
    },
  };
}

/** Two stores on one fresh database, as two gateway instances sharing one PostgreSQL have. */
export async function openPostgresPair(url: string): Promise<[Store, Store]> {
  const database = await createTestDatabase(url);
  const [first, second] = [await database.open(), await database.open()];
  return [
    first,
    {
      ...second,
      async close() {
        await second.close();
        await first.close();
        await database.drop();
      },
    },
  ];
}

/**
 * The marks of a PENDING audit row left by a gateway instance that died (its lease is gone): spread into a
 * seeded row, as the store requires them on every PENDING row.
 */
export function crashedInstanceRow(): { ownerInstance: string; serialKey: string } {
  return { ownerInstance: randomUUID(), serialKey: `test/${randomUUID()}` };
}

/** Seeds a PENDING row a dead instance left: a cPanel `setCpanelProviderEnabled` on slack unless `row` says otherwise. */
export function insertCrashedPendingRow(
  db: Db,
  row: Pick<NewAuditEvent, 'actor' | 'connectionId'> & Partial<NewAuditEvent>,
): Promise<AuditEventRow> {
  return insertAuditEvent(db, {
    operation: 'setCpanelProviderEnabled',
    vendor: 'cpanel',
    providerKey: 'slack',
    status: 'PENDING',
    input: {},
    ...crashedInstanceRow(),
    ...row,
  });
}

export const STORE_KINDS: StoreKind[] = [
  // From the run's migrated template (test/support/global-setup.ts), reused within the worker (pglite-pool.ts):
  // no initdb, no migrations, and mostly no loading per store.
  { name: 'pglite', open: (options) => openPooledPglite(options) },
  ...(TEST_DATABASE_URL
    ? [{ name: 'postgres' as const, open: (options?: TestStoreOptions) => openIsolatedPostgres(TEST_DATABASE_URL, options) }]
    : []),
];

/** The first store kind: PGlite from the run's template, the store of tests that run on PGlite only. */
export const PGLITE: StoreKind = STORE_KINDS[0]!;

/** One store of `kind` given twice, for two gateways in one process (the PGlite form of a store pair). */
export function oneStoreTwice(kind: StoreKind): () => Promise<[Store, Store]> {
  return async () => {
    const store = await kind.open();
    return [store, store];
  };
}

/** Where a gateway process keeps its state: environment for `spawnGateway`, and how to clean up. */
export interface ProcessStore {
  name: 'pglite' | 'postgres';
  env: NodeJS.ProcessEnv;
  drop(): Promise<void>;
}

/** A gateway process's store: a migrated PGlite folder under `dir`, or a fresh PostgreSQL database (with its secret key). */
export async function processStore(kind: 'pglite' | 'postgres', dir: string): Promise<ProcessStore> {
  if (kind === 'pglite') return { name: kind, env: { IDP_GATEWAY_DATA_DIR: seededDataDir(join(dir, '.data')) }, drop: async () => {} };
  const database = await createTestDatabase(TEST_DATABASE_URL!);
  return {
    name: kind,
    env: { DATABASE_URL: database.url, IDP_GATEWAY_SECRET_KEY: randomBytes(32).toString('hex') },
    drop: () => database.drop(),
  };
}

/** The store kinds a process test runs on: PGlite always, PostgreSQL with TEST_DATABASE_URL. */
export const PROCESS_STORE_KINDS: Array<'pglite' | 'postgres'> = ['pglite', ...(TEST_DATABASE_URL ? (['postgres'] as const) : [])];
