// Wires the gateway together: store, fingerprints, connections, reader, pipeline, HTTP server.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, type GatewayConfig, type OutboundFetchConfig } from './config.js';
import type { OutboundFetcher } from './core/outbound/fetcher.js';
import { createGuardedFetcher } from './core/outbound/guarded-fetch.js';
import { tellHealthChanges } from './core/events/health-events.js';
import { WebhookDispatcher } from './core/events/webhook-dispatcher.js';
import { AuditFeed } from './core/audit/feed.js';
import { AuditLog } from './core/audit/log.js';
import { Cluster } from './core/audit/cluster.js';
import { SnapshotCache } from './core/reads/snapshot-cache.js';
import { ConnectionRegistry } from './core/connections.js';
import { createLogger, type Logger } from './core/log.js';
import { MutationPipeline } from './core/mutations/pipeline.js';
import { startReconciler } from './core/mutations/reconciler.js';
import { startGatewayJobs } from './core/scheduling/gateway-jobs.js';
import { getAuditEvent, markInterruptedByShutdown } from './store/audit.js';
import { forgetOtherInstances } from './store/instances.js';
import { InstanceLease, leaseMsFromEnv } from './core/mutations/instance-lease.js';
import { ProviderReader } from './core/reads/provider-reader.js';
import { Fingerprinter, type SecretRegistry } from './core/secrets.js';
import type { GatewayServices } from './core/services.js';
import { isLoopbackHost } from './core/inputs/loopback.js';
import type { SecuritySettings } from './http/security-settings.js';
import { createGateway } from './http/server.js';
import { loadTrustedDocuments } from './http/persisted-operations.js';
import { RECONCILE_OPERATION, runInOperation } from './ops/operation-scope.js';
import type { GatewayMetrics } from './ops/metrics.js';
import { startOperations } from './ops/plugin.js';
import { startTracing } from './ops/tracing.js';
import type { Store } from './store/open.js';
import { vendorModules, vendorSecretRegistry } from './vendors/index.js';

export interface ServicesOptions {
  config: GatewayConfig;
  store: Store;
  fingerprintKey: Buffer;
  secrets?: SecretRegistry;
  idempotencyWaitMs?: number;
  /** This instance's lease in the store (default IDP_GATEWAY_LEASE_MS, 30 s). */
  leaseMs?: number;
}

export function createServices(options: ServicesOptions): GatewayServices {
  const secrets = options.secrets ?? vendorSecretRegistry();
  const fingerprinter = new Fingerprinter(options.fingerprintKey);
  // One cap on vendor requests in flight across all connections (core/vendor-http/request-limiter.ts).
  const connections = new ConnectionRegistry(
    options.config.connections,
    vendorModules,
    { fingerprinter, secrets },
    { maxConcurrentVendorRequests: options.config.maxConcurrentVendorRequests },
  );
  const db = options.store.db;
  const auditFeed = new AuditFeed();
  const cluster = options.store.channel ? new Cluster(options.store.channel) : null;
  const auditLog = new AuditLog(auditFeed, cluster ?? undefined);
  const cache = new SnapshotCache();
  // Every gateway write saves its snapshot before it finishes its audit row: a finished row, of this
  // instance or another, means the connection's cached snapshots may be old.
  auditFeed.watch((row) => {
    if (row.finishedAt) cache.drop(row.connectionId);
  });
  const lease = new InstanceLease(db, options.leaseMs ?? leaseMsFromEnv(), { heard: cluster !== null });
  // A lease that ran out was gone from the others' view: what they wrote meanwhile was not announced to this one.
  lease.onNewId = () => cache.dropAll();
  const reader = new ProviderReader(db, secrets, {
    auditLog,
    cache,
    syncedMessage: cluster ? (id) => ({ message: cluster.syncedMessage(id), senderLease: lease.id }) : undefined,
  });
  const fetcher = outboundFetcher(options.config.outboundFetch);
  // Settles with the failure rather than rejecting: a store closed before LISTEN was up is no unhandled error.
  const clusterReady: Promise<Error | null> = cluster
    ? cluster
        .start({
          auditRow: (row) => auditFeed.publish(row),
          auditRowId: (id, status) =>
            void getAuditEvent(db, id).then(
              // A row that moved on since (a PENDING row read once final) is told by its own later message.
              (row) => row && (status === null || row.status === status) && auditFeed.publish(row),
              () => cache.dropAll(),
            ),
          synced: (connectionId) => cache.drop(connectionId),
          resync: () => cache.dropAll(),
        })
        // Listening, then the lease: the others announce their writes only while another instance's lease lives
        // (store/notify.ts), so an instance is heard from once its lease is in.
        .then(() => lease.ready())
        .then(
          () => null,
          (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
        )
    : Promise.resolve(null);
  return {
    db,
    connections,
    fingerprinter,
    secrets,
    auditFeed,
    auditLog,
    reader,
    cluster,
    clusterReady,
    lease,
    fetcher,
    pipeline: new MutationPipeline({
      db,
      locks: options.store.locks,
      lease,
      auditLog,
      connections,
      fingerprinter,
      secrets,
      snapshots: cache,
      idempotencyWaitMs: options.idempotencyWaitMs,
      fetcher,
    }),
  };
}

/** The guarded fetcher the config describes; a trusted-certificate file that cannot be read stops the start, naming it. */
function outboundFetcher(config: OutboundFetchConfig = {}): OutboundFetcher {
  const trustedCertificates = (config.trustedCertificates ?? []).map(({ file }, index) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new ConfigError(
        [`outboundFetch.trustedCertificates.${index}.file: cannot read ${file} (${(error as Error).message})`],
        'the config',
      );
    }
  });
  return createGuardedFetcher({ ...config, trustedCertificates });
}

