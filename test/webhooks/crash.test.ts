// The outbox through a crash: a gateway process finishes a change while the receiver is down, and is killed
// (SIGKILL) before any delivery got through. The event was committed with the audit row, so the restarted
// gateway keeps trying; the receiver comes back 30 s after it went down and gets the event exactly once, under
// the webhook-id of the first attempts. The store kinds run at once (the test is mostly waiting).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CpanelEmulator } from '../../src/vendors/cpanel/emulator/server.js';
import { cpanelId, startWhm, WHM_TOKEN } from '../cpanel/support.js';
import { gqlTo, startGatewayProcess, whmConnection, writeProcessConfig } from '../process/support.js';
import type { GatewayProcess } from '../support/process.js';
import { PROCESS_STORE_KINDS, processStore, type ProcessStore } from '../support/stores.js';
import { waitFor } from '../support/wait.js';
import { type Receiver, startReceiver } from './receiver.js';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const RECEIVER_DOWN_MS = 30_000;

describe.concurrent.each(PROCESS_STORE_KINDS)('an event through a SIGKILL and a receiver down for 30 s, on %s', (kind) => {
  let emulator: CpanelEmulator;
  let receiver: Receiver;
  let store: ProcessStore;
  let configFile: string;
  let gateway: GatewayProcess | undefined;
  const env = { WHM_TOKEN, HOOK_SECRET: SECRET };

  beforeAll(async () => {
    emulator = await startWhm();
    receiver = await startReceiver(SECRET);
    const written = writeProcessConfig([{ ...whmConnection(emulator), minRefreshIntervalSeconds: 0 }], {
      webhooks: [{ name: 'ops', url: receiver.url, secret: { env: 'HOOK_SECRET' } }],
      // A claimed attempt is another sender's again after its timeout + 5 s: short, so the restart sends soon.
      webhookDelivery: { initialBackoffMs: 100, maxBackoffMs: 300, pollIntervalMs: 100, attemptTimeoutMs: 1_000 },
    });
    configFile = written.configFile;
    store = await processStore(kind, written.dir);
  });
  afterAll(async () => {
    gateway?.child.kill('SIGKILL');
    await gateway?.exited;
    await emulator?.close();
    await receiver?.close();
    await store?.drop();
  });

  it('is delivered once by the restarted gateway', async () => {
    receiver.mode = { unavailable: true, retryAfter: null };
    const down = Date.now();
    const first = startGatewayProcess(configFile, store, env);
    const url = await first.url;
    await gqlTo(url, '{ identityProviders(refresh: true) { totalCount } }');
    const changed = await gqlTo(
      url,
      `mutation($id: ID!) { setCpanelProviderEnabled(input: { id: $id, service: WEBMAILD, enabled: true }) { __typename ... on SetCpanelProviderEnabledPayload { auditEvent { id } } } }`,
      { id: cpanelId('google') },
    );
    expect(changed.data.setCpanelProviderEnabled.__typename).toBe('SetCpanelProviderEnabledPayload');
    await waitFor(() => receiver.attempts.size === 1, 10_000, 'a first attempt');
    first.child.kill('SIGKILL');
    await first.exited;
    expect(receiver.events).toEqual([]);
    const [webhookId] = [...receiver.attempts.keys()];

    gateway = startGatewayProcess(configFile, store, env);
    await gateway.url;
    // The restarted gateway tries again while the receiver is still down.
    const before = receiver.attempts.get(webhookId!)!;
    await waitFor(() => receiver.attempts.get(webhookId!)! > before, 15_000, 'an attempt of the restarted gateway');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, RECEIVER_DOWN_MS - (Date.now() - down))));
    receiver.mode = 'up';
    await waitFor(() => receiver.events.length === 1, 20_000, 'the event once the receiver is back');
    // A moment more: nothing else arrives.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.events).toHaveLength(1);
    expect(receiver.events[0]).toMatchObject({
      id: webhookId,
      type: 'provider.updated',
      data: { auditEventId: changed.data.setCpanelProviderEnabled.auditEvent.id, providerKey: 'google', status: 'SUCCEEDED' },
    });
    expect(receiver.refused).toBe(0);
  }, 90_000);
});
