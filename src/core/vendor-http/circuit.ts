// One connection's protection against a failing vendor, shared by every HTTP client of that connection (a
// connection may have several: SlashID keeps a patient one for writes that wait for consistency):
//   - a circuit breaker: after `failureThreshold` calls in a row failed (no answer, a timeout, a 5xx, a 429,
//     each after its retries) the circuit OPENs and calls fail fast without a request; after `cooldownMs` it is
//     HALF_OPEN and lets one probe through: a good answer CLOSEs it, a failure OPENs it for another cool-down.
//     Any answer that is not 5xx/429 (a 404, a refused token, a validation error) proves the vendor is up.
//   - a concurrency cap: at most `maxConcurrency` requests of the connection on the wire at once, and each also
//     needs a slot of the gateway-wide VendorRequestLimiter (request-limiter.ts: priorities, turns between
//     connections); the others wait, high priority first, each priority in FIFO order. A slot is held for one
//     attempt only (never across a backoff wait or a token fetch).
// It knows nothing of HTTP: VendorHttpClient decides what an outcome is and reports it here.
import type { ConnectionReliability } from './reliability.js';
import { type LimiterMember, unlimited, type VendorPriority, type VendorRequestLimiter } from './request-limiter.js';

export type CircuitState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

export interface VendorCircuitOptions {
  /** Consecutive failed calls that open the circuit (default 5). */
  failureThreshold?: number;
  /** How long an open circuit refuses calls before it lets one probe through (default 10 s). */
  cooldownMs?: number;
  /** Requests of the connection in flight at once (default 8). */
  maxConcurrency?: number;
  /** The gateway-wide cap shared with the other connections (default: none beyond maxConcurrency). */
  limiter?: VendorRequestLimiter;
  /** Clock (tests). */
  now?: () => number;
}

export const CIRCUIT_DEFAULTS = { failureThreshold: 5, cooldownMs: 10_000, maxConcurrency: 8 } as const;

/** A call the circuit let through; `probe` is the one call of a half-open circuit (sent once, never retried). */
export interface CircuitTicket {
  readonly probe: boolean;
}

export interface CircuitSnapshot {
  state: CircuitState;
  consecutiveFailures: number;
  /** When an open circuit lets its next probe through; null unless OPEN. */
  retryAt: Date | null;
  inFlight: number;
  queued: number;
}

/** The circuit opened (calls fail fast) or closed again (a probe got an answer). */
export interface CircuitChange {
  state: 'OPEN' | 'CLOSED';
  consecutiveFailures: number;
}

export class VendorCircuit implements LimiterMember {
  readonly failureThreshold: number;
  readonly cooldownMs: number;
  readonly maxConcurrency: number;
  private readonly now: () => number;
  private phase: CircuitState = 'CLOSED';
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private active = 0;
  private readonly waiting: Record<VendorPriority, Array<() => void>> = { high: [], low: [] };
  /** Whether this circuit is in the limiter's line for that priority (it is there at most once). */
  private readonly listed: Record<VendorPriority, boolean> = { high: false, low: false };
  readonly limiter: VendorRequestLimiter;
  private readonly listeners: Array<(change: CircuitChange) => void> = [];

  constructor(options: VendorCircuitOptions = {}) {
    this.failureThreshold = Math.max(1, options.failureThreshold ?? CIRCUIT_DEFAULTS.failureThreshold);
    this.cooldownMs = Math.max(0, options.cooldownMs ?? CIRCUIT_DEFAULTS.cooldownMs);
    this.maxConcurrency = Math.max(1, options.maxConcurrency ?? CIRCUIT_DEFAULTS.maxConcurrency);
    this.now = options.now ?? Date.now;
    this.limiter = options.limiter ?? unlimited();
  }

