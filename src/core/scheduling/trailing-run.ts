// One run of a task at a time, and never a stale answer: a caller while a run is going on gets the next run,
// which starts when the current one ends (callers meanwhile share it). Whatever a caller wrote before calling is
// therefore seen by the run it gets, and a burst of callers costs at most two runs.
export class TrailingRun<T> {
  private current: Promise<T> | null = null;
  private next: Promise<T> | null = null;

  constructor(private readonly task: () => Promise<T>) {}

  run(): Promise<T> {
    if (!this.current) {
      this.current = this.task().finally(() => {
        this.current = null;
      });
      return this.current;
    }
    this.next ??= this.current
      .catch(() => undefined)
      .then(() => {
        this.next = null;
        return this.run();
      });
    return this.next;
  }

  /** Settles when no run is going on or waiting (a stop waits for it). */
  async idle(): Promise<void> {
    while (this.current || this.next) await (this.next ?? this.current)!.catch(() => undefined);
  }
}
