// Trusted documents: persisted operations from a manifest named in the config ({ "<id>": "<document>" }, as
// gql.tada `generate persisted`, Relay and graphql-codegen write it), served by yoga's persisted-operations plugin.
// Why: a gateway that runs only the documents its frontends were built with offers a stranger no query language.
//
// The rules (README, "Trusted documents"):
//   - a request names a persisted operation by Apollo APQ (`extensions.persistedQuery { version: 1, sha256Hash }`,
//     GET or POST) or Relay / GraphQL-over-HTTP (`doc_id` or `documentId` in the body or the query string);
//     an id the manifest does not hold is the plugin's PersistedQueryNotFound (what APQ clients look for);
//   - the manifest is the only source: a hash sent with a document (APQ "registration") is never stored; with
//     `allowArbitraryOperations: false` it is refused, otherwise the document runs as any document would;
//   - `allowArbitraryOperations: false` refuses every other document (PERSISTED_QUERY_ONLY, HTTP 400), but a
//     full document is accepted when it is a persisted one, byte for byte (same sha256): that keeps the CLI
//     working (its documents are added to the manifest here) and lets a GraphiQL user paste a persisted one;
//   - the manifest is checked at start-up: unreadable, not JSON, an entry that does not parse or validate, or
//     an id that is a sha256 but not the one of its document: a ConfigError naming the file and the entry.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { GraphQLError, type GraphQLSchema, Kind, parse, validate } from 'graphql';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { APPLY_MUTATION, EXPORT_QUERY, PLAN_MUTATION } from '../cli/estate/api.js';
import { ConfigError, type PersistedOperationsConfig } from '../config.js';
import { consoleBuild } from './console-build.js';
import { schema as gatewaySchema } from '../graphql/schema.js';

/** The gateway's own clients' documents (the estate CLI; the console's come from its build): trusted whatever the manifest file holds. */
export const GATEWAY_DOCUMENTS: readonly string[] = [EXPORT_QUERY, PLAN_MUTATION, APPLY_MUTATION];

/** An id as a manifest or a request may hold it: visible ASCII, at most 200 characters. */
const ID_PATTERN = /^[\x21-\x7e]{1,200}$/;
/** An id that says it is a sha256 of its document: bare hex (APQ, Relay with sha256) or "sha256:<hex>" (gql.tada, GraphQL over HTTP). */
const SHA256_ID = /^(?:sha256:)?([0-9a-fA-F]{64})$/;
/** At most this many problems are listed in a start-up error (a broken manifest could have thousands). */
const MAX_PROBLEMS = 20;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The id under which an entry is found: sha256 ids in one form ("sha256:<lowercase hex>"), any other as it is. */
function canonicalId(id: string): string {
  const sha = SHA256_ID.exec(id);
  return sha ? `sha256:${sha[1]!.toLowerCase()}` : id;
}

/** The merged manifest: the file's entries and the gateway's own documents. */
export class TrustedDocuments {
  private readonly byId = new Map<string, string>();
  private readonly documentHashes = new Set<string>();

  constructor(
    entries: Iterable<[string, string]>,
    /** false: only persisted documents run. */
    readonly allowArbitraryOperations: boolean,
  ) {
    for (const [id, document] of entries) this.add(id, document);
    for (const document of GATEWAY_DOCUMENTS) this.add(`sha256:${sha256Hex(document)}`, document);
    // The console's documents (console-build.ts): the console is the gateway's own frontend.
    for (const [id, document] of Object.entries(consoleBuild()?.documents ?? {})) this.add(id, document);
  }

  private add(id: string, document: string): void {
    this.byId.set(canonicalId(id), document);
    this.documentHashes.add(sha256Hex(document));
  }

  /** The document persisted under `id` (any of the sha256 forms finds a sha256 entry). */
  lookup(id: string): string | undefined {
    return this.byId.get(canonicalId(id));
  }

  /** True when `document` is, byte for byte, one of the persisted documents. */
  isPersisted(document: string): boolean {
    return this.documentHashes.has(sha256Hex(document));
  }

