// The one HTTP client every adapter uses to reach its vendor. It owns timeouts, retries, the connection's
// circuit breaker and concurrency cap (VendorCircuit, shared by all clients of a connection), the request
// summaries the audit trail keeps, and the translation of transport failures into typed VendorErrors. It
// knows no vendor: auth headers, envelopes and error bodies are the adapters' business.
//
// One `send` is one call, of up to `maxAttempts` attempts:
//   - an answer other than 5xx / 429 is returned as is (a 4xx is the adapter's to map, never retried);
//   - a 5xx, a 429, a timeout or a transport failure (reset, refused) is tried again, after an exponential
//     backoff with full jitter, or after the vendor's Retry-After (429, 503) when that is at most
//     `maxRetryAfterMs` (a longer one ends the call: the vendor asked for more than a call may take);
//   - only when repeating is safe: reads and writes the adapter declares idempotent, any request that never
//     left (connection refused) and any 429 (the vendor refused it unprocessed). A non-idempotent write whose
//     fate is unknown (timeout, reset) is never repeated: it fails with TIMEOUT / UNAVAILABLE, retryable false;
//   - once the attempts are spent, a 5xx / 429 answer is returned for the adapter to map (it knows the
//     vendor's error body; wire.statusVendorCode names the rest UNAVAILABLE / RATE_LIMITED), and a transport
//     failure is thrown as a VendorError (TIMEOUT or UNAVAILABLE, httpStatus null);
//   - an open circuit throws CIRCUIT_OPEN (retryable, nothing sent). The call's final outcome, not each
//     attempt, is what the breaker counts.
// A bearer-token refresh after a 401/403 (BearerTokenCache) sends a new call with its own attempts: the refresh
// never uses up an attempt of the failed request, and a refused token is not a breaker failure.
import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request, errors as undiciErrors } from 'undici';
import { VendorError } from '../errors.js';
import type { SecretRegistry } from '../secrets.js';
import { circuitFor, VendorCircuit } from './circuit.js';
import type { VendorKey } from '../../model/vendor-key.js';
import type { ConnectionReliability } from './reliability.js';
import { vendorPriority } from './request-limiter.js';

export interface VendorRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the connection's base URL, starting with "/". */
  path: string;
  query?: Record<string, string | undefined>;
  headers?: Record<string, string>;
  body?: string;
  /**
   * Sending it twice leaves the vendor as sending it once (a read, a full replace, a delete that takes a 404
   * as done), so it may be repeated after a failure the vendor may have acted on. Default: true for GET,
   * false for every other method.
   */
  idempotent?: boolean;
}

export interface VendorResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** What the audit trail keeps of one vendor call: never headers, never bodies, secrets scrubbed. */
export interface VendorCallSummary {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number | null;
  durationMs: number;
}

const recorder = new AsyncLocalStorage<VendorCallSummary[]>();

/** Runs `work` and returns, beside its result or error, every vendor call made inside it. */
export async function recordVendorCalls<T>(work: () => Promise<T>): Promise<{ calls: VendorCallSummary[]; result?: T; error?: unknown }> {
  const calls: VendorCallSummary[] = [];
  try {
    const result = await recorder.run(calls, work);
    return { calls, result };
  } catch (error) {
    return { calls, error };
  }
}

/** A finished call as metrics and traces see it (src/ops): never a header, a body or a query string. */
export interface VendorCallEvent {
  vendor: VendorKey;
  method: VendorRequest['method'];
  /** Below the base URL, without the query string. */
  path: string;
  /** The final HTTP status, or the VendorError code when no answer came (TIMEOUT, UNAVAILABLE, CIRCUIT_OPEN, ...). */
  status: number | string;
  /** When the call started (epoch ms) and how long it took, retries and waits included. */
  startedAt: number;
  durationMs: number;
}

export type VendorCallObserver = (event: VendorCallEvent) => void;

// Keyed by circuit, i.e. by connection of one ConnectionRegistry: a gateway observes its own connections only.
const callObservers = new WeakMap<VendorCircuit, Set<VendorCallObserver>>();

