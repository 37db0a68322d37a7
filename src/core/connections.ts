// The configured connections at run time: each with its vendor module and its adapter.
import type { VendorAdapter } from './adapter.js';
import { NotFoundError } from './errors.js';
import { circuitFor, type VendorCircuit } from './vendor-circuit.js';
import type { AdapterDeps, BaseConnectionConfig, VendorModule } from './vendor-module.js';
import type { VendorKey } from './vendor-key.js';

export interface Connection {
  id: string;
  vendor: VendorKey;
  config: BaseConnectionConfig & Record<string, unknown>;
  adapter: VendorAdapter;
  /** The breaker and concurrency cap every HTTP client of this connection shares (its state is in `health`). */
  circuit: VendorCircuit;
}

export class ConnectionRegistry {
  private readonly byId = new Map<string, Connection>();

  constructor(
    configs: Array<BaseConnectionConfig & Record<string, unknown>>,
    modules: readonly VendorModule<never>[],
    deps: AdapterDeps,
  ) {
    const moduleByVendor = new Map(modules.map((module) => [module.vendor, module as unknown as VendorModule]));
    for (const config of configs) {
      const module = moduleByVendor.get(config.vendor);
      if (!module) throw new Error(`No vendor module for "${config.vendor}"`);
      for (const key of [...module.connectionSecrets, ...(module.optionalConnectionSecrets ?? [])]) {
        const value = config[key];
        if (typeof value === 'string') deps.secrets.add(value);
      }
      const circuit = circuitFor(config);
      const adapter = module.createAdapter(config, { ...deps, circuit });
      this.byId.set(config.id, { id: config.id, vendor: config.vendor, config, adapter, circuit });
    }
  }

  all(): Connection[] {
    return [...this.byId.values()];
  }

  find(id: string): Connection | undefined {
    return this.byId.get(id);
  }

  get(id: string): Connection {
    const connection = this.byId.get(id);
    if (!connection) throw new NotFoundError(`No connection "${id}" is configured.`);
    return connection;
  }

  async close(): Promise<void> {
    await Promise.all(this.all().map((connection) => connection.adapter.close?.()));
  }
}
