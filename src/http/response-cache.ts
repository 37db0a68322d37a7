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
// An answer goes out with an ETag (its key) and Last-Modified; If-None-Match on an answer still cached under the
// current version is a 304. Its own code, not @envelop/response-cache: that one adds __typename and id to every
// selection and walks (and copies) every result to collect entities for invalidation by entity, which this cache
// never uses (a change makes every answer unreachable): on a 50-provider page it cost a third of the request.
import { createHash } from 'node:crypto';
import { type DocumentNode, type ExecutionResult, type FieldNode, getOperationAST, Kind, type ValueNode } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { SnapshotCache } from '../core/reads/snapshot-cache.js';
import { rootFieldsOf } from '../graphql/root-fields.js';
import { stableStringify } from '../model/version.js';

export const RESPONSE_CACHE_TTL_MS = 1_000;
/** Answers kept at most (the oldest goes first): a second's worth of distinct reads is far fewer. */
export const RESPONSE_CACHE_MAX_ENTRIES = 1_000;

/** Root fields whose answers come from the snapshot cache only (and which therefore its version covers). */
const CACHED_ROOT_FIELDS = new Set(['identityProviders', 'identityProvider', 'node', 'nodes']);

/** The root fields of the operation about to run, when it is a query (null: a mutation, a subscription, none). */
function queryRootFields(document: DocumentNode, operationName: string | null | undefined): FieldNode[] | null {
  const operation = getOperationAST(document, operationName);
  return operation?.operation === 'query' ? rootFieldsOf(document, operation) : null;
}

/** Whether a root field of the operation about to run asks for `refresh: true` (a literal or a variable). */
export function readsVendorsNow(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
): boolean {
  const isTrue = (value: ValueNode) =>
    value.kind === Kind.BOOLEAN ? value.value : value.kind === Kind.VARIABLE && variables[value.name.value] === true;
  // Only root fields take `refresh`.
  return (
    queryRootFields(document, operationName)?.some((field) =>
      field.arguments?.some((arg) => arg.name.value === 'refresh' && isTrue(arg.value)),
    ) ?? false
  );
}

/** A query of provider reads only (at least one; `__typename` beside them is fine) that reads no vendor now. */
export function isCacheableRead(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
): boolean {
  const fields = queryRootFields(document, operationName)?.map((field) => field.name.value);
  if (!fields) return false;
  return (
    fields.some((name) => CACHED_ROOT_FIELDS.has(name)) &&
    fields.every((name) => name === '__typename' || CACHED_ROOT_FIELDS.has(name)) &&
    !readsVendorsNow(document, operationName, variables)
  );
}

interface CachedAnswer {
  result: ExecutionResult;
  /** The snapshot cache's version the answer was made from. */
  version: number;
  expiresAt: number;
  lastModified: string;
  /** The answer's JSON, made on its first hit and sent as it is on the next ones. */
  json?: string;
}

/** What onParams learned of a request, for its execution to store the answer under. */
interface Pending {
  key: string;
  version: number;
}

export function responseCachePlugin(options: {
  snapshots: SnapshotCache;
  /** The caller's identity (token name), or null to skip the cache for this request. */
  callerOf(request: Request): string | null;
  /** Milliseconds since some origin (tests); default performance.now. */
  now?: () => number;
}): Plugin {
  const now = options.now ?? (() => performance.now());
  const answers = new Map<string, CachedAnswer>();
  const pendingByContext = new WeakMap<object, Pending>();
  /** A live answer under the current version (an older version's answer is out of date, however young). */
  const live = (key: string): CachedAnswer | undefined => {
    const answer = answers.get(key);
    if (!answer) return undefined;
    if (answer.expiresAt <= now()) {
      answers.delete(key);
      return undefined;
    }
    return answer.version === options.snapshots.version ? answer : undefined;
  };
  const store = (key: string, answer: CachedAnswer) => {
    answers.delete(key); // re-inserted last: the Map's order is the age order
    answers.set(key, answer);
    if (answers.size > RESPONSE_CACHE_MAX_ENTRIES) answers.delete(answers.keys().next().value!);
  };
  const withHeaders = (result: ExecutionResult, key: string, lastModified: string): ExecutionResult => ({
    ...result,
    extensions: { ...result.extensions, http: { headers: { ETag: key, 'Last-Modified': lastModified } } },
  });
  return {
    // A client that holds the answer still cached: nothing to send again.
    onRequest({ request, fetchAPI, endResponse }) {
      const etag = request.headers.get('if-none-match');
      if (!etag || options.callerOf(request) === null) return;
      const answer = live(etag);
      if (!answer) return;
      const since = request.headers.get('if-modified-since');
      if (since !== null && new Date(since).getTime() < new Date(answer.lastModified).getTime()) return;
      endResponse(new fetchAPI.Response(null, { status: 304, headers: { ETag: etag, 'Last-Modified': answer.lastModified } }));
    },
    onParams({ params, request, context, setResult }) {
      const caller = options.callerOf(request);
      if (caller === null || !params.query) return;
      const version = options.snapshots.version;
      // Hashed in this thread (yoga's default key went through WebCrypto: a trip to the thread pool per request).
      const key = createHash('sha256')
        .update(`${params.query}|${params.operationName ?? ''}|${stableStringify(params.variables ?? {})}|${caller}|${version}`)
        .digest('hex');
      const answer = live(key);
      if (answer) {
        // yoga serializes a result with its own `stringify` when it has one: the same JSON, made once per answer.
        const stringify = (sanitized: unknown) => (answer.json ??= JSON.stringify(sanitized));
        setResult({ ...withHeaders(answer.result, key, answer.lastModified), stringify } as ExecutionResult);
        return;
      }
      pendingByContext.set(context, { key, version });
    },
    onExecute({ args }) {
      const pending = pendingByContext.get(args.contextValue as object);
      if (!pending || !isCacheableRead(args.document, args.operationName, args.variableValues ?? {})) return;
      return {
        onExecuteDone({ result, setResult }) {
          // Not a streamed answer, not one with errors, and not one whose execution changed the snapshots it read.
          if (isAsyncIterable(result) || result.errors?.length || options.snapshots.version !== pending.version) return;
          const lastModified = new Date().toUTCString();
          store(pending.key, { result, version: pending.version, expiresAt: now() + RESPONSE_CACHE_TTL_MS, lastModified });
          setResult(withHeaders(result, pending.key, lastModified));
        },
      };
    },
  };
}
