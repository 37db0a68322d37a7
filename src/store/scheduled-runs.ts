// scheduled_runs (tables.ts): work that exactly one instance runs per period. A claim is one statement that
// moves the run's next time forward only while it is due, so among instances claiming at once exactly one gets a
// row back (PostgreSQL makes the others wait for its row lock, then finds the row no longer due).
import { eq, sql } from 'drizzle-orm';
import type { Db } from './db.js';
import { scheduledRuns } from './tables.js';

/**
 * True when this instance runs `name` now: the run was due at `now` (or never ran) and is moved to
 * `now + intervalMs`, marked with `instanceId`. False when another instance has it (or it is not due).
 */
export async function claimScheduledRun(db: Db, name: string, intervalMs: number, now: Date, instanceId: string): Promise<boolean> {
  const next = new Date(now.getTime() + intervalMs);
  const claimed = await db
    .insert(scheduledRuns)
    .values({ name, nextRunAt: next, lastRunAt: now, lastInstance: instanceId })
    .onConflictDoUpdate({
      target: scheduledRuns.name,
      set: { nextRunAt: next, lastRunAt: now, lastInstance: instanceId },
      setWhere: sql`${scheduledRuns.nextRunAt} <= ${now.toISOString()}::timestamptz`,
    })
    .returning({ name: scheduledRuns.name });
  return claimed.length > 0;
}

/** When `name` is due next (null: it never ran). */
export async function nextScheduledRun(db: Db, name: string): Promise<Date | null> {
  const [row] = await db.select({ nextRunAt: scheduledRuns.nextRunAt }).from(scheduledRuns).where(eq(scheduledRuns.name, name));
  return row?.nextRunAt ?? null;
}
