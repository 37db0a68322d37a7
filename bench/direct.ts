// The vendors reached directly, without the gateway: the same adapters and VendorHttpClient the gateway uses,
// built in the load generator's process from the same connections. Baselines for the cold read and the mutation.
import { randomBytes } from 'node:crypto';
import type { BaseConnectionConfig } from '../src/core/vendor-contract/vendor-module.js';
import { ConnectionRegistry } from '../src/core/connections.js';
import { Fingerprinter, SecretRegistry } from '../src/core/secrets.js';
import { vendorModules } from '../src/vendors/index.js';
import type { VendorConnection } from './vendors.js';

export interface DirectVendors {
  registry: ConnectionRegistry;
  fingerprinter: Fingerprinter;
}

export function directVendors(connections: VendorConnection[]): DirectVendors {
  const fingerprinter = new Fingerprinter(randomBytes(32));
  const registry = new ConnectionRegistry(connections as unknown as Array<BaseConnectionConfig & Record<string, unknown>>, vendorModules, {
    fingerprinter,
    secrets: new SecretRegistry(),
  });
  return { registry, fingerprinter };
}
