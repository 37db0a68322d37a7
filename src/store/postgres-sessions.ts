// Sessions of our own on PostgreSQL, for the work that must stay on one database session: a provider's
// advisory lock (held while its vendor is called) and transactions.
//
// Why not postgres.js's begin() / reserve(): when the connection under such a handle is terminated
// (pg_terminate_backend, a failover, a proxy restart), the next statement sent through the handle (begin's own
// ROLLBACK included) is written to a null socket from a setImmediate, and the whole process dies with an
// uncaught "Cannot read properties of null (reading 'write')" (porsager/postgres#1154, #1208, open in 3.4.9).
// Worse, once the connection object reconnects, statements meant for the transaction run outside it.
//
// So each session here is a postgres.js client of its own with exactly one connection, used by one unit of
// work at a time. A unit starts with `begin()`, which notes the client's close count; every statement sent
// through the session afterwards first checks that no close happened since, synchronously before it is
// dispatched (a socket's close is an I/O callback, so it cannot slip in between), and fails with
// SessionLostError otherwise. A statement is thus never sent on a connection other than the unit's own.
import { drizzle } from 'drizzle-orm/postgres-js';
import type { Sql } from 'postgres';
import { postgresClient } from './postgres-client.js';
import type { Db } from './db.js';
import * as tables from './tables.js';
import { isConnectionLost } from './unavailable.js';

/** The session a unit of work ran on was lost (its connection closed): what it held (locks, a transaction) is gone. */
export class SessionLostError extends Error {
  readonly code = 'SESSION_LOST';
  constructor() {
    super('The database session was lost (its connection closed): the lock or transaction it held is gone.');
  }
}

/** How long a unit whose statement failed as the connection went away waits for the close to be seen. */
const CLOSE_AFTER_ERROR_MS = 1_000;

type QueryLogger = { logQuery(query: string, params: unknown[]): void } | undefined;

/** One database session: a single-connection client whose statements are refused once the unit's connection closed. */
export class DedicatedSession {
  private closes = 0;
  private unitStartedAt = 0;
  private unlockAllFirst = false;
  private readonly raw: Sql;
  /** postgres.js's client for this session, with every statement checked first (drizzle only calls `unsafe`). */
  readonly client: Sql;
  /** Drizzle over `client`. */
  readonly db: Db;

  constructor(
    url: string,
    /** Told of every statement, the raw ones of `query` too (tests count a mutation's statements with it). */
    private readonly logger: QueryLogger,
  ) {
    // No lifetime limit: postgres.js would otherwise end the connection after 30-60 minutes, and a lock with it.
    this.raw = postgresClient(url, { max: 1, max_lifetime: null, onclose: () => this.closed() });
    this.client = this.guardedClient();
    this.db = drizzle(this.client, { schema: tables, logger }) as unknown as Db;
  }

  private closed(): void {
    this.closes++;
    for (const waiter of this.closeWaiters.splice(0)) waiter();
  }

  private readonly closeWaiters: Array<() => void> = [];

  /** Resolves when the connection's close is seen, or after `ms`. */
  private closeSeen(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.closeWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Starts a unit of work: statements from now on run on the connection they start on, or fail. */
  async begin(): Promise<void> {
    const lostSinceLastUnit = this.closes !== this.unitStartedAt;
    this.unitStartedAt = this.closes;
    // A connection terminated while idle leaves its termination error (57P01) behind in postgres.js, which hands it
    // to the first statement on the new connection: a statement of nobody's takes it, not the unit's lock.
    if (lostSinceLastUnit) await this.raw.unsafe('select 1').catch(() => {});
    if (this.unlockAllFirst) {
      await this.query('select pg_advisory_unlock_all()');
      this.unlockAllFirst = false;
    }
  }

  /**
   * Sends a unit's opening statements (a lock, a BEGIN, and what is read right behind them). If they fail because
   * the connection died under them (it died while idle, and its close had not been seen when the unit began), the
   * server holds nothing of the unit: it begins again on a new connection and sends them once more.
   */
  async opening<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      // Only a connection that was open and went away: one that could not be opened (refused, timed out) would
      // only be tried again, and a caller waits twice as long for the same answer.
      if (!isConnectionLost(error)) throw error;
      // A socket's error comes a loop turn before its close.
      if (this.intact) await this.closeSeen(CLOSE_AFTER_ERROR_MS);
      if (this.intact) throw error;
      await this.begin();
      return send();
    }
  }

  /** An unlock failed on a live connection: before the next unit, the session drops every advisory lock. */
  releaseAllLocksNextTime(): void {
    this.unlockAllFirst = true;
  }

  /** Whether the unit's connection is still the one its statements ran on (no close seen since `begin`). */
  get intact(): boolean {
    return this.closes === this.unitStartedAt;
  }

  /** One statement of the unit (raw SQL), refused once the unit's connection has closed. */
  async query<T extends Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
    if (!this.intact) throw new SessionLostError();
    this.logger?.logQuery(text, params);
    // Prepared like drizzle's (preparedWhenBounded): unprepared, a statement with parameters costs two round trips
    // (Parse + Describe, then Bind + Execute), and the statements queued behind it wait for both.
    return (await this.raw.unsafe(text, params as never[], preparedWhenBounded(params, undefined))) as unknown as T[];
  }

  end(): Promise<void> {
    return this.raw.end({ timeout: 5 });
  }

  private guardedClient(): Sql {
    return new Proxy(this.raw, {
      get: (target, property, receiver) => {
        if (property === 'unsafe') {
          return (query: string, params?: unknown[], options?: UnsafeOptions) => {
            if (!this.intact) throw new SessionLostError();
            return target.unsafe(query, params as never[], preparedWhenBounded(params, options));
          };
        }
        // drizzle's nested transaction, inside a transaction of this session.
        if (property === 'savepoint') return <T>(work: (client: Sql) => Promise<T>) => this.savepoint(work);
        return Reflect.get(target, property, receiver);
      },
    });
  }

  private savepoints = 0;

  private async savepoint<T>(work: (client: Sql) => Promise<T>): Promise<T> {
    const name = `nested_${++this.savepoints}`;
    await this.query(`savepoint ${name}`);
    try {
      const result = await work(this.client);
      await this.query(`release savepoint ${name}`);
      return result;
    } catch (error) {
      if (this.intact) await this.query(`rollback to savepoint ${name}`).catch(() => {});
      throw error;
    }
  }
}

