// Talks SlashID's organization SSO config API for OIDC provider credentials: every call carries the
// SlashID-API-Key and SlashID-OrgID headers, every answer is zod-parsed, writes may carry the
// SlashID-Required-Consistency* headers. Create, modify and delete return no credential: the pipeline reads
// it back with `get`.
import type { NormalizedProvider, VendorAdapter } from '../../core/adapter.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import type { AdapterDeps, BaseConnectionConfig } from '../../core/vendor-module.js';
import { VendorHttpClient, type VendorRequest, type VendorResponse } from '../../core/vendor-http.js';
import { badResponse, parseWire } from '../../core/wire.js';
import { slashIdVendorError } from './errors.js';
import type { ConsistencyInput, CreateCredentialInput, UpdateCredentialInput } from './inputs.js';
import { isKnownProvider, normalizeCredential, ownOptions, unknownProviderMessage } from './normalize.js';
import { consistencyHeaders, createBody, patchBody } from './requests.js';
import {
  CREDENTIALS_PATH,
  type CredentialRead,
  DEFAULT_CONSISTENCY_TIMEOUT,
  getResponse,
  HEADER_API_KEY,
  HEADER_ORG_ID,
  listResponse,
  type OAuthProvider,
  writeResponse,
} from './wire.js';

export interface SlashIdConnectionConfig extends BaseConnectionConfig {
  vendor: 'slashid';
  orgId: string;
  apiKey: string;
}

interface Call {
  method: VendorRequest['method'];
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  /** What the gateway was doing, for the error message ("modify credential x"). */
  doing: string;
  /** A 404 is an answer (the credential does not exist), not an error. */
  allow404?: boolean;
  /** A write's consistency request: sent as headers, and SlashID may take that long to answer. */
  consistency?: ConsistencyInput;
}

const CONSISTENCY_MARGIN_SECONDS = 5;

const credentialPath = (clientId: string) => `${CREDENTIALS_PATH}/${encodeURIComponent(clientId)}`;

export class SlashIdAdapter implements VendorAdapter {
  readonly vendor = 'slashid' as const;
  private readonly http: VendorHttpClient;
  /** Clients with a longer total timeout, for writes SlashID may hold while it waits for consistency. */
  private readonly patientClients = new Map<number, VendorHttpClient>();

  constructor(
    private readonly connection: SlashIdConnectionConfig,
    private readonly deps: AdapterDeps,
  ) {
    deps.secrets.add(connection.apiKey);
    this.http = this.client(connection.totalTimeoutMs);
  }

  private client(totalTimeoutMs: number): VendorHttpClient {
    return new VendorHttpClient({
      vendor: 'slashid',
      baseUrl: this.connection.baseUrl,
      secrets: this.deps.secrets,
      connectTimeoutMs: this.connection.connectTimeoutMs,
      totalTimeoutMs,
    });
  }

  /**
   * A write that asks for a consistency level may be held by SlashID up to its timeout (default 30 s): the
   * gateway waits that long plus a margin, so that SlashID's own answer (200 or 408) arrives instead of
   * a gateway timeout.
   */
  private clientFor(consistency: ConsistencyInput | undefined): VendorHttpClient {
    if (!consistency?.requiredConsistency && !consistency?.requiredConsistencyTimeout) return this.http;
    const waitMs = ((consistency.requiredConsistencyTimeout ?? DEFAULT_CONSISTENCY_TIMEOUT) + CONSISTENCY_MARGIN_SECONDS) * 1000;
    if (waitMs <= this.connection.totalTimeoutMs) return this.http;
    let client = this.patientClients.get(waitMs);
    if (!client) this.patientClients.set(waitMs, (client = this.client(waitMs)));
    return client;
  }

  async list(): Promise<NormalizedProvider[]> {
    return (await this.listCredentials()).map((credential) => this.normalize(credential));
  }

  async get(key: string): Promise<NormalizedProvider | null> {
    const credential = await this.readCredential(key);
    return credential ? this.normalize(credential) : null;
  }

