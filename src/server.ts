// createGateway(services) -> the yoga instance: schema, context, GraphiQL (bundled, no CDN), error masking,
// authentication (API tokens, or the anonymous admin of a gateway without tokens) and the query limits.
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { GraphQLError } from 'graphql';
import { createYoga, maskError, type YogaServerInstance } from 'graphql-yoga';
import { auditExportPlugin } from './audit-export.js';
import { GatewayError } from './core/errors.js';
import { type ApiTokenConfig, canSeeConnection } from './core/access.js';
import { createLoaders } from './core/loaders.js';
import type { Logger } from './core/log.js';
import type { GatewayServices } from './core/services.js';
import type { GraphQLContext } from './graphql/builder.js';
import { schema } from './graphql/schema.js';
import { requestIdOf, requestLogPlugin, yogaLogging } from './request-log.js';
import { responseCachePlugin } from './response-cache.js';
import { secretEchoPlugin } from './secret-echo.js';
import { type OperationsOptions, operationsPlugin } from './ops/plugin.js';
import { authenticationPlugin, loopbackHostOnlyPlugin, QUERY_LIMITS, queryLimitPlugins, requestAuthenticator } from './security.js';

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
export const TOKEN_BANNER =
  '# Every request needs an API token: put it in the Headers tab below as {"Authorization": "Bearer <token>"}.';

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
  /** Production: field suggestions masked. Default false. */
  production?: boolean;
  /** Serve GraphiQL on GET /graphql (text/html). Default true. */
  graphiql?: boolean;
  /** Answer introspection (__schema, __type). Default true. */
  introspection?: boolean;
  /** Answer only requests addressed to a loopback host name (against DNS rebinding of the sandbox). */
  loopbackHostOnly?: boolean;
  graphiqlBanner?: string;
  /** /ready, /metrics, request metrics and traces (src/ops/plugin.ts): the metrics registry, the metrics token. */
  operations?: OperationsOptions;
}

export function createGateway(options: GatewayOptions): YogaServerInstance<Record<string, unknown>, GraphQLContext> {
  const { services, logger } = options;
  const authenticator = requestAuthenticator(options.tokens ?? null, options.actor);
  const principalOf = (request: Request) => {
    const result = authenticator.authenticate(request);
    return result.ok ? result.principal : null;
  };
  const banner = options.graphiqlBanner ?? (authenticator.anonymous ? undefined : TOKEN_BANNER);
  return createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // Same origin only: no CORS headers, so a web page elsewhere cannot read answers (nor send JSON).
    cors: false,
    batching: false,
    // No file uploads in this schema: multipart requests are not parsed at all.
    multipart: false,
    maxRequestBodySize: QUERY_LIMITS.maxBodyBytes,
    plugins: [
      // First: every request gets its id and its log line, also one another plugin answers early (401, 413).
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
      ...queryLimitPlugins({ production: options.production ?? false, introspection: options.introspection ?? true }),
      // Provider reads asked again within a second by the same caller, with nothing changed: from memory.
      responseCachePlugin({ schema, snapshots: services.reader.cache, callerOf: (request) => principalOf(request)?.name ?? null }),
    ],
    context: ({ request }) => {
      const principal = principalOf(request);
      // The authentication plugin has answered every request without a caller; this is a second lock.
      if (!principal) throw new GraphQLError('Authentication required.', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
      return {
        actor: principal.name,
        principal,
        requestId: requestIdOf(request),
        services,
        loaders: createLoaders(services, (connectionId) => canSeeConnection(principal, connectionId)),
      };
    },
    graphiql:
      options.graphiql === false
        ? false
        : {
            title: 'IdP gateway',
            defaultQuery: banner ? `${banner}\n${DEFAULT_QUERY}` : DEFAULT_QUERY,
            ...(authenticator.anonymous ? {} : { headers: JSON.stringify({ Authorization: 'Bearer <your API token>' }, null, 2) }),
          },
    renderGraphiQL,
    logging: yogaLogging(logger),
    maskedErrors: {
      // Never a stack trace or an internal message, whatever NODE_ENV says.
      isDev: false,
      // Gateway errors are typed and already scrubbed: their messages help the caller. Anything else is masked.
      maskError(error, message, isDev) {
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (original instanceof GatewayError) {
          return new GraphQLError(services.secrets.scrub(original.message), {
            // Where it happened (a field of a larger answer), as the original error said.
            ...(error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : {}),
            extensions: { code: original.code, ...('vendorCode' in original ? { vendorCode: original.vendorCode } : {}) },
          });
        }
        // yoga logs what this masks (see yogaLogging): an unexpected error at "error", its message scrubbed.
        return maskError(error, message, isDev);
      },
    },
  });
}
