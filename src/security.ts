// The HTTP edge of security: who is calling (401 without a valid token), safe start-up defaults (sandbox
// only on loopback, the production switch) and the query limits (graphql-armor, body size, CSRF).
//
// Query limits, per operation (exceeding one is a GraphQL error that names the limit and the value found, with
// the limit's code in extensions.code, see LIMIT_CODES; QUERY_LIMITS below):
//   depth 10 (fragments and introspection fields do not add depth) · aliases 15 · cost 50 000 · tokens 1 000
//   · directives 20 · request body 1 000 000 bytes (HTTP 413, also for a chunked body) · one operation per
//   request (yoga's batching stays off) · `first` at most 200 (identityProviders, auditEvents; default 50)
//   · `nodes(ids:)` at most 100 ids · a batch at most 50 changes.
// Cost is graphql-armor's: 1 per scalar field, 2 per object field, each level below weighted by 1.5 and a
// field's subtree multiplied by a literal `first`. One page of 200 audit events with every field costs about
// 30 000, so one such page passes and two do not. A `first` given as a variable is not multiplied; the page
// size cap (200) and the alias limit (15) still bound such a query.
// The other lists are bounded by configuration (connections) or by one connection's providers (drift).
//
// Requests that are not GraphQL at all: a body that is not JSON is a 400 (code BAD_REQUEST) that never quotes
// the body; a POST of another content type a 415 that says what is accepted (code UNSUPPORTED_MEDIA_TYPE).
// In production, "Did you mean ...?" suggestions are cut from every error message (they tell a stranger the
// schema's names).
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { GraphQLError, Lexer, NoSchemaIntrospectionCustomRule, Source, TokenKind, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { argumentGuardPlugin } from './argument-guard.js';
import { ConfigError, type GatewayConfig } from './config.js';
import { type ApiTokenConfig, anonymousAdmin, type Authentication, TokenAuthenticator } from './core/access.js';
import { isLoopbackHost } from './core/loopback.js';
import { MAX_NODE_IDS, MAX_PAGE_SIZE } from './graphql/paging.js';

export const QUERY_LIMITS = {
  maxDepth: 10,
  maxAliases: 15,
  maxCost: 50_000,
  maxTokens: 1_000,
  maxDirectives: 20,
  /** Bytes of a request body (HTTP 413 beyond). */
  maxBodyBytes: 1_000_000,
  /** `first` of a paged list (identityProviders, auditEvents). */
  maxPageSize: MAX_PAGE_SIZE,
  /** Ids in one `nodes(ids:)`. */
  maxNodeIds: MAX_NODE_IDS,
} as const;

/** The header a GET or a form/multipart/text POST must carry (CSRF prevention); JSON POSTs need nothing. */
export const CSRF_HEADER = 'x-graphql-csrf';

// --- Start-up: which access mode, GraphiQL, introspection --------------------------------------------------

export interface SecuritySettings {
  /** API tokens; null = no tokens: every request is the anonymous admin (only allowed on loopback). */
  tokens: ApiTokenConfig[] | null;
  production: boolean;
  graphiql: boolean;
  introspection: boolean;
}

/** 127.0.0.0/8, ::1 (also IPv4-mapped) and localhost: the only hosts the sandbox may bind to. */
export { isLoopbackHost };

/**
 * The security settings for a gateway started with this config file (null: the sandbox) on this host.
 * Refuses, with a message that says what to do, a sandbox bound beyond loopback and a config without tokens.
 */
export function securitySettings(fileConfig: GatewayConfig | null, host: string, env: NodeJS.ProcessEnv = process.env): SecuritySettings {
  const production = env.NODE_ENV === 'production' || fileConfig?.production === true;
  const settings = {
    production,
    graphiql: fileConfig?.graphiql ?? !production,
    introspection: fileConfig?.introspection ?? !production,
  };
  if (!fileConfig) {
    if (!isLoopbackHost(host)) {
      throw new ConfigError(
        [
          `HOST=${host}: without a config file the gateway runs the sandbox, where every request is an anonymous admin; ` +
            'that is allowed only on loopback (HOST=127.0.0.1, ::1 or localhost). To listen on other addresses, start it ' +
            'with a config file that lists API tokens (IDP_GATEWAY_CONFIG or --config; see README, Security).',
        ],
        'the environment',
      );
    }
    return { ...settings, tokens: null };
  }
  if (!fileConfig.tokens?.length) {
    throw new ConfigError(
      ['tokens: list at least one API token; with a config file every request needs one (see README, Security)'],
      'the config file',
    );
  }
  return { ...settings, tokens: fileConfig.tokens };
}

// --- Per request: authentication ------------------------------------------------------------------------

/** Turns a request into its caller, or says why it has none (then it is answered 401). */
export interface RequestAuthenticator {
  authenticate(request: Request): Authentication;
  /** True for a gateway without tokens: every request is the anonymous admin. */
  readonly anonymous: boolean;
}

export function requestAuthenticator(tokens: ApiTokenConfig[] | null, anonymousActor: string): RequestAuthenticator {
  if (tokens === null) {
    const result: Authentication = { ok: true, principal: anonymousAdmin(anonymousActor) };
    return { anonymous: true, authenticate: () => result };
  }
  const authenticator = new TokenAuthenticator(tokens);
  // The authentication plugin and the context both ask, for every request: the token is hashed once.
  const known = new WeakMap<Request, Authentication>();
  return {
    anonymous: false,
    authenticate: (request) => {
      let result = known.get(request);
      if (!result) {
        result = authenticator.authenticate(request.headers.get('authorization'));
        known.set(request, result);
      }
      return result;
    },
  };
}

const UNAUTHENTICATED_MESSAGES = {
  missing: 'Authentication required: send "Authorization: Bearer <token>" with an API token of this gateway.',
  malformed: 'The Authorization header must be "Bearer <token>".',
  invalid: 'The API token is not valid.',
} as const;

/**
 * Answers 401 (a GraphQL-over-HTTP JSON error body) to any request without a valid token, before anything
 * else reads it. GraphiQL's page and yoga's /health are answered by yoga before this plugin runs: the page
 * holds no data, and its queries need a token like any other request.
 */
export function authenticationPlugin(authenticator: RequestAuthenticator): Plugin {
  if (authenticator.anonymous) return {};
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      const result = authenticator.authenticate(request);
      if (result.ok) return;
      const challenge = result.reason === 'missing' ? 'Bearer realm="idp-gateway"' : 'Bearer realm="idp-gateway", error="invalid_token"';
      endResponse(
        new fetchAPI.Response(
          JSON.stringify({ errors: [{ message: UNAUTHENTICATED_MESSAGES[result.reason], extensions: { code: 'UNAUTHENTICATED' } }] }),
          { status: 401, headers: { 'content-type': 'application/json; charset=utf-8', 'www-authenticate': challenge, 'cache-control': 'no-store' } },
        ),
      );
    },
  };
}

