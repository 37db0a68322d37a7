// Incremental delivery over real HTTP: a listening gateway with two cPanel connections, one of them slowed by
// a latency fault, asked with a real multipart client (meros on node:http) and over SSE. What must hold: the
// fast connection's providers arrive in an earlier part, well before the slow one's (`@defer` on each group's
// providers); `@stream` on identityProvidersByConnection brings the groups one by one, fastest first; a token
// limited to one connection gets only that one.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { meros } from 'meros';
import { describe, expect, it } from 'vitest';
import type { CpanelEmulator } from '../../src/vendors/cpanel/emulator/server.js';
import { CPANEL_SAMPLE_MODULES } from '../../src/vendors/cpanel/emulator/sandbox.js';
import { apiToken } from '../support/harness.js';
import { cpanelPairGateway } from '../support/cpanel-pair-gateway.js';
import { SseReader } from '../support/sse.js';
import { PGLITE } from '../support/stores.js';
import { standIn } from '../support/suite-value.js';

// Long enough that a fast read under a loaded CI machine still comes well before it; well within the 5 s read budget
// (with 3 s, a full suite on 2 cores once took the slow read past it).
const SLOW_MS = 2_500;
const LIST_PATH = '/json-api/get_available_authentication_providers';
const SAMPLE_KEYS = CPANEL_SAMPLE_MODULES.map((m) => m.id).sort();

const TOKENS = {
  admin: apiToken('admin', 'admin'),
  fastOnly: apiToken('fast-viewer', 'viewer', ['fast']),
};

/** One part of a multipart/mixed answer, with when it arrived (ms after the request was sent). */
interface TimedPart {
  at: number;
  body: any;
}

