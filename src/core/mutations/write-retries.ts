// Store writes that must happen even if the database is away when they are due: how a change that was
// sent to a vendor ended (its snapshot, its audit row, its idempotency key), or the release of a claim.
// The vendor has acted; forgetting would leave the audit trail and the key wrong. So such a write is retried
// until the database answers. The caller waits for it at most `answerWithinMs` and then answers without it
// (OutcomePendingError), while the retries go on in the background; if the process dies first, its lease
// runs out and the reconciler settles the row from the vendor's state instead.
import { describeError, type Logger } from '../log.js';
import { isStoreUnavailable } from '../../store/unavailable.js';

/** How long a mutation's answer waits for a database that does not answer before it says so. */
export const ANSWER_WITHIN_MS = 3_000;
const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 5_000;
/** A write the database refuses for another reason than being away is tried this often, then left (and logged). */
const OTHER_FAILURES_TRIED = 3;

export type Retried<T> = { done: true; value: T } | { done: false };

export class WriteRetries {
  private readonly running = new Set<Promise<unknown>>();
  private stopping = false;

  constructor(
    /** Where retries and give-ups are reported. */
    public logger?: Logger,
    private readonly answerWithinMs = ANSWER_WITHIN_MS,
  ) {}

  /** Writes still being retried in the background. */
  get backlog(): number {
    return this.running.size;
  }

  /** Runs `write` until it succeeds; its value if that happens within answerWithinMs, else `done: false` (it goes on). */
  async run<T>(what: string, write: () => Promise<T>): Promise<Retried<T>> {
    const attempt = this.retry(what, write);
    this.running.add(attempt);
    const forget = () => this.running.delete(attempt);
    attempt.then(forget, forget);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.answerWithinMs);
    });
    const first = await Promise.race([
      attempt.then(
        (value) => ({ value }),
        () => 'failed' as const,
      ),
      late,
    ]);
    clearTimeout(timer);
    return typeof first === 'object' ? { done: true, value: first.value } : { done: false };
  }

  /** Waits for the background writes, at most `deadlineMs`; afterwards no retry starts again. */
  async drain(deadlineMs: number): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, deadlineMs);
    });
    await Promise.race([Promise.allSettled([...this.running]), deadline]);
    clearTimeout(timer);
    this.stopping = true;
    return this.running.size;
  }

  private async retry<T>(what: string, write: () => Promise<T>): Promise<T> {
    let delay = FIRST_DELAY_MS;
    let otherFailures = 0;
    for (let tries = 1; ; tries++) {
      try {
        const value = await write();
        if (tries > 1) this.logger?.log('info', 'store write done after the database answered again', { what, tries });
        return value;
      } catch (error) {
        const away = isStoreUnavailable(error);
        if (!away) otherFailures++;
        if (this.stopping || otherFailures >= OTHER_FAILURES_TRIED) {
          this.logger?.log('error', 'store write given up', { what, tries, error: describeError(error) });
          throw error;
        }
        if (tries === 1)
          this.logger?.log('warn', 'store write failed; retrying until the database answers', { what, error: describeError(error) });
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(MAX_DELAY_MS, delay * 2);
      }
    }
  }
}
