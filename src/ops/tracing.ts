// OpenTelemetry traces, only when OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set:
// then one SDK per process exports spans over OTLP/HTTP (JSON bodies) to `<endpoint>/v1/traces` (the traces
// variable is taken as the full URL). Without it no SDK starts, and the gateway creates no span at all.
//
// Spans: one per GraphQL request (SERVER, named "<type> <operation name or root field>", continuing a caller's
// W3C traceparent) and one per vendor call (CLIENT, "<vendor> <METHOD>", with the status; its path scrubbed
// of secrets, never headers, bodies or query strings). The audit event's request id is an attribute of the
// request span, so a trace, a log line and an audit row can be found from one another.
import { createRequire } from 'node:module';
import { context, type Context, propagation, type Span, SpanKind, SpanStatusCode, trace, type TextMapGetter } from '@opentelemetry/api';
import type * as OtlpHttp from '@opentelemetry/exporter-trace-otlp-http';
import type * as Resources from '@opentelemetry/resources';
import type * as TraceNode from '@opentelemetry/sdk-trace-node';
import type { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVICE_NAME,
  ATTR_URL_PATH,
} from '@opentelemetry/semantic-conventions';
import type { SecretRegistry } from '../core/secrets.js';
import type { VendorCallEvent } from '../core/vendor-http/client.js';

const TRACER_NAME = 'idp-gateway';

// The SDK (~100 modules: a third of the gateway's start-up module loading) is required only when tracing is
// on. These packages are CommonJS (no "exports"; an ESM import loads the same files), so a synchronous
// require gives the very modules a static import would, and the global API registration they share.
const require = createRequire(import.meta.url);

let running: { provider: NodeTracerProvider; users: number } | null = null;

export interface Tracing {
  /** Flushes the spans; the last user of the process's SDK also shuts it down. */
  shutdown(): Promise<void>;
}

/** Where spans go, from the environment; null: tracing is off. */
export function tracesEndpoint(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.OTEL_SDK_DISABLED?.toLowerCase() === 'true') return null;
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) return `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`;
  return null;
}

/** Starts the process's tracing SDK when the environment asks for it (null otherwise); one SDK per process. */
export function startTracing(env: NodeJS.ProcessEnv = process.env): Tracing | null {
  const url = tracesEndpoint(env);
  if (!url) return null;
  if (!running) {
    const { detectResources, envDetector, resourceFromAttributes } = require('@opentelemetry/resources') as typeof Resources;
    const { BatchSpanProcessor, NodeTracerProvider } = require('@opentelemetry/sdk-trace-node') as typeof TraceNode;
    const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof OtlpHttp;
    const resource = detectResources({ detectors: [envDetector] }).merge(
      resourceFromAttributes({ [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME || TRACER_NAME }),
    );
    const provider = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))] });
    // The AsyncLocalStorage context manager (spans follow async work) and the W3C propagator.
    provider.register();
    running = { provider, users: 0 };
  }
  const current = running;
  current.users += 1;
  let stopped = false;
  return {
    async shutdown() {
      if (stopped) return;
      stopped = true;
      current.users -= 1;
      if (current.users > 0) return current.provider.forceFlush();
      if (running === current) running = null;
      await current.provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/** True while an SDK runs: without one, nothing here creates a span. */
export function tracingActive(): boolean {
  return running !== null;
}

const headerGetter: TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
};

/** The span of one GraphQL request and the context to run it in (null when tracing is off). */
export function startRequestSpan(request: Request, requestId: string): { span: Span; context: Context } | null {
  if (!running) return null;
  const parent = propagation.extract(context.active(), request.headers, headerGetter);
  const span = trace.getTracer(TRACER_NAME).startSpan(
    'graphql',
    {
      kind: SpanKind.SERVER,
      attributes: {
        [ATTR_HTTP_REQUEST_METHOD]: request.method,
        [ATTR_URL_PATH]: new URL(request.url).pathname,
        'idp_gateway.request_id': requestId,
      },
    },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}

/** A finished vendor call as a span under the current one (the request that caused it). */
export function recordVendorCallSpan(event: VendorCallEvent, operation: string, secrets: SecretRegistry): void {
  if (!running) return;
  const span = trace.getTracer(TRACER_NAME).startSpan(
    `${event.vendor} ${event.method}`,
    {
      kind: SpanKind.CLIENT,
      startTime: event.startedAt,
      attributes: {
        [ATTR_HTTP_REQUEST_METHOD]: event.method,
        [ATTR_URL_PATH]: secrets.scrub(event.path),
        'idp_gateway.vendor': event.vendor,
        'idp_gateway.operation': operation,
        'idp_gateway.vendor_status': String(event.status),
        ...(typeof event.status === 'number' ? { [ATTR_HTTP_RESPONSE_STATUS_CODE]: event.status } : {}),
      },
    },
    context.active(),
  );
  if (typeof event.status !== 'number' || event.status >= 500 || event.status === 429) {
    span.setAttribute(ATTR_ERROR_TYPE, String(event.status));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end(event.startedAt + event.durationMs);
}
