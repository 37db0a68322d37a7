// claimScheduledRun (store/scheduled-runs.ts): one statement that moves a run forward only while it is due. Among
// claimers at the same moment exactly one wins, on PGlite and on PostgreSQL (where two instances have stores of
// their own on one database); the run is due again after its interval, and records who ran it.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { claimScheduledRun, nextScheduledRun } from '../../src/store/scheduled-runs.js';
import type { Store } from '../../src/store/open.js';
import { scheduledRuns } from '../../src/store/tables.js';
import { STORE_KINDS } from '../support/stores.js';
import { suiteValue } from '../support/suite-value.js';
import { storePair } from '../certificates/support.js';

describe.each(STORE_KINDS)('claimScheduledRun on $name', (kind) => {
  const stores = suiteValue(
    async () => ({ pair: await storePair(kind)() }),
    async ({ pair }) => {
      await pair[1].close();
      if (pair[0] !== pair[1]) await pair[0].close().catch(() => {});
    },
  );
  const db = (index: number) => (stores.pair as [Store, Store])[index % 2]!.db;

  it('is won once per period, and records when and by whom', async () => {
    const t0 = new Date('2030-01-01T00:00:00Z');
    const [me, other] = [randomUUID(), randomUUID()];
    expect(await claimScheduledRun(db(0), 'job-a', 60_000, t0, me)).toBe(true);
    expect(await claimScheduledRun(db(1), 'job-a', 60_000, t0, other)).toBe(false);
    expect(await claimScheduledRun(db(1), 'job-a', 60_000, new Date(t0.getTime() + 59_999), other)).toBe(false);
    expect(await nextScheduledRun(db(1), 'job-a')).toEqual(new Date(t0.getTime() + 60_000));
    expect(await claimScheduledRun(db(1), 'job-a', 60_000, new Date(t0.getTime() + 60_000), other)).toBe(true);
    const [row] = await db(0).select().from(scheduledRuns).where(eq(scheduledRuns.name, 'job-a'));
    expect(row).toEqual({
      name: 'job-a',
      lastRunAt: new Date(t0.getTime() + 60_000),
      nextRunAt: new Date(t0.getTime() + 120_000),
      lastInstance: other,
    });
    expect(await nextScheduledRun(db(0), 'never-ran')).toBeNull();
  });

  it('has exactly one winner among concurrent claimers, for a new run and for a due one', async () => {
    const t0 = new Date('2030-02-01T00:00:00Z');
    for (const name of ['fresh-1', 'fresh-2', 'fresh-3']) {
      const claim = (index: number, at: Date) => claimScheduledRun(db(index), name, 3_600_000, at, randomUUID());
      const first = await Promise.all(Array.from({ length: 8 }, (_, index) => claim(index, t0)));
      expect(first.filter(Boolean)).toHaveLength(1);
      const due = new Date(t0.getTime() + 3_600_000);
      const second = await Promise.all(Array.from({ length: 8 }, (_, index) => claim(index, due)));
      expect(second.filter(Boolean)).toHaveLength(1);
    }
  });
});