/**
 * In anonymous (sandbox) mode, only requests addressed to a loopback host name are answered: a web page
 * elsewhere cannot reach the anonymous admin through DNS rebinding (its requests carry its own host name).
 */
export function loopbackHostOnlyPlugin(): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      const host = request.headers.get('host') ?? new URL(request.url).host;
      const name = host.replace(/:\d+$/, '');
      if (isLoopbackHost(name)) return;
      endResponse(
        new fetchAPI.Response(
          JSON.stringify({ errors: [{ message: `The sandbox answers only requests to a loopback address, not to "${name}".`, extensions: { code: 'FORBIDDEN' } }] }),
          { status: 403, headers: { 'content-type': 'application/json; charset=utf-8' } },
        ),
      );
    },
  };
}

// --- Per request: what is not a GraphQL request -------------------------------------------------------------

/** What a POST may carry (yoga's parsers; multipart is off, a form or text POST needs the CSRF header). */
export const ACCEPTED_POST_CONTENT_TYPES = ['application/json', 'application/graphql+json'] as const;
/** What an answer may be (the Accept header chooses; SSE for subscriptions). */
export const RESPONSE_CONTENT_TYPES = ['application/json', 'application/graphql-response+json'] as const;

const JSON_TYPE = 'application/json; charset=utf-8';

