// The Pothos builder, its plugins and the request Context. It defines no types: each type module does.
import SchemaBuilder from '@pothos/core';
import { GraphQLError } from 'graphql';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin, { type AuthFailure } from '@pothos/plugin-scope-auth';
import WithInputPlugin from '@pothos/plugin-with-input';
import { hasRole, type Principal, ROLES, type Role } from '../core/access.js';
import { ForbiddenError, ValidationError } from '../core/errors.js';
import type { Loaders } from './loaders.js';
import type { GatewayServices } from '../core/services.js';
import { MAX_NODE_IDS } from './paging.js';

export interface GraphQLContext {
  /** Who is asking: the audit trail's actor (the API token's name). */
  actor: string;
  /** The caller: role and the connections it may see (src/core/access.ts). */
  principal: Principal;
  /** This request's id (X-Request-Id; see src/request-log.ts): the audit rows and the request log line share it. */
  requestId?: string;
  services: GatewayServices;
  loaders: Loaders;
}

const ROLE_NAMES: readonly string[] = ROLES;

/** The first role a failed scope check asked for. */
function requiredRole(failure: AuthFailure): Role | null {
  if (failure.kind === 'AuthScope') return ROLE_NAMES.includes(failure.scope) ? (failure.scope as Role) : null;
  if (failure.kind === 'AllAuthScopes' || failure.kind === 'AnyAuthScopes') {
    for (const child of failure.failures) {
      const role = requiredRole(child);
      if (role) return role;
    }
  }
  return null;
}

const capitalize = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  // viewer reads; operator also changes providers; admin also reverts, reads every audit event and the
  // configuration health (connection health, drift). Each role includes the ones before it.
  AuthScopes: { viewer: boolean; operator: boolean; admin: boolean };
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  // The errors plugin first, so that it wraps scope-auth: a refused mutation is its union's ForbiddenError.
  plugins: [ErrorsPlugin, ScopeAuthPlugin, RelayPlugin, WithInputPlugin],
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: (ctx) => ({
      viewer: hasRole(ctx.principal, 'viewer'),
      operator: hasRole(ctx.principal, 'operator'),
      admin: hasRole(ctx.principal, 'admin'),
    }),
    unauthorizedError: (_parent, ctx, info, result) => {
      const role = requiredRole(result.failure);
      return new ForbiddenError(
        `${info.parentType.name}.${info.fieldName} needs the ${role ?? 'right'} role; "${ctx.principal.name}" is ${ctx.principal.role}.`,
        role,
      );
    },
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodesQueryOptions: {
      description: `Nodes by their global ids, at most ${MAX_NODE_IDS} per call; an id that names nothing (or nothing visible to you) is null.`,
      resolve: (_root, args, _ctx, _info, resolveNodes) => {
        if (args.ids.length > MAX_NODE_IDS) throw new ValidationError([{ path: ['ids'], message: `at most ${MAX_NODE_IDS} ids per call` }]);
        return resolveNodes(args.ids);
      },
    },
  },
  withInput: {
    // setCpanelClientConfiguration(input: SetCpanelClientConfigurationInput!)
    typeOptions: { name: ({ fieldName }) => `${capitalize(fieldName)}Input` },
  },
});

// Every query and subscription needs a reader, every mutation an operator; fields ask for more where needed.
builder.queryType({ authScopes: { viewer: true } });
builder.mutationType({ authScopes: { operator: true } });
builder.subscriptionType({ authScopes: { viewer: true } });

builder.scalarType('DateTime', {
  description: 'An ISO-8601 date and time in UTC.',
  serialize: (value) => value.toISOString(),
  // A GraphQLError, so that a bad value is the client's error (graphql-js names the variable), not a masked
  // "Unexpected error."; four-digit years only, which every store can hold.
  parseValue: (value) => {
    const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : null;
    if (!date || Number.isNaN(date.getTime()))
      throw new GraphQLError('DateTime must be an ISO-8601 string with a four-digit year, e.g. 2026-11-24T10:00:00Z');
    return date;
  },
});

builder.scalarType('JSON', {
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
});

export { capitalize };

/** The builder's type parameters, for helpers that take field builders. */
export type SchemaTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer Types> ? Types : never;
