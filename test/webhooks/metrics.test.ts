// The webhook metrics on GET /metrics: attempts counted by endpoint and outcome (delivered; retried: failed and
// tried again; failed: given up after the retry window) and the age of the oldest event still to deliver.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import type { WebhookDispatcher } from '../../src/core/events/webhook-dispatcher.js';
import { createLogger } from '../../src/core/log.js';
import type { GatewayServices } from '../../src/core/services.js';
import { createServices, startWebhooks } from '../../src/gateway.js';
import { createGateway } from '../../src/http/server.js';
import { startOperations } from '../../src/ops/plugin.js';
import type { Store } from '../../src/store/open.js';
import { insertOutboxEvent } from '../../src/store/outbox.js';
import { parsePrometheusText, sumOf } from '../ops/prometheus-text.js';
import { PGLITE } from '../support/stores.js';
import { waitFor } from '../support/wait.js';
import { type Receiver, startReceiver } from './receiver.js';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const ATTEMPTS = 'idp_gateway_webhook_attempts_total';
const OLDEST = 'idp_gateway_webhook_oldest_undelivered_seconds';

describe('webhook metrics', () => {
  let store: Store;
  let receiver: Receiver;
  let services: GatewayServices;
  let yoga: ReturnType<typeof createGateway>;
  let dispatcher: WebhookDispatcher;

  beforeAll(async () => {
    [store, receiver] = await Promise.all([PGLITE.open(), startReceiver(SECRET)]);
    const config = parseConfig(
      {
        connections: [{ id: 'whm', vendor: 'cpanel', baseUrl: 'http://127.0.0.1:1', username: 'root', apiToken: { env: 'T' } }],
        webhooks: [{ name: 'ops', url: receiver.url, secret: { env: 'S' } }],
        webhookDelivery: { initialBackoffMs: 50, maxBackoffMs: 100, pollIntervalMs: 50, retryWindowSeconds: 2 },
      },
      'test config',
      { T: 't', S: SECRET },
    );
    services = createServices({ config, store, fingerprintKey: Buffer.from('webhook-metrics-test') });
    const logger = createLogger(services.secrets, () => {});
    const { metrics } = startOperations(services, logger);
    yoga = createGateway({ services, logger, actor: 'metrics-test', tokens: null, operations: { metrics } });
    dispatcher = startWebhooks(config, services, logger, { metrics });
  });
  afterAll(async () => {
    await dispatcher?.stop();
    await services?.connections.close();
    await receiver?.close();
    await store?.close();
  });

  const scrape = async () => {
    const response = await yoga.fetch('http://127.0.0.1/metrics');
    expect(response.status).toBe(200);
    return parsePrometheusText(await response.text());
  };
  const event = (index: number) =>
    insertOutboxEvent(services.db, { type: 'connection.health_changed', connectionId: 'whm', data: { index } });

  it('counts delivered, retried and given-up attempts, and shows how old the oldest undelivered event is', async () => {
    expect(sumOf(await scrape(), OLDEST)).toBe(0);
    await event(1);
    dispatcher.nudge();
    await waitFor(() => receiver.events.length === 1, 10_000, 'the first event');
    let samples = await scrape();
    for (let i = 0; i < 50 && sumOf(samples, ATTEMPTS, { outcome: 'delivered' }) < 1; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      samples = await scrape();
    }
    expect(sumOf(samples, ATTEMPTS, { endpoint: 'ops', outcome: 'delivered' })).toBe(1);

    receiver.mode = { unavailable: true, retryAfter: null };
    await event(2);
    dispatcher.nudge();
    await waitFor(() => receiver.attempts.size === 2, 10_000, 'an attempt of the second event');
    await new Promise((resolve) => setTimeout(resolve, 150));
    samples = await scrape();
    // Waiting to be delivered: its age shows.
    expect(sumOf(samples, OLDEST)).toBeGreaterThan(0);
    // The 2 s window runs out: given up once, after one or more retries.
    for (let i = 0; i < 100 && sumOf(samples, ATTEMPTS, { outcome: 'failed' }) < 1; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      samples = await scrape();
    }
    expect(sumOf(samples, ATTEMPTS, { endpoint: 'ops', outcome: 'failed' })).toBe(1);
    expect(sumOf(samples, ATTEMPTS, { endpoint: 'ops', outcome: 'retried' })).toBeGreaterThanOrEqual(1);
    const secondAttempts = [...receiver.attempts.values()][1]!;
    expect(sumOf(samples, ATTEMPTS, { outcome: 'retried' }) + sumOf(samples, ATTEMPTS, { outcome: 'failed' })).toBe(secondAttempts);
    // Given up: nothing is waiting any more.
    expect(sumOf(samples, OLDEST)).toBe(0);
  });
});