/** A GraphQL-over-HTTP JSON error body. */
function errorResponse(fetchAPI: { Response: typeof Response }, status: number, message: string, extensions: Record<string, unknown>, headers: Record<string, string> = {}): Response {
  return new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions }] }), { status, headers: { 'content-type': JSON_TYPE, ...headers } });
}

/** The media type of a Content-Type header, when it is a plain one (it is quoted back); else null. */
function plainMediaType(header: string | null): string | null {
  const type = header?.split(';')[0]?.trim().toLowerCase();
  return type && /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/.test(type) ? type : null;
}

/**
 * A request body (or a GET's `variables` / `extensions`) that is not JSON, as a 400 that says so without
 * quoting it: JSON.parse's own message quotes the text it failed on, and yoga passed that on in
 * `extensions.originalError`. Other errors of the request parsers (413, a body that is not an object) pass.
 */
function requestParseError(request: Request, error: unknown): unknown {
  const original = error instanceof GraphQLError ? error.extensions?.originalError : error;
  if (error instanceof GraphQLError && original === undefined) return error;
  if (!(original instanceof SyntaxError) && (original as { name?: unknown } | null)?.name !== 'SyntaxError') return error;
  // Only the offset is kept from the parser's message: a number, never the text.
  const offset = /\bposition (\d+)/.exec(String((original as { message?: unknown }).message))?.[1];
  let message: string;
  if (request.method === 'GET') {
    const params = new URL(request.url).searchParams;
    const bad = ['variables', 'extensions'].filter((name) => {
      const value = params.get(name);
      if (!value) return false;
      try {
        JSON.parse(value);
        return false;
      } catch {
        return true;
      }
    });
    message = `The ${bad.length ? bad.map((name) => `"${name}"`).join(' and ') : '"variables" or "extensions"'} parameter of the GET request is not valid JSON.`;
  } else {
    message = `The request body is not valid JSON${offset === undefined ? '' : ` (error at offset ${offset})`}: send a JSON object such as {"query": "{ caller { name } }", "variables": {}}.`;
  }
  // No `http.spec`: 400 whatever the Accept header (graphql-over-http asks 400 for a body that is not JSON).
  return new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
}

/**
 * The GraphQL endpoint's request parsing: a POST of a content type no parser takes is answered 415 with a JSON
 * error that says what is accepted (yoga answers an empty 415), and a body that is not JSON a 400 that does not
 * quote it. Runs after yoga's own parsers have chosen (user plugins come after them).
 */
export function requestParsingPlugin(): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, endResponse, fetchAPI }) {
      if (!requestParser) {
        const type = plainMediaType(request.headers.get('content-type'));
        endResponse(
          errorResponse(
            fetchAPI,
            415,
            `${type ? `Content-Type "${type}" is not accepted` : 'This request has no Content-Type this endpoint accepts'}: POST the GraphQL ` +
              `request as JSON with "Content-Type: application/json" (answered as ${RESPONSE_CONTENT_TYPES.join(' or ')}, as the ` +
              'Accept header asks), or send a query with GET (?query=...).',
            {
              code: 'UNSUPPORTED_MEDIA_TYPE',
              acceptedContentTypes: [...ACCEPTED_POST_CONTENT_TYPES],
              responseContentTypes: [...RESPONSE_CONTENT_TYPES],
              get: 'queries and subscriptions may also be sent with GET',
            },
            { 'accept-post': ACCEPTED_POST_CONTENT_TYPES.join(', ') },
          ),
        );
        return;
      }
      const parse = requestParser;
      setRequestParser(async (parsed) => {
        try {
          return await parse(parsed);
        } catch (error) {
          throw requestParseError(parsed, error);
        }
      });
    },
  };
}

