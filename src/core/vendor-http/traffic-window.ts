// A connection's vendor calls of the last hour in minute buckets, in memory and per instance: what the console's
// health page charts (latency and errors over the last hour). Fixed memory (60 buckets), O(1) a call; the buckets
// of minutes without calls read as zeros.
import type { VendorCallEvent } from './client.js';

const MINUTE_MS = 60_000;
export const TRAFFIC_MINUTES = 60;

export interface TrafficMinute {
  /** The minute's start. */
  minute: Date;
  requests: number;
  /** Calls that got no answer (TIMEOUT, UNAVAILABLE, CIRCUIT_OPEN, ...), a 5xx or a 429: the vendor failed them. */
  errors: number;
  /** Mean and longest duration of the minute's calls (retries included), null without calls. */
  meanMs: number | null;
  maxMs: number | null;
}

interface Bucket {
  /** Minute number (epoch ms / 60 000) the bucket holds. */
  minute: number;
  requests: number;
  errors: number;
  totalMs: number;
  maxMs: number;
}

/** A failure of the vendor's, not of the request: no answer, a 5xx or a 429 (a 404 or a 422 is an answer). */
export function isVendorFailure(status: VendorCallEvent['status']): boolean {
  return typeof status === 'string' || status >= 500 || status === 429;
}

export class TrafficWindow {
  // Sparse: a minute's bucket is made when a call lands in it, so a connection never called holds nothing.
  private readonly buckets: Bucket[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  record(event: Pick<VendorCallEvent, 'status' | 'durationMs'>): void {
    const minute = Math.floor(this.now() / MINUTE_MS);
    let bucket = this.buckets[minute % TRAFFIC_MINUTES];
    if (!bucket) bucket = this.buckets[minute % TRAFFIC_MINUTES] = { minute, requests: 0, errors: 0, totalMs: 0, maxMs: 0 };
    else if (bucket.minute !== minute) Object.assign(bucket, { minute, requests: 0, errors: 0, totalMs: 0, maxMs: 0 });
    bucket.requests += 1;
    if (isVendorFailure(event.status)) bucket.errors += 1;
    bucket.totalMs += event.durationMs;
    bucket.maxMs = Math.max(bucket.maxMs, event.durationMs);
  }

  /** The last TRAFFIC_MINUTES minutes, oldest first, the current one last; every minute present. */
  lastHour(): TrafficMinute[] {
    const current = Math.floor(this.now() / MINUTE_MS);
    const minutes: TrafficMinute[] = [];
    for (let minute = current - TRAFFIC_MINUTES + 1; minute <= current; minute++) {
      const bucket = this.buckets[minute % TRAFFIC_MINUTES];
      const held = bucket !== undefined && bucket.minute === minute && bucket.requests > 0;
      minutes.push({
        minute: new Date(minute * MINUTE_MS),
        requests: held ? bucket.requests : 0,
        errors: held ? bucket.errors : 0,
        meanMs: held ? bucket.totalMs / bucket.requests : null,
        maxMs: held ? bucket.maxMs : null,
      });
    }
    return minutes;
  }
}
