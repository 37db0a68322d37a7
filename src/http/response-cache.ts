// A short-lived cache of whole answers to provider reads: the same query with the same variables, asked by
// the same caller, is answered from memory for up to a second instead of being executed again. Frontends
// poll the provider list; that poll then costs about what the framework costs, not what resolving 50
// providers does.
//
// What keeps it honest:
//   - only `identityProviders`, `identityProvider`, `node` and `nodes` are cached; an operation that touches
//     any other root field (the audit trail, connections' health, drift, the caller) is not;
//   - the key holds the caller (a token sees only its own answers: scoped tokens see other connections) and
//     the snapshot cache's version: any change of any cached snapshot (a mutation, a refresh, another
//     instance's change arriving over LISTEN/NOTIFY, an entry reloaded from the store) makes every earlier
//     answer unreachable, so a read after a write never sees the old state;
//   - answers with errors are not cached; an answer is stored under the version it started with, so one
//     whose execution changed the snapshots (`refresh: true`, a stale connection read again) is never served;
//   - what remains is time: a cached answer may be served up to RESPONSE_CACHE_TTL_MS after its snapshots'
//     own freshness ended (the next read then refreshes them).
import { defaultBuildResponseCacheKey } from '@envelop/response-cache';
import { useResponseCache } from '@graphql-yoga/plugin-response-cache';
import { type GraphQLSchema, isObjectType } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { SnapshotCache } from '../core/reads/snapshot-cache.js';

export const RESPONSE_CACHE_TTL_MS = 1_000;

/** Root fields whose answers come from the snapshot cache only (and which therefore its version covers). */
const CACHED_ROOT_FIELDS = new Set(['identityProviders', 'identityProvider', 'node', 'nodes']);

export function responseCachePlugin(options: {
  schema: GraphQLSchema;
  snapshots: SnapshotCache;
  /** The caller's identity (token name), or null to skip the cache for this request. */
  callerOf(request: Request): string | null;
}): Plugin {
  const queryType = options.schema.getQueryType();
  const ttlPerSchemaCoordinate: Record<string, number> = {};
  for (const field of Object.keys(queryType && isObjectType(queryType) ? queryType.getFields() : {})) {
    ttlPerSchemaCoordinate[`Query.${field}`] = CACHED_ROOT_FIELDS.has(field) ? RESPONSE_CACHE_TTL_MS : 0;
  }
  return useResponseCache({
    session: (request) => options.callerOf(request),
    enabled: (request) => options.callerOf(request) !== null,
    // Only what the table above allows: a root field not listed (none today) is not cached either.
    ttl: 0,
    ttlPerSchemaCoordinate,
    invalidateViaMutation: false,
    shouldCacheResult: ({ result }) => !result.errors?.length,
    buildResponseCacheKey: ({ request: _request, ...params }) =>
      defaultBuildResponseCacheKey({ ...params, sessionId: `${params.sessionId ?? ''}|${options.snapshots.version}` }),
  });
}
