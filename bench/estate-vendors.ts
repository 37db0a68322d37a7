// The estate figure's vendors, seen from the load generator: bench/estate-vendors-process.ts started with many
// connections per vendor, the connections that reach them, and each emulator's request count (to count what a
// plan costs per connection). Separate from bench/vendors.ts: the other figures' five connections stay as they are.
import { type BenchChild, spawnChild } from './processes.js';
import { ask, type VendorConnection } from './vendors.js';

export interface EstateVendors {
  process: BenchChild;
  /** Config-parsed, credentials resolved; ids `<vendor>-01` ... */
  connections: VendorConnection[];
  /** Vendors left out: their module has no estate mapping, so no document can name their connections. */
  withoutEstate: string[];
  /** Requests each emulator has received so far, by connection id. */
  requestCounts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export async function startEstateVendors(connectionsPerVendor: number, providersPerConnection: number): Promise<EstateVendors> {
  const child = await spawnChild({
    script: 'bench/estate-vendors-process.ts',
    args: [String(connectionsPerVendor), String(providersPerConnection)],
    ready: /^estate vendors ready: \d+ connections; without an estate mapping: (.*)$/,
    ipc: true,
  });
  const { connections } = await ask(child, 'connections');
  return {
    process: child,
    connections,
    withoutEstate: child.address === 'none' ? [] : child.address.split(' '),
    requestCounts: async () => (await ask(child, 'requests')).byConnection,
    close: () => child.stop(),
  };
}

/** Requests each connection received between two counts. */
export function requestsBetween(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.keys(after).map((id) => [id, after[id]! - (before[id] ?? 0)]));
}
