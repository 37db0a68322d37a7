// Sandbox mode (no config file): every vendor's emulator on loopback with sample data, and the connection
// configs that reach them.
import type { BaseConnectionConfig, SandboxVendor } from './core/vendor-module.js';
import { parseConfig, type GatewayConfig } from './config.js';
import { vendorModules } from './vendors/index.js';

export interface Sandbox {
  config: GatewayConfig;
  close(): Promise<void>;
}

export async function startSandbox(): Promise<Sandbox> {
  const started: SandboxVendor[] = await Promise.all(vendorModules.map((module) => module.startSandbox()));
  // Sandbox credentials are generated, so they go through the same schema by way of environment references.
  const env: NodeJS.ProcessEnv = {};
  const connections = started.map(({ connection }) => {
    const module = vendorModules.find((m) => m.vendor === connection.vendor)!;
    const entry: Record<string, unknown> = { ...connection };
    for (const key of [...module.connectionSecrets, ...(module.optionalConnectionSecrets ?? [])]) {
      if (typeof entry[key] !== 'string') continue;
      const name = `SANDBOX_${connection.id}_${key}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
      env[name] = entry[key] as string;
      entry[key] = { env: name };
    }
    return entry;
  });
  const config = parseConfig({ connections }, 'the sandbox', env);
  return {
    config: config as GatewayConfig & { connections: Array<BaseConnectionConfig & Record<string, unknown>> },
    close: async () => {
      await Promise.all(started.map((vendor) => vendor.close()));
    },
  };
}
