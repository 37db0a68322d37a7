// How to talk to 2sms: a client-credentials bearer token from POST /Token (8 hours, cached, fetched once more
// after a 401), JSON requests, and replies read through the {Error, ResponseData} envelope. Turns the
// vendor's three failure shapes (OAuth error, ASP.NET {Message}, envelope Error) into VendorErrors.
import type { z } from 'zod';
import type { PlannedRequest } from '../../core/adapter.js';
import { BearerTokenCache, type IssuedToken } from '../../core/bearer-token.js';
import { VendorError } from '../../core/errors.js';
import type { SecretRegistry } from '../../core/secrets.js';
import type { VendorCircuit } from '../../core/vendor-circuit.js';
import { connectionHttpOptions, encodeQuery, isTransientStatus, VendorHttpClient, type VendorResponse } from '../../core/vendor-http.js';
import type { ConnectionReliability } from '../../core/vendor-module.js';
import { badResponse, isRetryableStatus, parseJsonText, parseWire, statusVendorCode } from '../../core/wire.js';
import { anyEnvelope, aspNetMessage, tokenError, tokenResponse } from './wire.js';

export interface TwoSmsConnection extends ConnectionReliability {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
}

export interface TwoSmsCall {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
}

/** One request as it goes on the wire, auth header aside: what reads send and what a plan lists. */
export type TwoSmsWireRequest = Omit<PlannedRequest, 'purpose'>;

/** The name of the one header the client adds at send time (lower-case, as plans list it). */
export const AUTH_HEADER = 'authorization';

/**
 * A call in its wire form: JSON accepted always, a JSON body (and its content type) when there is one.
 * Pure, so that a plan lists exactly what `sendWire` will put on the wire.
 */
export function toWireRequest(call: TwoSmsCall): TwoSmsWireRequest {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  return {
    method: call.method,
    path: call.path,
    ...(call.query ? { query: call.query } : {}),
    headers,
    ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
  };
}

/** A reply whose body is the envelope; `error` is set when the vendor says the call failed. */
export interface TwoSmsReply<D> {
  status: number;
  detail: D | undefined;
  error: { code: string; reason: string } | null;
}

/** Renew an 8-hour token 5 minutes before it runs out. */
const RENEW_BEFORE_MS = 5 * 60_000;

export class TwoSmsClient {
  readonly http: VendorHttpClient;
  private readonly tokens: BearerTokenCache;

  constructor(
    private readonly connection: TwoSmsConnection,
    private readonly secrets: SecretRegistry,
    now: () => number = Date.now,
    /** The connection's breaker and concurrency cap (ConnectionRegistry's); default: one of its own. */
    circuit?: VendorCircuit,
  ) {
    secrets.add(connection.clientSecret);
    this.http = new VendorHttpClient({ vendor: 'twosms', ...connectionHttpOptions(connection, { secrets, circuit }) });
    this.tokens = new BearerTokenCache(() => this.issueToken(), RENEW_BEFORE_MS, now);
  }

  /** Sends one API call with the cached token; a 401 means the token is gone: one new token, one retry. */
  async send(call: TwoSmsCall): Promise<VendorResponse> {
    return this.sendWire(toWireRequest(call));
  }

  /** Sends a request exactly as given, adding only the bearer token (the same retry after a 401). */
  async sendWire(request: TwoSmsWireRequest): Promise<VendorResponse> {
    return this.tokens.withToken(
      (token) =>
        this.http.send({
          method: request.method,
          path: request.path,
          query: request.query,
          headers: { ...request.headers, [AUTH_HEADER]: `Bearer ${token}` },
          body: request.body,
          idempotent: request.idempotent,
        }),
      (res) => res.status === 401,
    );
  }

  /** Sends a call and reads the envelope; non-envelope failures (401, 404 route, 415 ...) throw here. */
  async call<D>(call: TwoSmsCall, detail: z.ZodType<D>): Promise<TwoSmsReply<D>> {
    return this.callWire(toWireRequest(call), detail);
  }

