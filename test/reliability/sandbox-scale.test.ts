// The sandbox at scale (src/emulation/scale.ts): IDP_GATEWAY_SANDBOX_CONNECTIONS x IDP_GATEWAY_SANDBOX_PROVIDERS
// per vendor, every connection with an emulator of its own (own credentials, own providers, own request log)
// on one shared server per vendor. A gateway reads them all over real HTTP with the right totalCount; a bad
// value of either variable is refused naming it; the emulators' in-flight count is served at its endpoint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { EMULATOR_IN_FLIGHT_PATH } from '../../src/emulation/http.js';
import { type Sandbox, startSandbox } from '../../src/emulation/sandbox.js';
import { parseSandboxScale, SANDBOX_CONNECTIONS_ENV, SANDBOX_PROVIDERS_ENV } from '../../src/emulation/scale.js';
import type { Store } from '../../src/store/open.js';
import { VENDOR_KEYS } from '../../src/vendors/index.js';
import { type Harness, startHarness } from '../support/harness.js';
import { PGLITE } from '../support/stores.js';

const CONNECTIONS = 3;
const PROVIDERS = 10;

const PAGE = `query($after: String) { identityProviders(first: 200, after: $after, refresh: true) {
  totalCount edges { node { ... on ManagedIdentityProvider { connectionId key } } } pageInfo { hasNextPage endCursor } connectionErrors { connectionId code message } } }`;

describe('the sandbox at scale', () => {
  let store: Store;
  let sandbox: Sandbox;
  let gateway: Harness;

  beforeAll(async () => {
    [store, sandbox] = await Promise.all([
      PGLITE.open(),
      startSandbox({ [SANDBOX_CONNECTIONS_ENV]: String(CONNECTIONS), [SANDBOX_PROVIDERS_ENV]: String(PROVIDERS) }),
    ]);
    // The first read also loads each vendor's code and fills an empty store: room beyond the 2 s page budget.
    for (const connection of sandbox.config.connections) Object.assign(connection, { minRefreshIntervalSeconds: 0, readBudgetMs: 20_000 });
    gateway = await startHarness({ store, config: sandbox.config });
  });

  afterAll(async () => {
    await gateway?.close();
    await sandbox?.close();
    await store?.close();
  });

  it('makes N connections per vendor, each with its own emulator under one server per vendor', () => {
    const { connections } = sandbox.config;
    expect(connections).toHaveLength(CONNECTIONS * VENDOR_KEYS.length);
    expect(new Set(connections.map((c) => c.id)).size).toBe(connections.length);
    for (const vendor of VENDOR_KEYS) {
      const own = connections.filter((c) => c.vendor === vendor);
      expect(own).toHaveLength(CONNECTIONS);
      // One origin per vendor, a path of its own per connection.
      expect(new Set(own.map((c) => new URL(c.baseUrl).origin)).size).toBe(1);
      expect(new Set(own.map((c) => new URL(c.baseUrl).pathname)).size).toBe(CONNECTIONS);
    }
    expect(sandbox.emulators.map((e) => e.connectionId).sort()).toEqual(connections.map((c) => c.id).sort());
  });

  it('lists every provider of every connection over HTTP, with the right totalCount', async () => {
    const seen: Array<{ connectionId: string; key: string }> = [];
    let after: string | null = null;
    let totalCount = 0;
    do {
      const res: { data?: any; errors?: unknown } = await gateway.gql(PAGE, { after });
      expect(res.errors).toBeUndefined();
      const page = res.data.identityProviders;
      expect(page.connectionErrors).toEqual([]);
      totalCount = page.totalCount;
      seen.push(...page.edges.map((edge: { node: { connectionId: string; key: string } }) => edge.node));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(totalCount).toBe(CONNECTIONS * VENDOR_KEYS.length * PROVIDERS);
    expect(seen).toHaveLength(totalCount);
    expect(new Set(seen.map((p) => `${p.connectionId}/${p.key}`)).size).toBe(totalCount);
    for (const connection of sandbox.config.connections) {
      expect(seen.filter((p) => p.connectionId === connection.id)).toHaveLength(PROVIDERS);
    }
    // Each connection was read from its own emulator (its own request log).
    for (const emulator of sandbox.emulators) expect(emulator.requests.length, emulator.connectionId).toBeGreaterThan(0);
  });

  it('serves each emulator its in-flight count and the process high-water mark', async () => {
    const { url } = sandbox.emulators[0]!;
    const res = await fetch(`${url}${EMULATOR_IN_FLIGHT_PATH}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { emulator: { now: number; max: number }; process: { now: number; max: number } };
    expect(body.emulator.now).toBe(0);
    expect(body.emulator.max).toBeGreaterThanOrEqual(1);
    expect(body.process.max).toBeGreaterThanOrEqual(body.emulator.max);
    const reset = (await (await fetch(`${url}${EMULATOR_IN_FLIGHT_PATH}`, { method: 'DELETE' })).json()) as typeof body;
    expect(reset.emulator.max).toBe(0);
    expect((await fetch(`${url}${EMULATOR_IN_FLIGHT_PATH}`, { method: 'PUT' })).status).toBe(405);
  });

  it('refuses a bad value, naming the variable', () => {
    expect(parseSandboxScale({})).toEqual({ connectionsPerVendor: 1, providersPerConnection: undefined });
    for (const [name, value] of [
      [SANDBOX_CONNECTIONS_ENV, '0'],
      [SANDBOX_CONNECTIONS_ENV, 'many'],
      [SANDBOX_CONNECTIONS_ENV, '2001'],
      [SANDBOX_PROVIDERS_ENV, '-3'],
      [SANDBOX_PROVIDERS_ENV, '1.5'],
    ] as const) {
      const attempt = () => parseSandboxScale({ [name]: value });
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(name);
    }
  });
});
