// When a failed webhook attempt is tried again (src/core/events/retry-schedule.ts): a delay doubling from the
// initial backoff up to the cap, its upper half random, and the receiver's Retry-After read as vendor-http reads it.
import { describe, expect, it } from 'vitest';
import { DELIVERY_DEFAULTS } from '../../src/core/events/webhook-dispatcher.js';
import { backoffMs } from '../../src/core/events/retry-schedule.js';
import { parseRetryAfter } from '../../src/core/vendor-http/client.js';

const settings = { ...DELIVERY_DEFAULTS, initialBackoffMs: 1_000, maxBackoffMs: 10_000 };

describe('the webhook retry schedule', () => {
  it('doubles from the initial backoff up to the cap, between half and all of it', () => {
    const lowest = [1, 2, 3, 4, 5, 40].map((attempts) => backoffMs(attempts, settings, () => 0));
    const highest = [1, 2, 3, 4, 5, 40].map((attempts) => backoffMs(attempts, settings, () => 1));
    expect(lowest).toEqual([500, 1_000, 2_000, 4_000, 5_000, 5_000]);
    expect(highest).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
    const drawn = backoffMs(3, settings, () => 0.5);
    expect(drawn).toBe(3_000);
  });

  it("reads the receiver's Retry-After as vendor-http does, also an RFC 850 date, and no date that lacks its weekday", () => {
    const now = Date.parse('2026-12-05T10:00:00Z');
    expect(parseRetryAfter('Sat, 05 Dec 2026 10:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Saturday, 05-Dec-26 10:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('soon 1', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
  });
});
