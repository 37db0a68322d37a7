// The gateway-wide cap on vendor requests in flight (`maxConcurrentVendorRequests`, core/vendor-http/
// request-limiter.ts), measured where it matters: at the emulators (real HTTP, the sandbox's emulators at
// scale). A cold refresh of many connections never has more than the cap on the wire; each connection's own
// maxConcurrency still holds; a write goes before a queued refresh; a hung vendor holds slots only until its
// timeout; connections take turns; a bad config value is refused naming the key.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';
import { ConnectionRegistry } from '../../src/core/connections.js';
import { Fingerprinter } from '../../src/core/secrets.js';
import { VendorCircuit } from '../../src/core/vendor-http/circuit.js';
import { VendorHttpClient } from '../../src/core/vendor-http/client.js';
import { runAtVendorPriority, VendorRequestLimiter } from '../../src/core/vendor-http/request-limiter.js';
import { EMULATOR_IN_FLIGHT_PATH, emulatorsInFlight, resetEmulatorsInFlight } from '../../src/emulation/http.js';
import { type Sandbox, startSandbox } from '../../src/emulation/sandbox.js';
import { SANDBOX_CONNECTIONS_ENV, SANDBOX_PROVIDERS_ENV } from '../../src/emulation/scale.js';
import { GatewayMetrics } from '../../src/ops/metrics.js';
import type { Store } from '../../src/store/open.js';
import { vendorModules, vendorSecretRegistry } from '../../src/vendors/index.js';
import { type Harness, startHarness } from '../support/harness.js';
import { PGLITE } from '../support/stores.js';

const akamai = vendorModules.filter((module) => module.vendor === 'akamai');
const REFRESH = '{ identityProviders(first: 200, refresh: true) { totalCount connectionErrors { connectionId code message } } }';

/** Akamai connections, each with its own emulator (one shared server), 10 providers each. */
async function akamaiSandbox(connections: number, keys: Record<string, unknown> = {}): Promise<Sandbox> {
  const sandbox = await startSandbox(
    { [SANDBOX_CONNECTIONS_ENV]: String(connections), [SANDBOX_PROVIDERS_ENV]: '10' },
    { modules: akamai },
  );
  for (const connection of sandbox.config.connections)
    Object.assign(connection, { minRefreshIntervalSeconds: 0, readBudgetMs: 30_000, ...keys });
  return sandbox;
}

function registry(sandbox: Sandbox, cap: number): ConnectionRegistry {
  return new ConnectionRegistry(
    sandbox.config.connections,
    vendorModules,
    { fingerprinter: new Fingerprinter(Buffer.from('global-cap-test')), secrets: vendorSecretRegistry() },
    { maxConcurrentVendorRequests: cap },
  );
}

/**
 * Resets the process's in-flight high-water mark; returns the requests still held at that moment by emulators of
 * other test files in this worker (the files share it: isolate is off), which the mark counts too.
 */
function resetInFlight(): number {
  resetEmulatorsInFlight();
  return emulatorsInFlight().now;
}

async function emulatorMax(url: string): Promise<number> {
  const body = (await (await fetch(`${url}${EMULATOR_IN_FLIGHT_PATH}`)).json()) as { emulator: { max: number } };
  return body.emulator.max;
}

describe('maxConcurrentVendorRequests through the gateway', () => {
  let store: Store;
  let sandbox: Sandbox;
  let gateway: Harness;

  beforeAll(async () => {
    [store, sandbox] = await Promise.all([PGLITE.open(), akamaiSandbox(4)]);
    for (const emulator of sandbox.emulators) emulator.faults.add({ kind: 'latency', ms: 20 });
    gateway = await startHarness({ store, config: { ...sandbox.config, maxConcurrentVendorRequests: 2 } });
  });

  afterAll(async () => {
    await gateway?.close();
    await sandbox?.close();
    await store?.close();
  });

  it('never has more than the cap in flight at the emulators during a cold refresh of every connection', async () => {
    const leftover = resetInFlight();
    const res = await gateway.gql(REFRESH);
    expect(res.errors).toBeUndefined();
    expect(res.data.identityProviders.connectionErrors).toEqual([]);
    expect(res.data.identityProviders.totalCount).toBe(40);
    // 4 connections x (token + list + 10 GETs) went out, at most 2 at once, and the cap was used.
    expect(sandbox.emulators.reduce((sum, e) => sum + e.requests.length, 0)).toBeGreaterThanOrEqual(4 * 11);
    expect(emulatorsInFlight().max - leftover).toBe(2);
    expect(gateway.services.connections.limiter.snapshot()).toMatchObject({ capacity: 2, inFlight: 0, waiting: 0, highWater: 2 });
  });

  it('shows requests in flight and waiting as gauges, while a refresh runs', async () => {
    const metrics = new GatewayMetrics({ db: store.db, connections: gateway.services.connections });
    const gauge = async (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec((await metrics.render()).body)?.[1]);
    const refresh = gateway.gql(REFRESH);
    while (gateway.services.connections.limiter.snapshot().waiting === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await gauge('idp_gateway_vendor_requests_in_flight')).toBe(2);
    expect(await gauge('idp_gateway_vendor_requests_waiting')).toBeGreaterThan(0);
    await refresh;
    expect(await gauge('idp_gateway_vendor_requests_in_flight')).toBe(0);
    expect(await gauge('idp_gateway_vendor_requests_waiting')).toBe(0);
  });
});