  /** GET the list, optionally only one provider's credentials (`oauth_provider`). */
  async listCredentials(provider?: OAuthProvider): Promise<CredentialRead[]> {
    const res = await this.send({ method: 'GET', path: CREDENTIALS_PATH, query: { oauth_provider: provider }, doing: 'list OIDC credentials' });
    return parseWire('slashid', res, listResponse).result ?? [];
  }

  /** The credential as SlashID returns it (an Apple private key included), or null when it has none. */
  async readCredential(clientId: string): Promise<CredentialRead | null> {
    const res = await this.send({ method: 'GET', path: credentialPath(clientId), doing: `read OIDC credential ${clientId}`, allow404: true });
    if (res.status === 404) return null;
    const credential = parseWire('slashid', res, getResponse).result;
    if (credential.client_id !== clientId) {
      throw badResponse('slashid', res.status, `asked for credential ${clientId}, got ${credential.client_id}`);
    }
    return credential;
  }

  async createCredential(input: CreateCredentialInput): Promise<void> {
    await this.write({
      method: 'POST',
      path: CREDENTIALS_PATH,
      body: createBody(input),
      consistency: input,
      doing: `create OIDC credential ${input.clientId}`,
    });
  }

  /** PATCH what the input changes; options are sent whole, merged onto what SlashID has now. */
  async updateCredential(clientId: string, provider: string, input: UpdateCredentialInput): Promise<void> {
    if (!isKnownProvider(provider)) throw new ValidationError([{ path: [], message: unknownProviderMessage(provider) }]);
    let currentOptions = null;
    if (input.options) {
      const current = await this.readCredential(clientId);
      if (!current) throw new NotFoundError(`SlashID has no OIDC credential ${clientId} (any more).`);
      currentOptions = ownOptions(current);
    }
    await this.write({
      method: 'PATCH',
      path: credentialPath(clientId),
      body: patchBody(provider, input, currentOptions),
      consistency: input,
      doing: `modify OIDC credential ${clientId}`,
    });
  }

  async deleteCredential(clientId: string, input: ConsistencyInput): Promise<void> {
    await this.write({ method: 'DELETE', path: credentialPath(clientId), consistency: input, doing: `delete OIDC credential ${clientId}` });
  }

  async close(): Promise<void> {
    await Promise.all([this.http, ...this.patientClients.values()].map((client) => client.close()));
  }

  private normalize(credential: CredentialRead): NormalizedProvider {
    return normalizeCredential(credential, this.deps.fingerprinter, this.deps.secrets);
  }

  private async write(call: Call): Promise<void> {
    const res = await this.send(call);
    // 201 (create) or 200 (modify, delete) with `APIResponseBase`; any `result` in it is ignored.
    if (res.text.trim() !== '') parseWire('slashid', res, writeResponse);
  }

  private async send(call: Call): Promise<VendorResponse> {
    const headers: Record<string, string> = {
      [HEADER_API_KEY]: this.connection.apiKey,
      [HEADER_ORG_ID]: this.connection.orgId,
      accept: 'application/json',
      ...(call.consistency ? consistencyHeaders(call.consistency) : {}),
    };
    let body: string | undefined;
    if (call.body !== undefined) {
      this.registerSecrets(call.body);
      body = JSON.stringify(call.body);
      headers['content-type'] = 'application/json';
    }
    const res = await this.clientFor(call.consistency).send({ method: call.method, path: call.path, query: call.query, headers, body });
    if (res.status >= 200 && res.status < 300) return res;
    if (res.status === 404 && call.allow404) return res;
    throw slashIdVendorError(res, this.deps.secrets, call.doing);
  }

  /** Secrets in a body (client_secret, an Apple private_key) are registered before they leave. */
  private registerSecrets(body: unknown): void {
    const { client_secret: clientSecret, options } = body as { client_secret?: string; options?: Record<string, { private_key?: string }> };
    this.deps.secrets.add(clientSecret);
    for (const providerOptions of Object.values(options ?? {})) this.deps.secrets.add(providerOptions?.private_key);
  }
}

