// createGateway(services) -> the yoga instance: schema, context, GraphiQL (bundled, no CDN, served as small
// page + cached compressed files: graphiql-page.ts), error masking, incremental delivery (@defer, @stream),
// authentication (API tokens, or the anonymous admin of a gateway without tokens), trusted documents (persisted
// operations: persisted-operations.ts) and the query limits.
import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import { GraphQLError } from 'graphql';
import { createYoga, maskError, type YogaServerInstance } from 'graphql-yoga';
import { auditExportPlugin } from './audit-export.js';
import { GatewayError } from '../core/errors.js';
import { isStoreUnavailable } from '../store/unavailable.js';
import { type ApiTokenConfig, canSeeConnection } from '../core/access.js';
import { createLoaders } from '../graphql/loaders.js';
import type { Logger } from '../core/log.js';
import type { GatewayServices } from '../core/services.js';
import type { GraphQLContext } from '../graphql/builder.js';
import { schema } from '../graphql/schema.js';
import { requestIdOf, requestLogPlugin, yogaLogging } from './request-log.js';
import { responseCachePlugin } from './response-cache.js';
import { secretEchoPlugin } from './secret-echo.js';
import { type OperationsOptions, operationsPlugin } from '../ops/plugin.js';
import { authenticationPlugin, loopbackHostOnlyPlugin, requestAuthenticator } from './authentication.js';
import { bodyLimitPlugin } from './body-limit.js';
import { QUERY_LIMITS, queryLimitPlugins } from './query-limits.js';
import { requestParsingPlugin } from './request-parsing.js';
import { graphiqlPagePlugin } from './graphiql-page.js';
import { persistedOperationsPlugins, TrustedDocuments } from './persisted-operations.js';
import { consolePagePlugin } from './console-page.js';

export const DEFAULT_QUERY = `# Identity providers across every configured vendor
{
  identityProviders(first: 20) {
    edges {
      node {
        __typename
        ... on ManagedIdentityProvider { id vendor connectionId key displayName protocol enabled clientId hasClientSecret version }
      }
    }
    connectionErrors { connectionId message }
  }
}
`;

/** GraphiQL's default tab when tokens are required. */
export const TOKEN_BANNER = '# Every request needs an API token: put it in the Headers tab below as {"Authorization": "Bearer <token>"}.';

export interface GatewayOptions {
  services: GatewayServices;
  logger: Logger;
  /** The audit actor of the anonymous admin, when there are no tokens. */
  actor: string;
  /**
   * API tokens; every request needs one of them (401 otherwise). Absent or null: no tokens, every request is
   * the anonymous admin `actor` (the sandbox and tests; listenGateway allows that only on loopback).
   */
  tokens?: ApiTokenConfig[] | null;
  /** Production: "Did you mean ...?" suggestions cut from every error message. Default false. */
  production?: boolean;
  /** Serve the console on /console. Default true. */
  console?: boolean;
  /** Serve GraphiQL on GET /graphql (text/html). Default true. */
  graphiql?: boolean;
  /** Answer introspection (__schema, __type). Default true. */
  introspection?: boolean;
  /** Answer only requests addressed to a loopback host name (against DNS rebinding of the sandbox). */
  loopbackHostOnly?: boolean;
  graphiqlBanner?: string;
  /** /ready, /metrics, request metrics and traces (src/ops/plugin.ts): the metrics registry, the metrics token. */
  operations?: OperationsOptions;
  /** Trusted documents (loadTrustedDocuments): persisted operations by id, and whether other documents run. */
  persistedOperations?: TrustedDocuments;
}

