// The one vendor HTTP client against a real loopback server: retries (what, how often, how long apart),
// Retry-After, the circuit breaker, the concurrency cap, and how it composes with bearer-token refresh.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BearerTokenCache } from '../../src/core/vendor-http/bearer-token.js';
import { VendorError, writeOutcomeUnknown } from '../../src/core/errors.js';
import { SecretRegistry } from '../../src/core/secrets.js';
import { VendorCircuit } from '../../src/core/vendor-http/circuit.js';
import {
  backoffDelay,
  parseRetryAfter,
  recordVendorCalls,
  type VendorHttpOptions,
  VendorHttpClient,
  type VendorRequest,
} from '../../src/core/vendor-http/client.js';

interface Seen {
  method: string;
  path: string;
  authorization: string | undefined;
  at: number;
}

/** What the server does with the n-th request (0-based): answer, hang, or reset the connection. */
type Behaviour = (req: IncomingMessage, res: ServerResponse, n: number) => void | Promise<void>;

interface TestServer {
  url: string;
  seen: Seen[];
  maxConcurrent: number;
  close(): Promise<void>;
}

const servers: TestServer[] = [];
const clients: VendorHttpClient[] = [];

async function startServer(behaviour: Behaviour): Promise<TestServer> {
  let active = 0;
  const state: TestServer = { url: '', seen: [], maxConcurrent: 0, close: async () => {} };
  const server = createServer((req, res) => {
    const n = state.seen.length;
    state.seen.push({ method: req.method!, path: req.url!, authorization: req.headers.authorization, at: performance.now() });
    active += 1;
    state.maxConcurrent = Math.max(state.maxConcurrent, active);
    let done = false;
    const finish = () => {
      if (!done) active -= 1;
      done = true;
    };
    // 'finish': the answer is handed to the OS (before the client can read it); 'close': a hang or reset ends.
    res.on('finish', finish);
    res.on('close', finish);
    req.resume();
    void behaviour(req, res, n);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  servers.push(state);
  return state;
}

const reply = (res: ServerResponse, status: number, headers: Record<string, string> = {}, body = '{}') => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body);
};
const hang = () => {};
const reset = (req: IncomingMessage): void => {
  req.socket.destroy();
};
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function client(server: TestServer | string, options: Partial<VendorHttpOptions> = {}): VendorHttpClient {
  const http = new VendorHttpClient({
    vendor: 'cpanel',
    baseUrl: typeof server === 'string' ? server : server.url,
    secrets: new SecretRegistry(),
    connectTimeoutMs: 500,
    totalTimeoutMs: 2_000,
    baseBackoffMs: 5,
    maxBackoffMs: 20,
    ...options,
  });
  clients.push(http);
  return http;
}

async function rejection(promise: Promise<unknown>): Promise<VendorError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(VendorError);
    return error as VendorError;
  }
  throw new Error('expected a VendorError');
}

const GET: VendorRequest = { method: 'GET', path: '/things' };
const CREATE: VendorRequest = { method: 'POST', path: '/things', body: '{"name":"x"}' };

