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
//     whose execution changed the snapshots (a stale connection read again) is never served;
//   - an operation that asks for `refresh: true` on a root field is left to itself (no lookup at execution, its
//     answer neither walked nor stored): it reads the vendors now, so no answer of it could ever be served. Told
//     from the parsed operation and its variables before it runs, never by walking the result;
//   - what remains is time: a cached answer may be served up to RESPONSE_CACHE_TTL_MS after its snapshots'
//     own freshness ended (the next read then refreshes them).
import { createHash } from 'node:crypto';
import { useResponseCache } from '@graphql-yoga/plugin-response-cache';
import { type DocumentNode, getOperationAST, type GraphQLSchema, isObjectType, Kind, type SelectionSetNode, type ValueNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { SnapshotCache } from '../core/reads/snapshot-cache.js';
import { stableStringify } from '../model/version.js';

export const RESPONSE_CACHE_TTL_MS = 1_000;

/** Root fields whose answers come from the snapshot cache only (and which therefore its version covers). */
const CACHED_ROOT_FIELDS = new Set(['identityProviders', 'identityProvider', 'node', 'nodes']);

/** Whether a root field of the operation about to run asks for `refresh: true` (a literal or a variable). */
export function readsVendorsNow(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
): boolean {
  const operation = getOperationAST(document, operationName);
  if (operation?.operation !== 'query') return false;
  const isTrue = (value: ValueNode) =>
    value.kind === Kind.BOOLEAN ? value.value : value.kind === Kind.VARIABLE && variables[value.name.value] === true;
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const seen = new Set<string>();
  // The root selections, through fragments (each once): only root fields take `refresh`.
  const asks = (selectionSet: SelectionSetNode): boolean =>
    selectionSet.selections.some((selection) => {
      if (selection.kind === Kind.FIELD)
        return selection.arguments?.some((arg) => arg.name.value === 'refresh' && isTrue(arg.value)) ?? false;
      if (selection.kind === Kind.INLINE_FRAGMENT) return asks(selection.selectionSet);
      const fragment = fragments.get(selection.name.value);
      if (!fragment || seen.has(fragment.name.value)) return false;
      seen.add(fragment.name.value);
      return asks(fragment.selectionSet);
    });
  return asks(operation.selectionSet);
}

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
  // The contexts of operations that read the vendors now (marked before the cache's own onExecute runs).
  const vendorReads = new WeakSet<object>();
  const cache = useResponseCache({
    session: (request) => options.callerOf(request),
    enabled: (request, context) => options.callerOf(request) !== null && !(context && vendorReads.has(context)),
    // Only what the table above allows: a root field not listed (none today) is not cached either.
    ttl: 0,
    ttlPerSchemaCoordinate,
    invalidateViaMutation: false,
    shouldCacheResult: ({ result }) => !result.errors?.length,
    // The default key's parts, hashed at once in this thread (the default hashes through WebCrypto: a trip to the
    // thread pool on every request, refresh reads too, since the key is made before the operation is parsed).
    buildResponseCacheKey: ({ documentString, operationName, variableValues, sessionId }) =>
      createHash('sha256')
        .update(
          `${documentString}|${operationName ?? ''}|${stableStringify(variableValues ?? {})}|${sessionId ?? ''}|${options.snapshots.version}`,
        )
        .digest('hex'),
  });
  return {
    // Added right after this plugin: this onExecute runs before the cache's.
    onPluginInit: ({ addPlugin }) => addPlugin(cache),
    onExecute: ({ args }) => {
      if (readsVendorsNow(args.document, args.operationName, args.variableValues ?? {})) vendorReads.add(args.contextValue as object);
    },
  };
}
