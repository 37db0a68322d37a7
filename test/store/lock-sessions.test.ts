// The provider locks' sessions on PostgreSQL (src/store/locks.ts, postgres-sessions.ts): what a lock holder reads
// first is sent behind the lock statement and runs under the lock; and a session whose connection was terminated
// while idle serves its next unit (postgres.js hands the termination error to the first statement on the new
// connection: the session sends one of its own first, so the unit's lock is not refused for a loss long past).
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Store } from '../../src/store/open.js';
import { createTestDatabase, TEST_DATABASE_URL } from '../support/stores.js';

const SESSIONS = 4;
const ownPid = async (db: Db) => ((await db.execute(sql`select pg_backend_pid() as pid`)) as unknown as Array<{ pid: number }>)[0]!.pid;

describe.skipIf(!TEST_DATABASE_URL)('provider lock sessions on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: Store;
  let killer: postgres.Sql;

  beforeAll(async () => {
    database = await createTestDatabase(TEST_DATABASE_URL!);
    store = await database.open();
    killer = postgres(TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await killer?.end({ timeout: 5 });
    await store?.close();
    await database?.drop();
  });

  /** One unit on every lock session at once (each key waits for none of the others). */
  const everySession = <T>(work: (db: Db, index: number) => Promise<T>) =>
    Promise.allSettled(Array.from({ length: SESSIONS }, (_, index) => store.locks.run(`test/${index}`, (lock) => work(lock.db, index))));

  it('runs the first reads on the lock’s session, after the lock is granted, and hands them to the work', async () => {
    const key = 'test/first';
    const holder = store.locks.run(key, async () => new Promise((resolve) => setTimeout(resolve, 300)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const startedAt = Date.now();
    const seen = await store.locks.run(
      key,
      async (lock, first) => ({ first, workPid: await ownPid(lock.db) }),
      async (db: Db) => {
        const pid = await ownPid(db);
        return { pid, readAt: Date.now() };
      },
    );
    await holder;
    expect(seen.first.pid).toBe(seen.workPid);
    // Read once the first holder let go, not while it held the lock.
    expect(seen.first.readAt - startedAt).toBeGreaterThanOrEqual(150);
  });

  it('serves the next lock on every session after their connections were terminated while idle', async () => {
    for (let round = 0; round < 3; round++) {
      await everySession((db) => ownPid(db));
      const terminated = await killer`select pg_terminate_backend(pid) from pg_stat_activity
        where datname = ${database.name} and pid <> pg_backend_pid() and query like '%pg_advisory%'`;
      expect(terminated.length).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const next = await everySession((db) => ownPid(db));
      expect(next.map((result) => (result.status === 'fulfilled' ? 'ok' : String(result.reason)))).toEqual(Array(SESSIONS).fill('ok'));
    }
  });
});
