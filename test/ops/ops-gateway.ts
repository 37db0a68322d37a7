// A gateway (yoga over fetch, no socket) for the operations tests: any config, optional tokens, the
// operations options (metrics token, readiness timeouts), and services that may be swapped (a hung store).
import type { GatewayConfig } from '../../src/config.js';
import { createServices } from '../../src/gateway.js';
import type { ApiTokenConfig } from '../../src/core/access.js';
import { createLogger } from '../../src/core/log.js';
import type { GatewayServices } from '../../src/core/services.js';
import type { OperationsOptions } from '../../src/ops/plugin.js';
import { createGateway } from '../../src/http/server.js';
import type { Store } from '../../src/store/open.js';

export interface OpsGateway {
  services: GatewayServices;
  logLines: string[];
  /** A request to `path` on the gateway; `token` is sent as a bearer token. */
  fetch(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  /** A GraphQL POST; answers the parsed body and the response. */
  gql(
    query: string,
    options?: { variables?: Record<string, unknown>; token?: string; headers?: Record<string, string> },
  ): Promise<{ body: any; response: Response }>;
  close(): Promise<void>;
}

export function startOpsGateway(options: {
  store: Store;
  config: GatewayConfig;
  tokens?: ApiTokenConfig[];
  operations?: OperationsOptions;
  /** Replaces some services after they are built (e.g. `db` by a hung one). */
  services?: Partial<GatewayServices>;
}): OpsGateway {
  const built = createServices({ config: options.config, store: options.store, fingerprintKey: Buffer.from('ops-test-fingerprint-key') });
  const services = { ...built, ...options.services };
  const logLines: string[] = [];
  const logger = createLogger(services.secrets, (line) => logLines.push(line));
  const yoga = createGateway({ services, logger, actor: 'ops-test', tokens: options.tokens ?? null, operations: options.operations });
  const fetch = async (path: string, init: RequestInit & { token?: string } = {}) => {
    const { token, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (token) headers.set('authorization', `Bearer ${token}`);
    return yoga.fetch(`http://127.0.0.1${path}`, { ...rest, headers });
  };
  return {
    services,
    logLines,
    fetch,
    async gql(query, request = {}) {
      const response = await fetch('/graphql', {
        method: 'POST',
        token: request.token,
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...request.headers },
        body: JSON.stringify({ query, variables: request.variables }),
      });
      return { body: await response.json(), response };
    },
    close: () => built.connections.close(),
  };
}
