// Work that runs once per period across every gateway instance sharing the store (scheduled drift checks,
// certificate notices): on each tick, a job that is due by this instance's reckoning is claimed in the store
// (store/scheduled-runs.ts: one statement, exactly one claimer wins), and only the winner runs it. An instance that
// loses learns when the job is due next and waits till then; one that dies mid-run leaves the job to whoever claims
// it next period. A job's failure is logged and never stops the loop or the process.
import { describeError, type Logger } from '../log.js';
import { mapLimit } from '../reads/map-limit.js';
import type { Db } from '../../store/db.js';
import { claimScheduledRun, nextScheduledRun } from '../../store/scheduled-runs.js';

export interface ScheduledJob {
  /** Unique across the jobs of every instance: the row of scheduled_runs. */
  name: string;
  intervalMs: number;
  run(): Promise<void>;
}

export interface SchedulerOptions {
  db: Db;
  /** This instance's id (the lease's), recorded with each run it claims. */
  instanceId: () => string;
  /** The clock deciding what is due (tests move it and call tick()). */
  now?: () => Date;
  logger?: Logger;
  /** How often the timer looks for due jobs (default 1 s; a look costs nothing until a job is due). */
  tickMs?: number;
}

/** Jobs claimed and run at once by one instance. */
const MAX_JOBS_AT_ONCE = 4;
/** After the store failed a claim, the job is tried again this much later (not on every tick). */
const CLAIM_RETRY_MS = 10_000;

export class Scheduler {
  private readonly now: () => Date;
  /** Per job, the time (ms) before which this instance does not try to claim it. */
  private readonly notBefore = new Map<string, number>();
  /** Jobs being claimed or run by this instance: a tick does not start them again. */
  private readonly busy = new Set<string>();
  /** The ticks going on (stop waits for them). */
  private readonly ticks = new Set<Promise<string[]>>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly jobs: readonly ScheduledJob[],
    private readonly options: SchedulerOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** Looks for due jobs now and then every tickMs (the timer does not keep the process alive). */
  start(): void {
    if (this.timer || this.jobs.length === 0) return;
    const look = () => void this.tick();
    this.timer = setInterval(look, this.options.tickMs ?? 1_000);
    this.timer.unref();
    look();
  }

  /** Stops looking and waits for the jobs this instance is running. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.all(this.ticks);
  }

  /**
   * Claims and runs every due job that this instance is not running already (at most MAX_JOBS_AT_ONCE at a time:
   * a thousand connections' drift checks due together do not start a thousand reads); resolves when they have
   * ended, with the names of those it ran.
   */
  tick(): Promise<string[]> {
    const now = this.now().getTime();
    const due = this.jobs.filter((job) => !this.busy.has(job.name) && now >= (this.notBefore.get(job.name) ?? 0));
    for (const job of due) this.busy.add(job.name);
    const tick = mapLimit(due, MAX_JOBS_AT_ONCE, async (job) => {
      try {
        return (await this.attempt(job)) ? [job.name] : [];
      } finally {
        this.busy.delete(job.name);
      }
    }).then((names) => names.flat());
    this.ticks.add(tick);
    void tick.finally(() => this.ticks.delete(tick));
    return tick;
  }

  /** Claims `job` and runs it if this instance won; never throws. */
  private async attempt(job: ScheduledJob): Promise<boolean> {
    const { db, logger } = this.options;
    const now = this.now();
    let won: boolean;
    try {
      won = await claimScheduledRun(db, job.name, job.intervalMs, now, this.options.instanceId());
      // Lost: another instance ran it; due again when that run said.
      const next = won ? new Date(now.getTime() + job.intervalMs) : ((await nextScheduledRun(db, job.name)) ?? now);
      this.notBefore.set(job.name, next.getTime());
    } catch (error) {
      this.notBefore.set(job.name, now.getTime() + Math.min(job.intervalMs, CLAIM_RETRY_MS));
      logger?.log('warn', 'scheduled job not claimed: the store did not answer', { job: job.name, error: describeError(error) });
      return false;
    }
    if (!won) return false;
    try {
      await job.run();
    } catch (error) {
      logger?.log('warn', 'scheduled job failed', { job: job.name, error: describeError(error) });
    }
    return true;
  }
}