  /** `call` for a request already in its wire form (a planned write). */
  async callWire<D>(request: TwoSmsWireRequest, detail: z.ZodType<D>): Promise<TwoSmsReply<D>> {
    const res = await this.sendWire(request);
    const ok = res.status >= 200 && res.status < 300;
    if (ok) {
      const parsed = parseWire('twosms', res, anyEnvelope);
      const error = envelopeError(parsed.Error);
      if (error) return { status: res.status, detail: readDetail(parsed.ResponseData?.Detail, detail), error };
      const data = detail.safeParse(parsed.ResponseData?.Detail);
      if (!data.success) {
        const where = data.error.issues.slice(0, 3).map((i) => `Detail.${i.path.join('.')}: ${i.message}`).join('; ');
        throw badResponse('twosms', res.status, `unexpected response shape (${where})`);
      }
      return { status: res.status, detail: data.data, error: null };
    }
    const body = parseJsonTextOrNull(res);
    const envelope = anyEnvelope.safeParse(body);
    if (envelope.success && isEnvelope(body)) {
      const error = envelopeError(envelope.data.Error) ?? { code: statusVendorCode(res.status), reason: '' };
      return { status: res.status, detail: readDetail(envelope.data.ResponseData?.Detail, detail), error };
    }
    throw this.plainError(res, body);
  }

  /** Throws the VendorError a failed reply stands for. */
  fail(reply: TwoSmsReply<unknown>, what: string): never {
    const code = reply.error?.code ?? statusVendorCode(reply.status);
    const reason = reply.error?.reason ? `: ${reply.error.reason}` : '';
    throw new VendorError(
      { vendor: 'twosms', httpStatus: reply.status, vendorCode: code, retryable: isRetryableStatus(reply.status) },
      this.secrets.scrub(`2sms could not ${what} (${code})${reason}`),
    );
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  /** POST {baseUrl}/Token, form-encoded client credentials (OWIN OAuth server). */
  private async issueToken(): Promise<IssuedToken> {
    const res = await this.http.send({
      method: 'POST',
      path: '/Token',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: encodeQuery({
        grant_type: 'client_credentials',
        client_id: this.connection.clientId,
        client_secret: this.connection.clientSecret,
      }),
      // Asking again only yields another token.
      idempotent: true,
    });
    if (res.status !== 200) {
      const refused = tokenError.safeParse(parseJsonTextOrNull(res));
      if (refused.success) {
        const why = refused.data.error_description ? ` (${refused.data.error_description})` : '';
        throw new VendorError(
          { vendor: 'twosms', httpStatus: res.status, vendorCode: refused.data.error, retryable: isRetryableStatus(res.status) },
          this.secrets.scrub(`2sms refused the token request: ${refused.data.error}${why}`),
        );
      }
      throw this.plainError(res, parseJsonTextOrNull(res));
    }
    const token = parseWire('twosms', res, tokenResponse);
    this.secrets.add(token.access_token);
    this.secrets.add(token.refresh_token);
    return { token: token.access_token, expiresInSeconds: token.expires_in };
  }

  /**
   * A failure ASP.NET wrote itself ({Message}) or one we cannot read at all. An unreadable 5xx / 429 is an
   * outage (a proxy's HTML page, say), not a changed API: UNAVAILABLE / RATE_LIMITED, retryable.
   */
  private plainError(res: VendorResponse, body: unknown): VendorError {
    const message = aspNetMessage.safeParse(body);
    if (!message.success && isTransientStatus(res.status)) {
      return new VendorError(
        { vendor: 'twosms', httpStatus: res.status, vendorCode: statusVendorCode(res.status), retryable: true },
        this.secrets.scrub(`2sms answered ${res.status}: ${this.secrets.scrub(res.text.trim()).slice(0, 200) || 'no body'}`),
      );
    }
    if (!message.success) return badResponse('twosms', res.status, `HTTP ${res.status} without a readable error body`);
    const detail = message.data.MessageDetail ?? message.data.ExceptionMessage;
    return new VendorError(
      { vendor: 'twosms', httpStatus: res.status, vendorCode: statusVendorCode(res.status), retryable: isRetryableStatus(res.status) },
      this.secrets.scrub(`2sms answered ${res.status}: ${message.data.Message}${detail ? ` ${detail}` : ''}`),
    );
  }
}

/**
 * The envelope's Error part names a failure when it carries a code. Successes send no Error, or one with
 * empty (or "0") values: the vendor's vocabulary is undocumented, so both are read as success.
 */
function envelopeError(error: { ErrorCode?: string | null; ErrorReason?: string | null } | null | undefined) {
  const code = error?.ErrorCode?.trim() ?? '';
  if (code === '' || code === '0') return null;
  return { code, reason: error?.ErrorReason?.trim() ?? '' };
}

function isEnvelope(body: unknown): boolean {
  return typeof body === 'object' && body !== null && ('Error' in body || 'ResponseData' in body);
}

function readDetail<D>(value: unknown, schema: z.ZodType<D>): D | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

function parseJsonTextOrNull(res: VendorResponse): unknown {
  try {
    return parseJsonText('twosms', res);
  } catch {
    return null;
  }
}
