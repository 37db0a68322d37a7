// identityProvidersByConnection: the providers grouped by connection, each group read on its own, so that a
// frontend can `@defer` a group's providers or `@stream` the list and show fast vendors at once and slow ones
// as they come (http/server.ts serves incremental delivery). Each group's fields come from one read of its
// connection (the reader's snapshots, its read budget and its errors, as identityProviders has them); the
// views are the reader's and the IdentityProvider union resolves them, as in queries.ts.
import { getDirectiveValues, type GraphQLResolveInfo } from 'graphql';
import { GraphQLStreamDirective } from '@graphql-tools/utils';
import type { Connection } from '../core/connections.js';
import type { ConnectionRead } from '../core/reads/provider-reader.js';
import { visibleConnection, visibleConnections } from './access.js';
import { builder, type GraphQLContext } from './builder.js';
import { VendorEnum } from './enums.js';
import { DEFAULT_PAGE_SIZE, forwardPage } from './paging.js';
import { IdentityProvider } from './provider.js';
import { ConnectionErrorRef } from './queries.js';

/** One connection's group: known at once; its read starts when a field needs it (or at once when streamed). */
interface ConnectionProvidersShape {
  connection: Connection;
  read(): Promise<ConnectionRead>;
}

const ConnectionProvidersRef = builder.objectRef<ConnectionProvidersShape>('ConnectionProviders').implement({
  description:
    "One connection's providers, read on their own: `... @defer { providers { ... } }` lets the connections whose vendor " +
    'answers first arrive first.',
  fields: (t) => ({
    connectionId: t.string({ nullable: false, resolve: (group) => group.connection.id }),
    vendor: t.field({ type: VendorEnum, nullable: false, resolve: (group) => group.connection.vendor }),
    stale: t.boolean({
      nullable: false,
      description: 'True when the vendor could not be read (see `error`) and the providers are its last known state.',
      resolve: async (group) => (await group.read()).error !== null,
    }),
    error: t.field({
      type: ConnectionErrorRef,
      nullable: true,
      description: 'Why the vendor could not be read; null when it was (or its snapshots were fresh).',
      resolve: async (group) => {
        // The error wrapped with its connection: graphql-js takes an Error returned by a resolver for a failure of the field.
        const { error } = await group.read();
        return error ? { connection: group.connection, error } : null;
      },
    }),
    providers: t.field({
      type: [IdentityProvider],
      nullable: false,
      description: `The connection's providers in key order, the first \`first\` of them (default ${DEFAULT_PAGE_SIZE}, at most 200).`,
      args: { first: t.arg.int({ defaultValue: DEFAULT_PAGE_SIZE }) },
      resolve: async (group, args) => {
        // Checked before the vendor is read.
        const { first } = forwardPage({ first: args.first }).args;
        return (await group.read()).providers.slice(0, first);
      },
    }),
    syncedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: "When the connection's vendor list was last read in full; null when it never was.",
      resolve: async (group, _args, ctx) => {
        await group.read();
        // After the read: the loader may hold what an earlier field of this request saw.
        return (await ctx.loaders.connectionSync.clear(group.connection.id).load(group.connection.id))?.syncedAt ?? null;
      },
    }),
  }),
});

builder.queryField('identityProvidersByConnection', (t) =>
  t.field({
    type: [ConnectionProvidersRef],
    nullable: false,
    description:
      'Identity providers grouped by connection: the connections named (a connection that is not configured or not visible ' +
      'to the caller is NOT_FOUND), else every visible one, optionally of one vendor. Each group is read on its own within ' +
      "its connection's read budget. In the order asked (else the configured order); with `@stream`, in the order the " +
      'reads finish, so that fast vendors come first.',
    args: {
      connectionIds: t.arg.stringList({ required: false }),
      vendor: t.arg({ type: VendorEnum }),
    },
    resolve: (_root, args, ctx, info) => {
      const named = args.connectionIds ? [...new Set(args.connectionIds)].map((id) => visibleConnection(ctx, id)) : visibleConnections(ctx);
      const groups = named.filter((c) => !args.vendor || c.vendor === args.vendor).map((connection) => connectionGroup(ctx, connection));
      return isStreamed(info) ? inOrderOfArrival(groups) : groups;
    },
  }),
);

function connectionGroup(ctx: GraphQLContext, connection: Connection): ConnectionProvidersShape {
  let read: Promise<ConnectionRead> | undefined;
  return {
    connection,
    read: () => {
      read ??= ctx.services.reader.read([connection]).then(([only]) => only!);
      return read;
    },
  };
}

/** Whether this field carries `@stream` (and its `if` is not false) in the operation being run. */
function isStreamed(info: GraphQLResolveInfo): boolean {
  return info.fieldNodes.some((node) => {
    const stream = getDirectiveValues(GraphQLStreamDirective, node, info.variableValues);
    return stream !== undefined && stream.if !== false;
  });
}

/** The groups, each once its read has finished: all reads start now, the first done comes first. */
async function* inOrderOfArrival(groups: ConnectionProvidersShape[]): AsyncGenerator<ConnectionProvidersShape> {
  // A read that failed outright still comes (its fields then carry the error).
  const settled = (group: ConnectionProvidersShape, index: number) =>
    group.read().then(
      () => index,
      () => index,
    );
  const pending = new Map(groups.map((group, index) => [index, settled(group, index)]));
  while (pending.size > 0) {
    const index = await Promise.race(pending.values());
    pending.delete(index);
    yield groups[index]!;
  }
}