/** A fixed number of dedicated sessions, lent to one unit of work at a time (others wait their turn). */
export class SessionPool {
  private readonly idle: DedicatedSession[];
  private readonly all: DedicatedSession[];
  private readonly waiting: Array<(session: DedicatedSession) => void> = [];

  constructor(url: string, size: number, logger?: QueryLogger) {
    this.all = Array.from({ length: size }, () => new DedicatedSession(url, logger));
    this.idle = [...this.all];
  }

  /** Runs `work` on a session of its own; the session is returned to the pool when it settles. */
  async use<T>(work: (session: DedicatedSession) => Promise<T>): Promise<T> {
    const session = this.idle.pop() ?? (await new Promise<DedicatedSession>((resolve) => this.waiting.push(resolve)));
    try {
      await session.begin();
      return await work(session);
    } finally {
      const next = this.waiting.shift();
      if (next) next(session);
      else this.idle.push(session);
    }
  }

  /**
   * A transaction on a session of its own (BEGIN ... COMMIT as plain statements, each checked): if the
   * connection is lost half-way, the unit fails with SessionLostError and the server has rolled it back.
   */
  transaction<T>(work: (session: DedicatedSession) => Promise<T>): Promise<T> {
    return this.use(async (session) => {
      await session.opening(() => session.query('begin'));
      let result: T;
      try {
        result = await work(session);
      } catch (error) {
        // A lost session needs no rollback: the server ended the transaction with the connection.
        if (session.intact) await session.query('rollback').catch(() => {});
        throw error;
      }
      await session.query('commit');
      return result;
    });
  }

  async end(): Promise<void> {
    await Promise.all(this.all.map((session) => session.end()));
  }
}

type UnsafeOptions = Parameters<Sql['unsafe']>[2];

/** Statements with more parameters than this (multi-row inserts, long IN lists) are not kept prepared. */
export const MAX_PREPARED_PARAMETERS = 64;

/**
 * drizzle sends every statement unprepared (`prepare: false`), and postgres.js sends an unprepared statement
 * with parameters in two round trips (Parse + Describe, wait for the parameter types, then Bind + Execute).
 * Prepared (postgres.js keeps them per connection, by text and parameter types), a statement seen before is one
 * round trip (Bind + Execute) and the server skips parsing and planning it; statements sent back to back on one
 * connection then pipeline. Only statements with a bounded number of parameters: their shapes are bounded by
 * the code's statements, so the per-connection cache cannot grow with the data.
 */
function preparedWhenBounded(params: unknown[] | undefined, options: UnsafeOptions): UnsafeOptions {
  if (!params?.length || params.length > MAX_PREPARED_PARAMETERS) return options;
  return { ...options, prepare: true };
}

/**
 * The main pool's client for drizzle: postgres.js's own for every statement (a pooled statement never runs on
 * a dead connection: the pool connects anew), but `begin` (drizzle's transaction) on a dedicated session.
 * Statements with a few parameters are prepared (see preparedWhenBounded).
 */
export function withSafeTransactions(client: Sql, transactions: SessionPool): Sql {
  return new Proxy(client, {
    get: (target, property, receiver) => {
      if (property === 'unsafe')
        return (query: string, params?: unknown[], options?: UnsafeOptions) =>
          target.unsafe(query, params as never[], preparedWhenBounded(params, options));
      if (property !== 'begin') return Reflect.get(target, property, receiver);
      // drizzle calls begin(async (tx) => ...) and, inside, only tx.unsafe (no savepoints are used here).
      return (callback: (tx: Sql) => Promise<unknown>) => transactions.transaction((session) => callback(session.client));
    },
  });
}