// --- Per operation: limits, introspection, suggestions ------------------------------------------------------

/** extensions.code of each query limit's refusal. */
export const LIMIT_CODES = {
  cost: 'QUERY_COST_LIMIT',
  depth: 'QUERY_DEPTH_LIMIT',
  aliases: 'QUERY_ALIAS_LIMIT',
  tokens: 'QUERY_TOKEN_LIMIT',
  directives: 'QUERY_DIRECTIVE_LIMIT',
} as const;

export type QueryLimit = keyof typeof LIMIT_CODES;

const LIMIT_SENTENCES: Record<QueryLimit, (limit: number, found: string | null) => string> = {
  cost: (limit, found) => (found === null ? `The query costs more than the cost limit of ${limit}.` : `The query costs ${found}, more than the cost limit of ${limit}.`),
  depth: (limit, found) => (found === null ? `The query is deeper than the depth limit of ${limit}.` : `The query is ${found} levels deep, deeper than the depth limit of ${limit}.`),
  aliases: (limit, found) => (found === null ? `The query uses more aliases than the limit of ${limit}.` : `The query uses ${found} aliases, more than the alias limit of ${limit}.`),
  directives: (limit, found) => (found === null ? `The query uses more directives than the limit of ${limit}.` : `The query uses ${found} directives, more than the directive limit of ${limit}.`),
  tokens: (limit, found) => (found === null ? `The document has more tokens than the limit of ${limit}.` : `The document has ${found} tokens, more than the token limit of ${limit}.`),
};

/**
 * The refusal of a query over one of its limits: a sentence naming the limit and the value found, and a code.
 * `atLeast`: counting stopped at `found` (the sentence says "more than").
 */
export function queryLimitError(kind: QueryLimit, limit: number, found: number | null, atLeast = false): GraphQLError {
  const foundText = found === null ? null : atLeast ? `more than ${found - 1}` : String(found);
  return new GraphQLError(LIMIT_SENTENCES[kind](limit, foundText), {
    // A request error (nothing ran): 400 with application/graphql-response+json, 200 with application/json, as
    // yoga answers any validation error.
    extensions: { code: LIMIT_CODES[kind], limit, ...(found === null ? {} : atLeast ? { foundAtLeast: found } : { found }), http: { spec: true, status: 400 } },
  });
}

/**
 * graphql-armor's validation rules, reporting our error instead of throwing theirs ("Syntax Error: Query Cost
 * limit of 50000 exceeded, found 91650."). The value found is read from armor's message (exposeLimits is on);
 * cost is fractional there (depth weights of 1.5) and rounded up.
 */
function reportLimit(kind: QueryLimit, limit: number) {
  return {
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, armorError: GraphQLError) => {
        const found = /\bfound (\d+(?:\.\d+)?)/.exec(armorError.message)?.[1];
        const error = queryLimitError(kind, limit, found === undefined ? null : Math.ceil(Number(found)));
        // Always a validation context for these rules; without one, refuse by throwing.
        if (!context) throw error;
        context.reportError(error);
      },
    ],
  };
}

/**
 * Tokens of a document (graphql-js's lexer, comments not counted), up to `stopAfter` (lexing a whole 1 MB body
 * takes a quarter of a second) or to a syntax error.
 */
export function countTokens(text: string, stopAfter = Number.POSITIVE_INFINITY): number {
  const lexer = new Lexer(new Source(text));
  let count = 0;
  try {
    while (count < stopAfter && lexer.advance().kind !== TokenKind.EOF) count += 1;
  } catch {
    // A syntax error: the parser reports it (unless the count is over the limit already).
  }
  return count;
}

