// Writes that need not hold up the answer they follow (a fresh list that found nothing changed only tells the
// store when it was confirmed). Per key one write runs at a time, at most one starts per `spacingMs`, and only the
// latest one waits: a newer write replaces a waiting older one (it says all the older would). So a connection read
// a hundred times a second costs the store one statement a second, the writes land in the order they were made,
// and nothing piles up while the store is slow or gone. `idle` starts what waits at once (a stop).
export class WriteBehind {
  private readonly running = new Map<string, Promise<void>>();
  private readonly waiting = new Map<string, () => Promise<void>>();
  /** Keys whose last write started less than `spacingMs` ago: the timer starts what waits. */
  private readonly spacing = new Map<string, NodeJS.Timeout>();
  /** Set while `idle` runs: no spacing, every waiting write starts as soon as its key is free. */
  private flushing = false;

  constructor(
    private readonly spacingMs: number,
    private readonly onError: (key: string, error: unknown) => void,
  ) {}

  schedule(key: string, write: () => Promise<void>): void {
    if (this.running.has(key) || this.spacing.has(key)) this.waiting.set(key, write);
    else this.start(key, write);
  }

  /** Starts every waiting write now and settles when none runs or waits (a stop, before the store closes). */
  async idle(): Promise<void> {
    this.flushing = true;
    try {
      while (this.running.size > 0 || this.waiting.size > 0) {
        for (const [key, timer] of this.spacing) {
          clearTimeout(timer);
          this.spacing.delete(key);
          if (!this.running.has(key)) this.next(key);
        }
        await Promise.all(this.running.values());
      }
    } finally {
      this.flushing = false;
    }
  }

  private start(key: string, write: () => Promise<void>): void {
    const startedAt = performance.now();
    const run = Promise.resolve()
      .then(write)
      .catch((error: unknown) => this.onError(key, error))
      .finally(() => {
        this.running.delete(key);
        const left = this.spacingMs - (performance.now() - startedAt);
        if (left <= 0 || this.flushing) return this.next(key);
        const timer = setTimeout(() => {
          this.spacing.delete(key);
          this.next(key);
        }, left);
        timer.unref();
        this.spacing.set(key, timer);
      });
    this.running.set(key, run);
  }

  private next(key: string): void {
    const write = this.waiting.get(key);
    if (!write) return;
    this.waiting.delete(key);
    this.start(key, write);
  }
}
