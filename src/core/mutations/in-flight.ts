// The mutations this process is running, so that a shutdown can stop taking new ones, let the running ones
// finish up to a deadline, and leave a mark on the audit rows of those that could not.

export class InFlightMutations {
  private readonly running = new Set<Promise<unknown>>();
  /** Audit rows written PENDING whose vendor writes have not finished. */
  private readonly pendingAuditIds = new Set<string>();
  private closing = false;

  get accepting(): boolean {
    return !this.closing;
  }

  track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    const forget = () => this.running.delete(work);
    work.then(forget, forget);
    return work;
  }

  pendingStarted(auditId: string): void {
    this.pendingAuditIds.add(auditId);
  }

  pendingFinished(auditId: string): void {
    this.pendingAuditIds.delete(auditId);
  }

  /**
   * Stops taking mutations and waits for the running ones, at most `deadlineMs`. Returns the audit ids of
   * the changes still in flight at the deadline: their rows stay PENDING for reconciliation.
   */
  async drain(deadlineMs: number): Promise<{ finished: boolean; unfinishedAuditIds: string[] }> {
    this.closing = true;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), deadlineMs);
    });
    const all = Promise.allSettled([...this.running]).then(() => 'done' as const);
    const result = await Promise.race([all, deadline]);
    clearTimeout(timer);
    return { finished: result === 'done', unfinishedAuditIds: [...this.pendingAuditIds] };
  }
}
