// The circuit breaker's states on a fake clock, the connection wiring (one circuit per connection, shared by
// every client its adapter makes), and the breaker's state in `connections { health }`.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ConnectionRegistry } from '../../src/core/connections.js';
import { VendorError } from '../../src/core/errors.js';
import { Fingerprinter, SecretRegistry } from '../../src/core/secrets.js';
import { VendorCircuit } from '../../src/core/vendor-http/circuit.js';
import { cpanelModule } from '../../src/vendors/cpanel/index.js';
import { slashidModule } from '../../src/vendors/slashid/index.js';
import type { SlashIdAdapter } from '../../src/vendors/slashid/adapter.js';
import { startHarness } from '../support/harness.js';
import { storeForSuite } from '../support/suite-store.js';
import { suiteValue } from '../support/suite-value.js';

/** A loopback port nothing listens on: every request is refused. */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe('VendorCircuit', () => {
  it('CLOSED -> OPEN after the threshold -> HALF_OPEN after the cool-down -> CLOSED after a good probe', () => {
    let now = 1_000;
    const circuit = new VendorCircuit({ failureThreshold: 2, cooldownMs: 500, now: () => now });
    circuit.failed(circuit.admit()!);
    expect(circuit.snapshot()).toMatchObject({ state: 'CLOSED', consecutiveFailures: 1 });
    circuit.failed(circuit.admit()!);
    expect(circuit.snapshot()).toMatchObject({ state: 'OPEN', consecutiveFailures: 2, retryAt: new Date(1_500) });
    expect(circuit.admit()).toBeNull();
    now = 1_499;
    expect(circuit.state).toBe('OPEN');
    now = 1_500;
    expect(circuit.state).toBe('HALF_OPEN');
    const probe = circuit.admit()!;
    expect(probe.probe).toBe(true);
    expect(circuit.admit()).toBeNull();
    circuit.succeeded(probe);
    expect(circuit.snapshot()).toMatchObject({ state: 'CLOSED', consecutiveFailures: 0, retryAt: null });
    expect(circuit.admit()).toEqual({ probe: false });
  });

  it('a failed probe opens it for another cool-down; an abandoned one lets the next call probe', () => {
    let now = 0;
    const circuit = new VendorCircuit({ failureThreshold: 1, cooldownMs: 100, now: () => now });
    circuit.failed(circuit.admit()!);
    now = 100;
    circuit.failed(circuit.admit()!);
    expect(circuit.snapshot()).toMatchObject({ state: 'OPEN', retryAt: new Date(200) });
    now = 200;
    circuit.abandoned(circuit.admit()!);
    expect(circuit.admit()?.probe).toBe(true);
  });

  it('a success closes it from any state, and a success in between resets the count', () => {
    const circuit = new VendorCircuit({ failureThreshold: 3 });
    circuit.failed(circuit.admit()!);
    circuit.failed(circuit.admit()!);
    circuit.succeeded(circuit.admit()!);
    circuit.failed(circuit.admit()!);
    expect(circuit.snapshot()).toMatchObject({ state: 'CLOSED', consecutiveFailures: 1 });
  });

  it('hands slots out in order and never more than maxConcurrency', async () => {
    const circuit = new VendorCircuit({ maxConcurrency: 2 });
    const first = await circuit.acquire();
    const second = await circuit.acquire();
    const order: number[] = [];
    const third = circuit.acquire().then((release) => {
      order.push(3);
      return release;
    });
    const fourth = circuit.acquire().then((release) => {
      order.push(4);
      return release;
    });
    expect(circuit.snapshot()).toMatchObject({ inFlight: 2, queued: 2 });
    first();
    first(); // twice is once
    (await third)();
    second();
    (await fourth)();
    expect(order).toEqual([3, 4]);
    expect(circuit.snapshot()).toMatchObject({ inFlight: 0, queued: 0 });
  });
});

