// Everything a request needs, built once at start-up and handed to the GraphQL server: no globals.
import type { AuditFeed } from './audit/feed.js';
import type { AuditLog } from './audit/log.js';
import type { Cluster } from './audit/cluster.js';
import type { ConnectionRegistry } from './connections.js';
import type { MutationPipeline } from './mutations/pipeline.js';
import type { ProviderReader } from './reads/provider-reader.js';
import type { InstanceLease } from './mutations/instance-lease.js';
import type { Fingerprinter, SecretRegistry } from './secrets.js';
import type { Db } from '../store/open.js';
import type { OutboundFetcher } from './outbound/fetcher.js';

export interface GatewayServices {
  db: Db;
  connections: ConnectionRegistry;
  reader: ProviderReader;
  pipeline: MutationPipeline;
  fingerprinter: Fingerprinter;
  secrets: SecretRegistry;
  /** Live audit rows for subscribers: this instance's writes and, on PostgreSQL, every other instance's. */
  auditFeed: AuditFeed;
  /** Writes audit rows and publishes them on `auditFeed` (and to the other instances). */
  auditLog: AuditLog;
  /**
   * LISTEN/NOTIFY between instances on one PostgreSQL (null on PGlite); `clusterReady` settles when it listens and
   * its lease is registered, so that the others announce their writes to it (null), or when either failed (the error).
   */
  cluster: Cluster | null;
  clusterReady: Promise<Error | null>;
  /** This instance's lease in the store: owner of its PENDING rows and idempotency claims. */
  lease: InstanceLease;
  /** What the gateway fetches on a user's behalf (metadata, discovery, checks), guarded against SSRF. */
  fetcher: OutboundFetcher;
}
