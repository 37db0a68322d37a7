// The one mutation pipeline over one vendor connection, without the rest of the gateway (no GraphQL, no
// reader): what the per-vendor mutation tests drive, on a store they own.
import { ConnectionRegistry } from '../../src/core/connections.js';
import { MutationPipeline } from '../../src/core/mutations/pipeline.js';
import { Fingerprinter, SecretRegistry } from '../../src/core/secrets.js';
import type { BaseConnectionConfig, VendorModule } from '../../src/core/vendor-contract/vendor-module.js';
import type { Store } from '../../src/store/open.js';

export interface VendorPipeline {
  connections: ConnectionRegistry;
  pipeline: MutationPipeline;
  fingerprinter: Fingerprinter;
  secrets: SecretRegistry;
  /** Closes the connection's adapter (not the store). */
  close(): Promise<void>;
}

/** `module`'s connection `config` (secrets as values) behind a pipeline on `store`, fingerprinting with `fingerprinter`. */
export function startVendorPipeline(
  store: Store,
  module: VendorModule<never>,
  config: BaseConnectionConfig & Record<string, unknown>,
  fingerprinter = new Fingerprinter(Buffer.from('test-key')),
): VendorPipeline {
  const secrets = new SecretRegistry();
  const connections = new ConnectionRegistry([config], [module], { fingerprinter, secrets });
  const pipeline = new MutationPipeline({ db: store.db, locks: store.locks, connections, fingerprinter, secrets });
  return { connections, pipeline, fingerprinter, secrets, close: () => connections.close() };
}
