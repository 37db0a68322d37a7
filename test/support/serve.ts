// A test gateway's yoga on a real loopback HTTP server, for what needs a socket (SSE, raw HTTP, fetch by URL).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Harness } from './harness.js';
import { suiteValue } from './suite-value.js';

export interface ServedGateway {
  /** http://127.0.0.1:<port>, no path. */
  url: string;
  close(): Promise<void>;
}

/** The yoga instance on a real loopback HTTP server. */
export async function serve(h: Pick<Harness, 'yoga'>): Promise<ServedGateway> {
  const server: Server = createServer(h.yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * `serve(h)` for the enclosing describe block: listening before its tests, closed after them. Registered after
 * the gateway's own hooks (vendorGateway), it starts after the gateway and closes before it.
 */
export function servedForSuite(h: Pick<Harness, 'yoga'>): ServedGateway {
  return suiteValue(
    () => serve(h),
    (served) => served.close(),
  );
}
