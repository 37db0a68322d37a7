// Shared by the per-vendor revert tests: one store for the describe block (or file), a fresh emulator and
// services per test (a connection id of its own, closed after the test), and the three moves every revert test
// makes: run a change through the pipeline, require that it succeeded, revert it.
import { afterEach, expect } from 'vitest';
import { createServices } from '../../src/gateway.js';
import type { GatewayConfig } from '../../src/config.js';
import type { MutationSpec, VendorAdapter } from '../../src/core/vendor-contract/adapter.js';
import type { MutationOutcome, MutationSuccess } from '../../src/core/mutations/idempotency.js';
import { revertAuditEvent, type RevertOutcome } from '../../src/core/mutations/revert.js';
import type { GatewayServices } from '../../src/core/services.js';
import type { Store } from '../../src/store/open.js';
import { vendorModules } from '../../src/vendors/index.js';
import { PGLITE, type StoreKind } from './stores.js';
import { storeForSuite } from './suite-store.js';

export interface RevertEnv<Emulator> {
  emulator: Emulator;
  services: GatewayServices;
  connectionId: string;
}

/**
 * Registers the hooks of the enclosing describe block (or file), on a store of `kind` (default PGlite);
 * `start(emulator, connectionFor)` builds a test's services on the emulator (`connectionFor(id)` gives its
 * connection config, secrets as values), and both are closed after the test.
 */
export function revertEnvironments(prefix: string, kind: StoreKind = PGLITE) {
  const store: Store = storeForSuite(kind);
  let current: RevertEnv<{ close(): Promise<void> }> | undefined;
  let counter = 0;
  afterEach(async () => {
    await current?.services.connections.close();
    await current?.emulator.close();
    current = undefined;
  });
  return {
    store,
    start<Emulator extends { close(): Promise<void> }>(emulator: Emulator, connectionFor: (id: string) => unknown): RevertEnv<Emulator> {
      const connectionId = `${prefix}-${++counter}`;
      const config = { connections: [connectionFor(connectionId)] } as unknown as GatewayConfig;
      const services = createServices({ config, store, fingerprintKey: Buffer.from(`${prefix}-test`) });
      const env = { emulator, services, connectionId };
      current = env;
      return env;
    },
  };
}

export function runChange(
  e: RevertEnv<unknown>,
  spec: MutationSpec<never, unknown>,
  providerKey: string | null,
  input: Record<string, unknown>,
): Promise<MutationOutcome> {
  return e.services.pipeline.run({
    spec: spec as MutationSpec<VendorAdapter, unknown>,
    connectionId: e.connectionId,
    providerKey,
    input,
    actor: 'test',
  });
}

/** Runs the change and requires that it succeeded (audit row SUCCEEDED). */
export async function appliedChange(
  e: RevertEnv<unknown>,
  spec: MutationSpec<never, unknown>,
  providerKey: string | null,
  input: Record<string, unknown>,
): Promise<MutationSuccess> {
  const outcome = await runChange(e, spec, providerKey, input);
  if (!outcome.ok) throw new Error(`expected ${spec.operation} to succeed: ${outcome.error.message}`);
  expect(outcome.auditEvent.status).toBe('SUCCEEDED');
  return outcome;
}

export function revertChange(e: RevertEnv<unknown>, auditEventId: string, options: { dryRun?: boolean } = {}): Promise<RevertOutcome> {
  const { db, connections, pipeline } = e.services;
  return revertAuditEvent({ db, connections, pipeline, modules: vendorModules }, { auditEventId, actor: 'reverter', ...options });
}
