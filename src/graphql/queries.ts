// Read queries: connections with their health, and identity providers across connections.
import type { Connection } from '../core/connections.js';
import type { GatewayError } from '../core/errors.js';
import type { CircuitSnapshot } from '../core/vendor-http/circuit.js';
import type { TrafficMinute } from '../core/vendor-http/traffic-window.js';
import { runAtVendorPriority } from '../core/vendor-http/request-limiter.js';
import { parseProviderRef } from './loaders.js';
import type { ConnectionSync } from '../store/connection-syncs.js';
import { visibleConnections } from './access.js';
import { builder } from './builder.js';
import { ProtocolEnum, VendorEnum } from './enums.js';
import { forwardPage, offsetAfter, withoutEmptyPageCursors } from './paging.js';
import { IdentityProvider } from './provider.js';
import {
  MAX_CERTIFICATE_WITHIN_DAYS,
  MAX_SEARCH_LENGTH,
  ProviderOrderEnum,
  resolveProviderSearch,
  wantsProviderSearch,
} from './provider-search.js';
import { decodeGlobalID, resolveArrayConnection } from '@pothos/plugin-relay';

interface ConnectionHealthShape {
  status: 'OK' | 'FAILING' | 'UNKNOWN';
  lastSyncedAt: Date | null;
  lastErrorAt: Date | null;
  lastError: string | null;
  circuit: CircuitSnapshot;
  traffic: () => TrafficMinute[];
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

const VendorTrafficMinuteRef = builder.objectRef<TrafficMinute>('VendorTrafficMinute').implement({
  description: "One minute of a connection's vendor calls on this gateway instance.",
  fields: (t) => ({
    minute: t.field({ type: 'DateTime', nullable: false, description: "The minute's start.", resolve: (m) => m.minute }),
    requests: t.exposeInt('requests', {
      nullable: false,
      description: 'Vendor calls that finished in the minute (retries count as one call).',
    }),
    errors: t.exposeInt('errors', {
      nullable: false,
      description: 'Of those, the calls the vendor failed: no answer (TIMEOUT, UNAVAILABLE, CIRCUIT_OPEN, ...), a 5xx or a 429.',
    }),
    meanMs: t.exposeFloat('meanMs', {
      nullable: true,
      description: "The calls' mean duration in ms, retries included; null without calls.",
    }),
    maxMs: t.exposeFloat('maxMs', { nullable: true, description: 'The longest call in ms; null without calls.' }),
  }),
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
    traffic: t.field({
      type: [VendorTrafficMinuteRef],
      nullable: false,
      description:
        "The connection's vendor calls of the last 60 minutes on this instance, oldest first, one entry a minute (zeros without calls).",
      resolve: (h) => h.traffic(),
    }),
  }),
});

function health(sync: ConnectionSync | undefined, circuit: CircuitSnapshot, traffic: () => TrafficMinute[]): ConnectionHealthShape {
  if (!sync) return { status: 'UNKNOWN', lastSyncedAt: null, lastErrorAt: null, lastError: null, circuit, traffic };
  const failing = Boolean(sync.lastErrorAt && (!sync.syncedAt || sync.lastErrorAt > sync.syncedAt));
  return {
    status: failing ? 'FAILING' : sync.syncedAt ? 'OK' : 'UNKNOWN',
    lastSyncedAt: sync.syncedAt,
    lastErrorAt: sync.lastErrorAt,
    lastError: sync.lastError ? String(sync.lastError.message ?? '') : null,
    circuit,
    traffic,
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
      description:
        'Configuration health (the last read and the last vendor error): admin only; null with a FORBIDDEN error for other roles.',
      authScopes: { admin: true },
      resolve: async (c, _args, ctx) =>
        health((await ctx.loaders.connectionSync.load(c.id)) ?? undefined, c.circuit.snapshot(), () => c.traffic.lastHour()),
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

export interface ConnectionErrorShape {
  connection: Connection;
  error: GatewayError;
}

export const ConnectionErrorRef = builder.objectRef<ConnectionErrorShape>('ConnectionError').implement({
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
        'Identity providers across every connection visible to the caller (or the ones the filters name), ordered by connection and key ' +
        'unless `orderBy` says otherwise. `first` defaults to 50 and may not exceed 200. With `search`, `enabled`, `protocol`, ' +
        '`certificateExpiresWithinDays` or `orderBy` the page and totalCount come from the stored snapshots (made fresh first, as without them), with cursors ' +
        'that stay valid in that order; a cursor works only with the arguments it was returned for.',
      args: {
        connectionId: t.arg.string(),
        vendor: t.arg({ type: VendorEnum }),
        refresh: t.arg.boolean({ description: 'Read the vendors now instead of serving cached snapshots.' }),
        search: t.arg.string({
          description: `Providers whose display name, key or client id contains this text, case-insensitive (every character literal, % and _ too; at most ${MAX_SEARCH_LENGTH} characters).`,
        }),
        enabled: t.arg.boolean({
          description: 'Only enabled (true) or disabled (false) providers; a provider whose vendor cannot say matches neither.',
        }),
        protocol: t.arg({ type: ProtocolEnum, description: 'Only providers of this protocol.' }),
        certificateExpiresWithinDays: t.arg.int({
          description: `Only providers holding an X.509 certificate (signing or chain, as \`certificates\` lists them) that expires within this many days from now, expired ones included (0: only expired ones); 0 to ${MAX_CERTIFICATE_WITHIN_DAYS}. A certificate that cannot be read never matches.`,
        }),
        orderBy: t.arg({ type: ProviderOrderEnum, description: 'The order of the list (default CONNECTION_KEY).' }),
      },
      resolve: async (_root, args, ctx) => {
        const connections = visibleConnections(ctx).filter(
          (c) => (!args.connectionId || c.id === args.connectionId) && (!args.vendor || c.vendor === args.vendor),
        );
        if (wantsProviderSearch(args)) return resolveProviderSearch(ctx, connections, args);
        // Checked before any vendor is read.
        const page = forwardPage(args, offsetAfter);
        // A page's vendor reads go after mutations' calls when the vendor-request cap is reached (request-limiter.ts).
        const reads = await runAtVendorPriority('low', () => ctx.services.reader.read(connections, { refresh: args.refresh ?? false }));
        const providers = reads.flatMap((read) => read.providers);
        return {
          ...withoutEmptyPageCursors(resolveArrayConnection(page, providers)),
          connectionErrors: reads.flatMap((read) => (read.error ? [{ connection: read.connection, error: read.error }] : [])),
        };
      },
    },
    {
      name: 'IdentityProviderConnection',
      fields: (c) => ({
        totalCount: c.exposeInt('totalCount'),
        connectionErrors: c.field({
          type: [ConnectionErrorRef],
          description: 'Connections that could not be read; the list still holds everything else.',
          resolve: (parent) => parent.connectionErrors,
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
