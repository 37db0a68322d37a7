// When a webhook delivery whose attempt failed is tried again: the receiver's Retry-After when it sent one
// (read by vendor-http's parseRetryAfter), else a delay doubling from the initial backoff up to the cap, its upper half
// random ("equal jitter": spread out, never ~0, so a receiver that is down is not hammered). The dispatcher gives
// the delivery up (FAILED) when the next attempt would fall past the retry window.
import type { WebhookDeliveryConfig } from '../../config.js';

/** The delay before attempt `attempts + 1`: doubling from the initial backoff up to the cap, half of it random. */
export function backoffMs(attempts: number, settings: Required<WebhookDeliveryConfig>, random = Math.random): number {
  const cap = Math.min(settings.maxBackoffMs, settings.initialBackoffMs * 2 ** Math.min(Math.max(attempts, 1) - 1, 30));
  return Math.round(cap / 2 + random() * (cap / 2));
}
