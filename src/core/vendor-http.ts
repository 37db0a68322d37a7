// The one HTTP client every adapter uses to reach its vendor. It owns timeouts, the request summaries the
// audit trail keeps, and the translation of transport failures into typed VendorErrors. It knows no vendor:
// auth headers and envelopes are the adapters' business.
import { AsyncLocalStorage } from 'node:async_hooks';
import { Agent, request, errors as undiciErrors } from 'undici';
import { VendorError } from './errors.js';
import type { SecretRegistry } from './secrets.js';
import type { VendorKey } from './vendor-key.js';

export interface VendorRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the connection's base URL, starting with "/". */
  path: string;
  query?: Record<string, string | undefined>;
  headers?: Record<string, string>;
  body?: string;
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
export async function recordVendorCalls<T>(
  work: () => Promise<T>,
): Promise<{ calls: VendorCallSummary[]; result?: T; error?: unknown }> {
  const calls: VendorCallSummary[] = [];
  try {
    const result = await recorder.run(calls, work);
    return { calls, result };
  } catch (error) {
    return { calls, error };
  }
}

export interface VendorHttpOptions {
  vendor: VendorKey;
  baseUrl: string;
  secrets: SecretRegistry;
  connectTimeoutMs?: number;
  totalTimeoutMs?: number;
}

/** Encodes a query the way the vendors document it: every value URI-encoded (RFC 3986), "&"-joined. */
export function encodeQuery(query: Record<string, string | undefined> = {}): string {
  return Object.entries(query)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');
}

export class VendorHttpClient {
  readonly vendor: VendorKey;
  private readonly base: URL;
  private readonly agent: Agent;
  private readonly totalTimeoutMs: number;

  constructor(private readonly options: VendorHttpOptions) {
    this.vendor = options.vendor;
    this.base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    this.totalTimeoutMs = options.totalTimeoutMs ?? 10_000;
    this.agent = new Agent({
      connect: { timeout: options.connectTimeoutMs ?? 2_000 },
      headersTimeout: this.totalTimeoutMs,
      bodyTimeout: this.totalTimeoutMs,
    });
  }

  /** The absolute URL of a vendor path, keeping any path prefix of the base URL. */
  url(path: string, query?: Record<string, string | undefined>): string {
    const url = new URL(path.replace(/^\//, ''), this.base);
    const qs = encodeQuery(query);
    return qs ? `${url.origin}${url.pathname}?${qs}` : `${url.origin}${url.pathname}`;
  }

  async send(req: VendorRequest): Promise<VendorResponse> {
    const started = performance.now();
    const summary: VendorCallSummary = {
      method: req.method,
      path: req.path,
      query: this.scrubQuery(req.query),
      status: null,
      durationMs: 0,
    };
    recorder.getStore()?.push(summary);
    try {
      const res = await request(this.url(req.path, req.query), {
        method: req.method,
        headers: req.headers,
        body: req.body,
        dispatcher: this.agent,
        signal: AbortSignal.timeout(this.totalTimeoutMs),
      });
      const text = await res.body.text();
      summary.status = res.statusCode;
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(res.headers)) {
        if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { status: res.statusCode, headers, text };
    } catch (error) {
      throw this.transportError(error);
    } finally {
      summary.durationMs = Math.round(performance.now() - started);
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private scrubQuery(query: Record<string, string | undefined> = {}): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) out[key] = this.options.secrets.scrub(value);
    }
    return out;
  }

  private transportError(error: unknown): VendorError {
    const timedOut =
      error instanceof undiciErrors.HeadersTimeoutError ||
      error instanceof undiciErrors.BodyTimeoutError ||
      error instanceof undiciErrors.ConnectTimeoutError ||
      (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'));
    const detail = error instanceof Error ? error.message : String(error);
    return new VendorError(
      { vendor: this.vendor, httpStatus: null, vendorCode: timedOut ? 'TIMEOUT' : 'UNAVAILABLE', retryable: true },
      `${this.vendor} could not be reached: ${this.options.secrets.scrub(detail)}`,
    );
  }
}
