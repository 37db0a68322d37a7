// The driver error path on PostgreSQL: a connection terminated inside an open transaction, or under a held
// provider lock, must fail the work that used it (typed: SessionLostError, or the statement's own error) and
// nothing else. postgres.js's own begin()/reserve() crash the process here (porsager/postgres#1154, #1208);
// the store never uses them (src/store/postgres-sessions.ts). Vitest fails the run on any uncaught error.
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeldLock } from '../../src/store/locks.js';
import type { Store } from '../../src/store/open.js';
import { isStoreUnavailable } from '../../src/store/unavailable.js';
import { createTestDatabase, TEST_DATABASE_URL } from '../support/stores.js';

/** What the lock's proof says on its session: its key while the session holds the lock, else null. */
function heldKeyOf(lock: HeldLock): Promise<Array<{ held: string | null }>> {
  return lock.db
    .select({ held: sql<string | null>`${lock.heldKey.template}` })
    .from(sql`(select 1) as one`)
    .prepare('held_key')
    .execute(lock.heldKey.values);
}

describe.skipIf(!TEST_DATABASE_URL)('dedicated sessions on PostgreSQL when their connection is terminated', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: Store;
  let killer: postgres.Sql;
  const terminate = (pid: number) => killer`select pg_terminate_backend(${pid})`;

  beforeAll(async () => {
    database = await createTestDatabase(TEST_DATABASE_URL!);
    store = await database.open();
    await store.db.execute(sql`create table scratch (id int primary key)`);
    killer = postgres(TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await killer?.end({ timeout: 5 });
    await store?.close();
    await database?.drop();
  });

  it('fails a transaction whose connection is terminated half-way, rolls it back, and serves the next one', async () => {
    let failure: unknown;
    try {
      await store.db.transaction(async (tx) => {
        await tx.execute(sql`insert into scratch values (1)`);
        const { pid } = ((await tx.execute(sql`select pg_backend_pid() as pid`)) as unknown as Array<{ pid: number }>)[0]!;
        await terminate(pid);
        await new Promise((resolve) => setTimeout(resolve, 100));
        await tx.execute(sql`insert into scratch values (2)`);
      });
    } catch (error) {
      failure = error;
    }
    expect(isStoreUnavailable(failure)).toBe(true);
    expect(await store.db.execute(sql`select id from scratch`)).toEqual([]);
    await store.db.transaction(async (tx) => tx.execute(sql`insert into scratch values (3)`));
    expect(await store.db.execute(sql`select id from scratch`)).toEqual([{ id: 3 }]);
  });

  it('fails a transaction whose connection is terminated during a statement, as the statement’s own error', async () => {
    const running = store.db.transaction(async (tx) => {
      await tx.execute(sql`insert into scratch values (4)`);
      await tx.execute(sql`select pg_sleep(2)`);
    });
    // Settled into a value at once: the rejection can arrive while terminate() is still awaited.
    const outcome = running.then(
      () => undefined,
      (error: unknown) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const sleepers =
      await killer`select pid from pg_stat_activity where datname = ${database.name} and query like '%pg_sleep(2)%' and pid <> pg_backend_pid()`;
    expect(sleepers).toHaveLength(1);
    await terminate(sleepers[0]!.pid);
    expect(isStoreUnavailable(await outcome)).toBe(true);
    expect(await store.db.execute(sql`select id from scratch order by id`)).toEqual([{ id: 3 }]);
  });

  it('takes and gives back a provider lock with prepared statements (one round trip each, the reads pipelined behind)', async () => {
    // Unprepared, postgres.js sends a statement with parameters as Parse + Describe, waits for the answer, then
    // Bind + Execute: two round trips, and whatever was queued behind the lock waited for both.
    await store.locks.run('conn/prepared', async () => {});
    const statements = await store.locks.run('conn/prepared', async (lock) =>
      (
        (await lock.db.execute(
          sql`select statement from pg_prepared_statements where statement like '%pg_advisory%'`,
        )) as unknown as Array<{
          statement: string;
        }>
      ).map((row) => row.statement),
    );
    expect(statements).toEqual(expect.arrayContaining(['select pg_advisory_lock($1::bigint)', 'select pg_advisory_unlock($1::bigint)']));
  });

  it('loses a provider lock with its session: the holder can no longer prove it, another may take it', async () => {
    const proofs: Array<string | null> = [];
    let failure: unknown;
    const holding = store.locks.run('conn/provider', async (lock) => {
      const [first] = await heldKeyOf(lock);
      proofs.push(first!.held);
      const { pid } = ((await lock.db.execute(sql`select pg_backend_pid() as pid`)) as unknown as Array<{ pid: number }>)[0]!;
      await terminate(pid);
      await new Promise((resolve) => setTimeout(resolve, 100));
      try {
        await heldKeyOf(lock);
      } catch (error) {
        failure = error;
      }
    });
    await holding;
    expect(proofs).toEqual(['conn/provider']);
    expect(isStoreUnavailable(failure)).toBe(true);
    // The lock went with the session: the next holder gets it and can prove it.
    const again = await store.locks.run('conn/provider', async (lock) => heldKeyOf(lock));
    expect(again).toEqual([{ held: 'conn/provider' }]);
  });
});
