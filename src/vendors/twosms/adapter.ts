// The 2sms adapter: reads (list; get = list and pick, there is no get-by-id) and the writes the mutation
// specs plan and apply. A write is built as a PlannedRequest (requests.ts, pure) and sent by sendPlanned.
// Every call carries the bearer token (auth.ts) and every reply is read through the {Error, ResponseData}
// envelope; the failures it carries become typed errors (errors.ts): errorIDP flags field errors on the
// inputs, the envelope's Error and the answers ASP.NET or the transport write themselves VendorErrors.
import type { z } from 'zod';
import type { NormalizedProvider, PlannedRequest, VendorAdapter } from '../../core/vendor-contract/adapter.js';
import { ValidationError, type FieldError } from '../../core/errors.js';
import type { SecretRegistry } from '../../core/secrets.js';
import type { AdapterDeps, ConnectionReliability } from '../../core/vendor-contract/vendor-module.js';
import { connectionHttpOptions, VendorHttpClient, type VendorResponse } from '../../core/vendor-http/client.js';
import { badResponse, parseWire, statusVendorCode } from '../../core/vendor-http/wire.js';
import { AUTH_HEADER, createTwoSmsAuth, type TwoSmsAuth } from './auth.js';
import { envelopeError, flagErrors, plainError, readJsonBody, replyError, type EnvelopeError } from './errors.js';
import { normalizeProvider, serviceProviderOf, withServiceProvider, type TwoSmsServiceProvider } from './normalize.js';
import {
  buildCreateRequest,
  buildDeleteRequest,
  buildUpdateRequest,
  buildVerifyRequest,
  LIST_PATH,
  toWireRequest,
  type TwoSmsProviderFields,
  type TwoSmsWireRequest,
} from './requests.js';
import {
  anyEnvelope,
  deleteDetail,
  listDetail,
  verificationDetail,
  writeDetail,
  type IdentityProviderApi,
  type IdentityProviderDetails,
} from './wire.js';

export type { TwoSmsProviderFields } from './requests.js';

export interface TwoSmsConnection extends ConnectionReliability {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
}

/** A reply whose body is the envelope; `error` is set when the vendor says the call failed. */
export interface TwoSmsReply<D> {
  status: number;
  detail: D | undefined;
  error: EnvelopeError | null;
}

export interface TwoSmsAdapterOptions {
  /** The token cache's clock (tests). */
  now?: () => number;
}

export interface TwoSmsWriteResult {
  key: string;
  /** What 2sms answers a create or update with: its SP entity id and reply URL, the domain, its TXT value. */
  details: IdentityProviderDetails;
}

export class TwoSmsAdapter implements VendorAdapter {
  readonly vendor = 'twosms' as const;
  readonly authHeaderNames = [AUTH_HEADER] as const;
  private readonly http: VendorHttpClient;
  private readonly auth: TwoSmsAuth;
  private readonly secrets: SecretRegistry;
  /**
   * The service-provider settings (EntityID, ReplyURL) of each provider this adapter created or updated, by
   * lower-case GUID without braces: no read returns them, so reads add them from here. Lasts as long as the
   * adapter; a gateway that starts again knows them from its snapshots (core keeps write-only details).
   */
  private readonly serviceProviders = new Map<string, TwoSmsServiceProvider>();

  constructor(connection: TwoSmsConnection, deps: AdapterDeps, options: TwoSmsAdapterOptions = {}) {
    this.secrets = deps.secrets;
    this.http = new VendorHttpClient({ vendor: 'twosms', ...connectionHttpOptions(connection, deps) });
    this.auth = createTwoSmsAuth(this.http, connection, deps.secrets, options.now);
  }

  async list(): Promise<NormalizedProvider[]> {
    return (await this.listWire('')).map((idp) => this.normalize(idp));
  }

  async get(key: string): Promise<NormalizedProvider | null> {
    const found = (await this.listWire('')).find((idp) => sameId(idp.ID, key));
    return found ? this.normalize(found) : null;
  }

  private normalize(idp: IdentityProviderApi): NormalizedProvider {
    return withServiceProvider(normalizeProvider(idp), this.serviceProviders.get(idKey(idp.ID)));
  }

  /** Keeps what a create/update answered about the service provider (a reply without it changes nothing). */
  private remember(key: string, details: IdentityProviderDetails): void {
    const known = serviceProviderOf(details);
    if (known) this.serviceProviders.set(idKey(key), known);
  }

  /**
   * Sends one planned request exactly as planned (plus the bearer token) and reads the envelope. Every
   * failure becomes a typed error: errorIDP flags (read by `flags`) a ValidationError naming the fields,
   * an envelope Error a VendorError that says what could not be done (the request's purpose), and the
   * failures ASP.NET or the transport write themselves a VendorError (callWire).
   */
  async sendPlanned<D>(
    request: PlannedRequest,
    detail: z.ZodType<D>,
    flags: (detail: NoInfer<D> | undefined) => FieldError[] = () => [],
  ): Promise<TwoSmsReply<D>> {
    const reply = await this.callWire(request, detail);
    const fieldErrors = flags(reply.detail);
    if (fieldErrors.length > 0) throw new ValidationError(fieldErrors);
    if (reply.error) throw replyError(reply, request.purpose, this.secrets);
    return reply;
  }

