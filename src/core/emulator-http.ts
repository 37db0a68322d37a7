// Shared plumbing for the vendor emulators: a loopback HTTP server, a tiny router, and a log of every
// request received so tests can assert exactly what the gateway sent. The vendor behaviour (paths, auth,
// envelopes, validation) lives in each vendor's emulator.ts.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EmulatorRequest {
  method: string;
  /** Path without the query string, percent-decoding left to the route. */
  path: string;
  query: URLSearchParams;
  /** The raw query string as sent (without "?"), to check encoding. */
  rawQuery: string;
  headers: Record<string, string>;
  body: string;
  params: Record<string, string>;
}

export interface EmulatorReply {
  status: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as is. */
  body?: unknown;
}

export type EmulatorHandler = (req: EmulatorRequest) => EmulatorReply | Promise<EmulatorReply>;

export interface RecordedRequest {
  method: string;
  path: string;
  rawQuery: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
}

/** A request held open by the emulator, the way a slow vendor holds it. */
export interface HeldRequest {
  /** Resolves when a matching request has arrived (and, for "after", been handled). */
  arrived: Promise<RecordedRequest>;
  /** Lets the held request go on (handled and answered). */
  release(): void;
}

export interface RunningEmulator {
  url: string;
  /** Every request received, oldest first. */
  requests: RecordedRequest[];
  clearRequests(): void;
  /**
   * Holds the next request that matches: "before" it is handled (the change does not land until released)
   * or "after" (the change has landed, the answer is not sent until released).
   */
  hold(match: (req: RecordedRequest) => boolean, when: 'before' | 'after'): HeldRequest;
  close(): Promise<void>;
}

interface Hold {
  match: (req: RecordedRequest) => boolean;
  when: 'before' | 'after';
  arrived: (req: RecordedRequest) => void;
  released: Promise<void>;
}

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: EmulatorHandler;
}

/** A method + path router; `:name` segments become params (percent-decoded). */
export class EmulatorRouter {
  private readonly routes: Route[] = [];

  on(method: string, path: string, handler: EmulatorHandler): this {
    const names: string[] = [];
    const source = path
      .split('/')
      .map((segment) => {
        if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(segment.slice(1));
        return '([^/]+)';
      })
      .join('/');
    this.routes.push({ method, pattern: new RegExp(`^${source}/?$`), names, handler });
    return this;
  }

  /** Dispatches to the matching route; `notFound` / `notAllowed` shape the vendor's own 404 / 405. */
  handler(notFound: EmulatorHandler, notAllowed: EmulatorHandler = notFound): EmulatorHandler {
    return (req) => {
      let pathMatched = false;
      for (const route of this.routes) {
        const match = route.pattern.exec(req.path);
        if (!match) continue;
        pathMatched = true;
        if (route.method !== req.method) continue;
        const params: Record<string, string> = {};
        route.names.forEach((name, index) => {
          params[name] = decodeURIComponent(match[index + 1]!);
        });
        return route.handler({ ...req, params });
      }
      return pathMatched ? notAllowed(req) : notFound(req);
    };
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, reply: EmulatorReply): void {
  const isText = typeof reply.body === 'string';
  const payload = reply.body === undefined ? '' : isText ? (reply.body as string) : JSON.stringify(reply.body);
  const headers: Record<string, string> = { ...reply.headers };
  if (payload && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['content-type'] = isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/** Starts `handler` on 127.0.0.1 (port 0 picks a free one unless `port` is given). */
export async function startEmulatorServer(handler: EmulatorHandler, port = 0): Promise<RunningEmulator> {
  const requests: RecordedRequest[] = [];
  const holds: Hold[] = [];
  const takeHold = (recorded: RecordedRequest) => {
    const index = holds.findIndex((hold) => hold.match(recorded));
    return index < 0 ? undefined : holds.splice(index, 1)[0];
  };
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://emulator.local');
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : value;
      }
      const body = await readBody(req);
      const rawQuery = url.search.replace(/^\?/, '');
      const recorded: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, rawQuery, query: Object.fromEntries(url.searchParams), headers, body };
      requests.push(recorded);
      const hold = takeHold(recorded);
      if (hold?.when === 'before') {
        hold.arrived(recorded);
        await hold.released;
      }
      const reply = await handler({ method: recorded.method, path: url.pathname, query: url.searchParams, rawQuery, headers, body, params: {} });
      if (hold?.when === 'after') {
        hold.arrived(recorded);
        await hold.released;
      }
      send(res, reply);
    } catch (error) {
      send(res, { status: 500, body: `emulator failure: ${(error as Error).message}` });
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    clearRequests: () => {
      requests.length = 0;
    },
    hold(match, when) {
      let arrived!: (req: RecordedRequest) => void;
      let release!: () => void;
      const arrivedPromise = new Promise<RecordedRequest>((resolve) => (arrived = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      holds.push({ match, when, arrived, released });
      return { arrived: arrivedPromise, release };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
