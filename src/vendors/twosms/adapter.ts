// The 2sms adapter: reads (list; get = list and pick, there is no get-by-id) and the writes the mutation
// specs call. Inputs arrive in camelCase and leave with the vendor's request names (LoginUrl, LogoutUrl);
// errorIDP flags become field errors on those inputs.
import type { AdapterContext, NormalizedProvider, VendorAdapter } from '../../core/adapter.js';
import { ValidationError, type FieldError } from '../../core/errors.js';
import type { SecretRegistry } from '../../core/secrets.js';
import { badResponse } from '../../core/wire.js';
import { TwoSmsClient, type TwoSmsConnection } from './client.js';
import { normalizeProvider } from './normalize.js';
import {
  deleteDetail,
  listDetail,
  verificationDetail,
  writeDetail,
  type BaseSso,
  type ErrorIdp,
  type IdentityProviderDetails,
  type Sso,
} from './wire.js';

const LIST_PATH = '/api/v1/admin/identityproviders';
const WRITE_PATH = '/api/v2/admin/identityproviders';

/** Everything a create sends, and everything an update sends (after the merge). */
export interface TwoSmsProviderFields {
  name: string;
  provider: string;
  loginUrl: string;
  logoutUrl: string;
  certificate: string | null;
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
  readonly client: TwoSmsClient;

  constructor(
    connection: TwoSmsConnection,
    deps: AdapterContext & { secrets: SecretRegistry },
    options: TwoSmsAdapterOptions = {},
  ) {
    this.client = new TwoSmsClient(connection, deps.secrets, options.now);
  }

  async list(): Promise<NormalizedProvider[]> {
    return (await this.listWire('')).map(normalizeProvider);
  }

  async get(key: string): Promise<NormalizedProvider | null> {
    const found = (await this.listWire('')).find((idp) => sameId(idp.ID, key));
    return found ? normalizeProvider(found) : null;
  }

  /** POST v2 (BaseSSO). The answer has no ID, so the new provider is found by its (unique) domain. */
  async createProvider(fields: TwoSmsProviderFields): Promise<TwoSmsWriteResult> {
    const body: BaseSso = toBaseSso(fields);
    const reply = await this.client.call({ method: 'POST', path: WRITE_PATH, body }, writeDetail);
    const details = this.written(reply, 'create the identity provider');
    const domain = details.Domain?.toLowerCase();
    const withDomain = (list: Awaited<ReturnType<TwoSmsAdapter['listWire']>>) =>
      list.filter((idp) => domain && idp.Domain?.toLowerCase() === domain);
    // The Name filter's exact semantics are undocumented: when it finds nothing, look through the full list.
    let created = withDomain(await this.listWire(fields.name));
    if (created.length === 0) created = withDomain(await this.listWire(''));
    if (created.length !== 1) {
      throw badResponse('twosms', reply.status, `created a provider for domain "${details.Domain ?? ''}" but found ${created.length} such providers named "${fields.name}"`);
    }
    return { key: created[0]!.ID, details };
  }

  /** PUT v2: the whole SSO object, whose ID is the path id. */
  async updateProvider(id: string, fields: TwoSmsProviderFields): Promise<TwoSmsWriteResult> {
    const body: Sso = { ID: id, ...toBaseSso(fields) };
    const reply = await this.client.call(
      { method: 'PUT', path: `${WRITE_PATH}/${encodeURIComponent(id)}`, body },
      writeDetail,
    );
    return { key: id, details: this.written(reply, 'update the identity provider') };
  }

  async deleteProvider(id: string): Promise<void> {
    const reply = await this.client.call({ method: 'DELETE', path: `${LIST_PATH}/${encodeURIComponent(id)}` }, deleteDetail);
    if (reply.error) this.client.fail(reply, 'delete the identity provider');
  }

  /** Asks 2sms to look for the TXT value on the provider's domain; a miss is a VendorError (VerificationFailed). */
  async verifyDomain(id: string): Promise<NormalizedProvider> {
    const reply = await this.client.call(
      { method: 'GET', path: `${LIST_PATH}/${encodeURIComponent(id)}/verification` },
      verificationDetail,
    );
    if (reply.error) this.client.fail(reply, 'verify the domain');
    if (!reply.detail) throw badResponse('twosms', reply.status, 'the verification returned no identity provider');
    return normalizeProvider(reply.detail);
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

  /** errorIDP flags first (they name the fields), then any other envelope error. */
  private written(
    reply: { status: number; detail: IdentityProviderDetails | null | undefined; error: { code: string; reason: string } | null },
    what: string,
  ): IdentityProviderDetails {
    const fieldErrors = flagErrors(reply.detail);
    if (fieldErrors.length > 0) throw new ValidationError(fieldErrors);
    if (reply.error) this.client.fail(reply, what);
    if (!reply.detail) throw badResponse('twosms', reply.status, 'the reply has no IdentityProviderDetails');
    return reply.detail;
  }
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

function toBaseSso(fields: TwoSmsProviderFields): BaseSso {
  return {
    Name: fields.name,
    Provider: fields.provider,
    LoginUrl: fields.loginUrl,
    LogoutUrl: fields.logoutUrl,
    Certificate: fields.certificate,
  };
}

function sameId(a: string, b: string): boolean {
  return a.replace(/[{}-]/g, '').toLowerCase() === b.replace(/[{}-]/g, '').toLowerCase();
}