  /** The state as the next call would find it: an open circuit whose cool-down is over shows HALF_OPEN. */
  get state(): CircuitState {
    if (this.phase === 'OPEN' && this.cooledDown()) return 'HALF_OPEN';
    return this.phase;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  snapshot(): CircuitSnapshot {
    const state = this.state;
    return {
      state,
      consecutiveFailures: this.failures,
      retryAt: state === 'OPEN' ? new Date(this.openedAt + this.cooldownMs) : null,
      inFlight: this.active,
      queued: this.waiting.high.length + this.waiting.low.length,
    };
  }

  /** Lets a call through (null: the circuit is open, or half-open with its probe already out). */
  admit(): CircuitTicket | null {
    if (this.phase === 'OPEN' && this.cooledDown()) this.phase = 'HALF_OPEN';
    if (this.phase === 'CLOSED') return { probe: false };
    if (this.phase === 'HALF_OPEN' && !this.probing) {
      this.probing = true;
      return { probe: true };
    }
    return null;
  }

  /**
   * Whether a call already let through may still send (another attempt, or its first after waiting for a
   * slot): not once the circuit has opened meanwhile. The probe of a half-open circuit always may (once).
   */
  admits(ticket: CircuitTicket): boolean {
    return ticket.probe || this.phase === 'CLOSED';
  }

  /** Told when the circuit opens or closes again (not of a failed probe: the circuit was open and stays so). */
  watch(listener: (change: CircuitChange) => void): void {
    this.listeners.push(listener);
  }

  /** The vendor answered (anything but 5xx/429): the circuit closes and the count starts again. */
  succeeded(ticket: CircuitTicket): void {
    if (ticket.probe) this.probing = false;
    const reopened = this.phase !== 'CLOSED';
    this.failures = 0;
    this.phase = 'CLOSED';
    if (reopened) this.tell({ state: 'CLOSED', consecutiveFailures: 0 });
  }

  /** The call failed for good (after its retries). */
  failed(ticket: CircuitTicket): void {
    this.failures += 1;
    if (ticket.probe) {
      this.probing = false;
      this.open();
    } else if (this.phase === 'CLOSED' && this.failures >= this.failureThreshold) {
      this.open();
    }
  }

  /** The call ended without telling anything about the vendor (nothing was sent): a probe may go again. */
  abandoned(ticket: CircuitTicket): void {
    if (ticket.probe) this.probing = false;
  }

  /**
   * Waits for one of the connection's request slots and one of the limiter's (together); call the returned
   * function (once) to give both back.
   */
  async acquire(priority: VendorPriority = 'high'): Promise<() => void> {
    if (this.active < this.maxConcurrency && this.waiting[priority].length === 0 && this.limiter.tryTake(priority)) {
      this.active += 1;
    } else {
      // Both slots are handed over by `grant` without ever being counted free.
      await new Promise<void>((resolve) => {
        this.waiting[priority].push(resolve);
        this.limiter.waiting += 1;
        this.offer();
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= 1;
      this.offer();
      this.limiter.give();
    };
  }

  /** The limiter's turn came: the next waiting request of `priority` goes, if this connection has a free slot. */
  grant(priority: VendorPriority): boolean {
    this.listed[priority] = false;
    const next = this.active < this.maxConcurrency ? this.waiting[priority].shift() : undefined;
    if (!next) return false;
    this.active += 1;
    this.limiter.waiting -= 1;
    next();
    this.offer();
    return true;
  }

  /** Gets in the limiter's line for each priority that has a request waiting, while a slot of its own is free. */
  private offer(): void {
    for (const priority of ['high', 'low'] as const) {
      if (this.active >= this.maxConcurrency) return;
      if (this.listed[priority] || this.waiting[priority].length === 0) continue;
      this.listed[priority] = true;
      this.limiter.enlist(this, priority);
    }
  }

  private open(): void {
    const opening = this.phase === 'CLOSED';
    this.phase = 'OPEN';
    this.openedAt = this.now();
    if (opening) this.tell({ state: 'OPEN', consecutiveFailures: this.failures });
  }

  private tell(change: CircuitChange): void {
    for (const listener of this.listeners) listener(change);
  }

  private cooledDown(): boolean {
    return this.now() - this.openedAt >= this.cooldownMs;
  }
}

/** The circuit a connection's config asks for (absent keys take the defaults), under the gateway's `limiter`. */
export function circuitFor(connection: ConnectionReliability, limiter?: VendorRequestLimiter): VendorCircuit {
  return new VendorCircuit({
    failureThreshold: connection.circuitFailureThreshold,
    cooldownMs: connection.circuitCooldownMs,
    maxConcurrency: connection.maxConcurrency,
    limiter,
  });
}
