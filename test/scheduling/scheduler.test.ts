// The scheduler (core/scheduling/scheduler.ts) over a store shared by two instances, on a clock the test moves:
// a job runs once per period whichever instance ticks, a job's failure is logged and does not stop the next
// period, and the timer started with start() runs due jobs until stop(), which waits for a running one.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/core/log.js';
import { type ScheduledJob, Scheduler } from '../../src/core/scheduling/scheduler.js';
import type { Store } from '../../src/store/open.js';
import { STORE_KINDS } from '../support/stores.js';
import { suiteValue } from '../support/suite-value.js';
import { waitFor } from '../support/wait.js';
import { storePair, testClock } from '../certificates/support.js';

function recordingLogger(): Logger & { lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }> } {
  const lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  return { lines, log: (level, message, fields) => lines.push({ level, message, fields }) };
}

describe.each(STORE_KINDS)('the scheduler on $name', (kind) => {
  const stores = suiteValue(
    async () => ({ pair: await storePair(kind)() }),
    async ({ pair }) => {
      await pair[1].close();
      if (pair[0] !== pair[1]) await pair[0].close().catch(() => {});
    },
  );
  const db = (index: number) => (stores.pair as [Store, Store])[index]!.db;

  it('runs a job once per period across two instances ticking at the same moment', async () => {
    const clock = testClock(Date.parse('2031-01-01T00:00:00Z'));
    const runs: string[] = [];
    const name = `count-${randomUUID()}`;
    const job = (instance: string): ScheduledJob => ({ name, intervalMs: 60_000, run: async () => void runs.push(instance) });
    const [a, b] = [
      new Scheduler([job('a')], { db: db(0), instanceId: randomUUID, now: clock.now }),
      new Scheduler([job('b')], { db: db(1), instanceId: randomUUID, now: clock.now }),
    ];
    const tickBoth = async () => (await Promise.all([a.tick(), b.tick()])).flat();
    expect(await tickBoth()).toEqual([name]);
    expect(runs).toHaveLength(1);
    clock.set(clock.now().getTime() + 30_000);
    expect(await tickBoth()).toEqual([]);
    clock.set(clock.now().getTime() + 30_000);
    expect(await tickBoth()).toEqual([name]);
    clock.set(clock.now().getTime() + 59_000);
    expect(await tickBoth()).toEqual([]);
    clock.set(clock.now().getTime() + 1_000);
    expect(await tickBoth()).toEqual([name]);
    expect(runs).toHaveLength(3);
  });

  it('logs a failing job and runs it again the next period', async () => {
    const clock = testClock(Date.parse('2031-02-01T00:00:00Z'));
    const logger = recordingLogger();
    let attempts = 0;
    const name = `failing-${randomUUID()}`;
    const scheduler = new Scheduler(
      [
        {
          name,
          intervalMs: 60_000,
          run: async () => {
            attempts++;
            throw new Error('vendor on fire');
          },
        },
      ],
      { db: db(0), instanceId: randomUUID, now: clock.now, logger },
    );
    expect(await scheduler.tick()).toEqual([name]);
    expect(logger.lines).toEqual([
      { level: 'warn', message: 'scheduled job failed', fields: { job: name, error: expect.stringContaining('vendor on fire') } },
    ]);
    clock.set(clock.now().getTime() + 60_000);
    expect(await scheduler.tick()).toEqual([name]);
    expect(attempts).toBe(2);
  });

  it('runs due jobs on its timer until stopped; stop waits for the running job', async () => {
    let started = false;
    let finished = 0;
    let release: () => void = () => {};
    const name = `timer-${randomUUID()}`;
    const scheduler = new Scheduler(
      [
        {
          name,
          intervalMs: 3_600_000,
          run: () =>
            new Promise<void>((resolve) => {
              started = true;
              release = () => {
                finished++;
                resolve();
              };
            }),
        },
      ],
      { db: db(0), instanceId: randomUUID, tickMs: 20 },
    );
    scheduler.start();
    await waitFor(() => started, 10_000, 'the job to start on the timer');
    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(finished).toBe(1);
  });
});