describe('the cap with each connection read directly', () => {
  let sandbox: Sandbox | undefined;
  let connections: ConnectionRegistry | undefined;

  afterEach(async () => {
    await connections?.close();
    await sandbox?.close();
    connections = sandbox = undefined;
  });

  it("keeps each connection's own maxConcurrency under a larger cap", async () => {
    sandbox = await akamaiSandbox(3, { maxConcurrency: 1 });
    for (const emulator of sandbox.emulators) emulator.faults.add({ kind: 'latency', ms: 20 });
    connections = registry(sandbox, 10);
    const leftover = resetInFlight();
    const lists = await Promise.all(connections.all().map((c) => c.adapter.list()));
    expect(lists.map((list) => list.length)).toEqual([10, 10, 10]);
    for (const emulator of sandbox.emulators) expect(await emulatorMax(emulator.url), emulator.connectionId).toBe(1);
    // The three connections did run side by side: the cap is not what held each to 1.
    expect(emulatorsInFlight().max - leftover).toBe(3);
  });

  it('lets a write through ahead of a queued cold refresh', async () => {
    sandbox = await akamaiSandbox(3);
    // Reads are slow; the write is not (so its own time is not what is measured).
    for (const emulator of sandbox.emulators) emulator.faults.add({ kind: 'latency', ms: 60, method: 'GET' });
    connections = registry(sandbox, 1);
    const [first, second, third] = connections.all();
    // The refresh of the first two connections, as a page runs it (low priority): ~22 reads, one at a time.
    const refresh = runAtVendorPriority('low', () => Promise.all([first!.adapter.list(), second!.adapter.list()]));
    while (connections.limiter.snapshot().waiting < 5) await new Promise((resolve) => setTimeout(resolve, 10));
    const writer = new VendorHttpClient({
      vendor: 'akamai',
      baseUrl: third!.config.baseUrl,
      secrets: vendorSecretRegistry(),
      circuit: third!.circuit,
    });
    const started = performance.now();
    const answer = await writer.send({ method: 'POST', path: '/priority-check', body: '{}' });
    const waited = performance.now() - started;
    await writer.close();
    expect(answer.status).toBeGreaterThanOrEqual(400); // no such route: what matters is when it got there
    // Behind the queued reads it would have waited ~20 x 60 ms; ahead of them, one read at most.
    expect(waited).toBeLessThan(600);
    const [lists] = await Promise.all([refresh]);
    expect(lists.map((list) => list.length)).toEqual([10, 10]);
    // Reads were still waiting when the write went: some of them reached the emulators after it.
    const writeLog = sandbox.emulators.find((e) => e.connectionId === third!.id)!.requests;
    expect(writeLog.some((r) => r.method === 'POST' && r.path === '/priority-check')).toBe(true);
  });

  it('frees the slots a hung vendor holds when its timeout ends, and the others go on', async () => {
    sandbox = await akamaiSandbox(2, { maxConcurrency: 2, totalTimeoutMs: 300, maxAttempts: 1 });
    const [hung, healthy] = sandbox.config.connections;
    sandbox.emulators.find((e) => e.connectionId === hung!.id)!.faults.add({ kind: 'hang', method: 'GET' });
    connections = registry(sandbox, 2);
    const hungRead = connections.get(hung!.id).adapter.list();
    hungRead.catch(() => {});
    // The hung vendor's list GET holds one of the two slots until its timeout.
    while (connections.limiter.snapshot().inFlight < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    const started = performance.now();
    const healthyList = await connections.get(healthy!.id).adapter.list();
    const took = performance.now() - started;
    expect(healthyList).toHaveLength(10);
    await expect(hungRead).rejects.toMatchObject({ vendorCode: 'TIMEOUT' });
    expect(took).toBeLessThan(5_000);
    expect(connections.limiter.snapshot()).toMatchObject({ inFlight: 0, waiting: 0 });
  });

  it('waits for the hung vendor when it holds every slot, and only until its timeout', async () => {
    sandbox = await akamaiSandbox(2, { maxConcurrency: 4, totalTimeoutMs: 400, maxAttempts: 1 });
    const [hung, healthy] = sandbox.config.connections;
    // Token and list answer; the 10 provider GETs hang, 4 at a time (its maxConcurrency) > the cap of 2.
    sandbox.emulators.find((e) => e.connectionId === hung!.id)!.faults.add({ kind: 'hang', method: 'GET', path: 'custom-providers/' });
    connections = registry(sandbox, 2);
    const hungStarted = performance.now();
    const hungRead = connections.get(hung!.id).adapter.list();
    hungRead.catch(() => {});
    while (connections.limiter.snapshot().inFlight < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    const healthyList = await connections.get(healthy!.id).adapter.list();
    const finished = performance.now() - hungStarted;
    expect(healthyList).toHaveLength(10);
    // Both slots were the hung vendor's until its first timeout (400 ms after those requests left), then the
    // two connections took turns: the healthy one finished, bounded by the hung one's timeouts.
    expect(finished).toBeGreaterThan(400);
    expect(finished).toBeLessThan(10_000);
    await expect(hungRead).rejects.toMatchObject({ vendorCode: 'TIMEOUT' });
  });
});

describe('the limiter', () => {
  it('gives connections turns: one with many queued requests does not starve another', async () => {
    const limiter = new VendorRequestLimiter(1);
    const big = new VendorCircuit({ maxConcurrency: 8, limiter });
    const small = new VendorCircuit({ maxConcurrency: 8, limiter });
    const order: string[] = [];
    const holder = await big.acquire('low');
    const queued = [
      ...Array.from({ length: 20 }, (_, n) => big.acquire('low').then((release) => [`big${n}`, release] as const)),
      small.acquire('low').then((release) => ['small', release] as const),
    ];
    const run = Promise.all(
      queued.map((p) =>
        p.then(([name, release]) => {
          order.push(name);
          setTimeout(release, 1);
        }),
      ),
    );
    holder();
    await run;
    await new Promise((resolve) => setTimeout(resolve, 20)); // the last release
    // big's first queued request, then small (its turn), then the rest of big.
    expect(order.indexOf('small')).toBeLessThanOrEqual(1);
    expect(limiter.snapshot()).toMatchObject({ inFlight: 0, waiting: 0, highWater: 1 });
  });

  it('serves high priority first, then low, each in order', async () => {
    const limiter = new VendorRequestLimiter(1);
    const circuit = new VendorCircuit({ maxConcurrency: 4, limiter });
    const holder = await circuit.acquire('low');
    const order: string[] = [];
    const names = ['low1', 'high1', 'low2', 'high2'];
    const waits = names.map((name) =>
      circuit.acquire(name.startsWith('high') ? 'high' : 'low').then((release) => {
        order.push(name);
        release();
      }),
    );
    holder();
    await Promise.all(waits);
    expect(order).toEqual(['high1', 'high2', 'low1', 'low2']);
  });
});

describe('maxConcurrentVendorRequests in the config', () => {
  const whm = {
    id: 'whm-main',
    vendor: 'cpanel',
    baseUrl: 'https://whm.example.com:2087',
    username: 'root',
    apiToken: { env: 'WHM_TOKEN' },
  };
  const base = { connections: [whm] };
  const env = { WHM_TOKEN: 'tok-123' };
  it.each([0, -1, 1.5, 'many', 10_001])('refuses %j, naming the key', (value) => {
    const attempt = () => parseConfig({ ...base, maxConcurrentVendorRequests: value }, 'test config', env);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/^\s+- maxConcurrentVendorRequests: /m);
  });

  it('takes a whole number, and leaves it out for the default', () => {
    expect(parseConfig({ ...base, maxConcurrentVendorRequests: 16 }, 'test config', env).maxConcurrentVendorRequests).toBe(16);
    expect(parseConfig(base, 'test config', env).maxConcurrentVendorRequests).toBeUndefined();
  });
});
