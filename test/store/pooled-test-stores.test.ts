// The suite's reused in-memory stores (test/support/pglite-pool.ts) must look fresh to every test that gets
// one: no rows, no session setting or advisory lock of the test before, the template's schema; a store whose
// schema a test changed is never handed out again; and a closed store's handle answers as a closed PGlite.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { insertAuditEvent } from '../../src/store/audit.js';
import { idleStores, openPooledPglite } from '../support/pglite-pool.js';

type Store = Awaited<ReturnType<typeof openPooledPglite>>;

/** The first row of a raw query (the store's execute is typed for both drivers: rows are read as PGlite gives them). */
async function firstRow<T>(store: Store, query: ReturnType<typeof sql.raw>): Promise<T> {
  const result = (await store.db.execute(query)) as unknown as { rows: T[] };
  return result.rows[0]!;
}

const count = async (store: Store, table: string) =>
  (await firstRow<{ n: number }>(store, sql.raw(`select count(*)::int as n from ${table}`))).n;

describe('the reused test stores', () => {
  it('hand out a used store emptied: no rows, identities restarted, session settings and advisory locks gone', async () => {
    const first = await openPooledPglite();
    await insertAuditEvent(first.db, {
      actor: 'a',
      operation: 'op',
      connectionId: 'c',
      vendor: 'cpanel',
      providerKey: 'p',
      status: 'SUCCEEDED',
      input: {},
    });
    await first.db.execute(sql`set statement_timeout = 4321`);
    await first.db.execute(sql`select pg_advisory_lock(42)`);
    expect(await count(first, 'audit_events')).toBe(1);
    // The finished row's event, written by the database's trigger.
    expect(await count(first, 'outbox_events')).toBe(1);
    const idleBefore = idleStores();
    await first.close();
    expect(idleStores()).toBe(idleBefore + 1);

    const second = await openPooledPglite();
    try {
      expect(idleStores()).toBe(idleBefore);
      expect(await count(second, 'audit_events')).toBe(0);
      expect(await count(second, 'outbox_events')).toBe(0);
      expect((await firstRow<{ statement_timeout: string }>(second, sql.raw('show statement_timeout'))).statement_timeout).toBe('0');
      expect(await count(second, "pg_locks where locktype = 'advisory'")).toBe(0);
    } finally {
      await second.close();
    }
  });

  it('answer as a closed PGlite once closed, while the store lives on for the next test', async () => {
    const store = await openPooledPglite();
    await store.close();
    const refused = (await store.db.execute(sql`select 1`).catch((error: unknown) => error)) as Error;
    expect(refused).toBeInstanceOf(Error);
    expect(String((refused.cause as Error | undefined)?.message ?? refused.message)).toMatch(/closed/);
    const next = await openPooledPglite();
    try {
      expect((await firstRow<{ one: number }>(next, sql.raw('select 1 as one'))).one).toBe(1);
    } finally {
      await next.close();
    }
  });

  it('never hand out again a store whose schema a test changed', async () => {
    const changed = await openPooledPglite();
    await changed.db.execute(sql`drop index provider_snapshots_search_idx`);
    const idleBefore = idleStores();
    await changed.close();
    expect(idleStores()).toBe(idleBefore);
    const next = await openPooledPglite();
    try {
      const query = sql.raw("select to_regclass('provider_snapshots_search_idx') is not null as present");
      expect((await firstRow<{ present: boolean }>(next, query)).present).toBe(true);
    } finally {
      await next.close();
    }
  });
});