export interface RunningGateway {
  url: string;
  services: GatewayServices;
  logger: Logger;
  /**
   * Graceful stop: take no new connections or mutations, let running mutations finish for up to
   * `deadlineMs`, mark the audit rows of those that could not (they stay PENDING for reconciliation).
   */
  close(options?: { deadlineMs?: number }): Promise<void>;
}

export interface ListenOptions extends ServicesOptions {
  host: string;
  port: number;
  /** The audit actor of the anonymous admin (no tokens). */
  actor: string;
  /** Tokens, production switch, GraphiQL, introspection (src/security.ts securitySettings). */
  security: SecuritySettings;
  graphiqlBanner?: string;
  logger?: Logger;
}

/**
 * The webhook dispatcher, started. Without webhooks it only empties the outbox now and then (the database writes
 * the events of audit rows whatever the config), and no health events are written. `operations`: the metrics
 * its attempts are counted in, and the clock of its attempts (tests move it).
 */
export function startWebhooks(
  config: GatewayConfig,
  services: GatewayServices,
  logger: Logger,
  operations: { metrics?: GatewayMetrics; now?: () => Date } = {},
): WebhookDispatcher {
  const endpoints = config.webhooks ?? [];
  // The signing secrets are scrubbed from logs and errors like the vendors' (the key part on its own too).
  for (const endpoint of endpoints) {
    services.secrets.add(endpoint.secret);
    services.secrets.add(endpoint.secret.slice('whsec_'.length));
  }
  const dispatcher = new WebhookDispatcher({
    db: services.db,
    endpoints,
    settings: config.webhookDelivery,
    logger,
    onAttempt: (endpoint, outcome) => operations.metrics?.observeWebhookAttempt(endpoint, outcome),
    now: operations.now,
  });
  // The outbox row of a finished audit row is committed with it: by the time the feed tells of the row, it is there.
  services.auditFeed.watch((row) => {
    if (row.finishedAt) dispatcher.nudge();
  });
  if (endpoints.length > 0) tellHealthChanges(services.db, services.connections, services.lease.id, logger);
  dispatcher.start();
  return dispatcher;
}

