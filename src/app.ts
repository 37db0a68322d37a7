// Wires the gateway together: store, fingerprints, connections, reader, pipeline, HTTP server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewayConfig } from './config.js';
import { ConnectionRegistry } from './core/connections.js';
import { createLogger, type Logger } from './core/log.js';
import { MutationPipeline } from './core/pipeline.js';
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
}

export function createServices(options: ServicesOptions): GatewayServices {
  const secrets = options.secrets ?? new SecretRegistry();
  const fingerprinter = new Fingerprinter(options.fingerprintKey);
  const connections = new ConnectionRegistry(options.config.connections, vendorModules, { fingerprinter, secrets });
  const db = options.store.db;
  return {
    db,
    connections,
    fingerprinter,
    secrets,
    reader: new ProviderReader(db, secrets),
    pipeline: new MutationPipeline({ db, connections, fingerprinter, secrets }),
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
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.connections.close();
    },
  };
}
