// Wires the gateway together: store, fingerprints, connections, reader, pipeline, HTTP server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewayConfig } from './config.js';
import { AuditFeed } from './core/audit-feed.js';
import { AuditLog } from './core/audit-log.js';
import { ConnectionRegistry } from './core/connections.js';
import { createLogger, type Logger } from './core/log.js';
import { MutationPipeline } from './core/pipeline.js';
import { startReconciler } from './core/reconciler.js';
import { ProviderReader } from './core/provider-reader.js';
import { Fingerprinter, SecretRegistry } from './core/secrets.js';
import type { GatewayServices } from './core/services.js';
import { createGateway } from './server.js';
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
  const auditLog = new AuditLog(auditFeed);
  return {
    db,
    connections,
    fingerprinter,
    secrets,
    auditFeed,
    auditLog,
    reader: new ProviderReader(db, secrets, undefined, auditLog),
    pipeline: new MutationPipeline({ db, locks: options.store.locks, auditLog, connections, fingerprinter, secrets, idempotencyWaitMs: options.idempotencyWaitMs }),
  };
}

export interface RunningGateway {
  url: string;
  services: GatewayServices;
  logger: Logger;
  close(): Promise<void>;
}

export async function listenGateway(options: ServicesOptions & { host: string; port: number; actor: string; graphiqlBanner?: string; logger?: Logger }): Promise<RunningGateway> {
  const services = createServices(options);
  const logger = options.logger ?? createLogger(services.secrets);
  const reconcileAfterMs = Number(process.env.IDP_GATEWAY_RECONCILE_AFTER_MS ?? 5 * 60_000);
  const stopReconciler = await startReconciler(
    { db: services.db, connections: services.connections, auditLog: services.auditLog, logger },
    {
      olderThanMs: reconcileAfterMs,
      // PGlite belongs to this one process: whatever is still PENDING at start-up was interrupted.
      atStartOlderThanMs: options.store.kind === 'pglite' ? 0 : reconcileAfterMs,
      intervalMs: Math.max(1_000, Math.min(60_000, reconcileAfterMs)),
    },
  );
  const yoga = createGateway({ services, logger, actor: options.actor, graphiqlBanner: options.graphiqlBanner });
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
    async close() {
      stopReconciler();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.connections.close();
    },
  };
}
