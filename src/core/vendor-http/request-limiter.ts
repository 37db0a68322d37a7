// The gateway-wide cap on vendor requests in flight (`maxConcurrentVendorRequests`), shared by every
// connection's VendorCircuit: 1 000 connections x maxConcurrency 8 would otherwise be 8 000 requests at once.
// A request needs a slot of its connection (VendorCircuit) and one of this limiter, taken together: it never
// holds a global slot while it waits for its connection's, nor its connection's while it waits for a global one.
//
// Who goes next when a slot frees:
//   - "high" before "low": page reads (`identityProviders`, run with `runAtVendorPriority('low')`) are low;
//     everything else is high (mutations and their reads, the reconciler, estate plans). A write therefore
//     waits at most for the next slot to free, never behind a cold refresh of 1 000 connections.
//   - within a priority, connections take turns (round robin): each connection with a waiting request and a free
//     slot of its own is in a FIFO line and goes back to its end after each grant, so one connection with 10 000
//     requests cannot starve another with 1. Within a connection, requests go in arrival order.
// A wait for a slot does not count against a request's timeouts (they bound the vendor, from the moment the
// request is sent); what a page waits in all is bounded by its read budget (core/reads/provider-reader.ts).
import { AsyncLocalStorage } from 'node:async_hooks';

export type VendorPriority = 'high' | 'low';

/** 64: eight connections at their default maxConcurrency (8); at 50-100 ms a read, 640-1 280 requests a second. */
export const DEFAULT_MAX_CONCURRENT_VENDOR_REQUESTS = 64;

const priorities = new AsyncLocalStorage<VendorPriority>();

/** Runs `work` (and all it starts) with its vendor requests at `priority` (a request other than GET is always high). */
export function runAtVendorPriority<T>(priority: VendorPriority, work: () => T): T {
  return priorities.run(priority, work);
}

/** The priority of a request sent from here: low only for GETs under runAtVendorPriority('low'). */
export function vendorPriority(method: string): VendorPriority {
  return method === 'GET' && priorities.getStore() === 'low' ? 'low' : 'high';
}

/** A connection's side of the limiter (VendorCircuit): grants its next waiting request of `priority`, if it can. */
export interface LimiterMember {
  grant(priority: VendorPriority): boolean;
}

export interface LimiterSnapshot {
  capacity: number;
  inFlight: number;
  /** Requests waiting for a slot (theirs or a global one), across connections. */
  waiting: number;
  /** The most in flight at once since the start (or the last resetHighWater). */
  highWater: number;
}

export class VendorRequestLimiter {
  readonly capacity: number;
  private active = 0;
  private peak = 0;
  /** Connections that have a request of that priority waiting and a free slot of their own, in turn order. */
  private readonly ready: Record<VendorPriority, LimiterMember[]> = { high: [], low: [] };
  /** Kept by the members (VendorCircuit.offer/grant/enqueue): requests waiting anywhere. */
  waiting = 0;

  constructor(capacity: number = DEFAULT_MAX_CONCURRENT_VENDOR_REQUESTS) {
    this.capacity = Math.max(1, capacity);
  }

  /** A slot at once, when one is free and nobody of at least this priority is in line. */
  tryTake(priority: VendorPriority): boolean {
    if (this.active >= this.capacity) return false;
    if (this.ready.high.length > 0 || (priority === 'low' && this.ready.low.length > 0)) return false;
    this.take();
    return true;
  }

  /** `member` has a request of `priority` waiting and a free slot of its own (it lists itself once). */
  enlist(member: LimiterMember, priority: VendorPriority): void {
    this.ready[priority].push(member);
    this.dispatch();
  }

  /** A request finished: its slot goes to the next in line. */
  give(): void {
    this.active -= 1;
    this.dispatch();
  }

  snapshot(): LimiterSnapshot {
    return { capacity: this.capacity, inFlight: this.active, waiting: this.waiting, highWater: this.peak };
  }

  resetHighWater(): void {
    this.peak = this.active;
  }

  private take(): void {
    this.active += 1;
    if (this.active > this.peak) this.peak = this.active;
  }

  private dispatch(): void {
    while (this.active < this.capacity) {
      const priority: VendorPriority = this.ready.high.length > 0 ? 'high' : 'low';
      const member = this.ready[priority].shift();
      if (!member) return;
      // Counted before the grant (which may list the member again and so come back here); a member that lost
      // its own free slot meanwhile says no, and lists itself again when it has one.
      this.active += 1;
      if (member.grant(priority)) this.peak = Math.max(this.peak, this.active);
      else this.active -= 1;
    }
  }
}

/** For a circuit built without one: no cap beyond its own maxConcurrency. */
export function unlimited(): VendorRequestLimiter {
  return new VendorRequestLimiter(Number.POSITIVE_INFINITY);
}