export function createGateway(options: GatewayOptions): YogaServerInstance<Record<string, unknown>, GraphQLContext> {
  const { services, logger } = options;
  const authenticator = requestAuthenticator(options.tokens ?? null, options.actor);
  const principalOf = (request: Request) => {
    const result = authenticator.authenticate(request);
    return result.ok ? result.principal : null;
  };
  const banner = options.graphiqlBanner ?? (authenticator.anonymous ? undefined : TOKEN_BANNER);
  // Gateway errors are typed and already scrubbed: their messages help the caller. Anything else is masked.
  const maskUnlessTyped = (error: unknown, message: string, isDev: boolean | undefined): Error => {
    const original = error instanceof GraphQLError ? error.originalError : error;
    if (original instanceof GatewayError) {
      return new GraphQLError(services.secrets.scrub(original.message), {
        // Where it happened (a field of a larger answer), as the original error said.
        ...(error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : {}),
        extensions: { code: original.code, ...('vendorCode' in original ? { vendorCode: original.vendorCode } : {}) },
      });
    }
    // A database that did not answer is no bug: said as such, with a code a client can retry on.
    if (isStoreUnavailable(original)) {
      return new GraphQLError("The gateway's database did not answer; send the request again in a few seconds.", {
        ...(error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : {}),
        extensions: { code: 'STORE_UNAVAILABLE' },
      });
    }
    // yoga logs what this masks (see yogaLogging): an unexpected error at "error", its message scrubbed.
    return maskError(error, message, isDev);
  };
  return createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // Same origin only: no CORS headers, so a web page elsewhere cannot read answers (nor send JSON).
    cors: false,
    batching: false,
    // No file uploads in this schema: multipart requests are not parsed at all.
    multipart: false,
    // The body limit is bodyLimitPlugin's (the same answers, without a counting stream for every body).
    maxRequestBodySize: false,
    // GraphiQL is served by graphiqlPagePlugin below (a small page, its files compressed and cached), not by yoga.
    graphiql: false,
    plugins: [
      // GraphiQL's page and files (no data, no token needed): answered before everything else, as yoga's was.
      ...(options.graphiql === false
        ? []
        : [
            graphiqlPagePlugin({
              endpoint: '/graphql',
              graphiql: {
                title: 'IdP gateway',
                defaultQuery: banner ? `${banner}\n${DEFAULT_QUERY}` : DEFAULT_QUERY,
                ...(authenticator.anonymous ? {} : { headers: JSON.stringify({ Authorization: 'Bearer <your API token>' }, null, 2) }),
              },
            }),
          ]),
      // The console's page and files (console-page.ts): no data, no token needed, like GraphiQL's.
      ...(options.console === false ? [] : [consolePagePlugin({ graphqlEndpoint: '/graphql', tokenRequired: !authenticator.anonymous })]),
      // Then: every request gets its id and its log line, also one another plugin answers early (401, 413).
      requestLogPlugin(logger),
      secretEchoPlugin(services.secrets),
      ...(options.loopbackHostOnly ? [loopbackHostOnlyPlugin()] : []),
      // /ready (no token) and /metrics (its own access rule) are answered here, before the 401 below.
      operationsPlugin({ services, logger, authenticator, graphqlEndpoint: '/graphql' }, options.operations),
      // 401 before anything reads the request (GraphiQL's page and /health are answered before this).
      authenticationPlugin(authenticator),
      // GET /audit.jsonl (the audit trail as JSON Lines). Subscriptions need nothing here: yoga serves them
      // over SSE (GraphQL over SSE, "Accept: text/event-stream") out of the box.
      auditExportPlugin(services, logger, principalOf),
      // Persisted operations: after the 401, before everything that reads `params.query` (the response cache,
      // the query limits), so that a persisted document is cached and checked like any other.
      // Always on: the console's documents are persisted, whatever the config says (persisted-operations.ts).
      ...persistedOperationsPlugins(options.persistedOperations ?? new TrustedDocuments([], true)),
      ...queryLimitPlugins({ production: options.production ?? false, introspection: options.introspection ?? true }),
      // A POST no parser takes: a 415 that says what is accepted; a body that is not JSON: a 400 that does not
      // quote it. After the CSRF check (in queryLimitPlugins): a cross-site text/plain POST stays a 403.
      requestParsingPlugin(),
      bodyLimitPlugin(QUERY_LIMITS.maxBodyBytes),
      // @defer and @stream (the directives are in the schema already: graphql/build-schema.ts): the answer comes in
      // parts, as multipart/mixed ("Accept: multipart/mixed") or SSE ("Accept: text/event-stream").
      useDeferStream(),
      // Provider reads asked again within a second by the same caller, with nothing changed: from memory.
      responseCachePlugin({ snapshots: services.reader.cache, callerOf: (request) => principalOf(request)?.name ?? null }),
    ],
    context: ({ request }) => {
      const principal = principalOf(request);
      // The authentication plugin has answered every request without a caller; this is a second lock.
      if (!principal)
        throw new GraphQLError('Authentication required.', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
      return {
        actor: principal.name,
        principal,
        requestId: requestIdOf(request),
        services,
        loaders: createLoaders(services, (connectionId) => canSeeConnection(principal, connectionId)),
      };
    },
    logging: yogaLogging(logger),
    maskedErrors: {
      // Never a stack trace or an internal message, whatever NODE_ENV says.
      isDev: false,
      // Typed gateway errors as they are, anything else masked (maskUnlessTyped above); whatever goes out quotes
      // nothing of the request (withoutRequestQuote).
      maskError(error, message, isDev) {
        return withoutRequestQuote(maskUnlessTyped(error, message, isDev));
      },
    },
  });
}

/**
 * An error without yoga's `extensions.originalError` ({ name, message } of what yoga caught: JSON.parse's message
 * quotes the body it failed on). requestParsingPlugin (src/security.ts) already answers a body that is not JSON
 * without one; this drops it wherever else it would come from.
 */
function withoutRequestQuote(error: Error): Error {
  if (!(error instanceof GraphQLError) || error.extensions?.originalError === undefined) return error;
  const { originalError: _quoted, http, ...extensions } = error.extensions as Record<string, unknown> & { http?: Record<string, unknown> };
  // Its HTTP status without `http.spec`: yoga kept the status of a spec error only when it had an originalError.
  const status = typeof http?.status === 'number' ? { http: { status: http.status } } : {};
  return new GraphQLError(error.message, { nodes: error.nodes, path: error.path, extensions: { ...extensions, ...status } });
}
