// The gateway's Prometheus metrics, in a registry of its own (never prom-client's global one: one process may
// run several gateways, as the tests do). Label values are bounded: vendor keys, connection ids from the
// config, schema root fields (src/ops/operation-scope.ts), HTTP status codes and the gateway's error codes.
//
//   idp_gateway_graphql_requests_total                 counter    operation_type, operation, outcome
//   idp_gateway_graphql_request_duration_seconds       histogram  operation_type, operation, outcome
//   idp_gateway_vendor_calls_total                     counter    vendor, operation, status
//   idp_gateway_vendor_call_duration_seconds           histogram  vendor, operation, status
//   idp_gateway_circuit_state                          gauge      connection, vendor, state (1 for the current state)
//   idp_gateway_circuit_consecutive_failures           gauge      connection, vendor
//   idp_gateway_vendor_requests_in_flight              gauge      (all connections; at most maxConcurrentVendorRequests)
//   idp_gateway_vendor_requests_waiting                gauge      (waiting for a slot of their connection or a global one)
//   idp_gateway_audit_pending_events                   gauge      (PENDING audit rows in the store; NaN when the
//                                                                 store does not answer within the scrape timeout)
//   process_*, nodejs_*                                prom-client's default metrics
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { count, eq } from 'drizzle-orm';
import type { ConnectionRegistry } from '../core/connections.js';
import type { Logger } from '../core/log.js';
import type { CircuitState } from '../core/vendor-http/circuit.js';
import type { Db } from '../store/open.js';
import { auditEvents } from '../store/tables.js';
import { BoundedProbe } from './bounded-probe.js';

/** How a GraphQL request ended: executed without errors, executed with errors, or refused before execution. */
export type GraphQLOutcome = 'success' | 'error' | 'rejected';

const CIRCUIT_STATES: readonly CircuitState[] = ['CLOSED', 'OPEN', 'HALF_OPEN'];
const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export interface MetricsDeps {
  db: Db;
  connections: ConnectionRegistry;
  logger?: Logger;
}

export interface MetricsOptions {
  /** The longest a scrape waits for the pending-audit count (default 1 s). */
  scrapeTimeoutMs?: number;
}

/** A counter and a duration histogram (in seconds) over the same labels: what is counted is also timed. */
function countedAndTimed<L extends string>(
  registers: Registry[],
  labelNames: L[],
  names: { counter: string; counterHelp: string; histogram: string; histogramHelp: string },
): [Counter<L>, Histogram<L>] {
  return [
    new Counter({ name: names.counter, help: names.counterHelp, labelNames, registers }),
    new Histogram({ name: names.histogram, help: names.histogramHelp, labelNames, buckets: SECONDS_BUCKETS, registers }),
  ];
}

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly graphqlRequests: Counter<'operation_type' | 'operation' | 'outcome'>;
  private readonly graphqlDuration: Histogram<'operation_type' | 'operation' | 'outcome'>;
  private readonly vendorCalls: Counter<'vendor' | 'operation' | 'status'>;
  private readonly vendorDuration: Histogram<'vendor' | 'operation' | 'status'>;

  constructor(deps: MetricsDeps, options: MetricsOptions = {}) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    [this.graphqlRequests, this.graphqlDuration] = countedAndTimed(registers, ['operation_type', 'operation', 'outcome'], {
      counter: 'idp_gateway_graphql_requests_total',
      counterHelp: 'GraphQL requests, by operation type, root field (operation) and outcome (success, error, rejected).',
      histogram: 'idp_gateway_graphql_request_duration_seconds',
      histogramHelp: 'Time from a GraphQL request to its response (to the start of the stream for a subscription).',
    });
    [this.vendorCalls, this.vendorDuration] = countedAndTimed(registers, ['vendor', 'operation', 'status'], {
      counter: 'idp_gateway_vendor_calls_total',
      counterHelp:
        'Vendor API calls, by vendor, gateway operation and final status (HTTP status, or TIMEOUT, UNAVAILABLE, CIRCUIT_OPEN, ...).',
      histogram: 'idp_gateway_vendor_call_duration_seconds',
      histogramHelp: 'Duration of a vendor API call, its retries and their waits included.',
    });
    const { connections } = deps;
    new Gauge({
      name: 'idp_gateway_circuit_state',
      help: 'Circuit breaker state of each connection on this instance: 1 for the current state, 0 for the others.',
      labelNames: ['connection', 'vendor', 'state'],
      registers,
      collect() {
        this.reset();
        for (const connection of connections.all()) {
          const current = connection.circuit.state;
          for (const state of CIRCUIT_STATES)
            this.set({ connection: connection.id, vendor: connection.vendor, state }, state === current ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: 'idp_gateway_circuit_consecutive_failures',
      help: 'Vendor calls in a row that failed, per connection on this instance.',
      labelNames: ['connection', 'vendor'],
      registers,
      collect() {
        this.reset();
        for (const connection of connections.all())
          this.set({ connection: connection.id, vendor: connection.vendor }, connection.circuit.consecutiveFailures);
      },
    });
    // The gateway-wide cap (core/vendor-http/request-limiter.ts): a queue that stays long means the cap is too low.
    new Gauge({
      name: 'idp_gateway_vendor_requests_in_flight',
      help: 'Vendor requests on the wire now, across all connections (at most maxConcurrentVendorRequests).',
      registers,
      collect() {
        this.set(connections.limiter.snapshot().inFlight);
      },
    });
    new Gauge({
      name: 'idp_gateway_vendor_requests_waiting',
      help: "Vendor requests waiting for a slot (their connection's maxConcurrency or maxConcurrentVendorRequests).",
      registers,
      collect() {
        this.set(connections.limiter.snapshot().waiting);
      },
    });
    const pending = new BoundedProbe(async () => {
      const [row] = await deps.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.status, 'PENDING'));
      return Number(row?.n ?? 0);
    }, options.scrapeTimeoutMs ?? 1_000);
    new Gauge({
      name: 'idp_gateway_audit_pending_events',
      help: 'Audit events still PENDING in the store (all instances sharing it); NaN when the store did not answer in time.',
      registers,
      async collect() {
        const outcome = await pending.run();
        if (!outcome.ok) deps.logger?.log('warn', 'metrics: pending audit events not counted', { reason: outcome.reason });
        this.set(outcome.ok ? outcome.value : Number.NaN);
      },
    });
  }

  observeGraphQLRequest(labels: { operation_type: string; operation: string; outcome: GraphQLOutcome }, seconds: number): void {
    this.graphqlRequests.inc(labels);
    this.graphqlDuration.observe(labels, seconds);
  }

  observeVendorCall(labels: { vendor: string; operation: string; status: string }, seconds: number): void {
    this.vendorCalls.inc(labels);
    this.vendorDuration.observe(labels, seconds);
  }

  /** The exposition (Prometheus text format 0.0.4). */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
