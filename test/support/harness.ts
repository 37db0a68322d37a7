// A gateway over real HTTP to vendor emulators on loopback, on a real store, queried through yoga's fetch.
import type { GatewayConfig } from '../../src/config.js';
import { parseConfig } from '../../src/config.js';
import { createServices } from '../../src/gateway.js';
import { createLogger } from '../../src/core/log.js';
import type { GatewayServices } from '../../src/core/services.js';
import { type GatewayOptions, createGateway } from '../../src/http/server.js';
import { type ApiTokenConfig, type Role, tokenSha256 } from '../../src/core/access.js';
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
  /** A GraphQL request; `token` is sent as "Authorization: Bearer <token>". */
  gql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { token?: string; headers?: Record<string, string> },
  ): Promise<GraphQLResult<T>>;
  close(): Promise<void>;
}

/** GraphQL requests to `yoga` over its fetch (no socket); every raw answer is pushed onto `responses`. */
export function gqlOver(yoga: ReturnType<typeof createGateway>, responses: string[] = []): Harness['gql'] {
  return async (query, variables, request = {}) => {
    const res = await yoga.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        ...(request.token ? { authorization: `Bearer ${request.token}` } : {}),
        ...request.headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    responses.push(text);
    return JSON.parse(text) as GraphQLResult;
  };
}

/**
 * The read budget of the fixtures' connections (sandboxGateway, vendorGateway) unless a test sets its own: a page
 * waits for a vendor at most readBudgetMs (2 s by default), and on two busy cores a first read of an emulator can
 * take longer, so a test that expects every vendor's answer would see a TIMEOUT instead. The read-budget tests set
 * theirs.
 */
export const TEST_READ_BUDGET_MS = 20_000;

/** A test API token: the secret to send, and its entry as the config file's `tokens` holds it. */
export function apiToken(name: string, role: Role, connections?: string[]): { token: string; config: ApiTokenConfig } {
  const token = `idpgw_${name}_${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  return { token, config: { name, sha256: tokenSha256(token), role, ...(connections ? { connections } : {}) } };
}

/**
 * `connections` as a config file would hold them; `env` resolves their { "env": ... } secrets (or `config`, a
 * config already parsed, such as the sandbox's). Without `tokens` the gateway has none: every request is the
 * anonymous admin `actor` (as the sandbox on loopback). `gateway` passes the production switch, GraphiQL and
 * introspection settings through.
 */
export async function startHarness(
  options: ({ connections: unknown[]; env: NodeJS.ProcessEnv } | { config: GatewayConfig }) & {
    store: Store;
    actor?: string;
    idempotencyWaitMs?: number;
    /** This instance's lease in the store (default 30 s). */
    leaseMs?: number;
    tokens?: ApiTokenConfig[];
    gateway?: Pick<GatewayOptions, 'production' | 'graphiql' | 'introspection' | 'loopbackHostOnly' | 'graphiqlBanner'>;
  },
): Promise<Harness> {
  const config: GatewayConfig =
    'config' in options
      ? options.config
      : parseConfig(
          { connections: options.connections, ...(options.tokens ? { tokens: options.tokens } : {}) },
          'test config',
          options.env,
        );
  const services = createServices({
    config,
    store: options.store,
    fingerprintKey: Buffer.from('test-fingerprint-key'),
    idempotencyWaitMs: options.idempotencyWaitMs,
    leaseMs: options.leaseMs,
  });
  // As listenGateway does before serving: listening and the lease registered (its statements are not the test's).
  await services.clusterReady;
  const logLines: string[] = [];
  const responses: string[] = [];
  const logger = createLogger(services.secrets, (line) => logLines.push(line));
  const yoga = createGateway({ services, logger, actor: options.actor ?? 'test-actor', tokens: config.tokens ?? null, ...options.gateway });
  return {
    services,
    yoga,
    logLines,
    responses,
    gql: gqlOver(yoga, responses),
    close: () => services.connections.close(),
  };
}

/** Dumps every row of every gateway table (every table src/store/tables.ts defines) as text, to search it for secrets. */
export async function dumpTables(store: Store): Promise<string> {
  const { is } = await import('drizzle-orm');
  const { PgTable } = await import('drizzle-orm/pg-core');
  const tables = Object.values(await import('../../src/store/tables.js')).filter((value) => is(value, PgTable)) as InstanceType<
    typeof PgTable
  >[];
  const rows = await Promise.all(tables.map((table) => store.db.select().from(table)));
  return JSON.stringify(rows);
}
