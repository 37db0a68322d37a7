// A loopback https server for tests of what the gateway fetches (the guarded fetcher, metadata and discovery
// sources, endpoint checks): a route table looked up at request time (tests may add routes after the start,
// when the port is known), a certificate from certificates.ts, and a record of what it saw and sent: each
// request with its headers, the body bytes the server managed to write, and when its connection closed.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { makeTlsPair } from './certificates.js';

/** How a route answers. */
export type HttpsTestRoute =
  /** A plain answer (default 200, empty body). */
  | { status?: number; headers?: Record<string, string>; body?: string | Buffer }
  /** A redirect to `redirect` (absolute or relative), 302 unless told. */
  | { redirect: string; status?: number; headers?: Record<string, string> }
  /** A 200 whose body comes one byte every `intervalMs`. */
  | { dribble: { body: string; intervalMs: number }; headers?: Record<string, string> }
  /** A 200 with `bytes` of body written as fast as the client takes them; `declareLength` sends Content-Length. */
  | { stream: { bytes: number; chunkBytes?: number; declareLength?: boolean }; headers?: Record<string, string> }
  /** Headers are never sent (the connection stays open until the client gives up). */
  | { silent: true }
  /** Anything else: the handler answers; `seen` is this request's record (count body bytes into it). */
  | ((request: IncomingMessage, response: ServerResponse, seen: SeenRequest) => void);

/** Routes by path (without the query); a path not listed answers 404. */
export type HttpsTestRoutes = Record<string, HttpsTestRoute>;

export interface SeenRequest {
  method: string;
  /** Path and query, as sent. */
  path: string;
  headers: IncomingMessage['headers'];
  /** Body bytes the server wrote for this request (accepted by the socket; some may still be in buffers). */
  bytesWritten: number;
  /** Whether the whole answer was written. */
  completed: boolean;
  /** Resolves when the request's connection has closed (the client went, or close()). */
  closed: Promise<void>;
}

export interface HttpsTestServer {
  /** `${origin}/` */
  url: string;
  /** https://127.0.0.1:<port> */
  origin: string;
  port: number;
  /** The CA that signed the server's certificate (PEM): trust it to connect. */
  ca: string;
  /** The table in use: tests may add or change routes. */
  routes: HttpsTestRoutes;
  requests: SeenRequest[];
  /** TCP connections accepted so far (a refused fetch should add none). */
  readonly connections: number;
  close(): Promise<void>;
}

export interface HttpsTestServerOptions {
  /** The server's certificate and key (PEM) and the CA to report; default a fresh makeTlsPair() (localhost, 127.0.0.1, ::1). */
  tls?: { certPem: string; keyPem: string; ca: string };
  /** Default 127.0.0.1. */
  host?: string;
}

function answer(route: HttpsTestRoute, request: IncomingMessage, response: ServerResponse, seen: SeenRequest): void {
  if (typeof route === 'function') {
    route(request, response, seen);
    return;
  }
  if ('silent' in route) return;
  const write = (chunk: string | Buffer) => {
    seen.bytesWritten += Buffer.byteLength(chunk);
    return response.write(chunk);
  };
  if ('redirect' in route) {
    response.writeHead(route.status ?? 302, { location: route.redirect, ...route.headers }).end();
    return;
  }
  if ('dribble' in route) {
    const { body, intervalMs } = route.dribble;
    response.writeHead(200, { 'content-type': 'text/plain', ...route.headers });
    let next = 0;
    const timer = setInterval(() => {
      if (next >= body.length) {
        clearInterval(timer);
        response.end();
        return;
      }
      write(body[next++]!);
    }, intervalMs);
    response.on('close', () => clearInterval(timer));
    return;
  }
  if ('stream' in route) {
    const { bytes, chunkBytes = 64 * 1024, declareLength = false } = route.stream;
    const chunk = Buffer.alloc(chunkBytes, 'x');
    response.writeHead(200, {
      'content-type': 'text/plain',
      ...(declareLength ? { 'content-length': String(bytes) } : {}),
      ...route.headers,
    });
    let left = bytes;
    const pump = () => {
      while (left > 0 && !response.destroyed) {
        const part = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= part.length;
        if (!write(part)) {
          response.once('drain', pump);
          return;
        }
      }
      if (left === 0) response.end();
    };
    pump();
    return;
  }
  response.writeHead(route.status ?? 200, route.headers);
  if (route.body !== undefined && request.method !== 'HEAD') write(route.body);
  response.end();
}

export async function startHttpsTestServer(routes: HttpsTestRoutes = {}, options: HttpsTestServerOptions = {}): Promise<HttpsTestServer> {
  let tls = options.tls;
  if (!tls) {
    const pair = await makeTlsPair();
    tls = { certPem: pair.server.certPem, keyPem: pair.server.keyPem, ca: pair.ca.certPem };
  }
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer({ cert: tls.certPem, key: tls.keyPem }, (request, response) => {
    const socket = request.socket;
    const seen: SeenRequest = {
      method: request.method ?? '',
      path: request.url ?? '',
      headers: request.headers,
      bytesWritten: 0,
      completed: false,
      closed: socket.destroyed ? Promise.resolve() : new Promise((resolve) => socket.once('close', () => resolve())),
    };
    requests.push(seen);
    response.on('finish', () => {
      seen.completed = true;
    });
    const route = routes[new URL(seen.path, 'https://test.invalid').pathname];
    if (!route) response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    else answer(route, request, response, seen);
  });
  server.on('connection', (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // A client that gives up mid-handshake is not the server's error.
  server.on('tlsClientError', () => {});
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: `${origin}/`,
    origin,
    port,
    ca: tls.ca,
    routes,
    requests,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
