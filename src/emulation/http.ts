// Shared plumbing for the vendor emulators: a loopback HTTP server, a tiny router, a log of every
// request received so tests can assert exactly what the gateway sent, and fault injection (emulator-faults.ts)
// with its admin endpoint `/__emulator/faults`. The vendor behaviour (paths, auth, envelopes, validation, the
// error body of a fault) lives in each vendor's emulator.ts.
//
// For the sandbox at scale (emulation/scale.ts) many emulators of a vendor share one server (EmulatorHost):
// each is mounted under a path prefix of its own (`/t/<n>`, part of its URL, so its connection's base URL
// carries it) instead of listening on a port of its own. Every emulator counts the requests it is handling;
// `/__emulator/in-flight` tells them (and the whole process's), so a benchmark can check a concurrency cap
// from the vendor's side.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type FaultController,
  FaultInjector,
  type FaultSpec,
  FaultSpecError,
  type FaultState,
  malformedBody,
  statusPhrase,
  type VendorFaultProfile,
} from './faults.js';

/**
 * The admin endpoint every emulator serves, outside the vendor's API and auth, and not in the request log:
 * GET lists the faults, POST adds (a spec or a list of specs, 201), DELETE clears all (or `/<id>` one).
 */
export const EMULATOR_FAULTS_PATH = '/__emulator/faults';

/**
 * Requests being handled (arrived, not yet answered), outside the request log and the faults: GET gives
 * `{ emulator: { now, max }, process: { now, max } }` (this emulator; every emulator of this process), DELETE
 * starts both maxima again from the current count.
 */
export const EMULATOR_IN_FLIGHT_PATH = '/__emulator/in-flight';

export interface InFlightCount {
  now: number;
  /** The most at once since the start or the last reset. */
  max: number;
}

const processInFlight: InFlightCount = { now: 0, max: 0 };

/** Requests every emulator of this process is handling, and the most at once. */
export function emulatorsInFlight(): InFlightCount {
  return { ...processInFlight };
}

export function resetEmulatorsInFlight(): void {
  processInFlight.max = processInFlight.now;
}

function inFlightReply(own: InFlightCount, method: string): EmulatorReply {
  if (method === 'DELETE') {
    own.max = own.now;
    resetEmulatorsInFlight();
  } else if (method !== 'GET') {
    return { status: 405, headers: { allow: 'GET, DELETE' }, body: { error: `${method} is not supported here` } };
  }
  return { status: 200, body: { emulator: { ...own }, process: emulatorsInFlight() } };
}

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
  /** The query string's parameters only (what a URL, and so an access log, shows). */
  query: Record<string, string>;
  /**
   * The request's arguments wherever they travelled: the query string's parameters, then those of an
   * application/x-www-form-urlencoded body (a name in both: the body's value). For matching a request by
   * what it asks (e.g. `args.provider_id`) whether it went as a GET with a query or a POST with a form body.
   */
  args: Record<string, string>;
  headers: Record<string, string>;
  body: string;
}

