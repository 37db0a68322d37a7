// Announcements only when someone listens (store/notify.ts): a lone gateway instance on PostgreSQL sends no NOTIFY
// for its writes; once another instance's lease lives it announces every write again, and stops when that lease
// ends; and an instance registering its lease waits for a write in progress (one that may not have seen the new
// lease, so announced nothing to it) before it goes on. A lease that ran out and is taken anew drops the cache.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InstanceLease } from '../../src/core/mutations/instance-lease.js';
import { registerInstance } from '../../src/store/instances.js';
import { DISPLAY } from '../automation/support.js';
import { cpanelId } from '../cpanel/support.js';
import { createTestDatabase, STORE_KINDS, TEST_DATABASE_URL } from '../support/stores.js';
import { openVendorGateway, type VendorGateway } from '../support/vendor-gateway.js';
import { waitFor, withTimeout } from '../support/wait.js';

interface Heard {
  from: string;
  auditColumns?: { id: string; status: string };
  auditId?: string;
  status?: string;
}

describe.skipIf(!TEST_DATABASE_URL)('announcements of a lone instance on PostgreSQL (set TEST_DATABASE_URL to run)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let gateway: VendorGateway<'cpanel'>;
  let listener: postgres.Sql;
  let closeStore: () => Promise<void>;
  const heard: Heard[] = [];
  let color = 0x100000;

  const change = async () => {
    color++;
    const input = { id: cpanelId('google'), service: 'CPANELD', color: color.toString(16) };
    const result = (await gateway.gql(DISPLAY, { input })).data.setCpanelDisplayConfiguration;
    expect(result.auditEvent.status).toBe('SUCCEEDED');
    return result.auditEvent.id as string;
  };
  /** A live lease of an instance that is not this gateway (as another process would register it). */
  const otherInstance = async (leaseFor: string) => {
    const id = randomUUID();
    await gateway.store.db.execute(
      sql`insert into gateway_instances (id, host, pid, lease_until) values (${id}, 'elsewhere', 1, now() + ${leaseFor}::interval)`,
    );
    return id;
  };

  beforeAll(async () => {
    database = await createTestDatabase(TEST_DATABASE_URL!);
    const store = await database.open();
    closeStore = () => store.close();
    gateway = await openVendorGateway('cpanel', store, { connection: { minRefreshIntervalSeconds: 0 } });
    expect(await gateway.services.clusterReady).toBeNull();
    // A listener that is not a gateway instance: it hears what a second instance would.
    listener = postgres(database.url, { max: 1, onnotice: () => {} });
    await listener.listen('idp_gateway', (payload) => heard.push(JSON.parse(payload) as Heard));
  });

  afterAll(async () => {
    await listener?.end({ timeout: 5 });
    await gateway?.close();
    await closeStore?.();
    await database?.drop();
  });

  it('sends nothing while no other instance lives, every write once one does, and nothing after its lease ended', async () => {
    await change();
    await gateway.gql('{ identityProviders(refresh: true) { totalCount } }');
    // The gateway's own lease is live, and the listener is no instance: no NOTIFY at all.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(heard).toEqual([]);

    const other = await otherInstance('1 minute');
    await change();
    // A row too long for NOTIFY is announced by id (store/notify.ts).
    const rows = () => heard.flatMap((h) => (h.auditColumns ? [h.auditColumns] : h.auditId ? [{ id: h.auditId, status: h.status! }] : []));
    await waitFor(() => rows().length === 2, 5_000, 'PENDING and final rows announced');
    const [pending, final] = rows();
    expect([pending!.status, final!.status, final!.id]).toEqual(['PENDING', 'SUCCEEDED', pending!.id]);
    const refreshedFrom = heard.length;
    await gateway.gql('{ identityProviders(refresh: true) { totalCount } }');
    await waitFor(() => heard.length > refreshedFrom, 5_000, 'the refresh announced');

    await gateway.store.db.execute(sql`update gateway_instances set lease_until = now() - interval '1 second' where id = ${other}`);
    const before = heard.length;
    await change();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(heard.length).toBe(before);
  });

  it.each(['audit_events', 'provider_snapshots'])(
    'returns from registering a lease only once a write in progress on %s has committed',
    async (table) => {
      const writer = postgres(database.url, { max: 1, onnotice: () => {} });
      const session = await writer.reserve();
      try {
        // What every announced write holds until its commit: a write begun before the new lease was in, still open.
        await session`begin`;
        await session.unsafe(`lock table ${table} in row exclusive mode`);
        const id = randomUUID();
        let registered = false;
        const registering = registerInstance(
          gateway.store.db,
          { id, leaseMs: 30_000, host: 'test', pid: 1 },
          { awaitWritesInProgress: true },
        ).then(() => {
          registered = true;
        });
        await new Promise((resolve) => setTimeout(resolve, 400));
        expect(registered).toBe(false);
        await session`commit`;
        await registering;
        const rows = (await gateway.store.db.execute(sql`select id from gateway_instances where id = ${id}`)) as unknown as Array<{
          id: string;
        }>;
        expect(rows.map((row) => row.id)).toEqual([id]);
      } finally {
        session.release();
        await writer.end({ timeout: 5 });
      }
    },
  );

  it('waits without a deadlock for a transaction that writes the snapshots, then the audit trail (as a drift does)', async () => {
    const writer = postgres(database.url, { max: 1, onnotice: () => {} });
    const session = await writer.reserve();
    try {
      await session`begin`;
      await session`lock table provider_snapshots in row exclusive mode`;
      const registering = registerInstance(
        gateway.store.db,
        { id: randomUUID(), leaseMs: 30_000, host: 'test', pid: 1 },
        { awaitWritesInProgress: true },
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      // The registration holds no lock while it waits for this one: the second table is free to write.
      await withTimeout(session`lock table audit_events in row exclusive mode`, 2_000, 'the audit trail, while a lease registers');
      await session`commit`;
      await withTimeout(registering, 5_000, 'the registration');
    } finally {
      session.release();
      await writer.end({ timeout: 5 });
    }
  });
});

describe.each(STORE_KINDS)('a lease taken anew on $name', (kind) => {
  it('tells its owner, whose cached state may be old (the others stopped announcing to it)', async () => {
    const store = await kind.open();
    const lease = new InstanceLease(store.db, 1_200);
    let told = 0;
    lease.onNewId = () => told++;
    try {
      await lease.ready();
      const first = lease.id;
      // Ran out while the store was away (as the database's clock says).
      await store.db.execute(sql`update gateway_instances set lease_until = now() - interval '1 second' where id = ${first}`);
      await waitFor(() => told > 0, 5_000, 'the lease taken under a new id');
      expect([told, lease.id === first]).toEqual([1, false]);
    } finally {
      await lease.stop();
      await store.close();
    }
  });
});
