// Read queries: connections with their health, and identity providers across connections.
import type { ProviderView } from '../core/adapter.js';
import type { Connection } from '../core/connections.js';
import type { GatewayError } from '../core/errors.js';
import type { CircuitSnapshot } from '../core/vendor-circuit.js';
import { parseProviderRef } from '../core/loaders.js';
import type { ConnectionSync } from '../store/connection-syncs.js';
import { visibleConnections } from './access.js';
import { builder } from './builder.js';
import { VendorEnum } from './enums.js';
import { decodeOffset, encodeOffset, pageSize } from './paging.js';
import { IdentityProvider } from './provider.js';
import { decodeGlobalID } from '@pothos/plugin-relay';

interface ConnectionHealthShape {
  status: 'OK' | 'FAILING' | 'UNKNOWN';
  lastSyncedAt: Date | null;
  lastErrorAt: Date | null;
  lastError: string | null;
  circuit: CircuitSnapshot;
}

const ConnectionStatusEnum = builder.enumType('ConnectionStatus', {
  values: {
    OK: { description: 'The last read of the vendor succeeded.' },
    FAILING: { description: 'The last read of the vendor failed.' },
    UNKNOWN: { description: 'The vendor has not been read yet.' },
  } as const,
});

const CircuitStateEnum = builder.enumType('CircuitState', {
  description: "The connection's circuit breaker, in this gateway instance.",
  values: {
    CLOSED: { description: 'Calls go to the vendor.' },
    OPEN: { description: 'The vendor failed too many calls in a row: calls fail fast with CIRCUIT_OPEN, nothing is sent.' },
    HALF_OPEN: { description: 'The cool-down is over: the next call goes through as a probe; its outcome closes or reopens the circuit.' },
  } as const,
});

const ConnectionHealthRef = builder.objectRef<ConnectionHealthShape>('ConnectionHealth').implement({
  fields: (t) => ({
    status: t.field({ type: ConnectionStatusEnum, resolve: (h) => h.status }),
    lastSyncedAt: t.expose('lastSyncedAt', { type: 'DateTime', nullable: true }),
    lastErrorAt: t.expose('lastErrorAt', { type: 'DateTime', nullable: true }),
    lastError: t.exposeString('lastError', { nullable: true }),
    circuit: t.field({ type: CircuitStateEnum, resolve: (h) => h.circuit.state }),
    consecutiveFailures: t.int({
      description: 'Vendor calls in a row that failed (no answer, timeout, 5xx, 429, each after its retries); 0 after any answer.',
      resolve: (h) => h.circuit.consecutiveFailures,
    }),
    circuitRetryAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When an OPEN circuit lets its next probe through; null unless OPEN.',
      resolve: (h) => h.circuit.retryAt,
    }),
  }),
});

function health(sync: ConnectionSync | undefined, circuit: CircuitSnapshot): ConnectionHealthShape {
  if (!sync) return { status: 'UNKNOWN', lastSyncedAt: null, lastErrorAt: null, lastError: null, circuit };
  const failing = Boolean(sync.lastErrorAt && (!sync.syncedAt || sync.lastErrorAt > sync.syncedAt));
  return {
    status: failing ? 'FAILING' : sync.syncedAt ? 'OK' : 'UNKNOWN',
    lastSyncedAt: sync.syncedAt,
    lastErrorAt: sync.lastErrorAt,
    lastError: sync.lastError ? String(sync.lastError.message ?? '') : null,
    circuit,
  };
}

const ConnectionRef = builder.objectRef<Connection>('Connection').implement({
  description: 'A configured vendor account the gateway manages providers through.',
  fields: (t) => ({
    id: t.exposeString('id'),
    vendor: t.field({ type: VendorEnum, resolve: (c) => c.vendor }),
    health: t.field({
      type: ConnectionHealthRef,
      nullable: true,
      description: 'Configuration health (the last read and the last vendor error): admin only; null with a FORBIDDEN error for other roles.',
      authScopes: { admin: true },
      resolve: async (c, _args, ctx) => health((await ctx.loaders.connectionSync.load(c.id)) ?? undefined, c.circuit.snapshot()),
    }),
  }),
});

builder.queryField('connections', (t) =>
  t.field({
    type: [ConnectionRef],
    description: 'The configured connections visible to the caller (all of them, or those its API token is limited to).',
    resolve: (_root, _args, ctx) => visibleConnections(ctx),
  }),
);

interface ConnectionErrorShape {
  connection: Connection;
  error: GatewayError;
}

const ConnectionErrorRef = builder.objectRef<ConnectionErrorShape>('ConnectionError').implement({
  description: 'A connection that could not be read: its providers in the list are its last known state, marked stale.',
  fields: (t) => ({
    connectionId: t.string({ resolve: (e) => e.connection.id }),
    vendor: t.field({ type: VendorEnum, resolve: (e) => e.connection.vendor }),
    message: t.string({ resolve: (e) => e.error.message }),
    code: t.string({ resolve: (e) => ('vendorCode' in e.error ? String(e.error.vendorCode) : e.error.code) }),
  }),
});

builder.queryField('identityProviders', (t) =>
  t.connection(
    {
      type: IdentityProvider,
      description:
        'Identity providers across every connection visible to the caller (or the ones the filters name), ordered by connection and key. `first` defaults to 50 and may not exceed 200.',
      args: {
        connectionId: t.arg.string(),
        vendor: t.arg({ type: VendorEnum }),
        refresh: t.arg.boolean({ description: 'Read the vendors now instead of serving cached snapshots.' }),
      },
      resolve: async (_root, args, ctx) => {
        const limit = pageSize(args.first);
        const offset = decodeOffset(args.after);
        const connections = visibleConnections(ctx).filter((c) => (!args.connectionId || c.id === args.connectionId) && (!args.vendor || c.vendor === args.vendor));
        const reads = await ctx.services.reader.read(connections, { refresh: args.refresh ?? false });
        const all: ProviderView[] = reads.flatMap((read) => read.providers);
        const page = all.slice(offset, offset + limit);
        const edges = page.map((node, index) => ({ cursor: encodeOffset(offset + index), node }));
        return {
          edges,
          pageInfo: {
            hasNextPage: offset + limit < all.length,
            hasPreviousPage: offset > 0,
            startCursor: edges[0]?.cursor ?? null,
            endCursor: edges.at(-1)?.cursor ?? null,
          },
          totalCount: all.length,
          connectionErrors: reads.flatMap((read) => (read.error ? [{ connection: read.connection, error: read.error }] : [])),
        };
      },
    },
    {
      name: 'IdentityProviderConnection',
      fields: (c) => ({
        totalCount: c.int({ resolve: (parent) => (parent as unknown as { totalCount: number }).totalCount }),
        connectionErrors: c.field({
          type: [ConnectionErrorRef],
          description: 'Connections that could not be read; the list still holds everything else.',
          resolve: (parent) => (parent as unknown as { connectionErrors: ConnectionErrorShape[] }).connectionErrors,
        }),
      }),
    },
  ),
);

builder.queryField('identityProvider', (t) =>
  t.field({
    type: IdentityProvider,
    nullable: true,
    description: 'One provider by its global id (ManagedIdentityProvider.id); null when there is none (or none visible to the caller).',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      let ref: string;
      try {
        ref = decodeGlobalID(String(args.id)).id;
      } catch {
        return null;
      }
      return parseProviderRef(ref) ? ctx.loaders.provider.load(ref) : null;
    },
  }),
);
