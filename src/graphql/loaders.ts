// Per-request DataLoaders: provider lookups by (connection, key) are batched so that resolving many
// providers reads each connection once (from the snapshot cache, or one vendor list when it is stale).
import DataLoader from 'dataloader';
import type { ProviderView } from '../core/vendor-contract/adapter.js';
import type { GatewayServices } from '../core/services.js';
import { runAtVendorPriority } from '../core/vendor-http/request-limiter.js';
import { type ConnectionSync, getConnectionSyncs } from '../store/connection-syncs.js';

/** The gateway's own id of a provider: unique across connections. Connection ids cannot contain "/". */
export function providerRef(connectionId: string, key: string): string {
  return `${connectionId}/${key}`;
}

export function parseProviderRef(ref: string): { connectionId: string; key: string } | null {
  const slash = ref.indexOf('/');
  if (slash <= 0 || slash === ref.length - 1) return null;
  return { connectionId: ref.slice(0, slash), key: ref.slice(slash + 1) };
}

export interface Loaders {
  provider: DataLoader<string, ProviderView | null>;
  /** The last sync of a connection (by id), for its health: one query for every connection of a request. */
  connectionSync: DataLoader<string, ConnectionSync | null>;
}

/**
 * `visible` says which connections the caller may see: a provider of any other connection loads as null,
 * exactly like one that does not exist (and its vendor is not read).
 */
export function createLoaders(services: GatewayServices, visible: (connectionId: string) => boolean = () => true): Loaders {
  return {
    provider: new DataLoader(async (refs) => {
      const parsed = refs.map(parseProviderRef);
      const wanted = [...new Set(parsed.flatMap((p) => (p && visible(p.connectionId) ? [p.connectionId] : [])))];
      const connections = wanted.flatMap((id) => services.connections.find(id) ?? []);
      // Page reads: after mutations' vendor calls when the vendor-request cap is reached (request-limiter.ts).
      const reads = await runAtVendorPriority('low', () => services.reader.read(connections));
      const byRef = new Map<string, ProviderView>();
      for (const read of reads)
        for (const provider of read.providers) byRef.set(providerRef(provider.connectionId, provider.key), provider);
      return refs.map((ref) => byRef.get(ref) ?? null);
    }),
    connectionSync: new DataLoader(async (connectionIds) => {
      const syncs = await getConnectionSyncs(services.db, [...connectionIds]);
      return connectionIds.map((id) => syncs.get(id) ?? null);
    }),
  };
}