/** POSTs `query` with "Accept: multipart/mixed" over node:http and reads the answer part by part with meros. */
async function multipart(url: string, query: string, token: string): Promise<{ response: IncomingMessage; parts: TimedPart[] }> {
  const started = performance.now();
  const body = JSON.stringify({ query });
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = httpRequest(`${url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        accept: 'multipart/mixed',
        authorization: `Bearer ${token}`,
      },
    });
    req.on('response', resolve).on('error', reject);
    req.end(body);
  });
  const read = await meros(response);
  if (!(Symbol.asyncIterator in read))
    throw new Error(`not a multipart answer: ${response.statusCode} ${response.headers['content-type']}`);
  const parts: TimedPart[] = [];
  for await (const part of read) {
    expect(part.json).toBe(true);
    parts.push({ at: performance.now() - started, body: part.body });
  }
  return { response, parts };
}

const GROUP_FIELDS = `connectionId vendor
  ... @defer(label: "providers") { stale error { code message } syncedAt providers { __typename ... on ManagedIdentityProvider { connectionId key stale } } }`;

/** Two cPanel emulators behind one gateway on a real port; every page reads the vendors (TTL 0). */
function twoConnections() {
  const made = cpanelPairGateway({
    kind: PGLITE,
    ids: ['slow', 'fast'],
    secret: 'WHMTOKEN-defer-5c1f',
    tokens: Object.values(TOKENS).map((t) => t.config),
    connection: { cacheTtlSeconds: 0, readBudgetMs: 5_000 },
  });
  return { slow: standIn(() => made.emulators.slow!), url: () => made.server.url, h: standIn(() => made.h) };
}

/** Runs `body` with the slow connection's list answered SLOW_MS late (once). */
async function withSlowList<T>(slow: CpanelEmulator, body: () => Promise<T>): Promise<T> {
  slow.faults.add({ kind: 'latency', ms: SLOW_MS, path: LIST_PATH, count: 1, id: 'slow-list' });
  try {
    return await body();
  } finally {
    slow.faults.clear('slow-list');
  }
}

/** The group at `index` of the initial list, as a deferred part names it: its path and the connection's id. */
const deferredFor = (parts: TimedPart[], initial: Array<{ connectionId: string }>, connectionId: string) => {
  const index = initial.findIndex((group) => group.connectionId === connectionId);
  const found = parts.flatMap((part) =>
    (part.body.incremental ?? [])
      .filter((entry: any) => entry.path?.[0] === 'identityProvidersByConnection' && entry.path[1] === index)
      .map((entry: any) => ({ at: part.at, data: entry.data })),
  );
  expect(found, `one deferred part for ${connectionId}`).toHaveLength(1);
  return found[0]!;
};

/** A group's providers as they must come: every sample key, read fresh from that connection. */
const freshGroup = (connectionId: string) => ({
  stale: false,
  error: null,
  syncedAt: expect.any(String),
  providers: SAMPLE_KEYS.map((key) => ({ __typename: 'CpanelIdentityProvider', connectionId, key, stale: false })),
});

describe('@defer and @stream over real HTTP', () => {
  const g = twoConnections();

  it('@defer: the fast connection arrives in an earlier part, well before the slow one', async () => {
    const { response, parts } = await withSlowList(g.slow, () =>
      multipart(g.url(), `{ identityProvidersByConnection { ${GROUP_FIELDS} } }`, TOKENS.admin.token),
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^multipart\/mixed/);
    // The first part: both groups, in the configured order, without their providers; at once.
    const [first, ...rest] = parts;
    const initial = first!.body.data.identityProvidersByConnection;
    expect(initial).toEqual([
      { connectionId: 'slow', vendor: 'CPANEL' },
      { connectionId: 'fast', vendor: 'CPANEL' },
    ]);
    expect(first!.body.hasNext).toBe(true);
    expect(first!.at).toBeLessThan(SLOW_MS / 2);
    expect(rest.at(-1)!.body.hasNext).toBe(false);

    const fast = deferredFor(rest, initial, 'fast');
    const slow = deferredFor(rest, initial, 'slow');
    expect(fast.data).toEqual(freshGroup('fast'));
    expect(slow.data).toEqual(freshGroup('slow'));
    // The fast one comes well before the slow vendor has answered; the slow one after its latency.
    expect(fast.at).toBeLessThan(SLOW_MS - 1_000);
    expect(slow.at).toBeGreaterThanOrEqual(SLOW_MS - 50);
    expect(parts.findIndex((part) => part.at === fast.at)).toBeLessThan(parts.findIndex((part) => part.at === slow.at));
  });

  it('@stream: the groups come one by one, fastest first', async () => {
    const query = `{ identityProvidersByConnection(connectionIds: ["slow", "fast"]) @stream {
      connectionId stale providers(first: 2) { ... on ManagedIdentityProvider { connectionId key } } } }`;
    const { parts } = await withSlowList(g.slow, () => multipart(g.url(), query, TOKENS.admin.token));
    // The first part: an empty list (initialCount 0), before any vendor answered.
    expect(parts[0]!.body).toEqual({ data: { identityProvidersByConnection: [] }, hasNext: true });
    const items = parts
      .slice(1)
      .flatMap((part) =>
        (part.body.incremental ?? []).flatMap((entry: any) =>
          (entry.items ?? []).map((item: any) => ({ at: part.at, path: entry.path, item })),
        ),
      );
    const group = (connectionId: string) => ({
      connectionId,
      stale: false,
      providers: SAMPLE_KEYS.slice(0, 2).map((key) => ({ connectionId, key })),
    });
    expect(items.map((i) => i.item)).toEqual([group('fast'), group('slow')]);
    expect(items.map((i) => i.path)).toEqual([
      ['identityProvidersByConnection', 0],
      ['identityProvidersByConnection', 1],
    ]);
    // Incrementally: each in its own part, the fast one long before the slow one.
    expect(items[0]!.at).toBeLessThan(SLOW_MS - 1_000);
    expect(items[1]!.at).toBeGreaterThanOrEqual(SLOW_MS - 50);
    expect(parts.at(-1)!.body.hasNext).toBe(false);
  });

  it('without @stream: the order asked, one answer; the vendor filter', async () => {
    const res = await g.h.gql(
      `{ asked: identityProvidersByConnection(connectionIds: ["fast", "slow", "fast"]) { connectionId providers(first: 1) { ... on ManagedIdentityProvider { key } } }
         none: identityProvidersByConnection(vendor: SLASHID) { connectionId } }`,
      {},
      { token: TOKENS.admin.token },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      asked: [
        { connectionId: 'fast', providers: [{ key: SAMPLE_KEYS[0] }] },
        { connectionId: 'slow', providers: [{ key: SAMPLE_KEYS[0] }] },
      ],
      none: [],
    });
    const tooMany = await g.h.gql(
      `{ identityProvidersByConnection { providers(first: 201) { __typename } } }`,
      {},
      { token: TOKENS.admin.token },
    );
    expect(tooMany.errors?.[0]?.message).toMatch(/first must be between 1 and 200/);
  });

  it('@defer over SSE: the same parts as events, the fast one first', async () => {
    const started = performance.now();
    const arrivals = await withSlowList(g.slow, async () => {
      const res = await fetch(`${g.url()}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${TOKENS.admin.token}` },
        body: JSON.stringify({ query: `{ identityProvidersByConnection { ${GROUP_FIELDS} } }` }),
      });
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const sse = new SseReader(res.body!.getReader());
      const seen: TimedPart[] = [];
      for (let message = await sse.next(); message && message.event === 'next'; message = await sse.next())
        seen.push({ at: performance.now() - started, body: message.data });
      return seen;
    });
    const initial = arrivals[0]!.body.data.identityProvidersByConnection;
    const fast = deferredFor(arrivals.slice(1), initial, 'fast');
    const slow = deferredFor(arrivals.slice(1), initial, 'slow');
    expect(fast.data).toEqual(freshGroup('fast'));
    expect(slow.data).toEqual(freshGroup('slow'));
    expect(fast.at).toBeLessThan(SLOW_MS - 1_000);
    expect(slow.at).toBeGreaterThanOrEqual(SLOW_MS - 50);
  });

  it('a client that takes only JSON is told which formats carry parts (406)', async () => {
    const res = await fetch(`${g.url()}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        authorization: `Bearer ${TOKENS.admin.token}`,
      },
      body: JSON.stringify({ query: `{ identityProvidersByConnection { ${GROUP_FIELDS} } }` }),
    });
    expect(res.status).toBe(406);
    expect(res.headers.get('accept')).toMatch(/multipart\/mixed/);
    expect(res.headers.get('accept')).toMatch(/text\/event-stream/);
  });

  it('a slow vendor past its read budget: the group comes at the budget, stale, with TIMEOUT', async () => {
    const budgetMs = g.h.services.connections.get('slow').config.readBudgetMs!;
    // A read first, so that the slow connection has snapshots to show.
    expect((await g.h.gql('{ identityProvidersByConnection { stale } }', {}, { token: TOKENS.admin.token })).errors).toBeUndefined();
    g.slow.faults.add({ kind: 'hang', path: LIST_PATH, id: 'hung-list' });
    let parts: TimedPart[];
    try {
      ({ parts } = await multipart(g.url(), `{ identityProvidersByConnection { ${GROUP_FIELDS} } }`, TOKENS.admin.token));
    } finally {
      g.slow.faults.clear('hung-list');
    }
    const initial = parts[0]!.body.data.identityProvidersByConnection;
    const fast = deferredFor(parts.slice(1), initial, 'fast');
    const slow = deferredFor(parts.slice(1), initial, 'slow');
    expect(fast.data).toEqual(freshGroup('fast'));
    expect(fast.at).toBeLessThan(budgetMs - 700);
    expect(slow.at).toBeGreaterThanOrEqual(budgetMs - 50);
    expect(slow.at).toBeLessThan(budgetMs + 1_500);
    expect(slow.data).toMatchObject({
      stale: true,
      error: { code: 'TIMEOUT', message: expect.stringContaining(`${budgetMs} ms (readBudgetMs)`) },
      providers: SAMPLE_KEYS.map((key) => ({ connectionId: 'slow', key, stale: true })),
    });
  });

  it('a token limited to one connection gets only that one; the other is NOT_FOUND like an unknown one', async () => {
    const { parts } = await multipart(g.url(), `{ identityProvidersByConnection { ${GROUP_FIELDS} } }`, TOKENS.fastOnly.token);
    const initial = parts[0]!.body.data.identityProvidersByConnection;
    expect(initial).toEqual([{ connectionId: 'fast', vendor: 'CPANEL' }]);
    expect(deferredFor(parts.slice(1), initial, 'fast').data).toEqual(freshGroup('fast'));
    expect(JSON.stringify(parts)).not.toContain('"slow"');

    const ask = (ids: string) =>
      g.h.gql(`{ identityProvidersByConnection(connectionIds: ${ids}) { connectionId } }`, {}, { token: TOKENS.fastOnly.token });
    const hidden = await ask('["fast", "slow"]');
    const unknown = await ask('["fast", "nowhere"]');
    expect(hidden.data).toBeNull();
    expect(hidden.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    expect(hidden.errors?.[0]?.message).toBe('No connection "slow" is configured.');
    expect(unknown.errors?.[0]?.message).toBe('No connection "nowhere" is configured.');
  });
});
