// A fresh read (`refresh: true`) of providers that did not change writes no snapshot row (issue 15.7): one
// statement for the connection, every snapshot row as it was (not written, not even locked: xmin/xmax), and
// the providers' syncedAt moved all the same (it is the connection's synced_at, set by that statement). That
// statement follows the answer (the page does not wait for the store), at most one a second per connection. A
// provider changed at the vendor is the one row written, and its drift is recorded. On 2sms, real HTTP.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/store/audit.js';
import type { Connection } from '../../src/core/connections.js';
import { ProviderReader } from '../../src/core/reads/provider-reader.js';
import { getConnectionSyncs } from '../../src/store/connection-syncs.js';
import type { Db } from '../../src/store/open.js';
import { listSnapshots } from '../../src/store/snapshots.js';
import { STORE_KINDS } from '../support/stores.js';
import { vendorGateway } from '../support/vendor-gateway.js';
import { CONTOSO_ID, FABRIKAM_ID } from '../twosms/support.js';

const PAGE = `{ identityProviders(refresh: true) {
  edges { node { ... on ManagedIdentityProvider { key version syncedAt stale } } }
  connectionErrors { message }
} }`;

interface Node {
  key: string;
  version: string;
  syncedAt: string;
  stale: boolean;
}

/** Each snapshot row's physical version (xmin: new on every write of the row) and lock mark (xmax: set by a row lock too). */
async function rowVersions(db: Db): Promise<Record<string, string>> {
  const result = await db.execute(
    sql`select provider_key, xmin::text || '/' || xmax::text as v from provider_snapshots order by provider_key`,
  );
  const rows = (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as Array<{
    provider_key: string;
    v: string;
  }>;
  return Object.fromEntries(rows.map((row) => [row.provider_key, row.v]));
}

/** Data statements only (PostgreSQL's dedicated sessions log their BEGIN/COMMIT; PGlite's do not). */
const dataStatements = (statements: string[]) => statements.filter((text) => !/^\s*(begin|commit)\b/i.test(text));

describe.each(STORE_KINDS)('a fresh read writes only what changed, on $name', (kind) => {
  const statements: string[] = [];
  const h = vendorGateway('twosms', {
    kind,
    storeOptions: { onQuery: (text) => statements.push(text) },
    // Every refresh reads the vendor (no floor), and waits for it however loaded the machine is.
    connection: { minRefreshIntervalSeconds: 0, readBudgetMs: 60_000 },
  });
  const read = async (): Promise<Node[]> => {
    const res = await h.gql(PAGE);
    expect(res.errors).toBeUndefined();
    expect(res.data.identityProviders.connectionErrors).toEqual([]);
    return res.data.identityProviders.edges.map((edge: { node: Node }) => edge.node);
  };

  /** The confirmations that follow their answers, landed. */
  const settled = () => h.services.reader.settled(10_000);
  const storedSyncedAt = async () => (await getConnectionSyncs(h.store.db, [h.connectionId])).get(h.connectionId)?.syncedAt?.toISOString();
  const isListStatement = (text: string) => /^\s*with listed as/.test(text);

  beforeAll(async () => {
    expect((await read()).length).toBeGreaterThan(1);
  });

  it('of unchanged providers: one statement, no row written or locked, every syncedAt moved to the read', async () => {
    const before = await read();
    await settled();
    const rowsBefore = await rowVersions(h.store.db);
    const fetchedBefore = (await listSnapshots(h.store.db, [h.connectionId])).map((s) => s.fetchedAt.getTime());
    statements.length = 0;
    const after = await read();
    await settled();
    expect(dataStatements(statements)).toHaveLength(1);
    expect(dataStatements(statements)[0]).toMatch(/^\s*with listed as/);
    expect(await rowVersions(h.store.db)).toEqual(rowsBefore);
    expect((await listSnapshots(h.store.db, [h.connectionId])).map((s) => s.fetchedAt.getTime())).toEqual(fetchedBefore);
    expect(after.map((n) => [n.key, n.version])).toEqual(before.map((n) => [n.key, n.version]));
    const syncedAt = after[0]!.syncedAt;
    expect(after.every((n) => n.syncedAt === syncedAt && !n.stale)).toBe(true);
    expect(Date.parse(syncedAt)).toBeGreaterThan(Date.parse(before[0]!.syncedAt));
    expect(await storedSyncedAt()).toBe(syncedAt);
  });

  it('of unchanged providers: answered while the store is held, the confirmation written once it is free', async () => {
    await read();
    await settled();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const holding = new Promise<void>((resolve) => (locked = resolve));
    // A transaction that holds the connection's sync row (PGlite: the whole store) until released.
    const holder = h.store.db.transaction(async (tx) => {
      await tx.execute(sql`select 1 from connection_syncs where connection_id = ${h.connectionId} for update`);
      locked();
      await released;
    });
    await holding;
    let page: Node[];
    try {
      page = await read();
    } finally {
      release();
      await holder;
    }
    expect(page.every((n) => !n.stale)).toBe(true);
    await settled();
    expect(await storedSyncedAt()).toBe(page[0]!.syncedAt);
  });

  it('of unchanged providers read in a burst: one statement a second at most, the last read the one stored', async () => {
    await read();
    await settled();
    statements.length = 0;
    const started = performance.now();
    let last: Node[] = [];
    for (let index = 0; index < 8; index++) last = await read();
    const seconds = (performance.now() - started) / 1000;
    await settled();
    const lists = dataStatements(statements).filter(isListStatement);
    // The first at once, then one a second, and the one waiting when they stopped.
    expect(lists.length).toBeGreaterThanOrEqual(1);
    expect(lists.length).toBeLessThanOrEqual(2 + Math.floor(seconds));
    expect(lists.length).toBeLessThan(8);
    expect(await storedSyncedAt()).toBe(last[0]!.syncedAt);
  });

  it('of unchanged providers known only to the store (cache dropped): still no row written', async () => {
    const rowsBefore = await rowVersions(h.store.db);
    h.services.reader.cache.dropAll();
    statements.length = 0;
    await read();
    await settled();
    // The snapshots and the sync loaded (one query each), then the one statement of the fresh list.
    expect(dataStatements(statements)).toHaveLength(3);
    expect(await rowVersions(h.store.db)).toEqual(rowsBefore);
  });

  it('of one provider changed at the vendor: that row alone is written, its drift recorded', async () => {
    const before = await read();
    const rowsBefore = await rowVersions(h.store.db);
    h.emulator.state.find(CONTOSO_ID)!.Name = 'Contoso renamed outside the gateway';
    const after = await read();
    const rowsAfter = await rowVersions(h.store.db);
    const changedKeys = Object.keys(rowsAfter).filter((key) => rowsAfter[key] !== rowsBefore[key]);
    expect(changedKeys).toEqual([CONTOSO_ID.toLowerCase()]);
    const changedViews = after.filter((n) => n.version !== before.find((b) => b.key === n.key)?.version).map((n) => n.key);
    expect(changedViews).toEqual(changedKeys);
    const drift = (await listAuditEvents(h.store.db, { connectionId: h.connectionId, limit: 50 })).filter(
      (row) => row.kind === 'DRIFT_DETECTED',
    );
    expect(drift.map((row) => row.providerKey)).toEqual(changedKeys);
  });
});

describe.each(STORE_KINDS)('a confirmation written behind its answer, on $name', (kind) => {
  const h = vendorGateway('twosms', { kind, connection: { minRefreshIntervalSeconds: 0, readBudgetMs: 60_000 } });
  const storedSyncedAt = async () => (await getConnectionSyncs(h.store.db, [h.connectionId])).get(h.connectionId)?.syncedAt?.getTime();

  it('lands after a delete and a newer read without bringing the provider back or moving the sync time back', async () => {
    expect((await h.gql(PAGE)).errors).toBeUndefined(); // the gateway's first full read
    // A second reader on the same store and vendor, whose confirmations wait a minute unless flushed: the stale one.
    const stale = new ProviderReader(h.store.db, h.services.secrets, { confirmationSpacingMs: 60_000 });
    const connection = h.services.connections.find(h.connectionId)!;
    await stale.read([connection], { refresh: true }); // its first confirmation goes at once
    const [listed] = await stale.read([connection], { refresh: true }); // this one waits: a list that holds Contoso
    expect(listed!.providers.map((p) => p.key)).toContain(CONTOSO_ID.toLowerCase());

    const deleted = await h.gql(`mutation($id: ID!) { deleteTwoSmsIdentityProvider(input: { id: $id }) { __typename } }`, {
      id: h.globalId(CONTOSO_ID),
    });
    expect(deleted.data.deleteTwoSmsIdentityProvider.__typename).toBe('DeleteTwoSmsIdentityProviderPayload');
    // The gateway reads again (its list without Contoso) and confirms it: a sync time newer than the stale list's.
    expect((await h.gql(PAGE)).errors).toBeUndefined();
    await h.services.reader.settled(10_000);
    const newest = await storedSyncedAt();
    expect(newest).toBeGreaterThan(listed!.syncedAt!.getTime());

    await stale.settled(10_000); // the stale confirmation lands now
    expect((await listSnapshots(h.store.db, [h.connectionId])).map((s) => s.provider.key)).not.toContain(CONTOSO_ID.toLowerCase());
    expect(await storedSyncedAt()).toBe(newest);
    // And the next full read finds nothing drifted: no snapshot came back to be found gone.
    expect((await h.gql(PAGE)).errors).toBeUndefined();
    const drift = (await listAuditEvents(h.store.db, { connectionId: h.connectionId, limit: 50 })).filter(
      (row) => row.kind === 'DRIFT_DETECTED',
    );
    expect(drift).toEqual([]);
  });
});

describe.each(STORE_KINDS)('a list read before a delete and written after it, on $name', (kind) => {
  const h = vendorGateway('twosms', { kind, connection: { minRefreshIntervalSeconds: 0, readBudgetMs: 60_000 } });

  it('does not bring the deleted provider back, and the next read records no drift for it', async () => {
    expect((await h.gql(PAGE)).errors).toBeUndefined(); // the gateway's first full read
    const connection = h.services.connections.find(h.connectionId)!;
    // Something else changed at the vendor too, so that this list is written (the drift path), not only confirmed.
    h.emulator.state.find(FABRIKAM_ID)!.Name = 'Fabrikam renamed outside the gateway';
    // A second reader whose vendor list (real HTTP) is answered, then the provider is deleted through the gateway,
    // then the list is written: the order two instances (or a page and a mutation) can meet in.
    const slow: Connection = {
      ...connection,
      adapter: Object.assign(Object.create(Object.getPrototypeOf(connection.adapter)), connection.adapter, {
        list: async () => {
          const listed = await connection.adapter.list();
          const deleted = await h.gql(`mutation($id: ID!) { deleteTwoSmsIdentityProvider(input: { id: $id }) { __typename } }`, {
            id: h.globalId(CONTOSO_ID),
          });
          expect(deleted.data.deleteTwoSmsIdentityProvider.__typename).toBe('DeleteTwoSmsIdentityProviderPayload');
          return listed;
        },
      }),
    };
    const reader = new ProviderReader(h.store.db, h.services.secrets);
    const [read] = await reader.read([slow], { refresh: true });
    expect(read!.error).toBeNull();
    expect(read!.providers.map((p) => p.key)).toContain(CONTOSO_ID.toLowerCase()); // what the list said
    const stored = (await listSnapshots(h.store.db, [h.connectionId])).map((s) => s.provider.key);
    expect(stored).not.toContain(CONTOSO_ID.toLowerCase());
    expect(stored).toContain(FABRIKAM_ID.toLowerCase());

    expect((await h.gql(PAGE)).errors).toBeUndefined();
    const drift = (await listAuditEvents(h.store.db, { connectionId: h.connectionId, limit: 50 })).filter(
      (row) => row.kind === 'DRIFT_DETECTED',
    );
    expect(drift.map((row) => row.providerKey)).toEqual([FABRIKAM_ID.toLowerCase()]);
  });
});
