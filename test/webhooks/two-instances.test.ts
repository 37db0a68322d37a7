// Two gateway instances on one PostgreSQL send one outbox: both dispatchers run at once over the same events,
// and the receiver, counting requests by webhook-id, sees every event exactly once (no attempt sent twice:
// deliveries are claimed with FOR UPDATE SKIP LOCKED).
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { WebhookDispatcher } from '../../src/core/events/webhook-dispatcher.js';
import { insertOutboxEvent } from '../../src/store/outbox.js';
import type { Store } from '../../src/store/open.js';
import { openPostgresPair, TEST_DATABASE_URL } from '../support/stores.js';
import { waitFor } from '../support/wait.js';
import { type Receiver, startReceiver } from './receiver.js';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const EVENTS = 60;

describe.skipIf(!TEST_DATABASE_URL)('webhooks from two instances on one PostgreSQL', () => {
  let stores: [Store, Store] | undefined;
  let receiver: Receiver | undefined;
  const dispatchers: WebhookDispatcher[] = [];
  afterAll(async () => {
    for (const dispatcher of dispatchers) await dispatcher.stop();
    await receiver?.close();
    if (stores) await stores[1].close();
  });

  it('sends every event once: no webhook-id twice', async () => {
    stores = await openPostgresPair(TEST_DATABASE_URL!);
    receiver = await startReceiver(SECRET);
    const config = parseConfig(
      {
        connections: [{ id: 'whm', vendor: 'cpanel', baseUrl: 'http://127.0.0.1:1', username: 'root', apiToken: { env: 'T' } }],
        webhooks: [{ name: 'ops', url: receiver.url, secret: { env: 'S' } }],
      },
      'test',
      { T: 't', S: SECRET },
    );
    for (let index = 0; index < EVENTS; index++)
      await insertOutboxEvent(stores[0].db, {
        type: 'connection.health_changed',
        connectionId: 'whm',
        data: { connectionId: 'whm', index },
      });
    for (const store of stores) {
      const dispatcher = new WebhookDispatcher({ db: store.db, endpoints: config.webhooks!, settings: { pollIntervalMs: 20 } });
      dispatchers.push(dispatcher);
    }
    for (const dispatcher of dispatchers) dispatcher.start();
    await waitFor(() => receiver!.events.length === EVENTS, 30_000, 'every event');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.events).toHaveLength(EVENTS);
    expect([...receiver.attempts.values()].every((count) => count === 1)).toBe(true);
    expect(receiver.attempts.size).toBe(EVENTS);
    expect(receiver.events.map((event) => event.data.index).sort((a, b) => Number(a) - Number(b))).toEqual([...Array(EVENTS).keys()]);
  });
});