describe('one circuit per connection', () => {
  it('the registry gives each connection its own circuit, and every client of the adapter uses it', async () => {
    const url = await deadUrl();
    const base = {
      baseUrl: url,
      cacheTtlSeconds: 30,
      connectTimeoutMs: 500,
      totalTimeoutMs: 2_000,
      maxAttempts: 1,
      circuitFailureThreshold: 1,
      circuitCooldownMs: 60_000,
    };
    const registry = new ConnectionRegistry(
      [
        { ...base, id: 'whm', vendor: 'cpanel', username: 'root', apiToken: 'tok' },
        { ...base, id: 'sid', vendor: 'slashid', orgId: 'org', apiKey: 'key' },
      ],
      [cpanelModule, slashidModule] as never,
      { fingerprinter: new Fingerprinter(Buffer.from('k')), secrets: new SecretRegistry() },
    );
    try {
      const whm = registry.get('whm');
      const sid = registry.get('sid');
      expect(whm.circuit).not.toBe(sid.circuit);
      await expect(whm.adapter.list()).rejects.toMatchObject({ vendorCode: 'UNAVAILABLE', requestSent: false });
      expect(whm.circuit.state).toBe('OPEN');
      expect(sid.circuit.state).toBe('CLOSED');
      await expect(whm.adapter.list()).rejects.toMatchObject({ vendorCode: 'CIRCUIT_OPEN' });

      await expect(sid.adapter.list()).rejects.toMatchObject({ vendorCode: 'UNAVAILABLE' });
      expect(sid.circuit.state).toBe('OPEN');
      // A write that waits for consistency goes through SlashID's patient client: the same circuit refuses it.
      const adapter = sid.adapter as SlashIdAdapter;
      const write = adapter.buildDeleteRequest('client-1', { requiredConsistency: 'all_regions', requiredConsistencyTimeout: 60 });
      const error = await adapter.sendPlanned(write).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VendorError);
      expect(error).toMatchObject({ vendorCode: 'CIRCUIT_OPEN', requestSent: false });
    } finally {
      await registry.close();
    }
  });
});

describe('the circuit in connections { health }', () => {
  const store = storeForSuite();
  const h = suiteValue(
    async () =>
      startHarness({
        store,
        connections: [
          {
            id: 'whm',
            vendor: 'cpanel',
            baseUrl: await deadUrl(),
            username: 'root',
            apiToken: { env: 'WHM_TOKEN' },
            maxAttempts: 1,
            circuitFailureThreshold: 2,
            circuitCooldownMs: 60_000,
            minRefreshIntervalSeconds: 0,
          },
        ],
        env: { WHM_TOKEN: 'tok' },
      }),
    (harness) => harness.close(),
  );

  const health = async () =>
    (await h.gql(`{ connections { id health { status circuit consecutiveFailures circuitRetryAt } } }`)).data.connections[0].health;
  const read = async () =>
    (await h.gql(`{ identityProviders(first: 5, refresh: true) { totalCount connectionErrors { connectionId code } } }`)).data
      .identityProviders;

  it('shows CLOSED, then the failures, then OPEN with the time of the next probe', async () => {
    expect(await health()).toMatchObject({ circuit: 'CLOSED', consecutiveFailures: 0, circuitRetryAt: null });
    expect((await read()).connectionErrors).toEqual([{ connectionId: 'whm', code: 'UNAVAILABLE' }]);
    expect(await health()).toMatchObject({ status: 'FAILING', circuit: 'CLOSED', consecutiveFailures: 1 });
    await read();
    const open = await health();
    expect(open).toMatchObject({ circuit: 'OPEN', consecutiveFailures: 2 });
    expect(Date.parse(open.circuitRetryAt)).toBeGreaterThan(Date.now() + 50_000);
    expect((await read()).connectionErrors).toEqual([{ connectionId: 'whm', code: 'CIRCUIT_OPEN' }]);
  });
});
