// A database that does not answer at all (here: every connection of the store ended) is said as such: a query
// is a GraphQL error with code STORE_UNAVAILABLE, a mutation a StoreUnavailableError in its result union that
// says nothing was sent, and the vendor receives no write. Never "Unexpected error.".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerRef } from '../../src/core/loaders.js';
import type { Store } from '../../src/store/open.js';
import { type CpanelEmulator, startCpanelEmulator } from '../../src/vendors/cpanel/emulator.js';
import { CPANEL_SAMPLE_MODULES } from '../../src/vendors/cpanel/sandbox.js';
import { type Harness, startHarness } from '../support/harness.js';
import { createTestDatabase, TEST_DATABASE_URL } from '../support/stores.js';

const WHM_TOKEN = 'WHMTOKEN-store-unavailable-1b9c';

describe.skipIf(!TEST_DATABASE_URL)('a PostgreSQL store that does not answer', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: Store;
  let emulator: CpanelEmulator;
  let h: Harness;

  beforeAll(async () => {
    database = await createTestDatabase(TEST_DATABASE_URL!);
    store = await database.open();
    emulator = await startCpanelEmulator({ username: 'root', apiToken: WHM_TOKEN, modules: structuredClone(CPANEL_SAMPLE_MODULES) });
    h = await startHarness({ store, connections: [{ id: 'whm', vendor: 'cpanel', baseUrl: emulator.url, username: 'root', apiToken: { env: 'WHM_TOKEN' } }], env: { WHM_TOKEN } });
    await h.gql('{ identityProviders { totalCount } }');
    await store.close();
    h.services.reader.cache.dropAll();
    emulator.clearRequests();
  });
  afterAll(async () => {
    await h?.close();
    await emulator?.close();
    await database?.drop();
  });

  it('answers a query with STORE_UNAVAILABLE', async () => {
    const res = await h.gql('{ identityProviders { totalCount } }');
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['STORE_UNAVAILABLE']);
    expect(JSON.stringify(res)).not.toContain('Unexpected error');
  });

  it('answers a mutation with StoreUnavailableError and sends nothing', async () => {
    const id = Buffer.from(`CpanelIdentityProvider:${providerRef('whm', 'google')}`).toString('base64');
    const res = await h.gql(
      `mutation($input: SetCpanelDisplayConfigurationInput!) { setCpanelDisplayConfiguration(input: $input) { __typename ... on StoreUnavailableError { message retryAfterSeconds auditEvent { id } } } }`,
      { input: { id, service: 'CPANELD', color: '0a0b0c', idempotencyKey: 'while-the-store-is-away' } },
    );
    expect(res.data.setCpanelDisplayConfiguration).toMatchObject({ __typename: 'StoreUnavailableError', auditEvent: null });
    expect(res.data.setCpanelDisplayConfiguration.message).toMatch(/nothing was sent/);
    expect(res.data.setCpanelDisplayConfiguration.retryAfterSeconds).toBeGreaterThan(0);
    expect(emulator.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });
});
