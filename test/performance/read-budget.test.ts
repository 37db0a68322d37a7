// The read budget: a page waits for a connection's vendor at most its `readBudgetMs`, then answers with the
// last snapshots marked stale and a connectionErrors entry whose code says why (TIMEOUT when the budget ran
// out, CIRCUIT_OPEN when the breaker is open, the vendor's own code otherwise), while the read goes on and
// fills the cache when it ends. A hung cPanel emulator (its `hang` fault) stands for the slow vendor.
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';
import type { CpanelEmulator } from '../../src/vendors/cpanel/emulator/server.js';
import { CPANEL_SAMPLE_MODULES } from '../../src/vendors/cpanel/emulator/sandbox.js';
import { STORE_KINDS } from '../support/stores.js';
import { vendorGateway } from '../support/vendor-gateway.js';

const BUDGET_MS = 500;
/** What a page may take beyond the budget (the answer itself, a loaded machine). */
const MARGIN_MS = 1_000;
const LIST_PATH = '/json-api/get_available_authentication_providers';

const PAGE = `query($refresh: Boolean) {
  identityProviders(first: 200, refresh: $refresh) {
    totalCount
    edges { node { ... on ManagedIdentityProvider { key stale syncedAt } } }
    connectionErrors { connectionId code message }
  }
}`;

interface Page {
  totalCount: number;
  edges: Array<{ node: { key: string; stale: boolean; syncedAt: string } }>;
  connectionErrors: Array<{ connectionId: string; code: string; message: string }>;
}

const listCalls = (emulator: CpanelEmulator) => emulator.requests.filter((r) => r.path === LIST_PATH).length;

/** Asks for a page and measures how long the answer took. */
async function timedPage(
  h: { gql: (query: string, variables?: Record<string, unknown>) => Promise<{ data?: any; errors?: unknown }> },
  refresh: boolean,
) {
  const started = performance.now();
  const res = await h.gql(PAGE, { refresh });
  const elapsedMs = performance.now() - started;
  expect(res.errors).toBeUndefined();
  return { page: res.data.identityProviders as Page, elapsedMs };
}

