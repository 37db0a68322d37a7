// A query that unauthenticated probes (/ready) or scrapes (/metrics) may start: never more than one at a time
// (a hung store does not collect a pile of hung queries), and answered within a deadline whatever the store does.

export type ProbeOutcome<T> = { ok: true; value: T } | { ok: false; reason: 'timeout' } | { ok: false; reason: 'failed'; error: unknown };

export class BoundedProbe<T> {
  private running: Promise<ProbeOutcome<T>> | null = null;

  constructor(
    private readonly work: () => Promise<T>,
    readonly timeoutMs: number,
  ) {}

  /** The work's result, or why there is none; a caller arriving while the work still runs waits for that same run. */
  run(): Promise<ProbeOutcome<T>> {
    if (!this.running) {
      const running: Promise<ProbeOutcome<T>> = this.work().then(
        (value) => ({ ok: true, value }),
        (error: unknown) => ({ ok: false, reason: 'failed', error }),
      );
      this.running = running;
      void running.then(() => {
        if (this.running === running) this.running = null;
      });
    }
    return withDeadline(this.running, this.timeoutMs);
  }
}

function withDeadline<T>(work: Promise<ProbeOutcome<T>>, timeoutMs: number): Promise<ProbeOutcome<T>> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<ProbeOutcome<T>>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: 'timeout' }), timeoutMs);
    timer.unref();
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
