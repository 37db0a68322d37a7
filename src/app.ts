// Wires the gateway together: store, fingerprints, connections, reader, pipeline, HTTP server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewayConfig } from './config.js';
import { AuditFeed } from './core/audit-feed.js';
import { AuditLog } from './core/audit-log.js';
import { Cluster } from './core/cluster.js';
import { SnapshotCache } from './core/snapshot-cache.js';
import { ConnectionRegistry } from './core/connections.js';
import { createLogger, type Logger } from './core/log.js';
import { MutationPipeline } from './core/pipeline.js';
import { startReconciler } from './core/reconciler.js';
import { getAuditEvent, markInterruptedByShutdown } from './store/audit.js';
import { ProviderReader } from './core/provider-reader.js';
import { Fingerprinter, SecretRegistry } from './core/secrets.js';
import type { GatewayServices } from './core/services.js';
import { isLoopbackHost, type SecuritySettings } from './security.js';
import { createGateway } from './server.js';
import { RECONCILE_OPERATION, runInOperation } from './ops/operation-scope.js';
import { startOperations } from './ops/plugin.js';
import { startTracing } from './ops/tracing.js';
import type { Store } from './store/open.js';
import { vendorModules } from './vendors/index.js';

export interface ServicesOptions {
  config: GatewayConfig;
  store: Store;
  fingerprintKey: Buffer;
  secrets?: SecretRegistry;
  idempotencyWaitMs?: number;
}

export function createServices(options: ServicesOptions): GatewayServices {
  const secrets = options.secrets ?? new SecretRegistry();
  const fingerprinter = new Fingerprinter(options.fingerprintKey);
  const connections = new ConnectionRegistry(options.config.connections, vendorModules, { fingerprinter, secrets });
  const db = options.store.db;
  const auditFeed = new AuditFeed();
  const cluster = options.store.channel ? new Cluster(options.store.channel) : null;
  const auditLog = new AuditLog(auditFeed, cluster ? (row) => cluster.publishAuditRow(row) : undefined);
  const cache = new SnapshotCache();
  // Every gateway write saves its snapshot before it finishes its audit row: a finished row, of this
  // instance or another, means the connection's cached snapshots may be old.
  auditFeed.watch((row) => {
    if (row.finishedAt) cache.drop(row.connectionId);
  });
  const reader = new ProviderReader(db, secrets, { auditLog, cache, onSynced: cluster ? (id) => cluster.publishSynced(id) : undefined });
  // Settles with the failure rather than rejecting: a store closed before LISTEN was up is no unhandled error.
  const clusterReady: Promise<Error | null> = cluster
    ? cluster
        .start({
          auditRow: (row) => auditFeed.publish(row),
          auditRowId: (id) => void getAuditEvent(db, id).then((row) => row && auditFeed.publish(row), () => cache.dropAll()),
          synced: (connectionId) => cache.drop(connectionId),
          resync: () => cache.dropAll(),
        })
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
    pipeline: new MutationPipeline({ db, locks: options.store.locks, auditLog, connections, fingerprinter, secrets, snapshots: cache, idempotencyWaitMs: options.idempotencyWaitMs }),
  };
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

export async function listenGateway(options: ListenOptions): Promise<RunningGateway> {
  const { security } = options;
  // A second lock behind securitySettings: no anonymous admin beyond loopback, however the gateway is started.
  if (security.tokens === null && !isLoopbackHost(options.host)) {
    throw new Error(`Refusing to serve without API tokens on ${options.host}: only loopback may have the anonymous admin.`);
  }
  const services = createServices(options);
  const logger = options.logger ?? createLogger(services.secrets);
  if (services.cluster) services.cluster.logger = logger;
  // Listening before serving: a change another instance makes from now on reaches this one's cache and feed.
  const notListening = await services.clusterReady;
  if (notListening) throw new Error(`Could not LISTEN for the other gateway instances' changes: ${notListening.message}`);
  const reconcileAfterMs = Number(process.env.IDP_GATEWAY_RECONCILE_AFTER_MS ?? 5 * 60_000);
  // OpenTelemetry only when OTEL_EXPORTER_OTLP_ENDPOINT is set (src/ops/tracing.ts).
  const tracing = startTracing();
  // Metrics first: they count the vendor calls of the start-up reconciliation too.
  const operations = startOperations(services, logger);
  // The reconciler's vendor calls, now and on its timer, are counted under the operation "reconcile".
  const stopReconciler = await runInOperation(RECONCILE_OPERATION, () => startReconciler(
    { db: services.db, connections: services.connections, auditLog: services.auditLog, logger },
    {
      olderThanMs: reconcileAfterMs,
      // PGlite belongs to this one process: whatever is still PENDING at start-up was interrupted.
      atStartOlderThanMs: options.store.kind === 'pglite' ? 0 : reconcileAfterMs,
      intervalMs: Math.max(1_000, Math.min(60_000, reconcileAfterMs)),
    },
  ));
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
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const { finished, unfinishedAuditIds } = await services.pipeline.inFlight.drain(deadlineMs);
      // Give the answers of the mutations that just finished a moment to reach their clients.
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1_000))]);
      server.closeAllConnections();
      await closed;
      if (finished) {
        await services.connections.close();
      } else {
        // Vendor calls still running are left alone (aborting them would end their rows UNKNOWN): the rows
        // stay PENDING, marked, and the next start reconciles them against the vendor.
        await markInterruptedByShutdown(services.db, unfinishedAuditIds);
        logger.log('warn', 'shutdown deadline reached: unfinished changes left for reconciliation', { auditEventIds: unfinishedAuditIds });
      }
      await tracing?.shutdown();
    },
  };
}