  get size(): number {
    return this.byId.size;
  }
}

/**
 * Reads and checks the manifest `config.manifest` (a path resolved against the working folder: main.ts makes it
 * absolute, relative to the config file). Throws a ConfigError naming the file and each bad entry.
 */
export function loadTrustedDocuments(config: PersistedOperationsConfig, schema: GraphQLSchema = gatewaySchema): TrustedDocuments {
  const source = `the persisted operations manifest ${config.manifest} (persistedOperations.manifest)`;
  let text: string;
  try {
    text = readFileSync(config.manifest, 'utf8');
  } catch (error) {
    throw new ConfigError([`cannot read it: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`], source);
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`it is not JSON: ${(error as Error).message}`], source);
  }
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest))
    throw new ConfigError(['it must be a JSON object: { "<id>": "<GraphQL document>" }'], source);
  const problems: string[] = [];
  const entries: Array<[string, string]> = [];
  for (const [id, document] of Object.entries(manifest)) {
    const problem = entryProblem(id, document, schema);
    if (problem) problems.push(`entry "${id.length > 80 ? `${id.slice(0, 80)}...` : id}": ${problem}`);
    else entries.push([id, document as string]);
  }
  if (problems.length > MAX_PROBLEMS) problems.splice(MAX_PROBLEMS, Infinity, `... and ${problems.length - MAX_PROBLEMS} more`);
  if (problems.length) throw new ConfigError(problems, source);
  return new TrustedDocuments(entries, config.allowArbitraryOperations ?? true);
}

/** What is wrong with one manifest entry, or null. */
function entryProblem(id: string, document: unknown, schema: GraphQLSchema): string | null {
  if (!ID_PATTERN.test(id)) return 'an id must be 1 to 200 visible ASCII characters';
  if (typeof document !== 'string') return 'the document must be a string';
  const sha = SHA256_ID.exec(id);
  if (sha && sha[1]!.toLowerCase() !== sha256Hex(document))
    return `the id is a sha256 hash, but not the one of its document (which is ${sha256Hex(document)}): the entry lies, regenerate the manifest`;
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(document);
  } catch (error) {
    return `the document does not parse: ${(error as Error).message}`;
  }
  if (!parsed.definitions.some((definition) => definition.kind === Kind.OPERATION_DEFINITION)) return 'the document has no operation';
  const errors = validate(schema, parsed);
  if (errors.length) return `the document is not valid against the schema: ${errors.map((error) => error.message).join(' ')}`;
  return null;
}

// --- The request side ----------------------------------------------------------------------------------------

