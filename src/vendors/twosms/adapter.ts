// The 2sms adapter: reads (list; get = list and pick, there is no get-by-id) and the writes the mutation
// specs plan and apply. A write is built as a PlannedRequest (requests.ts, pure) and sent by sendPlanned, which
// adds the bearer token and reads the vendor's envelope; errorIDP flags become field errors on the inputs
// (camelCase of the vendor's request names: LoginUrl, LogoutUrl, ...).
import type { z } from 'zod';
import type { NormalizedProvider, PlannedRequest, VendorAdapter } from '../../core/adapter.js';
import { ValidationError, type FieldError } from '../../core/errors.js';
import type { AdapterDeps } from '../../core/vendor-module.js';
import { badResponse } from '../../core/wire.js';
import { AUTH_HEADER, TwoSmsClient, type TwoSmsConnection, type TwoSmsReply } from './client.js';
import { normalizeProvider } from './normalize.js';
import {
  buildCreateRequest,
  buildDeleteRequest,
  buildUpdateRequest,
  buildVerifyRequest,
  LIST_PATH,
  type TwoSmsProviderFields,
} from './requests.js';
import {
  deleteDetail,
  listDetail,
  verificationDetail,
  writeDetail,
  type ErrorIdp,
  type IdentityProviderDetails,
} from './wire.js';

export type { TwoSmsProviderFields } from './requests.js';

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
  readonly client: TwoSmsClient;

  constructor(
    connection: TwoSmsConnection,
    deps: AdapterDeps,
    options: TwoSmsAdapterOptions = {},
  ) {
    this.client = new TwoSmsClient(connection, deps.secrets, options.now, deps.circuit);
  }

  async list(): Promise<NormalizedProvider[]> {
    return (await this.listWire('')).map(normalizeProvider);
  }

  async get(key: string): Promise<NormalizedProvider | null> {
    const found = (await this.listWire('')).find((idp) => sameId(idp.ID, key));
    return found ? normalizeProvider(found) : null;
  }

  /**
   * Sends one planned request exactly as planned (plus the bearer token) and reads the envelope. Every
   * failure becomes a typed error: errorIDP flags (read by `flags`) a ValidationError naming the fields,
   * an envelope Error a VendorError that says what could not be done (the request's purpose), and the
   * failures ASP.NET or the transport write themselves a VendorError from the client.
   */
  async sendPlanned<D>(
    request: PlannedRequest,
    detail: z.ZodType<D>,
    flags: (detail: NoInfer<D> | undefined) => FieldError[] = () => [],
  ): Promise<TwoSmsReply<D>> {
    const reply = await this.client.callWire(request, detail);
    const fieldErrors = flags(reply.detail);
    if (fieldErrors.length > 0) throw new ValidationError(fieldErrors);
    if (reply.error) this.client.fail(reply, request.purpose);
    return reply;
  }

  /**
   * Sends a planned create (POST v2, BaseSSO). The answer has no ID, so the new provider is then found by its
   * (unique) domain: first among the providers of the name it was given, else in the full list (reads).
   * EntityID and ReplyURL of the answer are handed back as they are; no list ever returns them.
   */
  async sendCreate(request: PlannedRequest, name: string): Promise<TwoSmsWriteResult> {
    const reply = await this.sendPlanned(request, writeDetail, flagErrors);
    const details = writtenDetails(reply);
    const domain = details.Domain?.toLowerCase();
    const withDomain = (list: Awaited<ReturnType<TwoSmsAdapter['listWire']>>) =>
      list.filter((idp) => domain && idp.Domain?.toLowerCase() === domain);
    // The Name filter's exact semantics are undocumented: when it finds nothing, look through the full list.
    let created = withDomain(await this.listWire(name));
    if (created.length === 0) created = withDomain(await this.listWire(''));
    if (created.length !== 1) {
      throw badResponse('twosms', reply.status, `created a provider for domain "${details.Domain ?? ''}" but found ${created.length} such providers named "${name}"`);
    }
    return { key: created[0]!.ID, details };
  }

  /** Sends a planned update (PUT v2, the whole SSO object); returns what 2sms answers. */
  async sendUpdate(request: PlannedRequest): Promise<IdentityProviderDetails> {
    return writtenDetails(await this.sendPlanned(request, writeDetail, flagErrors));
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
    return { key: id, details: await this.sendUpdate(buildUpdateRequest(id, fields)) };
  }

  async deleteProvider(id: string): Promise<void> {
    await this.sendDelete(buildDeleteRequest(id));
  }

  /** Asks 2sms to look for the TXT value on the provider's domain; a miss is a VendorError (VerificationFailed). */
  async verifyDomain(id: string): Promise<NormalizedProvider> {
    return this.sendVerify(buildVerifyRequest(id));
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private async listWire(name: string) {
    // Name is a required query parameter: "Name=" (blank) lists all; without it the route does not match.
    const reply = await this.client.call(
      { method: 'GET', path: LIST_PATH, query: { Name: name } },
      listDetail,
    );
    if (reply.error) this.client.fail(reply, 'list identity providers');
    return reply.detail ?? [];
  }
}

/** A create's or update's answer, once its errors are out of the way, must carry IdentityProviderDetails. */
function writtenDetails(reply: TwoSmsReply<IdentityProviderDetails | null | undefined>): IdentityProviderDetails {
  if (!reply.detail) throw badResponse('twosms', reply.status, 'the reply has no IdentityProviderDetails');
  return reply.detail;
}

/** Each errorIDP flag concerns one input field. */
export function flagErrors(details: IdentityProviderDetails | null | undefined): FieldError[] {
  const flags: ErrorIdp = details?.errorIDP ?? {};
  const errors: FieldError[] = [];
  if (flags.InvalidCert) errors.push({ path: ['certificate'], message: '2sms rejected the certificate (InvalidCert)' });
  if (flags.ProviderDup) {
    const domain = details?.Domain ? `"${details.Domain}" ` : '';
    errors.push({ path: ['provider'], message: `the domain ${domain}already belongs to an identity provider on the 2sms platform (ProviderDup)` });
  }
  if (flags.SignonUrl) errors.push({ path: ['loginUrl'], message: '2sms rejected the login URL (SignonUrl)' });
  if (flags.LogoutURL) errors.push({ path: ['logoutUrl'], message: '2sms rejected the logout URL (LogoutURL)' });
  return errors;
}

function sameId(a: string, b: string): boolean {
  return a.replace(/[{}-]/g, '').toLowerCase() === b.replace(/[{}-]/g, '').toLowerCase();
}