export async function listenGateway(options: ListenOptions): Promise<RunningGateway> {
  const { security } = options;
  // A second lock behind securitySettings: no anonymous admin beyond loopback, however the gateway is started.
  if (security.tokens === null && !isLoopbackHost(options.host)) {
    throw new Error(`Refusing to serve without API tokens on ${options.host}: only loopback may have the anonymous admin.`);
  }
  // Trusted documents: a manifest that cannot be read or does not check out stops the start here (ConfigError).
  const persistedOperations = options.config.persistedOperations ? loadTrustedDocuments(options.config.persistedOperations) : undefined;
  const services = createServices(options);
  const logger = options.logger ?? createLogger(services.secrets);
  if (services.cluster) services.cluster.logger = logger;
  services.lease.logger = logger;
  services.pipeline.logger = logger;
  services.reader.logger = logger;
  // Listening before serving: a change another instance makes from now on reaches this one's cache and feed.
  const notListening = await services.clusterReady;
  if (notListening) throw new Error(`Could not LISTEN for the other gateway instances' changes: ${notListening.message}`);
  const { lease } = services;
  // The lease first: the reconciler below takes only rows whose owner's lease ran out, never this instance's.
  await lease.ready();
  // PGlite belongs to this one process (a folder lock): every instance recorded before it is gone.
  if (options.store.kind === 'pglite') await forgetOtherInstances(services.db, lease.id);
  // OpenTelemetry only when OTEL_EXPORTER_OTLP_ENDPOINT is set (src/ops/tracing.ts).
  const tracing = startTracing();
  // Metrics first: they count the vendor calls of the start-up reconciliation too.
  const operations = startOperations(services, logger);
  // The reconciler's vendor calls, now and on its timer, are counted under the operation "reconcile".
  const stopReconciler = await runInOperation(RECONCILE_OPERATION, () =>
    startReconciler(
      { db: services.db, connections: services.connections, auditLog: services.auditLog, logger },
      // A dead owner's rows wait one more lease after it ran out: its last vendor calls may still be landing.
      { graceMs: lease.leaseMs, intervalMs: lease.reconcileIntervalMs },
    ),
  );
  // Events to the configured webhooks (core/events): looked at on a timer and as soon as this instance finishes a change.
  const webhooks = startWebhooks(options.config, services, logger, operations);
  // Scheduled drift checks and certificate notices (core/scheduling/gateway-jobs.ts), each run by one instance per
  // period; their vendor calls are counted under the operation "scheduled".
  const stopScheduledWork = runInOperation('scheduled', () =>
    startGatewayJobs({
      services,
      certificateNoticeIntervalSeconds: options.config.certificateNoticeIntervalSeconds,
      logger,
      onNotices: () => webhooks?.nudge(),
    }),
  );
  const yoga = createGateway({
    services,
    logger,
    actor: options.actor,
    tokens: security.tokens,
    production: security.production,
    graphiql: security.graphiql,
    introspection: security.introspection,
    loopbackHostOnly: security.tokens === null,
    graphiqlBanner: options.graphiqlBanner,
    operations,
    persistedOperations,
  });
  const server: Server = createServer(yoga);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/graphql`,
    services,
    logger,
    async close({ deadlineMs = 10_000 } = {}) {
      stopReconciler();
      await stopScheduledWork();
      await webhooks?.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const started = Date.now();
      const { finished, unfinishedAuditIds } = await services.pipeline.inFlight.drain(deadlineMs);
      // Finished changes whose rows still wait for the database get what is left of the deadline.
      const unwritten = await services.pipeline.retries.drain(Math.max(0, deadlineMs - (Date.now() - started)));
      // Give the answers of the mutations that just finished a moment to reach their clients.
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1_000))]);
      server.closeAllConnections();
      await closed;
      // Confirmations of unchanged lists that follow their answers: in the store before it closes.
      await services.reader.settled(Math.max(0, deadlineMs - (Date.now() - started)));
      if (finished) {
        await services.connections.close();
      } else {
        // Vendor calls still running are left alone (aborting them would end their rows UNKNOWN): the rows
        // stay PENDING, marked, and are reconciled against the vendor once this instance's lease has ended.
        await markInterruptedByShutdown(services.db, unfinishedAuditIds).catch(() => {});
        logger.log('warn', 'shutdown deadline reached: unfinished changes left for reconciliation', { auditEventIds: unfinishedAuditIds });
      }
      if (unwritten)
        logger.log('warn', 'shutdown with changes whose audit rows the database did not take: they are reconciled from the vendor', {
          count: unwritten,
        });
      // Ending the lease lets another instance (or the next start) reconcile what is left at once.
      await lease.stop();
      await tracing?.shutdown();
    },
  };
}
