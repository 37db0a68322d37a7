// Child process: the framework's floor for the cached-read figure. A bare graphql-yoga + Pothos server (no
// plugins beyond what createYoga brings) that answers the benchmark's identityProviders query with the same 50
// objects the gateway returned, held in memory. Its types mirror the gateway's where they shape the work per
// field: the same type names (a union of five vendor types implementing one interface), enums for vendor and
// protocol, a DateTime scalar serialized from a Date. The benchmark checks that both answer byte for byte the
// same body. Argument: the JSON file of the gateway's `identityProviders` answer (bench/cached-read.ts).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import SchemaBuilder from '@pothos/core';
import { createYoga } from 'graphql-yoga';

interface Provider {
  __typename: string;
  id: string;
  vendor: string;
  connectionId: string;
  key: string;
  displayName: string;
  protocol: string;
  enabled: boolean | null;
  clientId: string | null;
  hasClientSecret: boolean | null;
  version: string;
  syncedAt: Date;
  stale: boolean;
}

interface Page {
  totalCount: number;
  edges: Array<{ cursor: string; node: Provider }>;
}

const answer = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as {
  totalCount: number;
  edges: Array<{ cursor: string; node: Provider & { syncedAt: string } }>;
};
const providers: Provider[] = answer.edges.map((edge) => ({ ...edge.node, syncedAt: new Date(edge.node.syncedAt) }));
const cursors = answer.edges.map((edge) => edge.cursor);

// No plugins. The cast: the project's Pothos plugins declare their options (scopeAuth, ...) as required on every
// builder's type through declaration merging, though a builder without the plugins never reads them.
const builder = new SchemaBuilder<{ Scalars: { DateTime: { Input: Date; Output: Date } } }>({} as never);
builder.scalarType('DateTime', { serialize: (value) => value.toISOString(), parseValue: (value) => new Date(String(value)) });
const VendorEnum = builder.enumType('Vendor', { values: [...new Set(providers.map((p) => p.vendor))] });
const ProtocolEnum = builder.enumType('Protocol', { values: ['OIDC', 'SAML', 'OAUTH2'] as const });

const ManagedIdentityProvider = builder.interfaceRef<Provider>('ManagedIdentityProvider').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    vendor: t.field({ type: VendorEnum, resolve: (p) => p.vendor }),
    connectionId: t.exposeString('connectionId'),
    key: t.exposeString('key'),
    displayName: t.exposeString('displayName'),
    protocol: t.field({ type: ProtocolEnum, resolve: (p) => p.protocol as 'OIDC' }),
    enabled: t.exposeBoolean('enabled', { nullable: true }),
    clientId: t.exposeString('clientId', { nullable: true }),
    hasClientSecret: t.exposeBoolean('hasClientSecret', { nullable: true }),
    version: t.exposeString('version'),
    syncedAt: t.expose('syncedAt', { type: 'DateTime' }),
    stale: t.exposeBoolean('stale'),
  }),
});

const vendorTypes = new Map(
  [...new Set(providers.map((p) => p.__typename))].map((name) => [
    name,
    builder
      .objectRef<Provider>(name)
      .implement({ interfaces: [ManagedIdentityProvider], isTypeOf: (value) => (value as Provider).__typename === name }),
  ]),
);
const IdentityProvider = builder.unionType('IdentityProvider', { types: [...vendorTypes.values()], resolveType: (p) => p.__typename });

const Edge = builder.objectRef<Page['edges'][number]>('IdentityProviderConnectionEdge').implement({
  fields: (t) => ({ cursor: t.exposeString('cursor'), node: t.field({ type: IdentityProvider, resolve: (e) => e.node }) }),
});
const Connection = builder.objectRef<Page>('IdentityProviderConnection').implement({
  fields: (t) => ({ totalCount: t.exposeInt('totalCount'), edges: t.field({ type: [Edge], resolve: (c) => c.edges }) }),
});

builder.queryType({
  fields: (t) => ({
    identityProviders: t.field({
      type: Connection,
      args: { first: t.arg.int() },
      resolve: (_root, args) => {
        const page = providers.slice(0, args.first ?? 50);
        return { totalCount: answer.totalCount, edges: page.map((node, index) => ({ cursor: cursors[index]!, node })) };
      },
    }),
  }),
});

// The gateway's yoga switches that change per-request work: no CORS, no batching, no multipart.
const yoga = createYoga({
  schema: builder.toSchema(),
  graphqlEndpoint: '/graphql',
  landingPage: false,
  cors: false,
  batching: false,
  multipart: false,
});
const server = createServer(yoga);
server.listen(0, '127.0.0.1', () => {
  console.log(`baseline ready: http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
