// createGateway(services) -> the yoga instance: schema, context, GraphiQL (bundled, no CDN), error masking.
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { GraphQLError } from 'graphql';
import { createYoga, maskError, type YogaServerInstance } from 'graphql-yoga';
import { auditExportPlugin } from './audit-export.js';
import { GatewayError } from './core/errors.js';
import { createLoaders } from './core/loaders.js';
import type { Logger } from './core/log.js';
import type { GatewayServices } from './core/services.js';
import type { GraphQLContext } from './graphql/builder.js';
import { schema } from './graphql/schema.js';

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

export interface GatewayOptions {
  services: GatewayServices;
  logger: Logger;
  /** Who the audit trail names for requests (until API tokens exist, one name per instance). */
  actor: string;
  graphiqlBanner?: string;
}

export function createGateway(options: GatewayOptions): YogaServerInstance<Record<string, unknown>, GraphQLContext> {
  const { services, logger } = options;
  return createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // GET /audit.jsonl (the audit trail as JSON Lines). Subscriptions need nothing here: yoga serves them
    // over SSE (GraphQL over SSE, "Accept: text/event-stream") out of the box.
    plugins: [auditExportPlugin(services, logger)],
    context: () => ({ actor: options.actor, services, loaders: createLoaders(services) }),
    graphiql: {
      title: 'IdP gateway',
      defaultQuery: options.graphiqlBanner ? `${options.graphiqlBanner}\n${DEFAULT_QUERY}` : DEFAULT_QUERY,
    },
    renderGraphiQL,
    logging: {
      debug: () => {},
      info: (...args) => logger.log('info', args.map(String).join(' ')),
      warn: (...args) => logger.log('warn', args.map(String).join(' ')),
      error: (...args) => logger.log('error', args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ')),
    },
    maskedErrors: {
      // Gateway errors are typed and already scrubbed: their messages help the caller. Anything else is masked.
      maskError(error, message, isDev) {
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (original instanceof GatewayError) {
          return new GraphQLError(services.secrets.scrub(original.message), {
            extensions: { code: original.code, ...('vendorCode' in original ? { vendorCode: original.vendorCode } : {}) },
          });
        }
        if (original) logger.log('error', 'unexpected error in a resolver', { error: original instanceof Error ? original.message : String(original) });
        return maskError(error, message, isDev);
      },
    },
  });
}