/** A port nothing listens on. */
async function closedPortUrl(): Promise<string> {
  const s = await startServer((_req, res) => reply(res, 200));
  await s.close();
  servers.splice(servers.indexOf(s), 1);
  return s.url;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('retries of reads', () => {
  it('retries a GET after a 503 and returns the good answer', async () => {
    const server = await startServer((_req, res, n) => (n === 0 ? reply(res, 503) : reply(res, 200, {}, '{"ok":true}')));
    const res = await client(server).send(GET);
    expect(res).toMatchObject({ status: 200, text: '{"ok":true}' });
    expect(server.seen).toHaveLength(2);
  });

  it('retries a GET after the connection was reset', async () => {
    const server = await startServer((req, res, n) => (n === 0 ? reset(req) : reply(res, 200)));
    expect((await client(server).send(GET)).status).toBe(200);
    expect(server.seen).toHaveLength(2);
  });

  it('retries a GET after a timeout', async () => {
    const server = await startServer((_req, res, n) => (n === 0 ? hang() : reply(res, 200)));
    const started = performance.now();
    expect((await client(server, { totalTimeoutMs: 200 }).send(GET)).status).toBe(200);
    expect(server.seen).toHaveLength(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('stops after maxAttempts and hands the last 5xx answer to the adapter', async () => {
    const server = await startServer((_req, res) => reply(res, 502, {}, '<html>bad gateway</html>'));
    expect((await client(server).send(GET)).status).toBe(502);
    expect(server.seen).toHaveLength(3);
    const once = await startServer((_req, res) => reply(res, 500));
    expect((await client(once, { maxAttempts: 1 }).send(GET)).status).toBe(500);
    expect(once.seen).toHaveLength(1);
  });

  it('never retries another 4xx', async () => {
    for (const status of [400, 401, 403, 404, 408, 409, 422]) {
      const server = await startServer((_req, res) => reply(res, status));
      expect((await client(server).send(GET)).status).toBe(status);
      expect(server.seen).toHaveLength(1);
    }
  });

  it('makes an unreachable vendor UNAVAILABLE, retryable, nothing sent, after every attempt', async () => {
    const url = await closedPortUrl();
    const calls = await recordVendorCalls(() => client(url).send(GET));
    expect(calls.error).toMatchObject({ vendorCode: 'UNAVAILABLE', httpStatus: null, retryable: true, requestSent: false });
    expect((calls.error as Error).message).toContain('3 attempts');
    // The audit trail sees every attempt.
    expect(calls.calls).toHaveLength(3);
    expect(calls.calls.every((c) => c.status === null)).toBe(true);
  });

  it('makes a read that times out every time TIMEOUT, retryable', async () => {
    const server = await startServer(hang);
    const error = await rejection(client(server, { totalTimeoutMs: 100, maxAttempts: 2 }).send(GET));
    expect(error).toMatchObject({ vendorCode: 'TIMEOUT', httpStatus: null, retryable: true });
    expect(server.seen).toHaveLength(2);
  });
});

describe('writes', () => {
  it('never repeats a non-idempotent POST that timed out: exactly one request, TIMEOUT, not retryable, outcome unknown', async () => {
    const server = await startServer(hang);
    const error = await rejection(client(server, { totalTimeoutMs: 150 }).send(CREATE));
    await delay(100);
    expect(server.seen).toHaveLength(1);
    expect(error).toMatchObject({ vendorCode: 'TIMEOUT', httpStatus: null, retryable: false, requestSent: true });
    expect(error.message).toContain('may have been applied');
    expect(writeOutcomeUnknown(error)).toBe(true);
  });

  it('never repeats a non-idempotent POST after a reset or a 5xx', async () => {
    const resetting = await startServer((req) => reset(req));
    expect(await rejection(client(resetting).send(CREATE))).toMatchObject({ vendorCode: 'UNAVAILABLE', retryable: false });
    expect(resetting.seen).toHaveLength(1);
    const failing = await startServer((_req, res) => reply(res, 503));
    expect((await client(failing).send(CREATE)).status).toBe(503);
    expect(failing.seen).toHaveLength(1);
  });

  it('does repeat a non-idempotent POST after a 429 (refused unprocessed) and one that never left', async () => {
    const limited = await startServer((_req, res, n) => (n === 0 ? reply(res, 429, { 'retry-after': '0' }) : reply(res, 201)));
    expect((await client(limited).send(CREATE)).status).toBe(201);
    expect(limited.seen).toHaveLength(2);
    const url = await closedPortUrl();
    const calls = await recordVendorCalls(() => client(url).send(CREATE));
    expect(calls.calls).toHaveLength(3);
    expect(calls.error).toMatchObject({ vendorCode: 'UNAVAILABLE', retryable: true, requestSent: false });
    expect(writeOutcomeUnknown(calls.error as VendorError)).toBe(false);
  });

  it('repeats a write the adapter declares idempotent, and not a GET declared otherwise', async () => {
    const put = await startServer((_req, res, n) => (n === 0 ? reply(res, 500) : reply(res, 200)));
    expect((await client(put).send({ method: 'PUT', path: '/things/1', body: '{}', idempotent: true })).status).toBe(200);
    expect(put.seen).toHaveLength(2);
    const timedOutPut = await startServer((_req, res, n) => (n === 0 ? hang() : reply(res, 200)));
    expect(
      (await client(timedOutPut, { totalTimeoutMs: 150 }).send({ method: 'DELETE', path: '/things/1', idempotent: true })).status,
    ).toBe(200);
    expect(timedOutPut.seen).toHaveLength(2);
    const verify = await startServer((_req, res) => reply(res, 503));
    expect((await client(verify).send({ method: 'GET', path: '/verify', idempotent: false })).status).toBe(503);
    expect(verify.seen).toHaveLength(1);
  });
});

describe('Retry-After', () => {
  it('waits as long as a 429 asks (seconds) before the next attempt', async () => {
    const server = await startServer((_req, res, n) => (n === 0 ? reply(res, 429, { 'retry-after': '1' }) : reply(res, 200)));
    expect((await client(server).send(GET)).status).toBe(200);
    const waited = server.seen[1]!.at - server.seen[0]!.at;
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(waited).toBeLessThan(2_500);
  });

  it('honours it on a 503 as well (an HTTP date)', async () => {
    const server = await startServer((_req, res, n) =>
      n === 0 ? reply(res, 503, { 'retry-after': new Date(Date.now() + 2_000).toUTCString() }) : reply(res, 200),
    );
    expect((await client(server).send(GET)).status).toBe(200);
    const waited = server.seen[1]!.at - server.seen[0]!.at;
    // An HTTP date has whole seconds: anything from 1 s to 2 s is "as asked".
    expect(waited).toBeGreaterThanOrEqual(900);
    expect(waited).toBeLessThan(3_000);
  });

  it('is capped: a longer Retry-After ends the call at once with the vendor answer', async () => {
    const server = await startServer((_req, res) => reply(res, 429, { 'retry-after': '30' }));
    const started = performance.now();
    const res = await client(server, { maxRetryAfterMs: 1_000 }).send(GET);
    expect(performance.now() - started).toBeLessThan(500);
    expect(res).toMatchObject({ status: 429, headers: { 'retry-after': '30' } });
    expect(server.seen).toHaveLength(1);
  });

  it('reads seconds and HTTP dates, and ignores what it cannot read', () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Tue, 01 Jan 2030 00:00:03 GMT', now)).toBe(3_000);
    expect(parseRetryAfter('Mon, 31 Dec 2029 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-1', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});

describe('backoff with full jitter', () => {
  it('draws every wait from [0, min(cap, base * 2^(retry-1))]', () => {
    for (let retry = 1; retry <= 8; retry += 1) {
      const ceiling = Math.min(2_000, 100 * 2 ** (retry - 1));
      for (let i = 0; i < 200; i += 1) {
        const wait = backoffDelay(retry, 100, 2_000);
        expect(wait).toBeGreaterThanOrEqual(0);
        expect(wait).toBeLessThanOrEqual(ceiling);
      }
      expect(backoffDelay(retry, 100, 2_000, () => 0)).toBe(0);
      expect(backoffDelay(retry, 100, 2_000, () => 0.999_999)).toBe(ceiling - 1);
    }
  });

  it('spreads the waits over the whole range (full jitter, not equal jitter)', () => {
    const waits = Array.from({ length: 500 }, () => backoffDelay(3, 100, 2_000));
    expect(Math.min(...waits)).toBeLessThan(80);
    expect(Math.max(...waits)).toBeGreaterThan(320);
  });

  it('waits the drawn time between attempts', async () => {
    const server = await startServer((_req, res, n) => (n < 2 ? reply(res, 503) : reply(res, 200)));
    const draws: number[] = [];
    const random = () => {
      draws.push(0.5);
      return 0.5;
    };
    await client(server, { baseBackoffMs: 200, maxBackoffMs: 1_000, random }).send(GET);
    expect(draws).toHaveLength(2);
    // 0.5 * 200 ms, then 0.5 * 400 ms.
    expect(server.seen[1]!.at - server.seen[0]!.at).toBeGreaterThanOrEqual(95);
    expect(server.seen[2]!.at - server.seen[1]!.at).toBeGreaterThanOrEqual(195);
  });
});

describe('circuit breaker', () => {
  const fast = (circuit: VendorCircuit, maxAttempts = 1): Partial<VendorHttpOptions> => ({ circuit, maxAttempts });

  it('opens after N failed calls and then fails fast without a request', async () => {
    const server = await startServer((_req, res) => reply(res, 503));
    const circuit = new VendorCircuit({ failureThreshold: 3, cooldownMs: 60_000 });
    const http = client(server, fast(circuit));
    for (let i = 0; i < 3; i += 1) expect((await http.send(GET)).status).toBe(503);
    expect(circuit.snapshot()).toMatchObject({ state: 'OPEN', consecutiveFailures: 3 });
    expect(circuit.snapshot().retryAt).toBeInstanceOf(Date);
    const error = await rejection(http.send(GET));
    expect(error).toMatchObject({ vendorCode: 'CIRCUIT_OPEN', retryable: true, httpStatus: null, requestSent: false });
    expect(writeOutcomeUnknown(error)).toBe(false);
    expect(server.seen).toHaveLength(3);
  });

  it('counts a call, not its attempts, and timeouts and resets as failures', async () => {
    const server = await startServer((req, _res, n) => (n % 2 === 0 ? reset(req) : hang()));
    const circuit = new VendorCircuit({ failureThreshold: 2, cooldownMs: 60_000 });
    const http = client(server, { circuit, maxAttempts: 2, totalTimeoutMs: 100 });
    await rejection(http.send(GET));
    expect(circuit.snapshot()).toMatchObject({ state: 'CLOSED', consecutiveFailures: 1 });
    await rejection(http.send(GET));
    expect(circuit.state).toBe('OPEN');
    expect(server.seen).toHaveLength(4);
  });

  it('does not count 4xx answers (the vendor is up): they reset the count', async () => {
    const server = await startServer((_req, res, n) => reply(res, n === 1 ? 404 : n === 3 ? 401 : 500));
    const circuit = new VendorCircuit({ failureThreshold: 2, cooldownMs: 60_000 });
    const http = client(server, fast(circuit));
    for (let i = 0; i < 4; i += 1) await http.send(GET);
    expect(circuit.snapshot()).toMatchObject({ state: 'CLOSED', consecutiveFailures: 0 });
  });

  it('half-opens after the cool-down, lets one probe through, and closes after a good one', async () => {
    let healthy = false;
    const server = await startServer(async (_req, res) => {
      if (!healthy) return reply(res, 503);
      await delay(100);
      reply(res, 200);
    });
    const circuit = new VendorCircuit({ failureThreshold: 2, cooldownMs: 150 });
    const http = client(server, fast(circuit, 3));
    await http.send(GET);
    await http.send(GET);
    expect(circuit.state).toBe('OPEN');
    expect(server.seen).toHaveLength(6);
    await delay(170);
    expect(circuit.state).toBe('HALF_OPEN');
    healthy = true;
    const probe = http.send(GET);
    // While the probe is out, everything else still fails fast.
    expect(await rejection(http.send(GET))).toMatchObject({ vendorCode: 'CIRCUIT_OPEN' });
    expect((await probe).status).toBe(200);
    expect(server.seen).toHaveLength(7);
    expect(circuit.snapshot()).toMatchObject({ state: 'CLOSED', consecutiveFailures: 0, retryAt: null });
    expect((await http.send(GET)).status).toBe(200);
  });

  it('reopens when the probe fails, and sends the probe once only', async () => {
    const server = await startServer((_req, res) => reply(res, 503));
    const circuit = new VendorCircuit({ failureThreshold: 1, cooldownMs: 100 });
    const http = client(server, fast(circuit, 3));
    await http.send(GET);
    expect(server.seen).toHaveLength(3);
    expect(circuit.state).toBe('OPEN');
    await delay(120);
    expect((await http.send(GET)).status).toBe(503);
    expect(server.seen).toHaveLength(4);
    expect(circuit.state).toBe('OPEN');
    expect(await rejection(http.send(GET))).toMatchObject({ vendorCode: 'CIRCUIT_OPEN' });
  });

  it('is one breaker for every client of a connection', async () => {
    const server = await startServer((_req, res) => reply(res, 500));
    const circuit = new VendorCircuit({ failureThreshold: 2, cooldownMs: 60_000 });
    const a = client(server, fast(circuit));
    const b = client(server, { ...fast(circuit), totalTimeoutMs: 30_000 });
    await a.send(GET);
    await b.send(GET);
    expect(await rejection(a.send(GET))).toMatchObject({ vendorCode: 'CIRCUIT_OPEN' });
    expect(await rejection(b.send(CREATE))).toMatchObject({ vendorCode: 'CIRCUIT_OPEN' });
    expect(server.seen).toHaveLength(2);
  });
});

describe('concurrency cap', () => {
  it('never has more than maxConcurrency requests of a connection on the wire, across its clients', async () => {
    const server = await startServer(async (_req, res) => {
      await delay(30);
      reply(res, 200);
    });
    const circuit = new VendorCircuit({ maxConcurrency: 3 });
    const a = client(server, { circuit });
    const b = client(server, { circuit });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).send(GET)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(server.seen).toHaveLength(20);
    expect(server.maxConcurrent).toBe(3);
    expect(circuit.snapshot()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('gives the slot back during a backoff wait and after a failure', async () => {
    const server = await startServer(async (req, res, n) => {
      if (n < 4) return reset(req);
      await delay(10);
      reply(res, 200);
    });
    const circuit = new VendorCircuit({ maxConcurrency: 1 });
    const http = client(server, { circuit, baseBackoffMs: 50, maxBackoffMs: 50 });
    const results = await Promise.all(Array.from({ length: 4 }, () => http.send(GET)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(server.maxConcurrent).toBe(1);
    expect(circuit.snapshot()).toMatchObject({ inFlight: 0, queued: 0 });
  });
});

describe('bearer tokens and retries', () => {
  it('renews an expired token once, and the renewed call has its own attempts', async () => {
    let issued = 0;
    const server = await startServer((req, res, n) => {
      if (req.headers.authorization === 'Bearer T1') return reply(res, 401);
      return n === 1 ? reply(res, 503) : reply(res, 200, {}, '{"ok":true}');
    });
    const circuit = new VendorCircuit({ failureThreshold: 1 });
    const http = client(server, { circuit, maxAttempts: 2 });
    const tokens = new BearerTokenCache(async () => ({ token: `T${++issued}`, expiresInSeconds: 3_600 }));
    const res = await tokens.withToken(
      (token) => http.send({ ...GET, headers: { authorization: `Bearer ${token}` } }),
      (answer) => answer.status === 401,
    );
    expect(res.status).toBe(200);
    expect(issued).toBe(2);
    // 401 (not retried), then the new token: 503, retried, 200. Two attempts were allowed per call.
    expect(server.seen.map((s) => s.authorization)).toEqual(['Bearer T1', 'Bearer T2', 'Bearer T2']);
    // A refused token proves the vendor is up; the 503 was retried away: the breaker saw no failure.
    expect(circuit.snapshot()).toMatchObject({ state: 'CLOSED', consecutiveFailures: 0 });
  });
});
