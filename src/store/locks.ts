// Serializes the mutations of one provider. In one process a keyed queue does it; across gateway instances
// on one PostgreSQL, a session-level advisory lock on a dedicated session (store/postgres-sessions.ts) does
// it too. A lock can be lost while its holder still works (the session's connection is terminated: the
// server releases its locks at once). So the holder does not trust that it still holds the lock: the one
// statement that must happen under it (the audit row written PENDING before any vendor write) is sent on the
// lock's own session and carries `heldKey`, which the database evaluates to NULL unless that session holds the
// lock at that moment; a PENDING row without its serial key is refused by a CHECK constraint.
// The advisory lock is a session lock taken by one plain statement (no BEGIN); what the holder reads first
// (`first`) is sent right behind it on the same connection, so lock and reads cost one round trip; and what may
// overlap that round trip (`whileLocking`: a mutation's early vendor read) starts when this process's turn has come.
import { createHash } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import { rememberLately } from '../model/remembered.js';
import type { Db } from './db.js';
import type { DedicatedSession, SessionPool } from './postgres-sessions.js';
import type { FilledSql } from './prepared.js';

/** What a lock holder gets: the store handle and expression that prove, in the statement itself, that it still holds the lock. */
export interface HeldLock {
  /** The store on the lock's own session (PGlite: the store itself). */
  db: Db;
  /**
   * The lock's key while this session holds the lock, else NULL: the value of a PENDING row's serial key. Made of
   * placeholders (named `held...`), so that the PENDING insert is prepared once per handle and shape.
   */
  heldKey: FilledSql;
}

/** What a lock holder does before its work. */
export interface BeforeWork<F> {
  /**
   * Reads what the work needs before anything else: it runs under the lock and its result is handed to `work`; on
   * PostgreSQL its statements are sent on the lock's session right behind the lock statement (pipelined: the
   * server runs them once the lock is granted, no round trip of their own). `lock` is the handle `work` gets: what
   * `first` writes under the lock proves it as work's statements do.
   */
  first?: (db: Db, lock: HeldLock) => Promise<F>;
  /**
   * Called once, when this process's turn for the key has come, just before the lock is asked for (nothing of
   * this process holds the key then): what may overlap the lock's round trip starts here. It must not rely on
   * the lock; `first` runs after it.
   */
  whileLocking?: () => void;
}

export interface ProviderLocks {
  /** Runs `work` while holding `key`'s lock; `before` says what to read under it first and what to start meanwhile. */
  run<T, F = undefined>(key: string, work: (lock: HeldLock, first: NoInfer<F>) => Promise<T>, before?: BeforeWork<F>): Promise<T>;
  /**
   * Whether a lock can be lost while its holder works (PostgreSQL: with its session). Then a new holder
   * first looks for a PENDING change of the key that the lost holder may still be sending.
   */
  readonly losable: boolean;
  close(): Promise<void>;
}

/** One queue per key: work for a key starts when the previous work for it has settled. */
function keyedQueue() {
  const tails = new Map<string, Promise<unknown>>();
  return async <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const previous = tails.get(key) ?? Promise.resolve();
    const current = previous.catch(() => {}).then(work);
    const tail = current.catch(() => {});
    tails.set(key, tail);
    try {
      return await current;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}

/** PGlite belongs to one process: the in-process queue is the whole lock, and it cannot be lost. */
export function inProcessLocks(db: Db): ProviderLocks {
  const queue = keyedQueue();
  return {
    run: (key, work, before = {}) =>
      queue(key, async () => {
        const lock = { db, heldKey: inProcessHeldKey(key) };
        before.whileLocking?.();
        const read = before.first ? await before.first(db, lock) : undefined;
        return work(lock, read as never);
      }),
    losable: false,
    close: async () => {},
  };
}

/** A signed 64-bit advisory lock id for a key (remembered: a key is locked again and again). */
export const advisoryLockId: (key: string) => bigint = rememberLately(10_000, (key: string) =>
  createHash('sha256').update(`idp-gateway:provider:${key}`).digest().readBigInt64BE(0),
);

const IN_PROCESS_HELD_KEY: SQL = sql`${sql.placeholder('heldKey')}::text`;

function inProcessHeldKey(key: string): FilledSql {
  return { shape: 'in-process', template: IN_PROCESS_HELD_KEY, values: { heldKey: key } };
}

// pg_locks shows a bigint advisory lock as classid = its high 32 bits, objid = its low 32 bits, objsubid = 1.
const SESSION_HELD_KEY: SQL = sql`(select ${sql.placeholder('heldKey')}::text from pg_locks where locktype = 'advisory'
    and pid = pg_backend_pid() and granted and classid = ${sql.placeholder('heldLockHigh')}::oid
    and objid = ${sql.placeholder('heldLockLow')}::oid and objsubid = 1 limit 1)`;

function sessionHeldKey(key: string, id: bigint): FilledSql {
  const values = { heldKey: key, heldLockHigh: ((id >> 32n) & 0xffffffffn).toString(), heldLockLow: (id & 0xffffffffn).toString() };
  return { shape: 'session-lock', template: SESSION_HELD_KEY, values };
}

/** `first`'s statements, dispatched at once (a synchronous throw becomes a rejection, settled with the lock's). */
function sentBehind<F>(lock: HeldLock, first: BeforeWork<F>['first']): Promise<F | undefined> {
  if (!first) return Promise.resolve(undefined);
  try {
    return first(lock.db, lock);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Not awaited: the answer need not wait for it, and the session's next statement queues behind it on its one
 * connection. A lost session took the lock with it. If the unlock itself fails, the session drops every lock it
 * may still hold before its next use.
 */
function unlock(session: DedicatedSession, id: string): void {
  if (session.intact) void session.query('select pg_advisory_unlock($1::bigint)', [id]).catch(() => session.releaseAllLocksNextTime());
}

export function postgresLocks(sessions: SessionPool): ProviderLocks {
  const queue = keyedQueue();
  return {
    // Same key in this process: wait here, without holding a session.
    run: (key, work, before = {}) =>
      queue(key, () =>
        sessions.use(async (session) => {
          const lockId = advisoryLockId(key);
          const id = lockId.toString();
          const lock = { db: session.db, heldKey: sessionHeldKey(key, lockId) };
          before.whileLocking?.();
          const read = await session.opening(async () => {
            const locked = session.query('select pg_advisory_lock($1::bigint)', [id]);
            // Dispatched now, behind the lock statement on the session's one connection.
            const [granted, early] = await Promise.allSettled([locked, sentBehind(lock, before.first)]);
            // A lock statement that failed took nothing (or its session, and the lock with it).
            if (granted.status === 'rejected') throw granted.reason;
            if (early.status === 'fulfilled') return early.value;
            unlock(session, id);
            throw early.reason;
          });
          try {
            return await work(lock, read as never);
          } finally {
            unlock(session, id);
          }
        }),
      ),
    losable: true,
    close: () => sessions.end(),
  };
}
