// The sandbox at scale: IDP_GATEWAY_SANDBOX_CONNECTIONS connections per vendor, each with its own emulator
// (own credentials, own providers, own faults and request log), so the gateway can be tried with 1 000
// connections x 10 providers on one machine. The emulators of a vendor share one HTTP server (EmulatorHost
// in http.ts: each under a path prefix of its base URL) rather than listening on 1 000 ports; each is the
// vendor's own sandbox emulator, started the way the one-connection sandbox starts it, so nothing here is
// vendor-specific. Unset, the sandbox is one connection per vendor, as before.
import { ConfigError } from '../config.js';
import type { SandboxOptions, SandboxVendor, VendorModule } from '../core/vendor-contract/vendor-module.js';
import { type EmulatorHost, mountEmulatorsOn, startEmulatorHost } from './http.js';

export const SANDBOX_CONNECTIONS_ENV = 'IDP_GATEWAY_SANDBOX_CONNECTIONS';
export const SANDBOX_PROVIDERS_ENV = 'IDP_GATEWAY_SANDBOX_PROVIDERS';

/** 2 000 x 5 vendors: beyond what the gateway is sized for (1 000 connections), short of exhausting the machine. */
export const MAX_SANDBOX_CONNECTIONS_PER_VENDOR = 2_000;
export const MAX_SANDBOX_PROVIDERS_PER_CONNECTION = 1_000;

export interface SandboxScale {
  /** Connections per vendor (1: the plain sandbox). */
  connectionsPerVendor: number;
  /** At least this many providers per connection (the samples, then numbered copies); undefined: the samples. */
  providersPerConnection: number | undefined;
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, max: number): number | undefined {
  const text = env[name]?.trim();
  if (text === undefined || text === '') return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max)
    throw new ConfigError([`must be a whole number from 1 to ${max}, not "${text.slice(0, 20)}"`], name);
  return Number(text);
}

/** Reads the two variables; a bad value is a ConfigError naming the variable. */
export function parseSandboxScale(env: NodeJS.ProcessEnv): SandboxScale {
  return {
    connectionsPerVendor: wholeNumber(env, SANDBOX_CONNECTIONS_ENV, MAX_SANDBOX_CONNECTIONS_PER_VENDOR) ?? 1,
    providersPerConnection: wholeNumber(env, SANDBOX_PROVIDERS_ENV, MAX_SANDBOX_PROVIDERS_PER_CONNECTION),
  };
}

/** How many emulators start at once: their set-up is small, but 1 000 at a time would only queue. */
const STARTING_AT_ONCE = 50;

/**
 * `count` connections of one vendor, their emulators on one shared server; connection ids get "-<n>" (n from
 * 1). With `count` 1 the vendor's sandbox starts as it always has (its own port, its own id).
 */
export async function startScaledVendor(
  module: VendorModule<never, unknown>,
  count: number,
  options: SandboxOptions,
): Promise<SandboxVendor[]> {
  if (count <= 1) return [await module.startSandbox(options)];
  const host: EmulatorHost = await startEmulatorHost();
  const started: SandboxVendor[] = [];
  try {
    for (let first = 1; first <= count; first += STARTING_AT_ONCE) {
      const batch = Array.from({ length: Math.min(STARTING_AT_ONCE, count - first + 1) }, (_, index) => first + index);
      const vendors = await mountEmulatorsOn(host, () => Promise.all(batch.map(() => module.startSandbox(options))));
      vendors.forEach((vendor, index) => {
        started.push({ ...vendor, connection: { ...vendor.connection, id: `${vendor.connection.id}-${batch[index]}` } });
      });
    }
  } catch (error) {
    await Promise.all(started.map((vendor) => vendor.close()));
    await host.close();
    throw error;
  }
  // The shared server stops with the last of them.
  let open = started.length;
  return started.map((vendor) => ({
    ...vendor,
    close: async () => {
      await vendor.close();
      if (--open === 0) await host.close();
    },
  }));
}
