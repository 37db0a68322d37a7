// A gateway over real HTTP to vendor emulators on loopback, on a real store, queried through yoga's fetch.
import type { GatewayConfig } from '../../src/config.js';
import { parseConfig } from '../../src/config.js';
import { createServices } from '../../src/app.js';
import { createLogger } from '../../src/core/log.js';
import type { GatewayServices } from '../../src/core/services.js';
import { createGateway } from '../../src/server.js';
import type { Store } from '../../src/store/open.js';

export interface GraphQLResult<T = any> {
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

export interface Harness {
  services: GatewayServices;
  /** The yoga instance: `yoga.fetch(url, init)` for non-GraphQL routes, or `createServer(yoga)` for real HTTP. */
  yoga: ReturnType<typeof createGateway>;
  /** Every log line the gateway wrote. */
  logLines: string[];
  /** Every raw GraphQL response body received. */
  responses: string[];
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<T>>;
  close(): Promise<void>;
}

/** `connections` as a config file would hold them; `env` resolves their { "env": ... } secrets. */
export async function startHarness(options: { store: Store; connections: unknown[]; env: NodeJS.ProcessEnv; actor?: string; idempotencyWaitMs?: number }): Promise<Harness> {
  const config: GatewayConfig = parseConfig({ connections: options.connections }, 'test config', options.env);
  const services = createServices({ config, store: options.store, fingerprintKey: Buffer.from('test-fingerprint-key'), idempotencyWaitMs: options.idempotencyWaitMs });
  const logLines: string[] = [];
  const responses: string[] = [];
  const logger = createLogger(services.secrets, (line) => logLines.push(line));
  const yoga = createGateway({ services, logger, actor: options.actor ?? 'test-actor' });
  return {
    services,
    yoga,
    logLines,
    responses,
    async gql(query, variables) {
      const res = await yoga.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query, variables }),
      });
      const text = await res.text();
      responses.push(text);
      return JSON.parse(text) as GraphQLResult;
    },
    close: () => services.connections.close(),
  };
}

/** Dumps every row of every gateway table as text, to search it for secrets. */
export async function dumpTables(store: Store): Promise<string> {
  const { auditEvents, providerSnapshots, connectionSyncs } = await import('../../src/store/tables.js');
  const rows = await Promise.all([auditEvents, providerSnapshots, connectionSyncs].map((table) => store.db.select().from(table)));
  return JSON.stringify(rows);
}
