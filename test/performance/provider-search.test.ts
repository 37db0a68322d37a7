// identityProviders(search, enabled, protocol, orderBy) answered by the store (src/store/provider-search.ts):
// on the sandbox's five emulators (many providers each), every filter and combination gives what filtering the
// plain list in JavaScript gives, in the asked order, with the right totalCount; keyset pages under DISPLAY_NAME
// have no duplicate and no gap; a token limited to some connections sees only theirs; odd searches are literal
// or refused. On 10 000 rows seeded directly, the search's results hold and PostgreSQL's plan uses the indexes.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { ProviderProtocol } from '../../src/model/provider.js';
import { providerVersion } from '../../src/model/version.js';
import type { Store } from '../../src/store/open.js';
import { providerSearchStatement, searchProviderSnapshots } from '../../src/store/provider-search.js';
import { providerSnapshots } from '../../src/store/tables.js';
import { apiToken } from '../support/harness.js';
import { sandboxGateway } from '../support/sandbox-gateway.js';
import { suiteValue } from '../support/suite-value.js';
import { STORE_KINDS } from '../support/stores.js';

const PROVIDERS_PER_VENDOR = 30;

interface Node {
  id: string;
  connectionId: string;
  key: string;
  displayName: string;
  enabled: boolean | null;
  protocol: ProviderProtocol;
  clientId: string | null;
  stale: boolean;
}

interface Filters {
  search?: string;
  enabled?: boolean;
  protocol?: ProviderProtocol;
  orderBy?: 'CONNECTION_KEY' | 'DISPLAY_NAME';
  connectionId?: string;
}

const LIST = `query ($first: Int, $after: String, $search: String, $enabled: Boolean, $protocol: Protocol, $orderBy: ProviderOrder,
  $connectionId: String, $refresh: Boolean) {
  identityProviders(first: $first, after: $after, search: $search, enabled: $enabled, protocol: $protocol, orderBy: $orderBy,
    connectionId: $connectionId, refresh: $refresh) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { ... on ManagedIdentityProvider { id connectionId key displayName enabled protocol clientId stale } } }
    connectionErrors { connectionId code }
  }
}`;

/** Bytewise, as the store orders with collate "C" (the sandbox's names and keys are ASCII). */
const bytewise = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** What the store's search should give, worked out in JavaScript from the plain list (in today's order). */
function expected(all: Node[], filters: Filters): Node[] {
  const needle = filters.search?.toLowerCase();
  const found = all.filter(
    (n) =>
      (!filters.connectionId || n.connectionId === filters.connectionId) &&
      (needle === undefined || [n.displayName, n.key, n.clientId ?? ''].some((field) => field.toLowerCase().includes(needle))) &&
      (filters.enabled === undefined || n.enabled === filters.enabled) &&
      (filters.protocol === undefined || n.protocol === filters.protocol),
  );
  if (filters.orderBy !== 'DISPLAY_NAME') return found;
  return [...found].sort(
    (a, b) =>
      bytewise(a.displayName.toLowerCase(), b.displayName.toLowerCase()) ||
      bytewise(a.connectionId, b.connectionId) ||
      bytewise(a.key, b.key),
  );
}

/** A viewer limited to the sandbox's first two connections, and an admin. */
const SCOPED_CONNECTIONS = ['whm-sandbox', 'akamai-sandbox'];
const ADMIN = apiToken('search-admin', 'admin');
const SCOPED = apiToken('search-scoped', 'viewer', SCOPED_CONNECTIONS);

