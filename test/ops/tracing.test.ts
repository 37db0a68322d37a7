// OpenTelemetry: without OTEL_EXPORTER_OTLP_ENDPOINT nothing starts; with it, a real gateway (listenGateway,
// real HTTP, the five emulators) sends its spans over OTLP/HTTP to a receiver on loopback: the request's
// span (continuing the caller's traceparent) and one per vendor call under it, with no secret in them. The
// reconciler's calls at start-up (a PENDING row left by a "crash") are counted and traced as "reconcile".
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenGateway, type RunningGateway } from '../../src/gateway.js';
import { createLogger } from '../../src/core/log.js';
import { SecretRegistry } from '../../src/core/secrets.js';
import { VENDOR_KEYS } from '../../src/vendors/index.js';
import { startRequestSpan, startTracing, tracesEndpoint, tracingActive } from '../../src/ops/tracing.js';
import { startSandbox, type Sandbox } from '../../src/emulation/sandbox.js';
import type { Store } from '../../src/store/open.js';
import { vendorModules } from '../../src/vendors/index.js';
import { insertCrashedPendingRow, STORE_KINDS } from '../support/stores.js';
import { parsePrometheusText, sumOf } from './prometheus-text.js';
import { TEST_READ_BUDGET_MS } from '../support/harness.js';

interface Received {
  method: string;
  path: string;
  contentType: string | undefined;
  body: string;
}

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Array<{ key: string; value: { stringValue?: string; intValue?: number | string } }>;
}

const SERVER = 2;
const CLIENT = 3;
const attribute = (span: OtlpSpan, key: string) => {
  const value = span.attributes.find((entry) => entry.key === key)?.value;
  return value?.stringValue ?? (value?.intValue === undefined ? undefined : Number(value.intValue));
};

describe('tracing off', () => {
  it('starts no SDK and makes no span without an endpoint', () => {
    expect(tracesEndpoint({})).toBeNull();
    expect(startTracing({})).toBeNull();
    expect(tracingActive()).toBe(false);
    expect(startRequestSpan(new Request('http://127.0.0.1/graphql'), 'id-1')).toBeNull();
    expect(tracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toBe('http://collector:4318/v1/traces');
    expect(tracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' })).toBeNull();
  });
});

describe('tracing to an OTLP/HTTP receiver', () => {
  let receiver: Server;
  const received: Received[] = [];
  let store: Store;
  let sandbox: Sandbox;
  let gateway: RunningGateway;
  const saved = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({
          method: req.method!,
          path: req.url!,
          contentType: req.headers['content-type'],
          body: Buffer.concat(chunks).toString('utf8'),
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
    [store, sandbox] = await Promise.all([STORE_KINDS[0]!.open(), startSandbox({})]);
    for (const connection of sandbox.config.connections) connection.readBudgetMs = TEST_READ_BUDGET_MS;
    await insertCrashedPendingRow(store.db, { actor: 'crashed', connectionId: 'whm-sandbox' });
    gateway = await listenGateway({
      config: sandbox.config,
      store,
      fingerprintKey: Buffer.from('tracing-test-fingerprint-key'),
      host: '127.0.0.1',
      port: 0,
      actor: 'sandbox',
      security: { tokens: null, production: false, graphiql: true, introspection: true },
      logger: createLogger(new SecretRegistry(), () => {}),
    });
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    else process.env.OTEL_EXPORTER_OTLP_ENDPOINT = saved;
    await sandbox?.close();
    await store?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it("exports the request span and a span per vendor call under it, continuing the caller's trace", async () => {
    expect(tracingActive()).toBe(true);
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpanId = '00f067aa0ba902b7';
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-${callerSpanId}-01` },
      body: JSON.stringify({
        query: 'query ListAll { identityProviders(first: 100, refresh: true) { edges { cursor } connectionErrors { connectionId } } }',
      }),
    });
    expect(response.status).toBe(200);
    const requestId = response.headers.get('x-request-id');
    const metrics = parsePrometheusText(await (await fetch(new URL('/metrics', gateway.url))).text());
    expect(sumOf(metrics, 'idp_gateway_vendor_calls_total', { vendor: 'cpanel', operation: 'reconcile' })).toBeGreaterThanOrEqual(1);
    await gateway.close(); // flushes the spans (the SDK's last user shuts it down)
    expect(tracingActive()).toBe(false);

    expect(received.length).toBeGreaterThanOrEqual(1);
    for (const request of received) {
      expect(request).toMatchObject({ method: 'POST', path: '/v1/traces' });
      expect(request.contentType).toMatch(/^application\/json/);
    }
    const exports = received.map((request) => JSON.parse(request.body));
    const serviceNames = exports.flatMap((body) =>
      body.resourceSpans.map((rs: any) => rs.resource.attributes.find((a: any) => a.key === 'service.name')?.value.stringValue),
    );
    expect(new Set(serviceNames)).toEqual(new Set(['idp-gateway']));
    const spans: OtlpSpan[] = exports.flatMap((body) =>
      body.resourceSpans.flatMap((rs: any) => rs.scopeSpans.flatMap((ss: any) => ss.spans)),
    );

    const server = spans.find((span) => span.kind === SERVER)!;
    expect(server).toMatchObject({ name: 'query ListAll', traceId, parentSpanId: callerSpanId });
    expect(attribute(server, 'graphql.operation.name')).toBe('ListAll');
    expect(attribute(server, 'idp_gateway.operation')).toBe('identityProviders');
    expect(attribute(server, 'idp_gateway.request_id')).toBe(requestId);
    expect(attribute(server, 'http.response.status_code')).toBe(200);

    const reconciling = spans.filter((span) => attribute(span, 'idp_gateway.operation') === 'reconcile');
    expect(reconciling.length).toBeGreaterThanOrEqual(1);
    for (const span of reconciling) expect(span).toMatchObject({ kind: CLIENT, name: 'cpanel GET' });
    expect(reconciling.map((span) => span.traceId)).not.toContain(traceId);

    const calls = spans.filter((span) => span.kind === CLIENT && span.traceId === traceId);
    expect(new Set(calls.map((span) => attribute(span, 'idp_gateway.vendor')))).toEqual(new Set(VENDOR_KEYS));
    for (const call of calls) {
      expect(call).toMatchObject({ traceId, parentSpanId: server.spanId });
      expect(call.name).toBe(`${attribute(call, 'idp_gateway.vendor')} ${attribute(call, 'http.request.method')}`);
      expect(attribute(call, 'http.response.status_code')).toBeGreaterThanOrEqual(200);
      expect(attribute(call, 'idp_gateway.operation')).toBe('identityProviders');
    }

    const everything = received.map((request) => request.body).join('\n');
    const secrets = sandbox.config.connections.flatMap((connection) => {
      const module = vendorModules.find((candidate) => candidate.vendor === connection.vendor)!;
      return [...module.connectionSecrets, ...(module.optionalConnectionSecrets ?? [])]
        .map((key) => connection[key])
        .filter((value): value is string => typeof value === 'string');
    });
    expect(secrets.length).toBeGreaterThanOrEqual(5);
    for (const secret of secrets) expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/authorization|x-auth-token|client_secret/i);
  });
});
