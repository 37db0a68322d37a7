// Serializes the mutations of one provider. In one process a keyed queue does it; across gateway instances
// on one PostgreSQL, a transaction-scoped advisory lock on a separate small pool does it too (a crashed
// holder's connection closes and the lock goes with it).
import { createHash } from 'node:crypto';
import postgres from 'postgres';

export interface ProviderLocks {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** One queue per key: work for a key starts when the previous work for it has settled. */
export function inProcessLocks(): ProviderLocks {
  const tails = new Map<string, Promise<unknown>>();
  return {
    async run(key, work) {
      const previous = tails.get(key) ?? Promise.resolve();
      const current = previous.catch(() => {}).then(work);
      const tail = current.catch(() => {});
      tails.set(key, tail);
      try {
        return await current;
      } finally {
        if (tails.get(key) === tail) tails.delete(key);
      }
    },
    close: async () => {},
  };
}

/** A signed 64-bit advisory lock id for a key. */
export function advisoryLockId(key: string): bigint {
  return createHash('sha256').update(`idp-gateway:provider:${key}`).digest().readBigInt64BE(0);
}

export function postgresLocks(url: string): ProviderLocks {
  const local = inProcessLocks();
  // Its own pool: lock holders wait here without taking connections the mutations themselves need.
  const sql = postgres(url, { max: 4, onnotice: () => {} });
  return {
    run: (key, work) =>
      local.run(key, async () => {
        let result: Awaited<ReturnType<typeof work>> | undefined;
        await sql.begin(async (tx) => {
          await tx`select pg_advisory_xact_lock(${advisoryLockId(key).toString()}::bigint)`;
          result = await work();
        });
        return result as Awaited<ReturnType<typeof work>>;
      }),
    close: () => sql.end({ timeout: 5 }),
  };
}
