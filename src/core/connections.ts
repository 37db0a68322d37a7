// The configured connections at run time: each with its vendor module and its adapter.
import type { VendorAdapter } from './vendor-contract/adapter.js';
import { NotFoundError } from './errors.js';
import { circuitFor, type VendorCircuit } from './vendor-http/circuit.js';
import { observeVendorCalls } from './vendor-http/client.js';
import { TrafficWindow } from './vendor-http/traffic-window.js';
import { DEFAULT_MAX_CONCURRENT_VENDOR_REQUESTS, VendorRequestLimiter } from './vendor-http/request-limiter.js';
import type { AdapterDeps, BaseConnectionConfig, VendorModule } from './vendor-contract/vendor-module.js';
import type { VendorSetup } from './vendor-contract/setup.js';
import type { VendorKey } from '../model/vendor-key.js';

export interface Connection {
  id: string;
  vendor: VendorKey;
  config: BaseConnectionConfig & Record<string, unknown>;
  adapter: VendorAdapter;
  /** The breaker and concurrency cap every HTTP client of this connection shares (its state is in `health`). */
  circuit: VendorCircuit;
  /** How the vendor's provider configurations are checked (absent: the vendor has nothing to check). */
  setup?: VendorSetup;
  /** Its vendor calls of the last hour, per minute, on this instance (the console's health chart). */
  traffic: TrafficWindow;
}

export class ConnectionRegistry {
  private readonly byId = new Map<string, Connection>();
  /** Vendor requests in flight across all these connections (`maxConcurrentVendorRequests`). */
  readonly limiter: VendorRequestLimiter;

  constructor(
    configs: Array<BaseConnectionConfig & Record<string, unknown>>,
    modules: readonly VendorModule<never>[],
    deps: AdapterDeps,
    options: { maxConcurrentVendorRequests?: number } = {},
  ) {
    this.limiter = new VendorRequestLimiter(options.maxConcurrentVendorRequests ?? DEFAULT_MAX_CONCURRENT_VENDOR_REQUESTS);
    const moduleByVendor = new Map(modules.map((module) => [module.vendor, module as unknown as VendorModule]));
    for (const config of configs) {
      const module = moduleByVendor.get(config.vendor);
      if (!module) throw new Error(`No vendor module for "${config.vendor}"`);
      for (const key of [...module.connectionSecrets, ...(module.optionalConnectionSecrets ?? [])]) {
        const value = config[key];
        if (typeof value === 'string') deps.secrets.add(value);
      }
      const circuit = circuitFor(config, this.limiter);
      const adapter = module.createAdapter(config, { ...deps, circuit });
      const traffic = new TrafficWindow();
      observeVendorCalls(circuit, (event) => traffic.record(event));
      this.byId.set(config.id, { id: config.id, vendor: config.vendor, config, adapter, circuit, setup: module.setup, traffic });
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
