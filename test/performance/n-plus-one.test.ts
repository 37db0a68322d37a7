// No N+1: resolving 100 providers of five connections (by `nodes(ids:)`, by the list, and the connections'
// health) costs a fixed number of vendor calls and SQL statements, whatever the number of providers. The
// emulators' request logs count the vendor calls; the store's query hook counts the SQL, by table. Fresh
// snapshots in the in-memory cache cost no SQL at all; out of it, one query per table; a connection read again
// from its vendor, one statement (store/snapshots.ts writeFreshList).
// Every read waits for its vendors (readBudgetMs well above any first read): a first read of the sandbox that
// overran the default 2 s budget on a loaded machine came back short, went on in the background and made every
// later count wrong (a 30 ms budget reproduces it: the likely cause of the failure once blamed on an upsert).
import { beforeAll, describe, expect, it } from 'vitest';
import { connectionSyncs } from '../../src/store/tables.js';
import { sandboxGateway } from '../support/sandbox-gateway.js';
import { STORE_KINDS } from '../support/stores.js';

const PROVIDERS_PER_VENDOR = 20;
const TABLES = ['provider_snapshots', 'connection_syncs', 'audit_events', 'idempotency_keys'] as const;

/** The statement's verb and the table it names first: "select provider_snapshots", "insert connection_syncs". */
function classify(sql: string): string {
  const verb = sql.trim().split(/\s+/, 1)[0]!.toLowerCase();
  const table = TABLES.find((name) => sql.includes(`"${name}"`)) ?? 'other';
  return `${verb} ${table}`;
}

function tally(statements: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  // Transaction control is no data statement (PostgreSQL's dedicated sessions log their BEGIN/COMMIT; PGlite's do not).
  for (const sql of statements.filter((text) => !/^\s*(begin|commit)\b/i.test(text)))
    counts[classify(sql)] = (counts[classify(sql)] ?? 0) + 1;
  return counts;
}

describe.each(STORE_KINDS)('no N+1 on $name', (kind) => {
  const statements: string[] = [];
  const h = sandboxGateway({
    kind,
    storeOptions: { onQuery: (sql) => statements.push(sql) },
    providersPerVendor: PROVIDERS_PER_VENDOR,
    connection: { cacheTtlSeconds: 3_600, readBudgetMs: 60_000 },
    actor: 'n-plus-one',
  });
  const gql = async (query: string, variables?: Record<string, unknown>): Promise<any> => {
    const res = await h.yoga.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = await res.json();
    expect(body.errors).toBeUndefined();
    return body.data;
  };
  let ids: string[] = [];
  /** The emulator requests one adapter.list() makes, per connection: what "one list call" costs on the wire. */
  const requestsPerList = new Map<string, number>();

  const vendorRequests = () => new Map(h.sandbox.emulators.map((e) => [e.connectionId, e.requests.length]));
  const clearVendorRequests = () => {
    for (const emulator of h.sandbox.emulators) emulator.requests.length = 0;
  };

  beforeAll(async () => {
    const listed = await gql(
      '{ identityProviders(first: 200, refresh: true) { totalCount edges { node { ... on ManagedIdentityProvider { id } } } connectionErrors { connectionId message } } }',
    );
    expect(listed.identityProviders.connectionErrors).toEqual([]);
    ids = listed.identityProviders.edges.map((edge: any) => edge.node.id);
    // Tokens are cached now: one more list per connection, made directly, is the wire cost of one list.
    for (const connection of h.services.connections.all()) {
      clearVendorRequests();
      await connection.adapter.list();
      requestsPerList.set(connection.id, vendorRequests().get(connection.id)!);
    }
  });

  const NODES = `query ($ids: [ID!]!) { nodes(ids: $ids) { ... on ManagedIdentityProvider { id key displayName version connectionId } } }`;

  it('has 100 providers across five connections to resolve', () => {
    expect(ids).toHaveLength(5 * PROVIDERS_PER_VENDOR);
    expect(new Set(ids.map((id) => Buffer.from(id, 'base64').toString().split(':')[1]!.split('/')[0])).size).toBe(5);
  });

  it('resolves 100 nodes from fresh snapshots in memory with no vendor call and no SQL', async () => {
    clearVendorRequests();
    statements.length = 0;
    const data = await gql(NODES, { ids });
    expect(data.nodes.map((n: any) => n.id)).toEqual(ids);
    expect([...vendorRequests().values()].reduce((a, b) => a + b, 0)).toBe(0);
    expect(statements).toEqual([]);
  });

  it('resolves 100 nodes from fresh snapshots in the h.store with no vendor call and one query per table', async () => {
    h.services.reader.cache.dropAll();
    clearVendorRequests();
    statements.length = 0;
    const data = await gql(NODES, { ids });
    expect(data.nodes.map((n: any) => n.id)).toEqual(ids);
    expect([...vendorRequests().values()].reduce((a, b) => a + b, 0)).toBe(0);
    expect(tally(statements)).toEqual({ 'select connection_syncs': 1, 'select provider_snapshots': 1 });
  });

  it('resolves 100 nodes of stale connections with one list per connection and a fixed number of writes per connection', async () => {
    await h.store.db.update(connectionSyncs).set({ syncedAt: new Date(0) });
    h.services.reader.cache.dropAll();
    clearVendorRequests();
    statements.length = 0;
    const data = await gql(NODES, { ids });
    expect(data.nodes.map((n: any) => n.id)).toEqual(ids);
    expect(vendorRequests()).toEqual(requestsPerList);
    // Reads: one per table for all five. Per connection refreshed, one statement: the snapshots written meanwhile,
    // the changed and gone ones, and the sync mark (data-modifying CTEs). None per provider.
    expect(tally(statements)).toEqual({
      'select connection_syncs': 1,
      'select provider_snapshots': 1,
      'with provider_snapshots': 5,
    });
  });

  it("lists 100 providers (from memory) and the five connections' health (one query for all five)", async () => {
    clearVendorRequests();
    statements.length = 0;
    const data = await gql(`{
      identityProviders(first: 100) { totalCount edges { node { ... on ManagedIdentityProvider { id version } } } }
      connections { id health { status lastSyncedAt } }
    }`);
    expect(data.identityProviders.totalCount).toBe(100);
    expect(data.connections.map((c: any) => c.health.status)).toEqual(['OK', 'OK', 'OK', 'OK', 'OK']);
    expect([...vendorRequests().values()].reduce((a, b) => a + b, 0)).toBe(0);
    expect(tally(statements)).toEqual({ 'select connection_syncs': 1 });
  });
});
