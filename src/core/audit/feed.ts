// The live audit feed: every audit row write (insert and finish) is published here, in process, and each
// subscriber (the auditEventAdded subscription) gets its own bounded queue as an async iterator.
//
// The rows written by other gateway instances on the same PostgreSQL arrive over LISTEN/NOTIFY and are
// published here too (core/cluster.ts, wired in app.ts), so a subscriber sees the writes of every instance.
import type { AuditEventRow } from '../../store/audit.js';

/** How many published rows a subscriber may have unread before it is cut off. */
export const DEFAULT_MAX_QUEUED = 1_000;

/** Ends a subscription whose reader fell behind: it should re-read the gap with `auditEvents` and resubscribe. */
export class AuditFeedOverflowError extends Error {
  constructor(readonly maxQueued: number) {
    super(`The audit subscription fell ${maxQueued} events behind and was ended: re-read the gap with auditEvents and subscribe again.`);
    this.name = 'AuditFeedOverflowError';
  }
}

export interface AuditFeedSubscribeOptions {
  /** Only rows this accepts are queued (evaluated at publish time). */
  filter?: (row: AuditEventRow) => boolean;
  /** Ends the iteration when aborted. */
  signal?: AbortSignal;
  maxQueued?: number;
}

interface Subscriber {
  offer(row: AuditEventRow): void;
}

export class AuditFeed {
  private readonly subscribers = new Set<Subscriber>();
  /** In-process listeners (the snapshot cache): not subscriptions, never cut off. */
  private readonly watchers = new Set<(row: AuditEventRow) => void>();

  /** Number of open subscriptions (for tests and health output). */
  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Calls `listener` with every row published from now on, synchronously, until the returned function is called. */
  watch(listener: (row: AuditEventRow) => void): () => void {
    this.watchers.add(listener);
    return () => this.watchers.delete(listener);
  }

  /** Hands the row to every subscriber whose filter accepts it. Never throws and never waits. */
  publish(row: AuditEventRow): void {
    for (const watcher of this.watchers) {
      try {
        watcher(row);
      } catch {
        // A watcher's failure is its own: publishing never throws.
      }
    }
    for (const subscriber of this.subscribers) subscriber.offer(row);
  }

  /**
   * An async iterator of the rows published from now on, in publish order. Ends when `return()` is called
   * (graphql-js does so when the client goes away), when `signal` aborts, or with AuditFeedOverflowError
   * when more than `maxQueued` rows are waiting unread.
   */
  subscribe(options: AuditFeedSubscribeOptions = {}): AsyncIterableIterator<AuditEventRow> {
    const maxQueued = options.maxQueued ?? DEFAULT_MAX_QUEUED;
    const queue: AuditEventRow[] = [];
    let waiting: ((result: IteratorResult<AuditEventRow>) => void) | null = null;
    let done = false;
    let failure: Error | null = null;
    const subscribers = this.subscribers;

    const end = () => {
      if (done) return;
      done = true;
      subscribers.delete(subscriber);
      options.signal?.removeEventListener('abort', end);
      if (waiting) waiting({ value: undefined, done: true });
      waiting = null;
    };

    const subscriber: Subscriber = {
      offer(row) {
        if (done) return;
        try {
          if (options.filter && !options.filter(row)) return;
        } catch {
          return;
        }
        if (waiting) {
          const resolve = waiting;
          waiting = null;
          resolve({ value: row, done: false });
          return;
        }
        if (queue.length >= maxQueued) {
          failure = new AuditFeedOverflowError(maxQueued);
          queue.length = 0;
          subscribers.delete(subscriber);
          return;
        }
        queue.push(row);
      },
    };

    if (options.signal?.aborted) done = true;
    else {
      subscribers.add(subscriber);
      options.signal?.addEventListener('abort', end, { once: true });
    }

    const iterator: AsyncIterableIterator<AuditEventRow> = {
      next() {
        if (queue.length) return Promise.resolve({ value: queue.shift()!, done: false });
        if (failure) {
          const error = failure;
          end();
          return Promise.reject(error);
        }
        if (done) return Promise.resolve({ value: undefined, done: true });
        // Only one next() is outstanding at a time (graphql-js awaits each); a waiting reader means an empty queue.
        return new Promise<IteratorResult<AuditEventRow>>((resolve) => {
          waiting = resolve;
        });
      },
      return() {
        queue.length = 0;
        end();
        return Promise.resolve({ value: undefined, done: true });
      },
      throw(error?: unknown) {
        queue.length = 0;
        end();
        return Promise.reject(error);
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }
}
