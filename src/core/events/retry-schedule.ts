// When a webhook delivery whose attempt failed is tried again: the receiver's Retry-After when it sent one
// (delta-seconds or an HTTP date), else a delay doubling from the initial backoff up to the cap, its upper half
// random ("equal jitter": spread out, never ~0, so a receiver that is down is not hammered). The dispatcher gives
// the delivery up (FAILED) when the next attempt would fall past the retry window.
import type { WebhookDeliveryConfig } from '../../config.js';

/** The delay before attempt `attempts + 1`: doubling from the initial backoff up to the cap, half of it random. */
export function backoffMs(attempts: number, settings: Required<WebhookDeliveryConfig>, random = Math.random): number {
  const cap = Math.min(settings.maxBackoffMs, settings.initialBackoffMs * 2 ** Math.min(Math.max(attempts, 1) - 1, 30));
  return Math.round(cap / 2 + random() * (cap / 2));
}

/** Retry-After in milliseconds (delta-seconds or an HTTP date, against `nowMs`), or null when absent or unreadable. */
export function retryAfterMs(value: string | null, nowMs: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date starts with its weekday (IMF-fixdate, RFC 850 and asctime alike); Date.parse alone would take
  // "-5" or "soon 1" for dates in 2001.
  if (!/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)/i.test(trimmed)) return null;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}
