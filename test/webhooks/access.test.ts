// Who may see and resend webhook deliveries: an admin token without a connections limit (the anonymous admin of
// a gateway without tokens too); a viewer or an operator is refused, and so is an admin limited to some
// connections, since deliveries tell of every connection's events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fanOutEvents, insertOutboxEvent } from '../../src/store/outbox.js';
import type { Store } from '../../src/store/open.js';
import { apiToken, type Harness, startHarness } from '../support/harness.js';
import { PGLITE } from '../support/stores.js';

const LIST = '{ webhookDeliveries { edges { node { id endpoint eventType status } } } }';
const REDELIVER = `mutation($id: ID!) { redeliverWebhook(input: { deliveryId: $id }) { __typename
  ... on WebhookDelivery { id status } ... on ForbiddenError { message requiredRole } } }`;

describe('webhook deliveries are for unlimited admins', () => {
  const tokens = {
    admin: apiToken('hooks-admin', 'admin'),
    scopedAdmin: apiToken('hooks-scoped-admin', 'admin', ['whm']),
    operator: apiToken('hooks-operator', 'operator'),
  };
  let store: Store;
  let h: Harness;
  let deliveryId: string;

  beforeAll(async () => {
    store = await PGLITE.open();
    h = await startHarness({
      store,
      connections: [{ id: 'whm', vendor: 'cpanel', baseUrl: 'http://127.0.0.1:1', username: 'root', apiToken: { env: 'T' } }],
      env: { T: 't' },
      tokens: Object.values(tokens).map((token) => token.config),
    });
    await insertOutboxEvent(store.db, { type: 'connection.health_changed', connectionId: 'whm', data: { connectionId: 'whm' } });
    await fanOutEvents(store.db, () => ['ops']);
    const listed = await h.gql(LIST, {}, { token: tokens.admin.token });
    deliveryId = listed.data.webhookDeliveries.edges[0].node.id;
  });
  afterAll(async () => {
    await h?.close();
    await store?.close();
  });

  it('lists and resends for an admin', async () => {
    const listed = await h.gql(LIST, {}, { token: tokens.admin.token });
    expect(listed.data.webhookDeliveries.edges.map((edge: any) => edge.node)).toEqual([
      { id: deliveryId, endpoint: 'ops', eventType: 'connection.health_changed', status: 'PENDING' },
    ]);
    const again = await h.gql(REDELIVER, { id: deliveryId }, { token: tokens.admin.token });
    expect(again.data.redeliverWebhook).toEqual({ __typename: 'WebhookDelivery', id: deliveryId, status: 'PENDING' });
  });

  it('refuses an operator and an admin limited to some connections, naming the role needed', async () => {
    for (const who of [tokens.operator, tokens.scopedAdmin]) {
      const listed = await h.gql(LIST, {}, { token: who.token });
      expect(listed.data?.webhookDeliveries ?? null).toBeNull();
      expect(listed.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const again = await h.gql(REDELIVER, { id: deliveryId }, { token: who.token });
      expect(again.data.redeliverWebhook).toMatchObject({ __typename: 'ForbiddenError', requiredRole: 'ADMIN' });
    }
  });
});
