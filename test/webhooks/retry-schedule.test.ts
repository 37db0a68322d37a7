// When a failed webhook attempt is tried again (src/core/events/retry-schedule.ts): a delay doubling from the
// initial backoff up to the cap, its upper half random, and the receiver's Retry-After in either of its forms.
import { describe, expect, it } from 'vitest';
import { DELIVERY_DEFAULTS } from '../../src/core/events/webhook-dispatcher.js';
import { backoffMs, retryAfterMs } from '../../src/core/events/retry-schedule.js';

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

  it('reads Retry-After as seconds or as an HTTP date, and nothing else', () => {
    const now = Date.parse('2026-12-05T10:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
    expect(retryAfterMs('Sat, 05 Dec 2026 10:01:30 GMT', now)).toBe(90_000);
    // A date already past: at once.
    expect(retryAfterMs('Sat, 05 Dec 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('Saturday, 05-Dec-26 10:00:10 GMT', now)).toBe(10_000);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs('soon 1', now)).toBeNull();
    expect(retryAfterMs('-5', now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
    expect(retryAfterMs('', now)).toBeNull();
  });
});
