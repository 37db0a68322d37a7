// Serialization and reconciliation hold when a lock or a lease is the thing that fails:
//   - a live instance's PENDING row is never reconciled by another, however much longer than the lease its
//     vendor takes (only a dead owner's row is: proven by the same reconciler passes settling one);
//   - on PostgreSQL, an instance that loses its lock session while its change is at the vendor does not let a
//     second writer in unnoticed: the second waits for the first change to end and then sees it.
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { reconcileAbandoned } from '../../src/core/mutations/reconciler.js';
import { getAuditEvent } from '../../src/store/audit.js';
import { cpanelId } from '../cpanel/support.js';
import { insertCrashedPendingRow, oneStoreTwice, openPostgresPair, STORE_KINDS, TEST_DATABASE_URL } from '../support/stores.js';
import { vendorGatewayPair } from '../support/vendor-gateway.js';

const WHM_TOKEN = 'WHMTOKEN-leases-8d1a';
const isDisplayWrite = (r: { path: string }) => r.path === '/json-api/set_provider_display_configurations';
const DISPLAY = `mutation($input: SetCpanelDisplayConfigurationInput!) { setCpanelDisplayConfiguration(input: $input) { __typename
  ... on Error { message }
  ... on VersionConflictError { currentVersion }
  ... on SetCpanelDisplayConfigurationPayload { auditEvent { id status reason error } } } }`;
const VERSION = `query($id: ID!) { identityProvider(id: $id) { ... on ManagedIdentityProvider { version } } }`;

describe.each(STORE_KINDS)('leases on $name', (kind) => {
  // Short, so that the test outlives several leases; long enough that a busy machine still renews it in time.
  const LEASE_MS = 1_500;
  const {
    first: owner,
    second: other,
    emulator,
  } = vendorGatewayPair('cpanel', oneStoreTwice(kind), { secret: WHM_TOKEN, leaseMs: LEASE_MS });

  it("never reconciles a live instance's row, however long its vendor takes; a dead instance's row it does", async () => {
    const deps = { db: owner.store.db, connections: other.services.connections, auditLog: other.services.auditLog };
    // A row left by an instance that died: the same passes must settle it (the reconciler is at work).
    const crashed = await insertCrashedPendingRow(owner.store.db, { actor: 'crashed', connectionId: 'whm' });
    const held = emulator.hold(isDisplayWrite, 'after');
    const answer = owner.gql(DISPLAY, { input: { id: cpanelId('google'), service: 'CPANELD', color: '5105ed' } });
    await held.arrived;
    // Over three leases long at the vendor, with the other instance reconciling all the while.
    const settled: string[] = [];
    for (let pass = 0; pass < 25; pass++) {
      for (const done of await reconcileAbandoned(deps, LEASE_MS)) settled.push(done.auditEventId);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    held.release();
    const result = (await answer).data.setCpanelDisplayConfiguration;
    expect(result.auditEvent).toEqual({ id: result.auditEvent.id, status: 'SUCCEEDED', reason: null, error: null });
    expect(settled).toEqual([crashed.id]);
    expect((await getAuditEvent(owner.store.db, crashed.id))!.reason).toBe('interrupted');
  }, 30_000);
});

describe.skipIf(!TEST_DATABASE_URL)('a lock session lost during a change, on PostgreSQL', () => {
  const { first, second, emulator, stores } = vendorGatewayPair('cpanel', () => openPostgresPair(TEST_DATABASE_URL!), {
    secret: WHM_TOKEN,
  });
  let killer: postgres.Sql;

  beforeAll(async () => {
    killer = postgres(TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
  });
  afterEach(() => emulator.clearRequests());
  afterAll(async () => {
    await killer?.end({ timeout: 5 });
  });

  it('lets no second writer in unnoticed: it waits for the change in flight, then sees it', async () => {
    const versionBefore = (await second.gql(VERSION, { id: cpanelId('google') })).data.identityProvider.version;
    const held = emulator.hold(isDisplayWrite, 'before');
    const firstAnswer = first.gql(DISPLAY, { input: { id: cpanelId('google'), service: 'CPANELD', color: '111111' } });
    await held.arrived;
    // The first instance's lock session dies: PostgreSQL releases its advisory lock at once.
    const database = new URL(stores[0].location).pathname.slice(1);
    const holders = await killer`select pg_terminate_backend(pid) from pg_locks
      where locktype = 'advisory' and granted and objsubid = 1 and database = (select oid from pg_database where datname = ${database})`;
    expect(holders.length).toBe(1);

    // The second writer (expecting the version it read before the first change) gets the lock now ...
    const secondAnswer = second.gql(DISPLAY, {
      input: { id: cpanelId('google'), service: 'CPANELD', color: '222222', expectedVersion: versionBefore },
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    // ... but sends nothing while the first change is in flight.
    expect(emulator.requests.filter(isDisplayWrite)).toHaveLength(1);
    held.release();
    expect((await firstAnswer).data.setCpanelDisplayConfiguration.auditEvent.status).toBe('SUCCEEDED');
    // Then it sees the first change: its version is gone, and nothing of the second was sent.
    expect((await secondAnswer).data.setCpanelDisplayConfiguration.__typename).toBe('VersionConflictError');
    expect(emulator.requests.filter(isDisplayWrite)).toHaveLength(1);
    expect(emulator.module('google')!.displayOverrides.cpaneld.color).toBe('111111');

    // And a writer without an expected version changes the state the first one left.
    const third = await second.gql(DISPLAY, { input: { id: cpanelId('google'), service: 'CPANELD', color: '333333' } });
    expect(third.data.setCpanelDisplayConfiguration.auditEvent.status).toBe('SUCCEEDED');
    expect(emulator.module('google')!.displayOverrides.cpaneld.color).toBe('333333');
  }, 30_000);
});
