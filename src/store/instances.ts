// The gateway instances and their leases. Times are the database's (now()), so instances whose clocks
// disagree still agree on whose lease ran out.
import { and, eq, lt, ne, sql } from 'drizzle-orm';
import type { Db } from './open.js';
import { auditEvents, gatewayInstances, providerSnapshots } from './tables.js';

const leaseEnd = (leaseMs: number) => sql`now() + ${leaseMs} * interval '1 millisecond'`;

/**
 * An instance's lease row goes in while its transaction holds the tables that announced writes go to in SHARE
 * mode: the lock waits for every write in progress and holds back the ones that start meanwhile (a moment). A
 * write that did not see the new lease, and so announced nothing (store/notify.ts: a lone instance does not),
 * has thus committed before the instance reads anything; a write after it sees the lease and announces.
 */
export async function registerInstance(db: Db, instance: { id: string; leaseMs: number; host: string; pid: number }): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local lock_timeout = '10s'`);
    await tx.execute(sql`lock table ${auditEvents}, ${providerSnapshots} in share mode`);
    await tx
      .insert(gatewayInstances)
      .values({ id: instance.id, host: instance.host, pid: instance.pid, leaseUntil: leaseEnd(instance.leaseMs) });
  });
}

/** Extends a lease that has not run out; false when it has (or the row is gone): the instance must not go on under this id. */
export async function renewInstanceLease(db: Db, id: string, leaseMs: number): Promise<boolean> {
  const renewed = await db
    .update(gatewayInstances)
    .set({ leaseUntil: leaseEnd(leaseMs) })
    .where(and(eq(gatewayInstances.id, id), sql`${gatewayInstances.leaseUntil} > now()`))
    .returning({ id: gatewayInstances.id });
  return renewed.length === 1;
}

/**
 * A graceful stop: the lease ends now (not deleted: the grace after a lease still applies, for vendor calls of
 * the stopped instance that may yet land), so what it leaves PENDING is reconciled one lease later.
 */
export async function endInstanceLease(db: Db, id: string): Promise<void> {
  await db.update(gatewayInstances).set({ leaseUntil: sql`now()` }).where(eq(gatewayInstances.id, id));
}

/** The PGlite store belongs to one process (a folder lock): every other instance recorded there is gone. */
export async function forgetOtherInstances(db: Db, id: string): Promise<void> {
  await db.delete(gatewayInstances).where(ne(gatewayInstances.id, id));
}

/** Rows of instances whose lease ran out a day ago: nothing refers to them any more that a missing row would not say as well. */
export async function pruneDeadInstances(db: Db): Promise<void> {
  await db.delete(gatewayInstances).where(lt(gatewayInstances.leaseUntil, sql`now() - interval '1 day'`));
}
