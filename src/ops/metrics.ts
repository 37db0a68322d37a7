// The gateway's Prometheus metrics, in a registry of its own (never prom-client's global one: one process may
// run several gateways, as the tests do). Label values are bounded: vendor keys, connection ids from the
// config, schema root fields (src/ops/operation-scope.ts), HTTP status codes and the gateway's error codes;
// the certificate gauge adds the providers' keys: a series per certificate held, as many as the estate has.
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
//   idp_gateway_certificate_expiry_timestamp_seconds   gauge      connection, provider, certificate (signing, chain[1], ...):
//                                                                 notAfter of each readable certificate of the providers'
//                                                                 snapshots (an unreadable one has no series)
//   idp_gateway_webhook_attempts_total                 counter    endpoint, outcome (delivered, retried, failed)
//   idp_gateway_webhook_oldest_undelivered_seconds     gauge      (age of the oldest event still to deliver; 0: none)
//   process_*, nodejs_*                                prom-client's default metrics
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { count, eq } from 'drizzle-orm';
import type { ConnectionRegistry } from '../core/connections.js';
import type { Logger } from '../core/log.js';
import type { SnapshotCache } from '../core/reads/snapshot-cache.js';
import { certificatesOf } from '../core/setup/certificates.js';
import type { VendorSetup } from '../core/vendor-contract/setup.js';
import type { CircuitState } from '../core/vendor-http/circuit.js';
import type { Db } from '../store/open.js';
import { listSnapshots, type Snapshot } from '../store/snapshots.js';
import { notificationQueueUsage } from '../store/notify.js';
import { oldestUndeliveredAgeSeconds } from '../store/outbox.js';
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
  /** The reader's snapshots in memory (services.reader.cache): the certificate gauge reads them before the store. */
  snapshots?: Pick<SnapshotCache, 'get'>;
}

export interface MetricsOptions {
  /** The longest a scrape waits for the store: the pending-audit count, the snapshots not in memory (default 1 s). */
  scrapeTimeoutMs?: number;
}

type CertificateLabels = 'connection' | 'provider' | 'certificate';

/** One certificate's series: its labels and its notAfter in seconds since the epoch. */
interface CertificateExpiry {
  labels: Record<CertificateLabels, string>;
  seconds: number;
}

/**
 * The notAfter of every readable certificate of the providers the gateway holds (their snapshots, from memory
 * where the reader has them, the rest in one query). Reading a certificate costs ~0.3 ms, 10 000 SAML providers
 * 3 s: each provider's are read again only when its snapshot's version changed since the last scrape.
 */
class CertificateExpiries {
  private byProvider = new Map<string, { version: string; expiries: CertificateExpiry[] }>();

  constructor(private readonly deps: MetricsDeps) {}

  async list(): Promise<CertificateExpiry[]> {
    const setups = new Map<string, VendorSetup>();
    for (const connection of this.deps.connections.all()) if (connection.setup) setups.set(connection.id, connection.setup);
    const snapshots: Snapshot[] = [];
    const missing: string[] = [];
    for (const id of setups.keys()) {
      const cached = this.deps.snapshots?.get(id);
      if (cached) for (const snapshot of cached.snapshots) snapshots.push(snapshot);
      else missing.push(id);
    }
    if (missing.length > 0) for (const snapshot of await listSnapshots(this.deps.db, missing)) snapshots.push(snapshot);
    const next = new Map<string, { version: string; expiries: CertificateExpiry[] }>();
    const expiries: CertificateExpiry[] = [];
    for (const snapshot of snapshots) {
      const id = `${snapshot.connectionId}\n${snapshot.provider.key}`;
      let known = this.byProvider.get(id);
      if (known?.version !== snapshot.version) known = { version: snapshot.version, expiries: this.read(snapshot, setups) };
      next.set(id, known);
      for (const expiry of known.expiries) expiries.push(expiry);
    }
    this.byProvider = next;
    return expiries;
  }

  private read(snapshot: Snapshot, setups: Map<string, VendorSetup>): CertificateExpiry[] {
    return certificatesOf(setups.get(snapshot.connectionId), snapshot.provider).flatMap((certificate, index) =>
      certificate.notAfter
        ? [
            {
              labels: {
                connection: snapshot.connectionId,
                provider: snapshot.provider.key,
                // As the configuration checks name them (certificate.signing, certificate.chain[1]).
                certificate: index === 0 ? 'signing' : `chain[${index}]`,
              },
              seconds: certificate.notAfter.getTime() / 1000,
            },
          ]
        : [],
    );
  }
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
  private readonly webhookAttempts: Counter<'endpoint' | 'outcome'>;

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
    this.webhookAttempts = new Counter({
      name: 'idp_gateway_webhook_attempts_total',
      help: 'Webhook delivery attempts by endpoint and outcome: delivered, retried (failed, tried again later), failed (given up).',
      labelNames: ['endpoint', 'outcome'],
      registers,
    });
    const storeGauge = (name: string, help: string, read: () => Promise<number>) => {
      const probe = new BoundedProbe(read, options.scrapeTimeoutMs ?? 1_000);
      new Gauge({
        name,
        help: `${help}; NaN when the store did not answer in time.`,
        registers,
        async collect() {
          const outcome = await probe.run();
          this.set(outcome.ok ? outcome.value : Number.NaN);
        },
      });
    };
    storeGauge(
      'idp_gateway_webhook_oldest_undelivered_seconds',
      'Age of the oldest event not yet delivered to every endpoint it goes to (0: none waiting)',
      () => oldestUndeliveredAgeSeconds(deps.db),
    );
    storeGauge(
      'idp_gateway_notify_queue_usage_ratio',
      "How full the database's NOTIFY queue is (0 to 1; 0 on PGlite); full, it fails every change",
      () => notificationQueueUsage(deps.db),
    );
    const certificates = new CertificateExpiries(deps);
    const expiries = new BoundedProbe(() => certificates.list(), options.scrapeTimeoutMs ?? 1_000);
    new Gauge({
      name: 'idp_gateway_certificate_expiry_timestamp_seconds',
      help: "When each X.509 certificate a vendor holds for a provider expires (notAfter, seconds since the epoch), from the gateway's snapshots.",
      labelNames: ['connection', 'provider', 'certificate'],
      registers,
      async collect() {
        const outcome = await expiries.run();
        // Kept as last scraped when the store does not answer: an expiry does not move, and an alert on it must not flap.
        if (!outcome.ok) {
          deps.logger?.log('warn', 'metrics: certificate expiries not read', { reason: outcome.reason });
          return;
        }
        this.reset();
        for (const expiry of outcome.value) this.set(expiry.labels, expiry.seconds);
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

  observeWebhookAttempt(endpoint: string, outcome: 'delivered' | 'retried' | 'failed'): void {
    this.webhookAttempts.inc({ endpoint, outcome });
  }

  /** The exposition (Prometheus text format 0.0.4). */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
