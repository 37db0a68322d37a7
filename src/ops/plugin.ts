// The operations side of the gateway as one yoga plugin (src/server.ts puts it before authentication):
//   GET /ready    readiness (src/ops/readiness.ts): 200 or 503 with the failed checks; no token needed
//   GET /metrics  Prometheus text (src/ops/metrics.ts); see `metricsAccess` for who may read it
//   (GET /health, liveness, is yoga's own: 200, empty body, no token)
// and, for every request to the GraphQL endpoint, its metrics, its span (when tracing runs) and the
// operation scope its vendor calls are counted under.
import { context, type Span, SpanStatusCode } from '@opentelemetry/api';
import type { Plugin } from 'graphql-yoga';
import type { DocumentNode } from 'graphql';
import { type Principal, TokenAuthenticator } from '../core/access.js';
import type { Logger } from '../core/log.js';
import type { GatewayServices } from '../core/services.js';
import { requestIdOf } from '../http/request-log.js';
import type { RequestAuthenticator } from '../http/authentication.js';
import { operationLabel } from './graphql-operation.js';
import { type GraphQLOutcome, GatewayMetrics } from './metrics.js';
import { type OperationScope, runInOperation } from './operation-scope.js';
import { Readiness, type ReadinessOptions } from './readiness.js';
import { startRequestSpan } from './tracing.js';
import { instrumentVendorCalls } from './vendor-calls.js';

export const READY_PATH = '/ready';
export const METRICS_PATH = '/metrics';
/** The SHA-256 (hex) of a token that may read /metrics and nothing else. */
export const METRICS_TOKEN_ENV = 'IDP_GATEWAY_METRICS_TOKEN_SHA256';

export interface OperationsOptions {
  /** The gateway's metrics; default: new ones, in a registry of their own. */
  metrics?: GatewayMetrics;
  /** SHA-256 (64 hex digits) of the metrics-only token; default: IDP_GATEWAY_METRICS_TOKEN_SHA256, else none. */
  metricsTokenSha256?: string | null;
  readiness?: ReadinessOptions;
}

export interface OperationsDeps {
  services: GatewayServices;
  logger: Logger;
  authenticator: RequestAuthenticator;
  graphqlEndpoint: string;
}

interface GraphQLRequestRecord {
  startedAt: number;
  scope: OperationScope;
  type: string;
  outcome: GraphQLOutcome;
  span: Span | null;
}