/** Calls `observer` after every call through a client of `circuit`, in the caller's async context; returns the undo. */
export function observeVendorCalls(circuit: VendorCircuit, observer: VendorCallObserver): () => void {
  const observers = callObservers.get(circuit) ?? new Set<VendorCallObserver>();
  callObservers.set(circuit, observers);
  observers.add(observer);
  return () => observers.delete(observer);
}

export interface VendorHttpOptions {
  vendor: VendorKey;
  baseUrl: string;
  secrets: SecretRegistry;
  /** TCP (and TLS) connect timeout of one attempt (default 2 s). */
  connectTimeoutMs?: number;
  /** Everything of one attempt: connect, send, headers and body (default 10 s). */
  totalTimeoutMs?: number;
  /** Attempts per call, the first included (default 3, at least 1). */
  maxAttempts?: number;
  /** The longest Retry-After waited for (default 5 s); a longer one ends the call with the vendor's answer. */
  maxRetryAfterMs?: number;
  /** Backoff before retry n: a uniform draw in [0, min(maxBackoffMs, baseBackoffMs * 2^(n-1))] (full jitter). */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** The connection's breaker and concurrency cap, shared by all its clients; default: one of this client's own. */
  circuit?: VendorCircuit;
  /** Random source of the jitter (tests). */
  random?: () => number;
}

export const RETRY_DEFAULTS = { maxAttempts: 3, maxRetryAfterMs: 5_000, baseBackoffMs: 200, maxBackoffMs: 2_000 } as const;

/** The client options a connection's config asks for; every client of one connection gets the same circuit. */
export function connectionHttpOptions(
  connection: ConnectionReliability & { baseUrl: string },
  deps: { secrets: SecretRegistry; circuit?: VendorCircuit },
): Omit<VendorHttpOptions, 'vendor'> {
  return {
    baseUrl: connection.baseUrl,
    secrets: deps.secrets,
    connectTimeoutMs: connection.connectTimeoutMs,
    totalTimeoutMs: connection.totalTimeoutMs,
    maxAttempts: connection.maxAttempts,
    maxRetryAfterMs: connection.maxRetryAfterMs,
    circuit: deps.circuit ?? circuitFor(connection),
  };
}