  /**
   * Sends a planned create (POST v2, BaseSSO). The answer has no ID, so the new provider is then found by its
   * (unique) domain: first among the providers of the name it was given, else in the full list (reads).
   * EntityID and ReplyURL of the answer are handed back and remembered (reads add them); no list returns them.
   */
  async sendCreate(request: PlannedRequest, name: string): Promise<TwoSmsWriteResult> {
    const reply = await this.sendPlanned(request, writeDetail, flagErrors);
    const details = writtenDetails(reply);
    const domain = details.Domain?.toLowerCase();
    const withDomain = (list: IdentityProviderApi[]) => list.filter((idp) => domain && idp.Domain?.toLowerCase() === domain);
    // The Name filter's exact semantics are undocumented: when it finds nothing, look through the full list.
    let created = withDomain(await this.listWire(name));
    if (created.length === 0) created = withDomain(await this.listWire(''));
    if (created.length !== 1) {
      throw badResponse(
        'twosms',
        reply.status,
        `created a provider for domain "${details.Domain ?? ''}" but found ${created.length} such providers named "${name}"`,
      );
    }
    this.remember(created[0]!.ID, details);
    return { key: created[0]!.ID, details };
  }

  /** Sends a planned update (PUT v2, the whole SSO object) of provider `key`; returns what 2sms answers. */
  async sendUpdate(request: PlannedRequest, key: string): Promise<IdentityProviderDetails> {
    const details = writtenDetails(await this.sendPlanned(request, writeDetail, flagErrors));
    this.remember(key, details);
    return details;
  }

  async sendDelete(request: PlannedRequest): Promise<void> {
    await this.sendPlanned(request, deleteDetail);
  }

  /** Sends a planned verification; a miss is a VendorError (VerificationFailed). Returns the provider now. */
  async sendVerify(request: PlannedRequest): Promise<NormalizedProvider> {
    const reply = await this.sendPlanned(request, verificationDetail);
    if (!reply.detail) throw badResponse('twosms', reply.status, 'the verification returned no identity provider');
    return normalizeProvider(reply.detail);
  }

  /** Builds and sends a create (see sendCreate). */
  async createProvider(fields: TwoSmsProviderFields): Promise<TwoSmsWriteResult> {
    return this.sendCreate(buildCreateRequest(fields), fields.name);
  }

  /** Builds and sends an update: PUT v2, the whole SSO object whose ID is the path id. */
  async updateProvider(id: string, fields: TwoSmsProviderFields): Promise<TwoSmsWriteResult> {
    return { key: id, details: await this.sendUpdate(buildUpdateRequest(id, fields), id) };
  }

  async deleteProvider(id: string): Promise<void> {
    await this.sendDelete(buildDeleteRequest(id));
  }

  /** Asks 2sms to look for the TXT value on the provider's domain; a miss is a VendorError (VerificationFailed). */
  async verifyDomain(id: string): Promise<NormalizedProvider> {
    return this.sendVerify(buildVerifyRequest(id));
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  private async listWire(name: string): Promise<IdentityProviderApi[]> {
    // Name is a required query parameter: "Name=" (blank) lists all; without it the route does not match.
    const reply = await this.callWire(toWireRequest({ method: 'GET', path: LIST_PATH, query: { Name: name } }), listDetail);
    if (reply.error) throw replyError(reply, 'list identity providers', this.secrets);
    return reply.detail ?? [];
  }

  /** Sends a request exactly as given, adding only the bearer token (one new token and a retry after a 401). */
  private async sendWire(request: TwoSmsWireRequest): Promise<VendorResponse> {
    return this.auth.withAuthorization((authorization) =>
      this.http.send({
        method: request.method,
        path: request.path,
        query: request.query,
        headers: { ...request.headers, ...authorization },
        body: request.body,
        idempotent: request.idempotent,
      }),
    );
  }

  /** Sends a request and reads the envelope; failures that are no envelope (401, 404 route, 415 ...) throw here. */
  private async callWire<D>(request: TwoSmsWireRequest, detail: z.ZodType<D>): Promise<TwoSmsReply<D>> {
    const res = await this.sendWire(request);
    if (res.status >= 200 && res.status < 300) {
      const parsed = parseWire('twosms', res, anyEnvelope);
      const error = envelopeError(parsed.Error);
      if (error) return { status: res.status, detail: readDetail(parsed.ResponseData?.Detail, detail), error };
      const data = detail.safeParse(parsed.ResponseData?.Detail);
      if (!data.success) {
        const where = data.error.issues
          .slice(0, 3)
          .map((i) => `Detail.${i.path.join('.')}: ${i.message}`)
          .join('; ');
        throw badResponse('twosms', res.status, `unexpected response shape (${where})`);
      }
      return { status: res.status, detail: data.data, error: null };
    }
    const body = readJsonBody(res);
    const envelope = anyEnvelope.safeParse(body);
    if (envelope.success && isEnvelope(body)) {
      const error = envelopeError(envelope.data.Error) ?? { code: statusVendorCode(res.status), reason: '' };
      return { status: res.status, detail: readDetail(envelope.data.ResponseData?.Detail, detail), error };
    }
    throw plainError(res, body, this.secrets);
  }
}

/** A create's or update's answer, once its errors are out of the way, must carry IdentityProviderDetails. */
function writtenDetails(reply: TwoSmsReply<IdentityProviderDetails | null | undefined>): IdentityProviderDetails {
  if (!reply.detail) throw badResponse('twosms', reply.status, 'the reply has no IdentityProviderDetails');
  return reply.detail;
}

function isEnvelope(body: unknown): boolean {
  return typeof body === 'object' && body !== null && ('Error' in body || 'ResponseData' in body);
}

/** The Detail of a failed reply, when it has the operation's shape (errorIDP flags ride on it). */
function readDetail<D>(value: unknown, schema: z.ZodType<D>): D | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** A GUID as compared: without braces and dashes, lower-case. */
function idKey(id: string): string {
  return id.replace(/[{}-]/g, '').toLowerCase();
}

function sameId(a: string, b: string): boolean {
  return idKey(a) === idKey(b);
}