describe.each(STORE_KINDS)('identityProviders search and filters from the store on $name', (kind) => {
  const h = sandboxGateway({
    kind,
    providersPerVendor: PROVIDERS_PER_VENDOR,
    connection: { cacheTtlSeconds: 3_600, minRefreshIntervalSeconds: 0 },
    tokens: [ADMIN.config, SCOPED.config],
  });

  async function list(variables: Record<string, unknown>, token = ADMIN.token) {
    const body = await h.gql(LIST, variables, { token });
    expect(body.errors).toBeUndefined();
    return body.data.identityProviders as {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: Array<{ cursor: string; node: Node }>;
      connectionErrors: Array<{ connectionId: string; code: string }>;
    };
  }

  /** Every page of `filters`, `first` at a time, following endCursor: the nodes in order and each page's totalCount. */
  async function allPages(filters: Filters, first: number, token = ADMIN.token) {
    const nodes: Node[] = [];
    const totals = new Set<number>();
    let after: string | null = null;
    for (let pages = 0; pages < 1_000; pages++) {
      const page = await list({ ...filters, first, after }, token);
      totals.add(page.totalCount);
      nodes.push(...page.edges.map((edge) => edge.node));
      if (page.edges.length > 0) expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)!.cursor);
      if (!page.pageInfo.hasNextPage) break;
      expect(page.edges).toHaveLength(first);
      after = page.pageInfo.endCursor;
    }
    return { nodes, totals: [...totals] };
  }

  let all: Node[] = [];
  const ids = (nodes: Node[]) => nodes.map((n) => n.id);

  it('has a sandbox to search: five connections, many providers, both states and several protocols', async () => {
    const page = await list({ first: 200, refresh: true });
    all = page.edges.map((edge) => edge.node);
    expect(page.totalCount).toBe(5 * PROVIDERS_PER_VENDOR);
    expect(all).toHaveLength(5 * PROVIDERS_PER_VENDOR);
    expect(new Set(all.map((n) => n.protocol)).size).toBeGreaterThan(1);
    expect(all.some((n) => n.enabled === true) && all.some((n) => n.enabled === false)).toBe(true);
  });

  it("orderBy CONNECTION_KEY is the plain list order (today's), served from the store", async () => {
    const page = await list({ first: 200, orderBy: 'CONNECTION_KEY' });
    expect(ids(page.edges.map((e) => e.node))).toEqual(ids(all));
    expect(page.totalCount).toBe(all.length);
  });

  it('gives every filter and combination what filtering the plain list gives, with its totalCount', async () => {
    const named = all[17]!;
    const withClientId = all.find((n) => n.clientId && n.clientId.length > 6)!;
    const cases: Filters[] = [
      // Case-insensitive substring of a display name, of a key, of a client id.
      { search: named.displayName.slice(1, 5).toUpperCase() },
      { search: named.key.slice(-4) },
      { search: withClientId.clientId!.slice(2, 8).toUpperCase() },
      { search: 'no provider is called this' },
      { search: '' },
      { enabled: true },
      { enabled: false },
      { protocol: 'OIDC' },
      { protocol: 'SAML' },
      { protocol: 'OAUTH2' },
      { orderBy: 'DISPLAY_NAME' },
      { search: named.displayName.slice(0, 3), enabled: true },
      { enabled: true, protocol: 'OIDC' },
      { enabled: false, protocol: 'SAML', orderBy: 'DISPLAY_NAME' },
      { search: named.displayName.slice(0, 2).toLowerCase(), protocol: named.protocol, orderBy: 'DISPLAY_NAME' },
      { search: named.displayName.slice(0, 2), enabled: named.enabled ?? true, protocol: named.protocol, orderBy: 'CONNECTION_KEY' },
      { connectionId: named.connectionId, enabled: true, orderBy: 'DISPLAY_NAME' },
    ];
    for (const filters of cases) {
      const want = expected(all, filters);
      const page = await list({ ...filters, first: 200 });
      expect({ filters, ids: ids(page.edges.map((e) => e.node)) }).toEqual({ filters, ids: ids(want) });
      expect({ filters, totalCount: page.totalCount }).toEqual({ filters, totalCount: want.length });
    }
    // The cases are not all trivial: some match a few, some many, one none.
    const counts = cases.map((filters) => expected(all, filters).length);
    expect(counts).toContain(0);
    expect(counts.some((n) => n > 0 && n < 20)).toBe(true);
    expect(counts.some((n) => n > 40 && n < all.length)).toBe(true);
  });

  it('pages under DISPLAY_NAME with keyset cursors: no duplicate, no gap, one totalCount', async () => {
    const want = expected(all, { orderBy: 'DISPLAY_NAME' });
    const { nodes, totals } = await allPages({ orderBy: 'DISPLAY_NAME' }, 7);
    expect(ids(nodes)).toEqual(ids(want));
    expect(new Set(ids(nodes)).size).toBe(nodes.length);
    expect(totals).toEqual([all.length]);

    const filtered = { orderBy: 'DISPLAY_NAME', enabled: true } as const;
    const paged = await allPages(filtered, 4);
    expect(ids(paged.nodes)).toEqual(ids(expected(all, filtered)));
    expect(paged.totals).toEqual([expected(all, filtered).length]);
  });

  it('keeps a cursor valid while rows before it change, and pages CONNECTION_KEY by keyset too', async () => {
    const first = await list({ orderBy: 'CONNECTION_KEY', first: 10 });
    const second = await list({ orderBy: 'CONNECTION_KEY', first: 10, after: first.pageInfo.endCursor });
    expect(ids(second.edges.map((e) => e.node))).toEqual(ids(all.slice(10, 20)));
    // A keyset cursor names a position, not an offset: the same cursor on a narrower filter starts after it too.
    const narrower = await list({ orderBy: 'CONNECTION_KEY', enabled: true, first: 200, after: first.pageInfo.endCursor });
    const afterTen = new Set(ids(all.slice(10)));
    expect(narrower.edges.every((e) => afterTen.has(e.node.id))).toBe(true);
    expect(ids(narrower.edges.map((e) => e.node))).toEqual(ids(expected(all.slice(10), { enabled: true })));
  });

  it('refuses a cursor of another order, of the plain list, or garbled, naming after', async () => {
    const byName = await list({ orderBy: 'DISPLAY_NAME', first: 3 });
    const plain = await list({ first: 3 });
    for (const [variables, cursor] of [
      [{ orderBy: 'CONNECTION_KEY' }, byName.pageInfo.endCursor],
      [{ enabled: true }, plain.pageInfo.endCursor],
      [{}, byName.pageInfo.endCursor],
      [{ orderBy: 'DISPLAY_NAME' }, Buffer.from('ProviderKeyset:["DISPLAY_NAME",1]').toString('base64url')],
      [{ orderBy: 'DISPLAY_NAME' }, 'not a cursor'],
    ] as const) {
      const body = await h.gql(LIST, { ...variables, first: 3, after: cursor }, { token: ADMIN.token });
      expect(body.data?.identityProviders ?? null).toBeNull();
      expect(body.errors?.[0]?.message).toMatch(/after/);
    }
  });

  it("shows a limited token only its connections' providers, counted alone", async () => {
    const visible = all.filter((n) => SCOPED_CONNECTIONS.includes(n.connectionId));
    const filters: Filters = { orderBy: 'DISPLAY_NAME', enabled: true };
    const { nodes, totals } = await allPages(filters, 9, SCOPED.token);
    expect(ids(nodes)).toEqual(ids(expected(visible, filters)));
    expect(totals).toEqual([expected(visible, filters).length]);
    expect(nodes.length).toBeGreaterThan(0);
    // Another connection, named: nothing, as if it were not configured.
    const hidden = all.find((n) => !SCOPED_CONNECTIONS.includes(n.connectionId))!;
    const named = await list({ connectionId: hidden.connectionId, search: hidden.displayName, first: 50 }, SCOPED.token);
    expect(named).toMatchObject({ totalCount: 0, edges: [] });
    // A CONNECTION_KEY cursor on a connection the token cannot see is no cursor of its.
    const adminPage = await list({ orderBy: 'CONNECTION_KEY', connectionId: hidden.connectionId, first: 1 });
    const body = await h.gql(LIST, { orderBy: 'CONNECTION_KEY', first: 5, after: adminPage.pageInfo.endCursor }, { token: SCOPED.token });
    expect(body.errors?.[0]?.message).toMatch(/after is not a cursor/);
  });

  it('takes % and _ literally, refuses a NUL byte and a 10 000-character search with a typed error', async () => {
    for (const search of ['%', '_', '\\', 'a%b', '%_%']) {
      const page = await list({ search, first: 200 });
      expect({ search, totalCount: page.totalCount }).toEqual({ search, totalCount: expected(all, { search }).length });
    }
    // Literal: none of the sandbox's names, keys or client ids holds a % (a wildcard would match every one).
    expect(expected(all, { search: '%' })).toHaveLength(0);

    const nul = await h.gql(LIST, { search: 'ok\u0000ta', first: 5 }, { token: ADMIN.token });
    expect(nul.data).toBeUndefined();
    expect(nul.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(nul.errors?.[0]?.message).toMatch(/search/);

    const long = await h.gql(LIST, { search: 'x'.repeat(10_000), first: 5 }, { token: ADMIN.token });
    expect(long.data?.identityProviders ?? null).toBeNull();
    expect(long.errors?.[0]?.message).toMatch(/search may be at most 200 characters/);
    expect(long.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it("marks a connection's rows stale when its vendor cannot be read, with its connectionErrors entry", async () => {
    const failing = h.sandbox.emulators[0]!;
    const [fault] = failing.faults.add({ kind: 'status', status: 403 });
    try {
      const page = await list({ refresh: true, orderBy: 'DISPLAY_NAME', first: 200 });
      expect(page.connectionErrors.map((e) => e.connectionId)).toEqual([failing.connectionId]);
      expect(page.totalCount).toBe(all.length);
      const stale = page.edges.filter((e) => e.node.stale).map((e) => e.node.connectionId);
      expect(new Set(stale)).toEqual(new Set([failing.connectionId]));
      expect(stale).toHaveLength(all.filter((n) => n.connectionId === failing.connectionId).length);
    } finally {
      failing.faults.clear(fault!.id);
    }
  });
});

interface SeededState {
  key: string;
  displayName: string;
  protocol: ProviderProtocol;
  enabled: boolean | null;
  clientId: string | null;
  connectionId: string;
}

/** 10 000 provider states over 1 000 connections: ordinary names, a rare one holding % and _, and one name shared by 1 000. */
function tenThousandStates(): SeededState[] {
  const protocols: ProviderProtocol[] = ['OIDC', 'SAML', 'OAUTH2'];
  return Array.from({ length: 10_000 }, (_, n) => ({
    connectionId: `conn-${String(Math.floor(n / 10)).padStart(4, '0')}`,
    key: `idp-${n}`,
    displayName:
      n % 997 === 0
        ? `Okta ${n} 50%_off`
        : n % 501 === 0
          ? `Partner_${n}`
          : n % 10 === 9
            ? 'Shared name'
            : `Provider ${['Alpha', 'beta', 'Gamma'][n % 3]} ${n}`,
    protocol: protocols[n % 3]!,
    enabled: n % 7 === 0 ? null : n % 2 === 0,
    clientId: n % 5 === 0 ? null : `client-${n.toString(36)}`,
  }));
}

/** Written straight into the table (no vendor), then vacuumed and analyzed as autovacuum would. */
async function seed(store: Store, states: SeededState[]): Promise<void> {
  const rows = states.map(({ connectionId, ...fields }) => {
    const state = { ...fields, secretFingerprints: {}, details: {} };
    return { connectionId, providerKey: state.key, vendor: 'cpanel', state, version: providerVersion(state), fetchedAt: new Date() };
  });
  for (let i = 0; i < rows.length; i += 1_000) await store.db.insert(providerSnapshots).values(rows.slice(i, i + 1_000));
  // A GIN index keeps fresh entries in a pending list until a vacuum merges them; the planner counts that list.
  await store.db.execute(sql`vacuum analyze provider_snapshots`);
}

/** The plan's text, one line a row, from either driver's result shape. */
async function explain(store: Store, statement: ReturnType<typeof providerSearchStatement>): Promise<string> {
  const result = (await store.db.execute(sql`explain ${statement}`)) as unknown as
    | { rows: Array<Record<string, string>> }
    | Array<Record<string, string>>;
  const rows = Array.isArray(result) ? result : result.rows;
  // The connections' array literal is 1 000 ids long: shortened, so that a failure shows the plan.
  return rows.map((row) => String(Object.values(row)[0]).replace(/'\{[^}]*\}'/g, "'{...}'")).join('\n');
}

describe.each(STORE_KINDS)('provider search on 10 000 seeded snapshots on $name', (kind) => {
  const states = tenThousandStates();
  const connections = [...new Set(states.map((state) => state.connectionId))];
  const store = suiteValue(
    async () => {
      const opened = await kind.open();
      await seed(opened, states);
      return opened;
    },
    (opened) => opened.close(),
  );
  const byName = (a: SeededState, b: SeededState) =>
    bytewise(a.displayName.toLowerCase(), b.displayName.toLowerCase()) ||
    bytewise(a.connectionId, b.connectionId) ||
    bytewise(a.key, b.key);
  const keysOf = (found: SeededState[]) => found.map((state) => state.key);
  const contains = (state: SeededState, text: string) =>
    [state.displayName, state.key, state.clientId ?? ''].some((field) => field.toLowerCase().includes(text.toLowerCase()));

  it('finds the rare names among 10 000, every character of the search literal, with the count', async () => {
    for (const search of ['OKTA', '50%_', '%_', 'r_', 'a 9', '%', '_']) {
      const want = states.filter((state) => contains(state, search)).sort(byName);
      const found = await searchProviderSnapshots(store.db, { connectionIds: connections, search, order: 'DISPLAY_NAME', limit: 50 });
      expect({ search, total: found.totalCount }).toEqual({ search, total: want.length });
      expect({ search, keys: found.rows.map((r) => r.snapshot.provider.key) }).toEqual({ search, keys: keysOf(want.slice(0, 50)) });
    }
    // Literal: "%" and "_" are in 11 and 20 names, not everywhere.
    expect(states.filter((state) => contains(state, '%'))).toHaveLength(11);
    expect(states.filter((state) => contains(state, '_'))).toHaveLength(11 + 19);
  });

  it('filters and scopes in SQL: three connections, a search, enabled and protocol', async () => {
    const scope = connections.slice(0, 3);
    const query = { search: 'provider', enabled: true, protocol: 'OIDC' as const };
    const want = states
      .filter((s) => scope.includes(s.connectionId) && contains(s, query.search) && s.enabled === true && s.protocol === 'OIDC')
      .sort(byName);
    expect(want.length).toBeGreaterThan(0);
    const found = await searchProviderSnapshots(store.db, { connectionIds: scope, ...query, order: 'DISPLAY_NAME', limit: 50 });
    expect(found.totalCount).toBe(want.length);
    expect(found.rows.map((r) => r.snapshot.provider.key)).toEqual(keysOf(want));
  });

  it('pages 1 000 rows of one shared name by keyset: no duplicate, no gap (ties broken by connection and key)', async () => {
    const want = states.filter((state) => contains(state, 'shared name')).sort(byName);
    expect(want.length).toBeGreaterThan(900);
    const seen: string[] = [];
    let after: Parameters<typeof searchProviderSnapshots>[1]['after'];
    for (;;) {
      const found = await searchProviderSnapshots(store.db, {
        connectionIds: connections,
        search: 'shared',
        order: 'DISPLAY_NAME',
        after,
        limit: 97,
      });
      expect(found.totalCount).toBe(want.length);
      seen.push(...found.rows.map((r) => r.snapshot.provider.key));
      if (found.rows.length < 97) break;
      after = found.rows.at(-1)!.position;
    }
    expect(seen).toEqual(keysOf(want));
  });

  it('uses the trigram index for the search and the name index for the DISPLAY_NAME order', async () => {
    const search = providerSearchStatement(store.db, { connectionIds: connections, search: 'okta', order: 'DISPLAY_NAME', limit: 51 });
    const ordered = providerSearchStatement(store.db, { connectionIds: connections, order: 'DISPLAY_NAME', limit: 51 });
    // The planner as it comes picks them (both stores: a vacuumed, analyzed table).
    expect(await explain(store, search)).toMatch(/Bitmap Index Scan on provider_snapshots_search_idx/);
    expect(await explain(store, ordered)).toMatch(/Index Scan using provider_snapshots_name_order_idx/);
  });
});