/** Polls until `check` holds (a background refresh landing), failing after `timeoutMs`. */
async function eventually<T>(probe: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (check(value) || performance.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(STORE_KINDS)('the read budget on $name', (kind) => {
  // A long TTL: a page without `refresh` is served from the cache, so only the background read can renew it.
  // totalTimeoutMs well above the budget, one attempt: the vendor's own timeout is not what answers the page.
  const h = vendorGateway('cpanel', {
    kind,
    connection: { readBudgetMs: BUDGET_MS, totalTimeoutMs: 5_000, maxAttempts: 1, cacheTtlSeconds: 3_600, minRefreshIntervalSeconds: 0 },
  });

  it('answers a page within the configured budget with the stale providers and TIMEOUT, then the read lands', async () => {
    // The first read of the emulator may itself exceed a budget this small on busy cores: warm up until one lands.
    const warm = await eventually(
      () => timedPage(h, true),
      ({ page }) => page.connectionErrors.length === 0,
    );
    expect(warm.page.connectionErrors).toEqual([]);
    expect(warm.page.totalCount).toBe(CPANEL_SAMPLE_MODULES.length);
    const warmSyncedAt = warm.page.edges[0]!.node.syncedAt;

    h.emulator.faults.add({ kind: 'hang', id: 'stuck' });
    try {
      const callsBefore = listCalls(h.emulator);
      const hung = await timedPage(h, true);
      // The configured budget, not the default 2 s nor the vendor's 5 s timeout.
      expect(hung.elapsedMs).toBeGreaterThanOrEqual(BUDGET_MS - 20);
      expect(hung.elapsedMs).toBeLessThan(BUDGET_MS + MARGIN_MS);
      expect(hung.page.totalCount).toBe(CPANEL_SAMPLE_MODULES.length);
      expect(hung.page.edges.every((e) => e.node.stale && e.node.syncedAt === warmSyncedAt)).toBe(true);
      expect(hung.page.connectionErrors).toEqual([
        { connectionId: h.connectionId, code: 'TIMEOUT', message: expect.stringContaining(`${BUDGET_MS} ms (readBudgetMs)`) },
      ]);

      // A second page while the read still hangs waits its own budget (it joins the running read: one list call).
      const again = await timedPage(h, true);
      expect(again.elapsedMs).toBeLessThan(BUDGET_MS + MARGIN_MS);
      expect(again.page.connectionErrors.map((e) => e.code)).toEqual(['TIMEOUT']);
      expect(listCalls(h.emulator) - callsBefore).toBe(1);
    } finally {
      // The hung request goes on and is answered: the background read ends.
      h.emulator.faults.clear('stuck');
    }

    // The next page (no refresh: served from the cache) shows what the background read brought, no new list call.
    const calls = listCalls(h.emulator);
    const fresh = await eventually(
      () => timedPage(h, false),
      ({ page }) => page.edges.every((e) => !e.node.stale && e.node.syncedAt !== warmSyncedAt),
    );
    expect(fresh.page.connectionErrors).toEqual([]);
    expect(fresh.page.totalCount).toBe(CPANEL_SAMPLE_MODULES.length);
    expect(fresh.page.edges.every((e) => !e.node.stale && Date.parse(e.node.syncedAt) > Date.parse(warmSyncedAt))).toBe(true);
    expect(listCalls(h.emulator)).toBe(calls);
  });

  it('lets a read that must see the vendor (waitForVendor: estate plan, apply, export) wait past the budget', async () => {
    const connection = h.services.connections.get(h.connectionId);
    h.emulator.faults.add({ kind: 'latency', ms: BUDGET_MS + 700, path: LIST_PATH, count: 1, id: 'slow' });
    try {
      const started = performance.now();
      const [read] = await h.services.reader.read([connection], { refresh: true, waitForVendor: true });
      expect(performance.now() - started).toBeGreaterThanOrEqual(BUDGET_MS + 650);
      expect(read!.error).toBeNull();
      expect(read!.providers.every((p) => !p.stale)).toBe(true);
    } finally {
      h.emulator.faults.clear('slow');
    }
    // The same slowness on a page: the budget answers it.
    h.emulator.faults.add({ kind: 'latency', ms: BUDGET_MS + 700, path: LIST_PATH, count: 1, id: 'slow-page' });
    try {
      const page = await timedPage(h, true);
      expect(page.elapsedMs).toBeLessThan(BUDGET_MS + 650);
      expect(page.page.connectionErrors.map((e) => e.code)).toEqual(['TIMEOUT']);
    } finally {
      h.emulator.faults.clear('slow-page');
    }
  });
});

describe('a connection read for the first time while its vendor hangs', () => {
  const h = vendorGateway('cpanel', { connection: { readBudgetMs: BUDGET_MS, cacheTtlSeconds: 3_600, minRefreshIntervalSeconds: 0 } });

  it('answers with no providers and TIMEOUT within the budget, then with the providers once the read lands', async () => {
    h.emulator.faults.add({ kind: 'hang', id: 'stuck' });
    try {
      const first = await timedPage(h, false);
      expect(first.elapsedMs).toBeLessThan(BUDGET_MS + MARGIN_MS);
      expect(first.page.totalCount).toBe(0);
      expect(first.page.connectionErrors).toEqual([
        { connectionId: h.connectionId, code: 'TIMEOUT', message: expect.stringContaining('nothing is known of it yet') },
      ]);
    } finally {
      h.emulator.faults.clear('stuck');
    }
    const later = await eventually(
      () => timedPage(h, false),
      ({ page }) => page.totalCount > 0,
    );
    expect(later.page.totalCount).toBe(CPANEL_SAMPLE_MODULES.length);
    expect(later.page.connectionErrors).toEqual([]);
  });
});

describe('the code of a connection error', () => {
  // The breaker opens after one failed call; one attempt per call, so a 500 is one failure.
  const h = vendorGateway('cpanel', {
    connection: {
      readBudgetMs: BUDGET_MS,
      maxAttempts: 1,
      circuitFailureThreshold: 1,
      circuitCooldownMs: 60_000,
      minRefreshIntervalSeconds: 0,
    },
  });

  it("is the vendor's own code for a failing vendor, and CIRCUIT_OPEN at once while the breaker is open", async () => {
    // The first read of the emulator may itself exceed a budget this small on busy cores: warm up until one lands.
    const warm = await eventually(
      () => timedPage(h, true),
      ({ page }) => page.connectionErrors.length === 0,
    );
    expect(warm.page.connectionErrors).toEqual([]);
    h.emulator.faults.add({ kind: 'status', status: 500, path: LIST_PATH, id: 'down' });
    try {
      const failed = await timedPage(h, true);
      expect(failed.page.edges.every((e) => e.node.stale)).toBe(true);
      expect(failed.page.connectionErrors).toHaveLength(1);
      // What `code` gave before the budget: the VendorError's vendorCode (cPanel's client calls a 5xx UNAVAILABLE).
      expect(failed.page.connectionErrors[0]!.code).toBe('UNAVAILABLE');

      const calls = listCalls(h.emulator);
      const open = await timedPage(h, true);
      expect(open.elapsedMs).toBeLessThan(BUDGET_MS);
      expect(open.page.edges.every((e) => e.node.stale)).toBe(true);
      expect(open.page.connectionErrors.map((e) => e.code)).toEqual(['CIRCUIT_OPEN']);
      expect(listCalls(h.emulator)).toBe(calls);
    } finally {
      h.emulator.faults.clear('down');
    }
  });
});

describe('readBudgetMs in the config', () => {
  const connection = { id: 'whm', vendor: 'cpanel', baseUrl: 'https://whm.example.com:2087', username: 'root', apiToken: { env: 'WHM' } };
  const parse = (more: Record<string, unknown>) => parseConfig({ connections: [{ ...connection, ...more }] }, 'test config', { WHM: 'x' });
  const problems = (more: Record<string, unknown>): string[] => {
    try {
      parse(more);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  it('defaults to 2000 ms and takes a value within 100..120000', () => {
    expect(parse({}).connections[0]!.readBudgetMs).toBe(2_000);
    expect(parse({ readBudgetMs: 100 }).connections[0]!.readBudgetMs).toBe(100);
    expect(parse({ readBudgetMs: 120_000 }).connections[0]!.readBudgetMs).toBe(120_000);
  });

  it('refuses a value out of bounds, naming the key', () => {
    for (const value of [99, 120_001, 1.5, '2000']) {
      const found = problems({ readBudgetMs: value });
      expect(found.length, String(value)).toBeGreaterThan(0);
      for (const problem of found) expect(problem, String(value)).toMatch(/^connections\[0\]\.readBudgetMs: /);
    }
  });
});