/** True when a Content-Type header names application/x-www-form-urlencoded (parameters such as charset allowed). */
function isFormContentType(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

/**
 * A request's arguments: the query string's, then a form-encoded body's (a name in both: the body's value).
 * A body of another content type holds no arguments.
 */
export function requestArguments(query: URLSearchParams, contentType: string | undefined, body: string): URLSearchParams {
  const args = new URLSearchParams(query);
  if (isFormContentType(contentType)) for (const [name, value] of new URLSearchParams(body)) args.set(name, value);
  return args;
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
  /** Injected faults (the same as the admin endpoint). */
  faults: FaultController;
  close(): Promise<void>;
}

/** What every vendor emulator's options take for fault injection. */
export interface EmulatorFaultOptions {
  /** Faults active from the start (see emulator-faults.ts). */
  faults?: FaultSpec[];
}

export interface EmulatorServerOptions extends EmulatorFaultOptions {
  /** The vendor's side of fault answers: its error bodies and what token expiry means there. */
  faultProfile?: VendorFaultProfile<EmulatorRequest>;
}

/** For a server without a vendor (tests of the plumbing): plain JSON errors, expiry as a 401. */
const GENERIC_PROFILE: VendorFaultProfile<EmulatorRequest> = {
  errorReply: (status) => ({ status, body: { error: statusPhrase(status) } }),
  tokenExpiry: { refuse: () => ({ status: 401, body: { error: 'Unauthorized' } }) },
};

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

/** The answer a status, rate-limit or malformed fault gives (`real`: the vendor's answer, for "after"). */
function faultReply(
  fault: FaultState,
  req: EmulatorRequest,
  profile: VendorFaultProfile<EmulatorRequest>,
  real?: EmulatorReply,
): EmulatorReply {
  switch (fault.kind) {
    case 'status':
      return profile.errorReply(fault.status, req);
    case 'rate-limit': {
      const reply = profile.errorReply(429, req);
      return { ...reply, headers: { ...reply.headers, 'retry-after': String(fault.retryAfterSeconds ?? 1) } };
    }
    case 'malformed': {
      const headers = Object.fromEntries(Object.entries(real?.headers ?? {}).filter(([name]) => !/^content-(type|length)$/i.test(name)));
      return {
        status: 200,
        headers: { ...headers, 'content-type': 'application/json; charset=utf-8' },
        body: malformedBody(fault.body ?? 'truncated', real?.body),
      };
    }
    default:
      throw new Error(`fault kind ${fault.kind} has no reply`);
  }
}

function adminReply(faults: FaultController, method: string, path: string, body: string): EmulatorReply {
  const rest = path.slice(EMULATOR_FAULTS_PATH.length).replace(/^\/+|\/+$/g, '');
  const id = rest === '' ? undefined : decodeURIComponent(rest);
  if (method === 'GET') {
    if (id === undefined) return { status: 200, body: { faults: faults.list() } };
    const fault = faults.list().find((f) => f.id === id);
    return fault ? { status: 200, body: { fault } } : { status: 404, body: { error: `no fault with id "${id}"` } };
  }
  if (method === 'POST' && id === undefined) {
    let raw: unknown;
    try {
      raw = JSON.parse(body);
    } catch (error) {
      return { status: 400, body: { error: `the body is not JSON: ${(error as Error).message}` } };
    }
    const specs = raw && typeof raw === 'object' && !Array.isArray(raw) && 'faults' in raw ? (raw as { faults: unknown }).faults : raw;
    try {
      return { status: 201, body: { faults: faults.add(specs as FaultSpec | FaultSpec[]) } };
    } catch (error) {
      if (!(error instanceof FaultSpecError)) throw error;
      return { status: 400, body: { error: 'invalid fault spec', problems: error.problems } };
    }
  }
  if (method === 'DELETE') {
    const cleared = faults.clear(id);
    if (id !== undefined && cleared === 0) return { status: 404, body: { error: `no fault with id "${id}"` } };
    return { status: 200, body: { cleared } };
  }
  return {
    status: 405,
    headers: { allow: id === undefined ? 'GET, POST, DELETE' : 'GET, DELETE' },
    body: { error: `${method} is not supported here` },
  };
}

/**
 * Starts `handler` on 127.0.0.1 (port 0 picks a free one unless `port` is given), with the faults of
 * `options` active and the admin endpoint at EMULATOR_FAULTS_PATH.
 */
export async function startEmulatorServer(
  handler: EmulatorHandler,
  port = 0,
  options: EmulatorServerOptions = {},
): Promise<RunningEmulator> {
  const profile = options.faultProfile ?? GENERIC_PROFILE;
  const faults = new FaultInjector(profile.isTokenEndpoint?.bind(profile), options.faults);
  const closing = new AbortController();
  const requests: RecordedRequest[] = [];
  const holds: Hold[] = [];
  const takeHold = (recorded: RecordedRequest) => {
    const index = holds.findIndex((hold) => hold.match(recorded));
    return index < 0 ? undefined : holds.splice(index, 1)[0];
  };
  /** Waits for a hold's release; false when the emulator closed first (a hold never released ends with it). */
  const released = (hold: Hold) =>
    closing.signal.aborted
      ? Promise.resolve(false)
      : Promise.race([
          hold.released.then(() => true),
          new Promise<boolean>((resolve) => closing.signal.addEventListener('abort', () => resolve(false), { once: true })),
        ]);
  /** Waits; false when the emulator closed meanwhile. */
  const pause = async (ms: number) => {
    try {
      await sleep(ms, undefined, { signal: closing.signal });
      return true;
    } catch {
      return false;
    }
  };
  const inFlight: InFlightCount = { now: 0, max: 0 };
  const listener: RequestListener = async (req, res) => {
    // The client gave up (or the emulator closed): nothing more is done for this request.
    const gone = () => closing.signal.aborted || req.socket.destroyed;
    let counted = false;
    try {
      const url = new URL(req.url ?? '/', 'http://emulator.local');
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : value;
      }
      const body = await readBody(req);
      if (url.pathname === EMULATOR_FAULTS_PATH || url.pathname.startsWith(`${EMULATOR_FAULTS_PATH}/`)) {
        send(res, adminReply(faults, req.method ?? 'GET', url.pathname, body));
        return;
      }
      if (url.pathname === EMULATOR_IN_FLIGHT_PATH) {
        send(res, inFlightReply(inFlight, req.method ?? 'GET'));
        return;
      }
      // Counted until the answer is handed to the socket (the finally below), however the request ends.
      counted = true;
      inFlight.now += 1;
      inFlight.max = Math.max(inFlight.max, inFlight.now);
      processInFlight.now += 1;
      processInFlight.max = Math.max(processInFlight.max, processInFlight.now);
      const rawQuery = url.search.replace(/^\?/, '');
      const args = Object.fromEntries(requestArguments(url.searchParams, headers['content-type'], body));
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        rawQuery,
        query: Object.fromEntries(url.searchParams),
        args,
        headers,
        body,
      };
      requests.push(recorded);
      const request: EmulatorRequest = {
        method: recorded.method,
        path: url.pathname,
        query: url.searchParams,
        rawQuery,
        headers,
        body,
        params: {},
      };
      const plan = faults.plan(recorded);
      const fault = plan.fault;
      const after = fault?.when === 'after';
      const hold = takeHold(recorded);
      if (hold?.when === 'before') {
        hold.arrived(recorded);
        if (!(await released(hold))) return;
      }
      if (plan.delayBeforeMs > 0 && !(await pause(plan.delayBeforeMs))) return;
      let reply: EmulatorReply | undefined;
      if (fault && !after) {
        if (fault.kind === 'reset') return void req.socket.destroy();
        if (fault.kind === 'hang') {
          // Held until the fault is cleared; then handled as if nothing happened, unless the client left.
          if ((await faults.waitUntilCleared(fault)) === 'closed' || gone()) return;
        } else if (fault.kind === 'token-expiry') {
          if ('refuse' in profile.tokenExpiry) reply = profile.tokenExpiry.refuse(request);
          else profile.tokenExpiry.expireTokens();
        } else {
          reply = faultReply(fault, request, profile);
        }
      }
      reply ??= await handler(request);
      if (hold?.when === 'after') {
        hold.arrived(recorded);
        if (!(await released(hold))) return;
      }
      if (fault && after) {
        if (fault.kind === 'reset') return void req.socket.destroy();
        if (fault.kind === 'hang') {
          if ((await faults.waitUntilCleared(fault)) === 'closed' || gone()) return;
        } else {
          reply = faultReply(fault, request, profile, reply);
        }
      }
      if (plan.delayAfterMs > 0 && !(await pause(plan.delayAfterMs))) return;
      if (gone()) return;
      send(res, reply);
    } catch (error) {
      if (!gone()) send(res, { status: 500, body: `emulator failure: ${(error as Error).message}` });
    } finally {
      if (counted) {
        inFlight.now -= 1;
        processInFlight.now -= 1;
      }
    }
  };
  const served = await serve(listener, port);
  return {
    url: served.url,
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
    faults: {
      add: (spec) => faults.add(spec),
      list: () => faults.list(),
      clear: (id) => faults.clear(id),
    },
    close: async () => {
      closing.abort();
      faults.close();
      await served.close();
    },
  };
}