/** Tokens are counted exactly up to this many times the limit; beyond, the refusal says "more than". */
const TOKEN_COUNT_FACTOR = 10;

/**
 * The token limit, in the parse function: a document over it is refused before it is parsed (parsing cost grows
 * with it), naming the count. Documents in yoga's parse cache are not parsed again, nor counted.
 */
function tokenLimitPlugin(limit: number): Plugin {
  const stopAfter = limit * TOKEN_COUNT_FACTOR + 1;
  return {
    onParse({ parseFn, setParseFn }) {
      setParseFn((source, options) => {
        const found = countTokens(typeof source === 'string' ? source : source.body, stopAfter);
        if (found > limit) throw queryLimitError('tokens', limit, found, found === stopAfter);
        return parseFn(source, options);
      });
    },
  };
}

// graphql-js's suggestions: ' Did you mean "a", "b", or "c"?', ' Did you mean the enum value "A"?',
// ' Did you mean to use an inline fragment on "X"?' (names never hold a quote).
const SUGGESTION = / ?Did you mean (?:[a-z]+(?: [a-z]+)* )?"[^"]*"(?:(?:, or |, | or )"[^"]*")*\?/g;

/** A message without graphql-js's "Did you mean ...?" suggestions. */
export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '').trimEnd();
}

/**
 * Cuts "Did you mean ...?" from every error of every result (validation: unknown fields, arguments, types;
 * variable coercion: enum values, input fields; execution), for production.
 */
export function suggestionMaskPlugin(): Plugin {
  return {
    onExecutionResult({ result }) {
      const results = (Array.isArray(result) ? result : [result]) as Array<{ errors?: ReadonlyArray<{ message: string }> } | undefined>;
      for (const one of results) {
        // A subscription's stream: its events carry resolver errors (masked or typed), never a suggestion.
        if (!one || typeof one !== 'object' || Symbol.asyncIterator in one) continue;
        for (const error of one.errors ?? []) {
          const masked = withoutSuggestions(error.message);
          if (masked !== error.message) (error as { message: string }).message = masked;
        }
      }
    },
  };
}

/** The yoga/envelop plugins that limit what one operation may ask for. */
export function queryLimitPlugins(options: { production: boolean; introspection: boolean }): Plugin[] {
  const plugins: Plugin[] = [
    useCSRFPrevention({ requestHeaders: [CSRF_HEADER] }),
    tokenLimitPlugin(QUERY_LIMITS.maxTokens),
    EnvelopArmorPlugin({
      maxDepth: { n: QUERY_LIMITS.maxDepth, ignoreIntrospection: true, flattenFragments: true, ...reportLimit('depth', QUERY_LIMITS.maxDepth) },
      maxAliases: { n: QUERY_LIMITS.maxAliases, ...reportLimit('aliases', QUERY_LIMITS.maxAliases) },
      costLimit: { maxCost: QUERY_LIMITS.maxCost, ignoreIntrospection: true, flattenFragments: true, ...reportLimit('cost', QUERY_LIMITS.maxCost) },
      // tokenLimitPlugin above (it names the count).
      maxTokens: { enabled: false },
      maxDirectives: { n: QUERY_LIMITS.maxDirectives, ...reportLimit('directives', QUERY_LIMITS.maxDirectives) },
      // suggestionMaskPlugin below, which also covers enum values and variables.
      blockFieldSuggestion: { enabled: false },
    }) as Plugin,
    // Control characters in a query's or subscription's arguments: refused before anything runs.
    argumentGuardPlugin(),
  ];
  // "Did you mean ...?" tells a stranger the schema; in production it is cut.
  if (options.production) plugins.push(suggestionMaskPlugin());
  if (!options.introspection) {
    plugins.push({
      onValidate({ addValidationRule }) {
        addValidationRule(NoSchemaIntrospectionCustomRule);
      },
    });
  }
  return plugins;
}
