// The gateway instances and their leases. Times are the database's (now()), so instances whose clocks
// disagree still agree on whose lease ran out.
import { and, eq, lt, ne, sql } from 'drizzle-orm';
import type { Db } from './open.js';
import { auditEvents, gatewayInstances, providerSnapshots } from './tables.js';

const leaseEnd = (leaseMs: number) => sql`now() + ${leaseMs} * interval '1 millisecond'`;

/**
 * Registers an instance's lease, then waits for the writes that may not have seen it. A hot write announces itself
 * only while another instance's lease lives (store/notify.ts), and decides so with its statement's snapshot: one
 * that began before the lease row committed may have decided "alone". Each such write holds a ROW EXCLUSIVE lock on
 * the table it writes until it commits, so a SHARE lock on each table, taken after the row committed, is granted
 * only once they all have; the writes after the row see it. The instance reads nothing before this returns.
 * One table at a time, each lock released at once: nothing is held while waiting for another lock (no deadlock
 * with a writer of both tables), and new writes queue behind a waiting lock only until the old ones are done.
 */
export async function registerInstance(
  db: Db,
  instance: { id: string; leaseMs: number; host: string; pid: number },
  /** Only where other instances announce writes (PostgreSQL with LISTEN); on PGlite the two transactions cost ~10 MB of RSS. */
  options: { awaitWritesInProgress: boolean },
): Promise<void> {
  await db
    .insert(gatewayInstances)
    .values({ id: instance.id, host: instance.host, pid: instance.pid, leaseUntil: leaseEnd(instance.leaseMs) });
  if (!options.awaitWritesInProgress) return;
  for (const table of [auditEvents, providerSnapshots]) {
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local lock_timeout = '10s'`);
      await tx.execute(sql`lock table ${table} in share mode`);
    });
  }
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
