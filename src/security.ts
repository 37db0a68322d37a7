// The HTTP edge of security: who is calling (401 without a valid token), safe start-up defaults (sandbox
// only on loopback, the production switch) and the query limits (graphql-armor, body size, CSRF).
//
// Query limits, per operation (exceeding one is a GraphQL validation error that names the limit and the
// value found; QUERY_LIMITS below):
//   depth 10 (fragments and introspection fields do not add depth) · aliases 15 · cost 50 000 · tokens 1 000
//   · directives 20 · request body 1 000 000 bytes (HTTP 413, also for a chunked body) · one operation per
//   request (yoga's batching stays off) · `first` at most 200 (identityProviders, auditEvents; default 50)
//   · `nodes(ids:)` at most 100 ids · a batch at most 50 changes.
// Cost is graphql-armor's: 1 per scalar field, 2 per object field, each level below weighted by 1.5 and a
// field's subtree multiplied by a literal `first`. One page of 200 audit events with every field costs about
// 30 000, so one such page passes and two do not. A `first` given as a variable is not multiplied; the page
// size cap (200) and the alias limit (15) still bound such a query.
// The other lists are bounded by configuration (connections) or by one connection's providers (drift).
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
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

// --- Per operation: limits, introspection, suggestions ------------------------------------------------------

/** The yoga/envelop plugins that limit what one operation may ask for. */
export function queryLimitPlugins(options: { production: boolean; introspection: boolean }): Plugin[] {
  const plugins: Plugin[] = [
    useCSRFPrevention({ requestHeaders: [CSRF_HEADER] }),
    EnvelopArmorPlugin({
      maxDepth: { n: QUERY_LIMITS.maxDepth, ignoreIntrospection: true, flattenFragments: true},
      maxAliases: { n: QUERY_LIMITS.maxAliases },
      costLimit: { maxCost: QUERY_LIMITS.maxCost, ignoreIntrospection: true, flattenFragments: true },
      maxTokens: { n: QUERY_LIMITS.maxTokens },
      maxDirectives: { n: QUERY_LIMITS.maxDirectives },
      // "Did you mean ...?" tells a stranger the schema; in production it is masked.
      blockFieldSuggestion: { enabled: options.production },
    }) as Plugin,
  ];
  if (!options.introspection) {
    plugins.push({
      onValidate({ addValidationRule }) {
        addValidationRule(NoSchemaIntrospectionCustomRule);
      },
    });
  }
  return plugins;
}