/** A 400 naming what was wrong, with a code a client can branch on. */
function refusal(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

const ONLY_PERSISTED =
  'This gateway runs trusted documents only: send the id of a persisted operation (extensions.persistedQuery.sha256Hash, ' +
  'documentId or doc_id), or a document of its manifest byte for byte.';

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

interface RequestedId {
  id: string;
  /** The APQ form: the id is the sha256 of the document the client has. */
  apq: boolean;
}

/**
 * The persisted operation a request names, or null; a malformed one is a 400 naming the field. Relay's and
 * GraphQL over HTTP's ids come from the JSON body or, for GET, from the query string (yoga's GET parser keeps
 * only query, variables, operationName and extensions).
 */
function requestedId(params: Record<string, unknown>, request: Request): RequestedId | null {
  const found: Array<RequestedId & { field: string }> = [];
  const extensions = params.extensions;
  if (isRecord(extensions) && extensions.persistedQuery != null) {
    const persisted = extensions.persistedQuery;
    if (!isRecord(persisted))
      throw refusal('extensions.persistedQuery must be an object { version: 1, sha256Hash }.', 'BAD_PERSISTED_QUERY');
    if (persisted.version !== 1) throw refusal('extensions.persistedQuery.version must be 1.', 'BAD_PERSISTED_QUERY');
    const hash = persisted.sha256Hash;
    if (typeof hash !== 'string' || !/^[0-9a-fA-F]{64}$/.test(hash))
      throw refusal('extensions.persistedQuery.sha256Hash must be a sha256 hash: 64 hexadecimal characters.', 'BAD_PERSISTED_QUERY');
    found.push({ id: hash, apq: true, field: 'extensions.persistedQuery.sha256Hash' });
  }
  const fromUrl = request.method === 'GET' ? new URL(request.url).searchParams : null;
  for (const field of ['documentId', 'doc_id']) {
    const value = params[field] ?? fromUrl?.get(field) ?? undefined;
    if (value == null) continue;
    if (typeof value !== 'string' || !ID_PATTERN.test(value))
      throw refusal(`${field} must be the id of a persisted operation: 1 to 200 visible ASCII characters.`, 'BAD_PERSISTED_QUERY');
    found.push({ id: value, apq: false, field });
  }
  if (new Set(found.map((one) => canonicalId(one.id))).size > 1)
    throw refusal(`Name one persisted operation, not several (${found.map((one) => one.field).join(', ')}).`, 'BAD_PERSISTED_QUERY');
  return found[0] ?? null;
}

/** The params without the Relay ids (yoga refuses parameters it does not know); null when there are none. */
function withoutRelayIds(params: Record<string, unknown>): GraphQLParams | null {
  if (!('doc_id' in params) && !('documentId' in params)) return null;
  const { doc_id: _docId, documentId: _documentId, ...rest } = params;
  return rest as unknown as GraphQLParams;
}

/**
 * The two plugins, in this order: the gate (ids checked; a full document allowed or refused; never stored) and
 * yoga's plugin (an id -> its document). Place them after authentication and before the response cache, the
 * query limits and anything else that reads `params.query`: what runs is then the persisted document, checked
 * like any other. Subscriptions over SSE pass through the same hooks.
 */
export function persistedOperationsPlugins(trusted: TrustedDocuments): Plugin[] {
  const gate: Plugin = {
    onParams({ params, request, setParams }) {
      const raw = params as unknown as Record<string, unknown>;
      const named = requestedId(raw, request);
      const query = raw.query;
      // No document (or not a string: yoga's own check answers that): yoga's plugin resolves the id.
      if (typeof query !== 'string' || query === '') return;
      if (named) {
        const persisted = trusted.lookup(named.id);
        if (persisted !== undefined && persisted !== query)
          throw refusal(`The document sent is not the persisted document of ${named.id}.`, 'PERSISTED_QUERY_MISMATCH');
        if (persisted === undefined) {
          // APQ registration: nothing is ever stored. A hash that is not the document's is refused in any case.
          if (named.apq && named.id.toLowerCase() !== sha256Hex(query))
            throw refusal('extensions.persistedQuery.sha256Hash is not the sha256 of the document sent.', 'PERSISTED_QUERY_MISMATCH');
          if (!trusted.allowArbitraryOperations && !trusted.isPersisted(query))
            throw refusal(
              `${ONLY_PERSISTED} Documents sent with a hash are not stored (no automatic persisted queries).`,
              'PERSISTED_QUERY_ONLY',
            );
        }
      } else if (!trusted.allowArbitraryOperations && !trusted.isPersisted(query)) {
        throw refusal(ONLY_PERSISTED, 'PERSISTED_QUERY_ONLY');
      }
      const plain = withoutRelayIds(raw);
      if (plain) setParams(plain);
    },
  };
  const resolver = usePersistedOperations({
    // The gate above has decided about every request carrying a document.
    allowArbitraryOperations: true,
    extractPersistedOperationId: (params, request) => requestedId(params as unknown as Record<string, unknown>, request)?.id ?? null,
    getPersistedOperation: (id) => trusted.lookup(id) ?? null,
    customErrors: {
      keyNotFound: {
        message: `Send a GraphQL document ("query") or the id of a persisted operation (extensions.persistedQuery.sha256Hash, documentId or doc_id).`,
        extensions: { code: 'PERSISTED_QUERY_ID_REQUIRED', http: { status: 400 } },
      },
    },
  }) as Plugin;
  return [gate, resolver];
}
