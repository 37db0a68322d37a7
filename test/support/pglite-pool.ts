// The in-memory PGlite stores of the tests, reused within a test worker: a store closed by one test is emptied
// and handed to the next, instead of loading the run's migrated template again (about half a second of CPU per
// store, and the suite opens hundreds). What a test sees is still a fresh store: every table empty, identities
// restarted, no session setting, listener or advisory lock left. A store whose schema a test changed (a
// dropped index, an added trigger) is closed for good, never reused. After `close` the test's handle refuses
// queries as a closed PGlite does, so a test of a lost store still sees it gone.
import { PGlite } from '@electric-sql/pglite';
import { pgliteOptions, type Store, storeOverPglite } from '../../src/store/open.js';
import { pgliteTemplateDump } from './pglite-template.js';
import type { TestStoreOptions } from './stores.js';

/** Idle stores kept per worker: most tests hold one or two at once. */
const MAX_IDLE = 3;

interface PooledClient {
  client: PGlite;
  /** The schema as the template made it (see schemaShape): a client whose shape changed is not reused. */
  shape: string;
  /** The template's tables, emptied before each reuse. */
  tables: string[];
}

const idle: PooledClient[] = [];

/** How many emptied stores wait in this worker (for the pool's own test). */
export const idleStores = (): number => idle.length;

/** Tables, columns, indexes, constraints, triggers and functions of the public schema, in one string. */
async function schemaShape(client: PGlite): Promise<string> {
  const { rows } = await client.query<{ shape: string }>(`select concat_ws('|',
    (select string_agg(c.relname || ':' || c.relkind::text, ',' order by c.relname) from pg_class c where c.relnamespace = 'public'::regnamespace),
    (select string_agg(a.attrelid::regclass::text || '.' || a.attname, ',' order by a.attrelid::regclass::text, a.attname) from pg_attribute a
       join pg_class c on c.oid = a.attrelid where c.relnamespace = 'public'::regnamespace and a.attnum > 0 and not a.attisdropped),
    (select string_agg(conname, ',' order by conname) from pg_constraint where connamespace = 'public'::regnamespace),
    (select string_agg(tgname, ',' order by tgname) from pg_trigger t join pg_class c on c.oid = t.tgrelid where c.relnamespace = 'public'::regnamespace),
    (select string_agg(proname, ',' order by proname) from pg_proc where pronamespace = 'public'::regnamespace)) as shape`);
  return rows[0]!.shape;
}

async function newClient(): Promise<PooledClient> {
  const client = new PGlite({ ...pgliteOptions(), loadDataDir: pgliteTemplateDump() });
  const { rows } = await client.query<{ name: string }>("select tablename as name from pg_tables where schemaname = 'public' order by 1");
  return { client, shape: await schemaShape(client), tables: rows.map((row) => `public."${row.name}"`) };
}

/** Empties a used client back to the template's state (data only: its schema is checked on release). */
async function emptied(pooled: PooledClient): Promise<PooledClient> {
  await pooled.client.exec(`
    rollback;
    truncate ${pooled.tables.join(', ')} restart identity cascade;
    reset all;
    unlisten *;
    select pg_advisory_unlock_all();
  `);
  return pooled;
}

/** What a closed PGlite answers to a query. */
const CLOSED = () => Promise.reject(new Error('PGlite is closed'));

/** A view of `client` that answers like a closed PGlite once `isClosed()` (the client itself lives on in the pool). */
function closable(client: PGlite, isClosed: () => boolean): PGlite {
  return new Proxy(client, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== 'function' || property === 'constructor') return value;
      return (...args: unknown[]) => (isClosed() ? CLOSED() : (value as (...a: unknown[]) => unknown).apply(target, args));
    },
  });
}

/** A fresh in-memory store from the run's migrated template, made from an idle one when the worker has one. */
export async function openPooledPglite(options: TestStoreOptions = {}): Promise<Store> {
  const reused = idle.pop();
  const pooled = reused ? await emptied(reused) : await newClient();
  let closed = false;
  const release = async () => {
    if (closed) return;
    closed = true;
    const intact = idle.length < MAX_IDLE && (await schemaShape(pooled.client).catch(() => null)) === pooled.shape;
    if (intact) idle.push(pooled);
    else await pooled.client.close().catch(() => {});
  };
  return storeOverPglite(
    closable(pooled.client, () => closed),
    release,
    options,
  );
}