/** Listens on a port of its own, or mounts on the host of the current `mountEmulatorsOn` call. */
async function serve(listener: RequestListener, port: number): Promise<{ url: string; close(): Promise<void> }> {
  const host = hostScope.getStore();
  if (host) return host.mount(listener);
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One server on loopback for many emulators, each under `/t/<n>` (see the top of this file). */
export interface EmulatorHost {
  url: string;
  mount(listener: RequestListener): { url: string; close(): Promise<void> };
  close(): Promise<void>;
}

const hostScope = new AsyncLocalStorage<EmulatorHost>();
const MOUNTED = /^\/t\/(\d+)(\/.*)?$/;

export async function startEmulatorHost(): Promise<EmulatorHost> {
  const mounted = new Map<string, RequestListener>();
  let next = 1;
  const server = createServer((req, res) => {
    const match = MOUNTED.exec(req.url ?? '/');
    const listener = match ? mounted.get(match[1]!) : undefined;
    if (!match || !listener) return send(res, { status: 404, body: { error: 'no emulator is mounted here' } });
    // The emulator sees the request as sent to it: without its prefix.
    req.url = match[2] ?? '/';
    void listener(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    mount(listener) {
      const id = String(next++);
      mounted.set(id, listener);
      return { url: `${url}/t/${id}`, close: async () => void mounted.delete(id) };
    },
    close: () =>
      new Promise<void>((resolve) => {
        mounted.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Runs `work` with every emulator it starts mounted on `host` instead of listening on a port of its own. */
export function mountEmulatorsOn<T>(host: EmulatorHost, work: () => Promise<T>): Promise<T> {
  return hostScope.run(host, work);
}
