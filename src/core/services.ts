// Everything a request needs, built once at start-up and handed to the GraphQL server: no globals.
import type { ConnectionRegistry } from './connections.js';
import type { MutationPipeline } from './pipeline.js';
import type { ProviderReader } from './provider-reader.js';
import type { Fingerprinter, SecretRegistry } from './secrets.js';
import type { Db } from '../store/open.js';

export interface GatewayServices {
  db: Db;
  connections: ConnectionRegistry;
  reader: ProviderReader;
  pipeline: MutationPipeline;
  fingerprinter: Fingerprinter;
  secrets: SecretRegistry;
}
