// The stores a store-touching test runs on: PGlite always (in memory: real PGlite, nothing faked), and the
// real PostgreSQL when TEST_DATABASE_URL is set, each test file in a database of its own.
import { randomBytes, randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { openStore, type Store, type StoreOptions } from '../../src/store/open.js';
import { pgliteTemplateDump } from './pglite-template.js';

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

export const STORE_KINDS: StoreKind[] = [
  // From the run's migrated template (test/support/global-setup.ts): no initdb, no migrations per file.
  { name: 'pglite', open: (options) => openStore({ kind: 'pglite-memory', loadDataDir: pgliteTemplateDump(), ...options }) },
  ...(TEST_DATABASE_URL ? [{ name: 'postgres' as const, open: (options?: TestStoreOptions) => openIsolatedPostgres(TEST_DATABASE_URL, options) }] : []),
];
