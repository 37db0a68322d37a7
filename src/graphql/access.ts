// The caller as GraphQL sees it (`caller`), and the connection filter every list and lookup goes through:
// a connection outside the caller's token reads exactly like one that is not configured.
import { canSeeConnection, ROLES } from '../core/access.js';
import type { Connection } from '../core/connections.js';
import { NotFoundError } from '../core/errors.js';
import { builder, type GraphQLContext } from './builder.js';

export const RoleEnum = builder.enumType('Role', {
  description: 'viewer reads; operator also changes providers; admin also reverts, reads every audit event and the configuration health.',
  values: Object.fromEntries(ROLES.map((role) => [role.toUpperCase(), { value: role }])) as Record<
    'VIEWER' | 'OPERATOR' | 'ADMIN',
    { value: (typeof ROLES)[number] }
  >,
});

/** The configured connections the caller may see. */
export function visibleConnections(ctx: GraphQLContext): Connection[] {
  return ctx.services.connections.all().filter((connection) => canSeeConnection(ctx.principal, connection.id));
}

/** One connection by id, or the same NotFoundError a connection that is not configured gets. */
export function visibleConnection(ctx: GraphQLContext, id: string): Connection {
  const connection = canSeeConnection(ctx.principal, id) ? ctx.services.connections.find(id) : undefined;
  if (!connection) throw new NotFoundError(`No connection "${id}" is configured.`);
  return connection;
}

interface CallerShape {
  name: string;
  role: (typeof ROLES)[number];
  connectionIds: string[];
  anonymous: boolean;
}

const CallerRef = builder.objectRef<CallerShape>('Caller').implement({
  description: 'The caller of this request.',
  fields: (t) => ({
    name: t.exposeString('name', { nullable: false, description: "The token's name; every change it makes is audited with this actor." }),
    role: t.field({ type: RoleEnum, nullable: false, resolve: (c) => c.role }),
    connectionIds: t.exposeStringList('connectionIds', {
      nullable: false,
      description: 'The connections visible to this caller (every configured one when the token is not limited).',
    }),
    anonymous: t.exposeBoolean('anonymous', {
      nullable: false,
      description: 'True in the sandbox (no config file, loopback only): no token is needed and every request is an admin.',
    }),
  }),
});

builder.queryField('caller', (t) =>
  t.field({
    description: 'Who this request is: the API token (the audit actor), its role and the connections it may see.',
    type: CallerRef,
    nullable: false,
    resolve: (_root, _args, ctx) => ({
      name: ctx.principal.name,
      role: ctx.principal.role,
      connectionIds: visibleConnections(ctx).map((connection) => connection.id),
      anonymous: ctx.principal.anonymous,
    }),
  }),
);
