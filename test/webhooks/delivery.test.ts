// Webhooks (issue 17): a gateway on the cPanel emulator with a webhook to a receiver on loopback that verifies
// every delivery with the `standardwebhooks` package. Every change tells its event (created/updated, failed,
// drift), a secret only as "changed"; a receiver that is unavailable gets every event once it is back, each
// webhook-id processed once, Retry-After honoured; a delivery past its retry window is FAILED and an admin can
// send it again; an endpoint's filters hold. On PGlite and PostgreSQL.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { configProblems } from '../support/config-problems.js';
import { parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/core/log.js';
import type { WebhookDispatcher } from '../../src/core/events/webhook-dispatcher.js';
import { startWebhooks } from '../../src/gateway.js';
import type { Store } from '../../src/store/open.js';
import type { CpanelEmulator } from '../../src/vendors/cpanel/emulator/server.js';
import { cpanelGatewayVendor, cpanelId, startWhm, WHM_TOKEN } from '../cpanel/support.js';
import { type Harness, startHarness } from '../support/harness.js';
import { STORE_KINDS } from '../support/stores.js';
import { waitFor } from '../support/wait.js';
import { type Receiver, startReceiver } from './receiver.js';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const CLIENT_SECRET = 'hook-test-client-secret-7f3a';

interface Rig {
  h: Harness;
  emulator: CpanelEmulator;
  receiver: Receiver;
  dispatcher: WebhookDispatcher;
}

describe.each(STORE_KINDS)('webhooks on $name', (kind) => {
  const opened: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of opened.splice(0).reverse()) await close();
  });

  async function rig(
    webhook: Record<string, unknown> = {},
    delivery: Record<string, unknown> = {},
    connection: Record<string, unknown> = {},
    now?: () => Date,
  ): Promise<Rig> {
    const store: Store = await kind.open();
    opened.push(() => store.close());
    const receiver = await startReceiver(SECRET);
    opened.push(() => receiver.close());
    const emulator = await startWhm();
    opened.push(() => emulator.close());
    const config = parseConfig(
      {
        connections: [{ ...cpanelGatewayVendor.connection(emulator, 'whm'), minRefreshIntervalSeconds: 0, ...connection }],
        webhooks: [{ name: 'ops', url: receiver.url, secret: { env: 'HOOK_SECRET' }, ...webhook }],
        webhookDelivery: { initialBackoffMs: 50, maxBackoffMs: 300, pollIntervalMs: 100, ...delivery },
      },
      'test config',
      { WHM_TOKEN, HOOK_SECRET: SECRET },
    );
    const h = await startHarness({ config, store });
    opened.push(() => h.close());
    const dispatcher = startWebhooks(
      config,
      h.services,
      createLogger(h.services.secrets, (line) => h.logLines.push(line)),
      { now },
    );
    opened.push(() => dispatcher.stop());
    return { h, emulator, receiver, dispatcher };
  }

  const setClient = (h: Harness, key: string) =>
    h.gql(
      `mutation($input: SetCpanelClientConfigurationInput!) { setCpanelClientConfiguration(input: $input) { __typename
        ... on SetCpanelClientConfigurationPayload { auditEvent { id } } } }`,
      { input: { id: cpanelId(key), service: 'WEBMAILD', clientId: `${key}-hooked`, clientSecret: CLIENT_SECRET } },
    );

  it('tells each change as its event, signed so that standardwebhooks verifies it, a secret only as "changed"', async () => {
    const { h, emulator, receiver } = await rig();
    await h.gql('{ identityProviders(refresh: true) { totalCount } }');
    const changed = await setClient(h, 'slack');
    expect(changed.data.setCpanelClientConfiguration.__typename).toBe('SetCpanelClientConfigurationPayload');
    emulator.failNext('enable_authentication_provider', 'The authentication provider is temporarily locked.');
    const failed = await h.gql(
      `mutation($id: ID!) { setCpanelProviderEnabled(input: { id: $id, service: CPANELD, enabled: true }) { __typename } }`,
      { id: cpanelId('slack') },
    );
    expect(failed.data.setCpanelProviderEnabled.__typename).toBe('VendorError');
    emulator.module('google')!.enabled.add('webmaild');
    await h.gql('{ identityProviders(refresh: true) { totalCount } }');

    await waitFor(() => receiver.events.length >= 3, 15_000, 'three events');
    expect(receiver.refused).toBe(0);
    // Deliveries go out at once, so they may arrive in any order (Standard Webhooks promises none): by type.
    expect(receiver.events.map((event) => event.type).sort()).toEqual(['drift.detected', 'mutation.failed', 'provider.updated']);
    const ofType = (type: string) => receiver.events.find((event) => event.type === type);
    const [updated, failure, drift] = [ofType('provider.updated'), ofType('mutation.failed'), ofType('drift.detected')];
    expect(updated!.data).toMatchObject({
      auditEventId: changed.data.setCpanelClientConfiguration.auditEvent.id,
      actor: 'test-actor',
      operation: 'setCpanelClientConfiguration',
      connectionId: 'whm',
      vendor: 'cpanel',
      providerKey: 'slack',
      status: 'SUCCEEDED',
    });
    expect(updated!.data.changes).toContainEqual({ path: 'clientId', before: expect.anything(), after: 'slack-hooked' });
    expect(updated!.data.changes).toContainEqual(expect.objectContaining({ secret: true, changed: true }));
    expect(failure!.data).toMatchObject({ status: 'FAILED', providerKey: 'slack', error: { code: expect.any(String) } });
    expect(drift!.data).toMatchObject({ actor: 'drift-detector', providerKey: 'google', drift: 'CHANGED' });
    expect(drift!.data.changes).toEqual([
      { path: 'details.enabledServices', before: ['cpaneld', 'whostmgrd'], after: ['cpaneld', 'webmaild', 'whostmgrd'] },
    ]);
    // Nothing a receiver gets holds the secret or its fingerprint.
    const everything = JSON.stringify(receiver.events);
    expect(everything).not.toContain(CLIENT_SECRET);
    expect(everything).not.toMatch(/fingerprint|hmac-sha256/i);
    // The signing secret is one of the gateway's secrets: scrubbed from anything logged.
    expect(h.services.secrets.scrub(`signing with ${SECRET}`)).not.toContain(SECRET.slice('whsec_'.length));
    expect(h.logLines.join('\n')).not.toContain(SECRET.slice('whsec_'.length));
    // Each id once, each sent once (the receiver was up).
    expect([...receiver.attempts.values()]).toEqual([1, 1, 1]);
    expect(new Set(receiver.events.map((event) => event.id)).size).toBe(3);
  });

  it('retries an unavailable receiver (Retry-After honoured) until it is back: every event arrives, each webhook-id once', async () => {
    const { h, receiver } = await rig();
    receiver.mode = { unavailable: true, retryAfter: '1' };
    await h.gql('{ identityProviders(refresh: true) { totalCount } }');
    const started = Date.now();
    for (const key of ['slack', 'google'])
      expect((await setClient(h, key)).data.setCpanelClientConfiguration.__typename).toMatch(/Payload$/);
    await waitFor(() => [...receiver.attempts.values()].some((n) => n >= 2), 10_000, 'a second attempt');
    // Retry-After: 1 (second) beats the 50-300 ms backoff.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    receiver.mode = 'up';
    await waitFor(() => receiver.events.length >= 2, 15_000, 'both events once the receiver is back');
    expect(receiver.events.map((event) => event.data.providerKey).sort()).toEqual(['google', 'slack']);
    expect(receiver.refused).toBe(0);
    const listDeliveries = async () =>
      (
        await h.gql('{ webhookDeliveries(endpoint: "ops") { edges { node { status attempts webhookId eventType lastStatusCode } } } }')
      ).data.webhookDeliveries.edges.map((edge: any) => edge.node);
    // The receiver has answered; the sender records the answer a moment later.
    let nodes: any[] = [];
    for (let i = 0; i < 100; i++) {
      nodes = await listDeliveries();
      if (nodes.every((node) => node.status === 'DELIVERED')) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(nodes).toHaveLength(2);
    for (const node of nodes) {
      expect(node).toMatchObject({ status: 'DELIVERED', eventType: 'provider.updated', lastStatusCode: 204 });
      expect(node.attempts).toBeGreaterThanOrEqual(2);
      expect(receiver.events.map((event) => event.id)).toContain(node.webhookId);
    }
  });

  it('gives a delivery up after its retry window (FAILED), and redeliverWebhook sends it again as the same message', async () => {
    const { h, receiver } = await rig({}, { retryWindowSeconds: 1 });
    receiver.mode = { unavailable: true, retryAfter: null };
    await h.gql('{ identityProviders(refresh: true) { totalCount } }');
    await setClient(h, 'slack');
    const failedDelivery = async () =>
      (
        await h.gql(
          '{ webhookDeliveries(status: FAILED) { edges { node { id webhookId attempts lastError lastStatusCode nextAttemptAt } } } }',
        )
      ).data.webhookDeliveries.edges;
    let failed: any[] = [];
    for (let i = 0; i < 100 && failed.length === 0; i++) {
      failed = await failedDelivery();
      if (failed.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(failed).toHaveLength(1);
    const node = failed[0].node;
    expect(node).toMatchObject({ lastStatusCode: 503, lastError: 'HTTP 503', nextAttemptAt: null });
    const attemptsBefore = receiver.attempts.get(node.webhookId)!;
    expect(attemptsBefore).toBe(node.attempts);

    receiver.mode = 'up';
    const again = await h.gql(
      `mutation($id: ID!) { redeliverWebhook(input: { deliveryId: $id }) { __typename ... on WebhookDelivery { status } } }`,
      { id: node.id },
    );
    expect(again.data.redeliverWebhook).toEqual({ __typename: 'WebhookDelivery', status: 'PENDING' });
    await waitFor(() => receiver.events.length === 1, 10_000, 'the redelivered event');
    expect(receiver.events[0]!.id).toBe(node.webhookId);
    const missing = await h.gql(
      `mutation { redeliverWebhook(input: { deliveryId: "00000000-0000-4000-8000-000000000000" }) { __typename ... on NotFoundError { message } } }`,
    );
    expect(missing.data.redeliverWebhook.__typename).toBe('NotFoundError');
  });

  it('keeps retrying through the default 24 h window (a moved clock), then gives the delivery up', async () => {
    let offsetMs = 0;
    const { h, receiver } = await rig({}, {}, {}, () => new Date(Date.now() + offsetMs));
    receiver.mode = { unavailable: true, retryAfter: null };
    await h.gql('{ identityProviders(refresh: true) { totalCount } }');
    await setClient(h, 'slack');
    const delivery = async () =>
      (await h.gql('{ webhookDeliveries { edges { node { status attempts lastError } } } }')).data.webhookDeliveries.edges[0]?.node;
    const attempted = () => [...receiver.attempts.values()].reduce((total, count) => total + count, 0);
    await waitFor(() => attempted() >= 2, 10_000, 'a retry');
    // A minute before the window ends: the failed attempt is retried.
    offsetMs = 86_400_000 - 60_000;
    const before = attempted();
    await waitFor(() => attempted() >= before + 2, 10_000, 'attempts at 23:59');
    expect(await delivery()).toMatchObject({ status: 'PENDING', lastError: 'HTTP 503' });
    // The window is over: the next failed attempt is the last.
    offsetMs = 86_400_000;
    let node: any;
    for (let i = 0; i < 100 && node?.status !== 'FAILED'; i++) {
      node = await delivery();
      if (node.status !== 'FAILED') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(node).toMatchObject({ status: 'FAILED', lastError: 'HTTP 503' });
    const settled = attempted();
    expect(node.attempts).toBe(settled);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(attempted()).toBe(settled);
  });

  it('tells a circuit that opens and closes again as connection.health_changed', async () => {
    const { h, emulator, receiver } = await rig(
      { events: ['connection.health_changed'] },
      {},
      { circuitFailureThreshold: 2, circuitCooldownMs: 200, maxAttempts: 1, readBudgetMs: 5_000 },
    );
    emulator.faults.add({ kind: 'status', status: 503 });
    for (let i = 0; i < 2; i++) await h.gql('{ identityProviders(refresh: true) { totalCount } }');
    await waitFor(() => receiver.events.length >= 1, 10_000, 'the circuit opening');
    emulator.faults.clear();
    await new Promise((resolve) => setTimeout(resolve, 250));
    await h.gql('{ identityProviders(refresh: true) { totalCount } }');
    await waitFor(() => receiver.events.length >= 2, 10_000, 'the circuit closing');
    expect(receiver.events.map((event) => event.data)).toEqual([
      expect.objectContaining({
        connectionId: 'whm',
        vendor: 'cpanel',
        circuit: 'OPEN',
        previous: 'CLOSED',
        consecutiveFailures: 2,
        error: { code: 'HTTP_503' },
      }),
      expect.objectContaining({ connectionId: 'whm', vendor: 'cpanel', circuit: 'CLOSED', previous: 'OPEN', error: null }),
    ]);
    expect(receiver.events[0]!.data.instanceId).toBe(h.services.lease.id);
  });

  it('sends an endpoint only the event types and connections it names', async () => {
    const { h, emulator, receiver } = await rig({ events: ['drift.detected'] });
    await h.gql('{ identityProviders(refresh: true) { totalCount } }');
    await setClient(h, 'slack');
    emulator.module('google')!.enabled.add('webmaild');
    await h.gql('{ identityProviders(refresh: true) { totalCount } }');
    await waitFor(() => receiver.events.length >= 1, 10_000, 'the drift event');
    // The update went nowhere: no delivery was made for it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.events.map((event) => event.type)).toEqual(['drift.detected']);
    const all = await h.gql('{ webhookDeliveries { edges { node { eventType } } } }');
    expect(all.data.webhookDeliveries.edges.map((edge: any) => edge.node.eventType)).toEqual(['drift.detected']);
  });
});

describe('webhook configuration', () => {
  const base = { connections: [{ id: 'whm', vendor: 'cpanel', baseUrl: 'http://127.0.0.1:1', username: 'root', apiToken: { env: 'T' } }] };
  const problems = (webhooks: unknown, env: Record<string, string> = {}) =>
    configProblems({ ...base, webhooks }, { T: 't', S: SECRET, ...env });

  it('takes a webhook with an https URL (or http on loopback) and a whsec_ secret from the environment', () => {
    expect(problems([{ name: 'ops', url: 'https://hooks.example.com/idp', secret: { env: 'S' } }])).toEqual([]);
    expect(
      problems([{ name: 'ops', url: 'http://127.0.0.1:9/x', secret: { env: 'S' }, events: ['provider.created'], connections: ['whm'] }]),
    ).toEqual([]);
  });

  it('refuses plain http off loopback, a secret not in the Standard Webhooks form, unknown events and connections, duplicate names', () => {
    expect(problems([{ name: 'ops', url: 'http://hooks.example.com/idp', secret: { env: 'S' } }]).join('\n')).toMatch(
      /webhooks\[0\]\.url: must be an https/,
    );
    const weak = problems([{ name: 'ops', url: 'https://h.example/x', secret: { env: 'W' } }], { W: 'not-a-whsec-secret' });
    expect(weak.join('\n')).toMatch(/webhooks\[0\]\.secret: must be "whsec_"/);
    // The value itself is never repeated in an error.
    expect(weak.join('\n')).not.toContain('not-a-whsec-secret');
    expect(problems([{ name: 'ops', url: 'https://h.example/x', secret: 'whsec_inline' }]).join('\n')).toMatch(
      /webhooks\[0\]\.secret: must be \{ "env"/,
    );
    expect(problems([{ name: 'ops', url: 'https://h.example/x', secret: { env: 'S' }, events: ['provider.renamed'] }]).join('\n')).toMatch(
      /webhooks\[0\]\.events\[0\]: must be one of provider\.created/,
    );
    expect(problems([{ name: 'ops', url: 'https://h.example/x', secret: { env: 'S' }, connections: ['nope'] }]).join('\n')).toMatch(
      /webhooks\[0\]\.connections\[0\]: no connection has the id "nope"/,
    );
    const twice = { name: 'ops', url: 'https://h.example/x', secret: { env: 'S' } };
    expect(problems([twice, twice]).join('\n')).toMatch(/webhooks\[1\]\.name: duplicate webhook name "ops"/);
  });
});
