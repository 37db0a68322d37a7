// The provider locks' sessions on PostgreSQL (src/store/locks.ts, postgres-sessions.ts): what a lock holder reads
// first is sent behind the lock statement and runs under the lock, while what overlaps the lock (`whileLocking`)
// starts at once, though another instance holds the lock, but only after this process's own holder of the key;
// and a session whose connection was terminated while idle serves its next unit (postgres.js hands the
// termination error to the first statement on the new connection: the session sends one of its own first, so the
// unit's lock is not refused for a loss long past); and
// a unit that begins on a connection that has died but whose close was not seen yet sends its lock (or BEGIN)
// again on a new connection, as the failed one took nothing; but a connection that cannot be opened is tried once.
import { sql } from 'drizzle-orm';
import { createServer, type Socket } from 'node:net';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresLocks } from '../../src/store/locks.js';
import type { Db, Store } from '../../src/store/open.js';
import { SessionPool } from '../../src/store/postgres-sessions.js';
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
    // Another instance holds the provider's lock for 300 ms.
    const otherInstance = await database.open();
    try {
      const holder = otherInstance.locks.run(key, async () => new Promise((resolve) => setTimeout(resolve, 300)));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const startedAt = Date.now();
      const meanwhile: number[] = [];
      const seen = await store.locks.run(key, async (lock, first) => ({ first, workPid: await ownPid(lock.db) }), {
        first: async (db: Db) => {
          const pid = await ownPid(db);
          return { pid, readAt: Date.now() };
        },
        whileLocking: () => meanwhile.push(Date.now()),
      });
      await holder;
      expect(seen.first.pid).toBe(seen.workPid);
      // Read once the other holder let go, not while it held the lock.
      expect(seen.first.readAt - startedAt).toBeGreaterThanOrEqual(150);
      // What may overlap the lock's round trip started at once (once), while the other instance still held it.
      expect(meanwhile).toHaveLength(1);
      expect(meanwhile[0]! - startedAt).toBeLessThan(150);
    } finally {
      await otherInstance.close();
    }
  });

  it('starts what overlaps the lock only when this process’s own earlier holder of the key is done', async () => {
    const key = 'test/in-process';
    const holder = store.locks.run(key, async () => new Promise((resolve) => setTimeout(resolve, 300)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const startedAt = Date.now();
    let meanwhile = 0;
    await store.locks.run(key, async () => {}, { whileLocking: () => (meanwhile = Date.now()) });
    await holder;
    expect(meanwhile - startedAt).toBeGreaterThanOrEqual(150);
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

  const terminate = (lastQuery: string) =>
    killer`select pg_terminate_backend(pid) from pg_stat_activity
      where datname = ${database.name} and pid <> pg_backend_pid() and query like ${lastQuery}`;
  const fulfilled = <T>(settled: PromiseSettledResult<T>[]) => settled.map((result) => (result as PromiseFulfilledResult<T>).value);
  const outcomes = (settled: PromiseSettledResult<unknown>[]) =>
    settled.map((result) => (result.status === 'fulfilled' ? 'ok' : String(result.reason)));

  it('serves the next lock on every session when their connections were terminated just before, their close unseen', async () => {
    for (let round = 0; round < 5; round++) {
      const old = fulfilled(await everySession((db) => ownPid(db)));
      const terminated = await killer`select pg_terminate_backend(pid) as done from unnest(${old}::int[]) as pid`;
      expect(terminated.map((row) => row.done)).toEqual(Array(SESSIONS).fill(true));
      // No pause: the lock statements go out on the dying connections (or the new ones, whichever the client sees).
      const next = await everySession((db) => ownPid(db));
      expect(outcomes(next)).toEqual(Array(SESSIONS).fill('ok'));
      // Each unit ran on a connection of its own, none of them a terminated one.
      const pids = fulfilled(next);
      expect(new Set(pids).size).toBe(SESSIONS);
      expect(pids.filter((pid) => old.includes(pid))).toEqual([]);
    }
  });

  it('runs the next transactions when their sessions were terminated just before, their close unseen', async () => {
    const transactions = () =>
      Promise.allSettled(Array.from({ length: 4 }, () => store.db.transaction(async (tx) => ownPid(tx as unknown as Db))));
    for (let round = 0; round < 5; round++) {
      expect(outcomes(await transactions())).toEqual(Array(4).fill('ok'));
      expect((await terminate('commit')).length).toBeGreaterThan(0);
      expect(outcomes(await transactions())).toEqual(Array(4).fill('ok'));
    }
  });
});

describe('provider lock sessions on a database that does not answer', () => {
  it('try to connect once, not again at once: a lock and a transaction fail after one connect timeout', async () => {
    // Takes the TCP connection and never says a word (a host that hangs mid-handshake, a proxy with no backend).
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const pool = new SessionPool(`postgres://nobody@127.0.0.1:${port}/none?connect_timeout=1`, 1);
    try {
      for (const attempt of [
        () => postgresLocks(pool).run('test/silent', async () => 'locked'),
        () => pool.transaction(async () => 'committed'),
      ]) {
        const before = sockets.length;
        const startedAt = Date.now();
        await expect(attempt()).rejects.toMatchObject({ code: 'CONNECT_TIMEOUT' });
        expect(sockets.length - before).toBe(1);
        expect(Date.now() - startedAt).toBeLessThan(1_900);
      }
    } finally {
      await pool.end();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