export function operationsPlugin(deps: OperationsDeps, options: OperationsOptions = {}): Plugin {
  const { services, logger } = deps;
  const metrics =
    options.metrics ?? new GatewayMetrics({ db: services.db, connections: services.connections, snapshots: services.reader.cache, logger });
  const readiness = new Readiness({ db: services.db, connections: services.connections, logger }, options.readiness);
  const mayReadMetrics = metricsAccess(deps.authenticator, metricsTokenFrom(options));
  instrumentVendorCalls(services, metrics);
  const records = new WeakMap<Request, GraphQLRequestRecord>();
  const recordOf = (contextValue: unknown) => records.get((contextValue as { request: Request }).request);
  /** Notes the operation now; the returned hook notes its outcome from its result. */
  const tracked = (args: { contextValue: unknown; document: DocumentNode; operationName?: string | null }) => {
    const record = recordOf(args.contextValue);
    noteExecution(record, operationLabel(args.document, args.operationName));
    return ({ result }: { result: unknown }) => {
      if (record)
        record.outcome =
          result && typeof result === 'object' && 'errors' in result && (result as { errors?: unknown[] }).errors?.length
            ? 'error'
            : 'success';
    };
  };
  const noteExecution = (record: GraphQLRequestRecord | undefined, label: ReturnType<typeof operationLabel>) => {
    if (!record) return;
    record.scope.operation = label.operation;
    record.type = label.type;
    record.span?.updateName(`${label.type} ${label.name ?? label.operation}`);
    record.span?.setAttributes({
      'graphql.operation.type': label.type,
      ...(label.name ? { 'graphql.operation.name': label.name } : {}),
      'idp_gateway.operation': label.operation,
    });
  };

  return {
    instrumentation: {
      // Around the whole request, so that everything it causes (vendor calls included) runs in its scope and span.
      request({ request }, wrapped) {
        if (pathOf(request) !== deps.graphqlEndpoint) return wrapped();
        const traced = startRequestSpan(request, requestIdOf(request));
        const record: GraphQLRequestRecord = {
          startedAt: performance.now(),
          scope: { operation: 'none' },
          type: 'unknown',
          outcome: 'rejected',
          span: traced?.span ?? null,
        };
        records.set(request, record);
        const run = () => runInOperation(record.scope, wrapped);
        return traced ? context.with(traced.context, run) : run();
      },
    },
    async onRequest({ request, endResponse, fetchAPI }) {
      const path = pathOf(request);
      if (path !== READY_PATH && path !== METRICS_PATH) return;
      const answer = (status: number, body: string | null, headers: Record<string, string>) =>
        endResponse(
          new fetchAPI.Response(request.method === 'HEAD' ? null : body, { status, headers: { 'cache-control': 'no-store', ...headers } }),
        );
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        answer(405, JSON.stringify({ error: { code: 'METHOD_NOT_ALLOWED', message: `${path} answers GET and HEAD.` } }), {
          allow: 'GET, HEAD',
          'content-type': JSON_TYPE,
        });
        return;
      }
      if (path === READY_PATH) {
        const report = await readiness.report();
        answer(report.ready ? 200 : 503, JSON.stringify({ status: report.ready ? 'ready' : 'not ready', ...report }), {
          'content-type': JSON_TYPE,
        });
        return;
      }
      const access = mayReadMetrics(request);
      if (access !== 'ok') {
        const unauthenticated = access === 'unauthenticated';
        answer(
          unauthenticated ? 401 : 403,
          JSON.stringify({
            error: unauthenticated
              ? {
                  code: 'UNAUTHENTICATED',
                  message: 'Send "Authorization: Bearer <token>": an unrestricted admin token, or the metrics token.',
                }
              : { code: 'FORBIDDEN', message: 'Metrics need an admin token without a connections limit, or the metrics token.' },
          }),
          { 'content-type': JSON_TYPE, ...(unauthenticated ? { 'www-authenticate': 'Bearer realm="idp-gateway"' } : {}) },
        );
        return;
      }
      const { contentType, body } = await metrics.render();
      answer(200, body, { 'content-type': contentType });
    },
    onExecute({ args }) {
      return { onExecuteDone: tracked(args) };
    },
    onSubscribe({ args }) {
      return { onSubscribeResult: tracked(args) };
    },
    onResponse({ request, response }) {
      const record = records.get(request);
      if (!record) return;
      records.delete(request);
      const outcome: GraphQLOutcome = response.status >= 500 && record.outcome === 'success' ? 'error' : record.outcome;
      // GraphiQL's page (an HTML GET of the endpoint) is no GraphQL request.
      const page = response.headers.get('content-type')?.startsWith('text/html') ?? false;
      if (!page) {
        metrics.observeGraphQLRequest(
          { operation_type: record.type, operation: record.scope.operation, outcome },
          (performance.now() - record.startedAt) / 1000,
        );
      }
      if (record.span) {
        if (page) record.span.updateName('graphiql page');
        record.span.setAttributes({ 'http.response.status_code': response.status, 'idp_gateway.outcome': outcome });
        if (outcome !== 'success') record.span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
        record.span.end();
      }
    },
  };
}

/**
 * The operations options of a gateway whose services call vendors before the gateway exists (listenGateway
 * reconciles at start-up): its metrics, counting vendor calls from now on.
 */
export function startOperations(services: GatewayServices, logger: Logger): OperationsOptions {
  const metrics = new GatewayMetrics({ db: services.db, connections: services.connections, snapshots: services.reader.cache, logger });
  instrumentVendorCalls(services, metrics);
  return { metrics };
}

const JSON_TYPE = 'application/json; charset=utf-8';

function pathOf(request: Request): string {
  try {
    return new URL(request.url).pathname;
  } catch {
    return '';
  }
}

function metricsTokenFrom(options: OperationsOptions): string | null {
  const value = options.metricsTokenSha256 === undefined ? process.env[METRICS_TOKEN_ENV] || null : options.metricsTokenSha256;
  if (value !== null && !/^[0-9a-fA-F]{64}$/.test(value)) {
    throw new Error(
      `${METRICS_TOKEN_ENV} must be the 64 hex digits of the SHA-256 of the metrics token (the token itself is never configured).`,
    );
  }
  return value;
}

/**
 * Who may read /metrics (it names every connection): on a gateway without tokens (the loopback sandbox,
 * tests) anyone who reaches it; otherwise an admin token without a connections limit, or the metrics-only
 * token (IDP_GATEWAY_METRICS_TOKEN_SHA256), so that a scraper needs no admin rights.
 */
export function metricsAccess(
  authenticator: RequestAuthenticator,
  metricsTokenSha256: string | null,
): (request: Request) => 'ok' | 'unauthenticated' | 'forbidden' {
  const metricsToken = metricsTokenSha256
    ? new TokenAuthenticator([{ name: 'metrics', sha256: metricsTokenSha256.toLowerCase(), role: 'viewer' }])
    : null;
  const unrestrictedAdmin = (principal: Principal) => principal.role === 'admin' && principal.connections === null;
  return (request) => {
    if (authenticator.anonymous) return 'ok';
    if (metricsToken?.authenticate(request.headers.get('authorization')).ok) return 'ok';
    const result = authenticator.authenticate(request);
    if (!result.ok) return 'unauthenticated';
    return unrestrictedAdmin(result.principal) ? 'ok' : 'forbidden';
  };
}
