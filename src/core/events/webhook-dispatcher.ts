// Sends the outbox to the configured webhook endpoints: makes each new event a delivery per matching endpoint,
// claims due deliveries (store/webhook-deliveries.ts: no two instances send the same attempt), POSTs each signed as
// Standard Webhooks asks, and records the outcome. At least once: the same `webhook-id` on every attempt. A failed
// attempt is tried again with exponential backoff and jitter, or after the receiver's Retry-After, until the
// retry window (default 24 h) is over; then the delivery is FAILED (and can be sent again by an admin).
// Runs on a timer and when nudged (a change this instance finished), one pass at a time.
import type { WebhookDeliveryConfig, WebhookEndpointConfig } from '../../config.js';
import type { Db } from '../../store/db.js';
import { fanOutEvents, type OutboxEventRow, pruneOutbox } from '../../store/outbox.js';
import { type ClaimedDelivery, claimDueDeliveries, markAttemptFailed, markDelivered } from '../../store/webhook-deliveries.js';
import type { Logger } from '../log.js';
import { webhookBody } from './event-body.js';
import { parseRetryAfter } from '../vendor-http/client.js';
import { backoffMs } from './retry-schedule.js';
import { messageId, signedHeaders } from './signature.js';

export const DELIVERY_DEFAULTS: Required<WebhookDeliveryConfig> = {
  retryWindowSeconds: 86_400,
  attemptTimeoutMs: 10_000,
  initialBackoffMs: 5_000,
  maxBackoffMs: 3_600_000,
  pollIntervalMs: 2_000,
};

/** How long sent events and their deliveries stay listed (webhookDeliveries) before they are forgotten. */
const HISTORY_SECONDS = 7 * 86_400;
const PRUNE_EVERY_MS = 3_600_000;
/** Without endpoints the outbox is only emptied (the audit trigger writes events all the same): rarely. */
const IDLE_POLL_MS = 60_000;

/** Deliveries claimed per pass (sent at once). */
const BATCH = 20;
/** Beyond the attempt's timeout, before another sender may take a claimed delivery (its sender died). */
const CLAIM_MARGIN_MS = 5_000;

export type DeliveryOutcome = 'delivered' | 'retried' | 'failed';

export interface DispatcherOptions {
  db: Db;
  endpoints: WebhookEndpointConfig[];
  settings?: WebhookDeliveryConfig;
  logger?: Logger;
  /** Told of every attempt's outcome (metrics). */
  onAttempt?: (endpoint: string, outcome: DeliveryOutcome) => void;
  /**
   * The clock of the attempts (the `webhook-timestamp` header, Retry-After dates, whether the retry window is
   * over); tests move it. Which deliveries are due is the database's clock, shared by every instance.
   */
  now?: () => Date;
}

/** The endpoints an event goes to: its type and connection in their filters (an event of no connection goes everywhere). */
export function endpointsFor(endpoints: WebhookEndpointConfig[]): (event: OutboxEventRow) => string[] {
  return (event) =>
    endpoints
      .filter((endpoint) => !endpoint.events || endpoint.events.includes(event.type))
      .filter((endpoint) => !endpoint.connections || event.connectionId === null || endpoint.connections.includes(event.connectionId))
      .map((endpoint) => endpoint.name);
}

export class WebhookDispatcher {
  private readonly settings: Required<WebhookDeliveryConfig>;
  private readonly byName: Map<string, WebhookEndpointConfig>;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private prunedAt = 0;
  private readonly now: () => number;

  constructor(private readonly options: DispatcherOptions) {
    this.settings = { ...DELIVERY_DEFAULTS, ...options.settings };
    const clock = options.now ?? (() => new Date());
    this.now = () => clock().getTime();
    this.byName = new Map(options.endpoints.map((endpoint) => [endpoint.name, endpoint]));
  }

  start(): void {
    this.schedule(0);
  }

  /** Look at the outbox now (an event was just written). */
  nudge(): void {
    if (this.stopped || this.options.endpoints.length === 0) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One pass: fan out, then send what is due; resolves when its attempts are recorded. */
  async runOnce(): Promise<void> {
    await fanOutEvents(this.options.db, endpointsFor(this.options.endpoints));
    if (this.now() - this.prunedAt >= PRUNE_EVERY_MS) {
      this.prunedAt = this.now();
      await pruneOutbox(this.options.db, Math.max(HISTORY_SECONDS, this.settings.retryWindowSeconds));
    }
    for (;;) {
      const claimed = await claimDueDeliveries(
        this.options.db,
        BATCH,
        this.settings.attemptTimeoutMs + CLAIM_MARGIN_MS,
        this.settings.retryWindowSeconds,
      );
      await Promise.all(claimed.map((item) => this.attempt(item)));
      if (claimed.length < BATCH || this.stopped) return;
    }
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.pass(), ms);
    this.timer.unref();
  }

  private async pass(): Promise<void> {
    this.timer = null;
    this.running = this.runOnce().catch((error: unknown) => {
      this.options.logger?.log('warn', 'webhooks: a delivery pass failed; trying again later', { error: (error as Error).message });
    });
    await this.running;
    this.running = null;
    const next = this.again ? 0 : this.options.endpoints.length === 0 ? IDLE_POLL_MS : this.settings.pollIntervalMs;
    this.again = false;
    this.schedule(next);
  }

  private async attempt({ delivery, event, audit, windowEndsAt }: ClaimedDelivery): Promise<void> {
    const endpoint = this.byName.get(delivery.endpoint);
    const { db } = this.options;
    if (!endpoint) {
      // An endpoint taken out of the config: nothing to send it to, kept for the record.
      await markAttemptFailed(db, delivery.id, {
        statusCode: null,
        error: 'the endpoint is no longer in the configuration',
        retryInMs: null,
      });
      return;
    }
    const body = JSON.stringify(webhookBody(event, audit));
    const headers = signedHeaders(endpoint.secret, messageId(event.id), Math.floor(this.now() / 1000), body);
    let statusCode: number | null = null;
    let error: string;
    let retryAfter: number | null = null;
    try {
      const response = await fetch(endpoint.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'idp-gateway-webhooks', ...headers },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.settings.attemptTimeoutMs),
      });
      statusCode = response.status;
      await response.body?.cancel().catch(() => {});
      if (response.status >= 200 && response.status < 300) {
        await markDelivered(db, delivery.id, response.status);
        this.options.onAttempt?.(endpoint.name, 'delivered');
        return;
      }
      error = `HTTP ${response.status}`;
      retryAfter = parseRetryAfter(response.headers.get('retry-after') ?? undefined, this.now());
    } catch (cause) {
      const failure = cause as Error;
      error =
        failure.name === 'TimeoutError' ? `no answer within ${this.settings.attemptTimeoutMs} ms` : `could not send: ${failure.message}`;
    }
    const delay = retryAfter ?? backoffMs(delivery.attempts, this.settings);
    const giveUp = this.now() + delay > windowEndsAt.getTime();
    await markAttemptFailed(db, delivery.id, { statusCode, error, retryInMs: giveUp ? null : delay });
    this.options.onAttempt?.(endpoint.name, giveUp ? 'failed' : 'retried');
    this.options.logger?.log(giveUp ? 'warn' : 'info', giveUp ? 'webhook delivery given up' : 'webhook delivery will be retried', {
      endpoint: endpoint.name,
      deliveryId: delivery.id,
      attempts: delivery.attempts,
      error,
    });
  }
}
