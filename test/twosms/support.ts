// Shared fixture for the 2sms tests: the emulator with the sample account on loopback, and an adapter on it;
// and how a test gateway reaches the emulator (test/support/vendor-gateway.ts).
import { test } from 'vitest';
import type { AdapterContext } from '../../src/core/vendor-contract/adapter.js';
import { Fingerprinter, SecretRegistry } from '../../src/core/secrets.js';
import { TwoSmsAdapter } from '../../src/vendors/twosms/adapter.js';
import { createTwoSmsEmulator, type TwoSmsEmulator, type TwoSmsEmulatorOptions } from '../../src/vendors/twosms/emulator/server.js';
import { SAMPLE_USER_ID, sampleForeignDomains, sampleProviders, sampleTxtRecords } from '../../src/vendors/twosms/emulator/sample-data.js';
import type { GatewayVendor } from '../support/vendor-gateway.js';

export const CLIENT_ID = 'northwind-gateway';
/** Distinctive, so a leak is easy to search for. */
export const CLIENT_SECRET = 'tw0sms-S3CRET-zebra-quartz-4471';

export interface Fixture {
  emulator: TwoSmsEmulator;
  adapter: TwoSmsAdapter;
  secrets: SecretRegistry;
  /** What the pipeline hands a spec's plan (the adapter's fingerprinter). */
  context: AdapterContext;
  /** The adapter's clock, which tests may move. */
  clock: { now: number };
  close(): Promise<void>;
}

/** The emulator with the sample account (the options given replace the defaults). */
export function startSampleEmulator(options: Partial<TwoSmsEmulatorOptions> = {}): Promise<TwoSmsEmulator> {
  return createTwoSmsEmulator({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    userId: SAMPLE_USER_ID,
    providers: sampleProviders(),
    foreignDomains: sampleForeignDomains,
    txtRecords: sampleTxtRecords(),
    ...options,
  });
}

export const twosmsGatewayVendor: GatewayVendor<TwoSmsEmulator, TwoSmsEmulatorOptions> = {
  typeName: 'TwoSmsIdentityProvider',
  connectionId: 'sms',
  secret: CLIENT_SECRET,
  secretEnv: 'TWOSMS_SECRET',
  startEmulator: (clientSecret, options = {}) => startSampleEmulator({ clientSecret, ...options }),
  connection: (emulator, id) => ({
    id,
    vendor: 'twosms',
    baseUrl: emulator.url,
    clientId: CLIENT_ID,
    clientSecret: { env: 'TWOSMS_SECRET' },
  }),
};

export async function startFixture(options: Partial<TwoSmsEmulatorOptions> = {}): Promise<Fixture> {
  const clock = { now: Date.now() };
  const emulator = await startSampleEmulator({ now: () => clock.now, ...options });
  const secrets = new SecretRegistry();
  const context: AdapterContext = { fingerprinter: new Fingerprinter(Buffer.from('test-key')) };
  const adapter = new TwoSmsAdapter(
    { baseUrl: emulator.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
    { ...context, secrets },
    { now: () => clock.now },
  );
  return {
    emulator,
    adapter,
    secrets,
    context,
    clock,
    close: async () => {
      await adapter.close();
      await emulator.close();
    },
  };
}

/**
 * vitest's `it` with a fixture `fx` (vitest fixtures: `test.extend`): the sample emulator and an adapter on it,
 * started for each test that names `fx` in its argument (`async ({ fx }) => ...`), closed after that test.
 */
// biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this destructuring (none here).
export const it = test.extend('fx', async ({}, { onCleanup }) => {
  const fx = await startFixture();
  onCleanup(() => fx.close());
  return fx;
});

/** The requests after the token request(s), as method + path + raw query. */
export function calls(emulator: TwoSmsEmulator): string[] {
  return emulator.requests.map((r) => `${r.method} ${r.path}${r.rawQuery ? `?${r.rawQuery}` : ''}`);
}

export const NORTHWIND_ID = '3b0f6c1e-8d2a-4f5b-9c7e-1a2b3c4d5e6f';
export const CONTOSO_ID = '9a7e5c3b-1d2f-4e6a-8b0c-7d9e1f3a5b7c';
export const FABRIKAM_ID = 'c4e2a0f8-6b3d-4c1e-a9f7-2e4d6b8a0c1e';
