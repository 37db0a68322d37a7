// A database that does not answer at all (here: every connection of the store ended) is said as such: a query
// is a GraphQL error with code STORE_UNAVAILABLE, a mutation a StoreUnavailableError in its result union that
// says nothing was sent, and the vendor receives no write. Never "Unexpected error.".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/open.js';
import { createTestDatabase, TEST_DATABASE_URL } from '../support/stores.js';
import { openVendorGateway, type VendorGateway } from '../support/vendor-gateway.js';

const WHM_TOKEN = 'WHMTOKEN-store-unavailable-1b9c';

describe.skipIf(!TEST_DATABASE_URL)('a PostgreSQL store that does not answer', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: Store;
  let h: VendorGateway<'cpanel'>;

  beforeAll(async () => {
    database = await createTestDatabase(TEST_DATABASE_URL!);
    store = await database.open();
    h = await openVendorGateway('cpanel', store, { secret: WHM_TOKEN });
    await h.gql('{ identityProviders { totalCount } }');
    await store.close();
    h.services.reader.cache.dropAll();
    h.emulator.clearRequests();
  });
  afterAll(async () => {
    await h?.close();
    await database?.drop();
  });

  it('answers a query with STORE_UNAVAILABLE', async () => {
    const res = await h.gql('{ identityProviders { totalCount } }');
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['STORE_UNAVAILABLE']);
    expect(JSON.stringify(res)).not.toContain('Unexpected error');
  });

  it('answers a mutation with StoreUnavailableError and sends nothing', async () => {
    const id = h.globalId('google');
    const res = await h.gql(
      `mutation($input: SetCpanelDisplayConfigurationInput!) { setCpanelDisplayConfiguration(input: $input) { __typename ... on StoreUnavailableError { message retryAfterSeconds auditEvent { id } } } }`,
      { input: { id, service: 'CPANELD', color: '0a0b0c', idempotencyKey: 'while-the-store-is-away' } },
    );
    expect(res.data.setCpanelDisplayConfiguration).toMatchObject({ __typename: 'StoreUnavailableError', auditEvent: null });
    expect(res.data.setCpanelDisplayConfiguration.message).toMatch(/nothing was sent/);
    expect(res.data.setCpanelDisplayConfiguration.retryAfterSeconds).toBeGreaterThan(0);
    expect(h.emulator.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });
  it('answers an estate plan and apply with StoreUnavailableError and sends nothing', async () => {
    const document = 'version: 1\nconnections:\n  whm:\n    providers:\n      google: { clientId: changed.apps.example }\n';
    const plan = await h.gql(
      `mutation($input: PlanEstateInput!) { planEstate(input: $input) { __typename ... on StoreUnavailableError { message retryAfterSeconds } } }`,
      { input: { document } },
    );
    expect(plan.data.planEstate).toMatchObject({ __typename: 'StoreUnavailableError' });
    expect(plan.data.planEstate.message).toMatch(/nothing was sent/);
    const apply = await h.gql(
      `mutation($input: ApplyEstatePlanInput!) { applyEstatePlan(input: $input) { __typename ... on StoreUnavailableError { message } } }`,
      { input: { planId: '00000000-0000-4000-8000-000000000001' } },
    );
    expect(apply.data.applyEstatePlan).toMatchObject({ __typename: 'StoreUnavailableError' });
    expect(h.emulator.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });
});