/** Full jitter: the wait before retry `retry` (1 = the first retry), uniform in [0, min(cap, base * 2^(retry-1))]. */
export function backoffDelay(retry: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/** A Retry-After header in milliseconds from `now`: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | null {
  const text = value?.trim();
  if (!text) return null;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date starts with its weekday (IMF-fixdate, RFC 850 and asctime alike); Date.parse alone would take
  // "-1" or "soon 1" for dates.
  if (!/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)/i.test(text)) return null;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

/** An answer worth another attempt: the vendor is overloaded or briefly down (5xx) or rate-limits us (429). */
export function isTransientStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Transport failures that happen before a byte of the request left: nothing can have landed. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

type Attempt = { kind: 'answer'; response: VendorResponse } | { kind: 'failure'; error: unknown; timedOut: boolean; sent: boolean };

/** Encodes a query the way the vendors document it: every value URI-encoded (RFC 3986), "&"-joined. */
export function encodeQuery(query: Record<string, string | undefined> = {}): string {
  return Object.entries(query)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');
}

export class VendorHttpClient {
  readonly vendor: VendorKey;
  /** The connection's breaker and concurrency cap (shared with its other clients). */
  readonly circuit: VendorCircuit;
  private readonly base: URL;
  private readonly agent: Agent;
  private readonly totalTimeoutMs: number;
  private readonly maxAttempts: number;
  private readonly maxRetryAfterMs: number;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly random: () => number;

  constructor(private readonly options: VendorHttpOptions) {
    this.vendor = options.vendor;
    this.base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    this.totalTimeoutMs = options.totalTimeoutMs ?? 10_000;
    this.maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? RETRY_DEFAULTS.maxAttempts));
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? RETRY_DEFAULTS.maxRetryAfterMs;
    this.baseBackoffMs = options.baseBackoffMs ?? RETRY_DEFAULTS.baseBackoffMs;
    this.maxBackoffMs = options.maxBackoffMs ?? RETRY_DEFAULTS.maxBackoffMs;
    this.random = options.random ?? Math.random;
    this.circuit = options.circuit ?? new VendorCircuit();
    this.agent = new Agent({
      connect: { timeout: options.connectTimeoutMs ?? 2_000 },
      headersTimeout: this.totalTimeoutMs,
      bodyTimeout: this.totalTimeoutMs,
    });
  }

  /**
   * The absolute URL of a vendor path, keeping any path prefix of the base URL. Outbound safety: a path that
   * resolves to another origin (an absolute URL, "//host", "\\host") is refused with a VendorError
   * (OFF_ORIGIN_URL): the gateway talks to its connection's base URL host and nowhere else.
   */
  url(path: string, query?: Record<string, string | undefined>): string {
    const url = new URL(path.replace(/^\//, ''), this.base);
    if (url.origin !== this.base.origin) {
      throw new VendorError(
        { vendor: this.vendor, httpStatus: null, vendorCode: 'OFF_ORIGIN_URL', retryable: false, requestSent: false },
        `Refused to send a request to ${url.origin}: this connection talks to ${this.base.origin} only. Nothing was sent.`,
      );
    }
    const qs = encodeQuery(query);
    return qs ? `${url.origin}${url.pathname}?${qs}` : `${url.origin}${url.pathname}`;
  }

  /**
   * One call (see the top of this file): the final answer, whatever its status, or a VendorError when no
   * answer came (TIMEOUT, UNAVAILABLE) or the circuit is open (CIRCUIT_OPEN).
   */
  async send(req: VendorRequest): Promise<VendorResponse> {
    const startedAt = Date.now();
    const started = performance.now();
    let status: number | string = 'ERROR';
    try {
      const response = await this.call(req);
      status = response.status;
      return response;
    } catch (error) {
      if (error instanceof VendorError) status = error.vendorCode;
      throw error;
    } finally {
      const event: VendorCallEvent = {
        vendor: this.vendor,
        method: req.method,
        path: req.path,
        status,
        startedAt,
        durationMs: performance.now() - started,
      };
      for (const observer of callObservers.get(this.circuit) ?? []) {
        try {
          observer(event);
        } catch {
          // an observer's failure is never the call's
        }
      }
    }
  }

  private async call(req: VendorRequest): Promise<VendorResponse> {
    const url = this.url(req.path, req.query); // refuses another origin before anything is counted or sent
    const ticket = this.circuit.admit();
    if (!ticket) throw this.circuitOpenError();
    const idempotent = req.idempotent ?? req.method === 'GET';
    const attempts = ticket.probe ? 1 : this.maxAttempts;
    let settled = false;
    const settle = (how: 'succeeded' | 'failed' | 'abandoned') => {
      settled = true;
      this.circuit[how](ticket);
    };
    const fail = (outcome: Attempt, attempt: number): VendorResponse => {
      settle('failed');
      if (outcome.kind === 'answer') return outcome.response;
      throw this.transportError(outcome, idempotent, attempt);
    };
    try {
      let last: Attempt | null = null;
      for (let attempt = 1; ; attempt += 1) {
        // Its connection's slot and a gateway-wide one (request-limiter.ts); the wait is not part of the timeouts.
        const release = await this.circuit.acquire(vendorPriority(req.method));
        let outcome: Attempt;
        try {
          // The circuit may have opened while this call waited (for a slot, or before a retry): nothing more is sent.
          if (!this.circuit.admits(ticket)) {
            if (last) return fail(last, attempt - 1);
            settle('abandoned');
            throw this.circuitOpenError();
          }
          outcome = await this.attempt(req, url);
        } finally {
          release();
        }
        if (outcome.kind === 'answer' && !isTransientStatus(outcome.response.status)) {
          settle('succeeded');
          return outcome.response;
        }
        const wait = this.retryWait(outcome, attempt, attempts, idempotent);
        if (wait === null) return fail(outcome, attempt);
        last = outcome;
        await sleep(wait);
      }
    } finally {
      if (!settled) this.circuit.abandoned(ticket);
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  /** How long to wait before the next attempt, or null when there is none. */
  private retryWait(outcome: Attempt, attempt: number, attempts: number, idempotent: boolean): number | null {
    if (attempt >= attempts) return null;
    if (outcome.kind === 'failure') {
      // A write whose request may have arrived is never repeated blindly.
      if (!idempotent && outcome.sent) return null;
      return backoffDelay(attempt, this.baseBackoffMs, this.maxBackoffMs, this.random);
    }
    const { status, headers } = outcome.response;
    // A 429 was refused unprocessed; another 5xx may have been half done: only idempotent requests repeat it.
    if (!idempotent && status !== 429) return null;
    const retryAfter = status === 429 || status === 503 ? parseRetryAfter(headers['retry-after']) : null;
    if (retryAfter === null) return backoffDelay(attempt, this.baseBackoffMs, this.maxBackoffMs, this.random);
    return retryAfter <= this.maxRetryAfterMs ? retryAfter : null;
  }

  /** One request on the wire to `url` (this.url's; a slot is held), recorded for the audit trail; never throws. */
  private async attempt(req: VendorRequest, url: string): Promise<Attempt> {
    const started = performance.now();
    const summary: VendorCallSummary = {
      method: req.method,
      path: req.path,
      query: this.scrubQuery(req.query),
      status: null,
      durationMs: 0,
    };
    recorder.getStore()?.push(summary);
    // The whole attempt's deadline (undici's own timeouts are per phase). Not AbortSignal.timeout: its timer
    // outlives the answer and, when it fires seconds later, builds an error with a stack for nobody.
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(new DOMException(`no answer within ${this.totalTimeoutMs} ms`, 'TimeoutError')),
      this.totalTimeoutMs,
    );
    try {
      const res = await request(url, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        dispatcher: this.agent,
        signal: deadline.signal,
      });
      const text = await res.body.text();
      summary.status = res.statusCode;
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(res.headers)) {
        if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { kind: 'answer', response: { status: res.statusCode, headers, text } };
    } catch (error) {
      return { kind: 'failure', error, timedOut: isTimeout(error), sent: !NOT_SENT_CODES.has(errorCode(error) ?? '') };
    } finally {
      clearTimeout(timer);
      summary.durationMs = Math.round(performance.now() - started);
    }
  }

  private scrubQuery(query: Record<string, string | undefined> = {}): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) out[key] = this.options.secrets.scrub(value);
    }
    return out;
  }

  private circuitOpenError(): VendorError {
    const { retryAt, consecutiveFailures } = this.circuit.snapshot();
    const when = retryAt ? ` until ${retryAt.toISOString()}` : ' while its probe request is out';
    return new VendorError(
      { vendor: this.vendor, httpStatus: null, vendorCode: 'CIRCUIT_OPEN', retryable: true, requestSent: false },
      `${this.vendor} is failing (${consecutiveFailures} calls in a row): the gateway sends it nothing${when}; nothing was sent.`,
    );
  }

  private transportError(failure: Extract<Attempt, { kind: 'failure' }>, idempotent: boolean, attempts: number): VendorError {
    const detail = failure.error instanceof Error ? failure.error.message : String(failure.error);
    const mayHaveLanded = failure.sent && !idempotent;
    const tries = attempts > 1 ? ` (${attempts} attempts)` : '';
    const landed = mayHaveLanded ? ' The change may have been applied: read it back before sending it again.' : '';
    const what = failure.timedOut ? 'did not answer in time' : 'could not be reached';
    return new VendorError(
      {
        vendor: this.vendor,
        httpStatus: null,
        vendorCode: failure.timedOut ? 'TIMEOUT' : 'UNAVAILABLE',
        // Sending it again is the caller's choice only when that cannot apply a change twice.
        retryable: !mayHaveLanded,
        requestSent: failure.sent,
      },
      `${this.vendor} ${what}${tries}: ${this.options.secrets.scrub(detail)}.${landed}`,
    );
  }
}

function errorCode(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const own = (error as { code?: unknown }).code;
  if (typeof own === 'string') return own;
  const cause = (error as { cause?: { code?: unknown } }).cause?.code;
  return typeof cause === 'string' ? cause : undefined;
}

function isTimeout(error: unknown): boolean {
  return (
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    error instanceof undiciErrors.ConnectTimeoutError ||
    (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
  );
}
