// The events of a provider's life through a real gateway on the 2sms emulator, each verified by the receiver
// with `standardwebhooks`: provider.created and provider.deleted (with the before/after of the audit row), and
// mutation.unknown for a create whose answer was lost after the vendor applied it (reset after the write).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import type { WebhookDispatcher } from '../../src/core/events/webhook-dispatcher.js';
import { createLogger } from '../../src/core/log.js';
import { startWebhooks } from '../../src/gateway.js';
import type { Store } from '../../src/store/open.js';
import type { TwoSmsEmulator } from '../../src/vendors/twosms/emulator/server.js';
import { globalId } from '../support/global-id.js';
import { type Harness, startHarness, TEST_READ_BUDGET_MS } from '../support/harness.js';
import { PGLITE } from '../support/stores.js';
import { waitFor } from '../support/wait.js';
import { CONTOSO_ID, twosmsGatewayVendor } from '../twosms/support.js';
import { type Receiver, startReceiver } from './receiver.js';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const CREATE = `mutation($input: CreateTwoSmsIdentityProviderInput!) { createTwoSmsIdentityProvider(input: $input) { __typename
  ... on CreateTwoSmsIdentityProviderPayload { auditEvent { id } provider { ... on ManagedIdentityProvider { key } } }
  ... on Error { message } } }`;
const DELETE = `mutation($id: ID!) { deleteTwoSmsIdentityProvider(input: { id: $id }) { __typename
  ... on DeleteTwoSmsIdentityProviderPayload { auditEvent { id } } } }`;

const newProvider = (name: string) => ({
  connectionId: 'sms',
  name,
  provider: `https://${name.toLowerCase().replaceAll(' ', '-')}.example`,
  loginUrl: 'https://login.example/sso',
  logoutUrl: 'https://login.example/slo',
});

describe('a provider created, deleted and lost in a reset, told by webhook', () => {
  let store: Store;
  let emulator: TwoSmsEmulator;
  let receiver: Receiver;
  let h: Harness;
  let dispatcher: WebhookDispatcher;

  beforeAll(async () => {
    [store, emulator, receiver] = await Promise.all([
      PGLITE.open(),
      twosmsGatewayVendor.startEmulator(twosmsGatewayVendor.secret),
      startReceiver(SECRET),
    ]);
    const config = parseConfig(
      {
        connections: [
          { ...twosmsGatewayVendor.connection(emulator, 'sms'), minRefreshIntervalSeconds: 0, readBudgetMs: TEST_READ_BUDGET_MS },
        ],
        webhooks: [{ name: 'ops', url: receiver.url, secret: { env: 'HOOK_SECRET' } }],
        webhookDelivery: { initialBackoffMs: 50, maxBackoffMs: 300, pollIntervalMs: 100 },
      },
      'test config',
      { [twosmsGatewayVendor.secretEnv]: twosmsGatewayVendor.secret, HOOK_SECRET: SECRET },
    );
    h = await startHarness({ config, store });
    dispatcher = startWebhooks(
      config,
      h.services,
      createLogger(h.services.secrets, (line) => h.logLines.push(line)),
    );
  });
  afterAll(async () => {
    await dispatcher?.stop();
    await h?.close();
    await Promise.all([emulator?.close(), receiver?.close()]);
    await store?.close();
  });

  const eventOf = async (auditEventId: string, type: string) => {
    await waitFor(
      () => receiver.events.some((event) => event.type === type && event.data.auditEventId === auditEventId),
      10_000,
      `the ${type} event of ${auditEventId}`,
    );
    return receiver.events.find((event) => event.type === type && event.data.auditEventId === auditEventId)!;
  };

  it('tells provider.created with the new provider, and provider.deleted with the one gone', async () => {
    await h.gql('{ identityProviders(refresh: true) { totalCount } }');
    const created = (await h.gql(CREATE, { input: newProvider('Tailwind SSO') })).data.createTwoSmsIdentityProvider;
    expect(created.__typename).toBe('CreateTwoSmsIdentityProviderPayload');
    const createdEvent = await eventOf(created.auditEvent.id, 'provider.created');
    expect(createdEvent.data).toMatchObject({
      operation: 'createTwoSmsIdentityProvider',
      connectionId: 'sms',
      vendor: 'twosms',
      providerKey: created.provider.key,
      status: 'SUCCEEDED',
      actor: 'test-actor',
    });
    expect(createdEvent.data.changes).toContainEqual({ path: 'displayName', before: null, after: 'Tailwind SSO' });

    const deleted = (await h.gql(DELETE, { id: globalId('TwoSmsIdentityProvider', 'sms', CONTOSO_ID) })).data.deleteTwoSmsIdentityProvider;
    expect(deleted.__typename).toBe('DeleteTwoSmsIdentityProviderPayload');
    const deletedEvent = await eventOf(deleted.auditEvent.id, 'provider.deleted');
    expect(deletedEvent.data).toMatchObject({ operation: 'deleteTwoSmsIdentityProvider', providerKey: CONTOSO_ID, status: 'SUCCEEDED' });
    expect(deletedEvent.data.changes).toContainEqual({ path: 'displayName', before: 'Contoso Research ADFS', after: null });
    expect(receiver.refused).toBe(0);
  });

  it('tells mutation.unknown when the answer to a create was lost after the vendor made it', async () => {
    emulator.faults.add({ kind: 'reset', method: 'POST', path: '/identityproviders', when: 'after', count: 1 });
    const lost = await h.gql(
      `mutation($input: CreateTwoSmsIdentityProviderInput!) { createTwoSmsIdentityProvider(input: $input) { __typename
        ... on Error { message } ... on VendorError { auditEvent { id status } } } }`,
      { input: newProvider('Litware SSO') },
    );
    const result = lost.data.createTwoSmsIdentityProvider;
    expect(result.auditEvent.status).toBe('UNKNOWN');
    const unknown = await eventOf(result.auditEvent.id, 'mutation.unknown');
    expect(unknown.data).toMatchObject({
      operation: 'createTwoSmsIdentityProvider',
      status: 'UNKNOWN',
      error: { code: expect.any(String), message: expect.any(String) },
    });
    expect(receiver.refused).toBe(0);
  });
});
