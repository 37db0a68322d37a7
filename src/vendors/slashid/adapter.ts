// Talks SlashID's organization SSO config API for OIDC provider credentials: every call carries the
// SlashID-API-Key and SlashID-OrgID headers, every answer is zod-parsed, writes may carry the
// SlashID-Required-Consistency* headers. Writes are built as data first (requests.ts, through the
// build*Request methods) so a plan can show them; `sendPlanned` sends one exactly as built, adding only the
// API key. Create, modify and delete return no credential: the pipeline reads it back with `get`.
import type { NormalizedProvider, PlannedRequest, VendorAdapter } from '../../core/vendor-contract/adapter.js';
import type { Fingerprinter } from '../../core/secrets.js';
import type { AdapterDeps, BaseConnectionConfig } from '../../core/vendor-contract/vendor-module.js';
import { circuitFor, type VendorCircuit } from '../../core/vendor-http/circuit.js';
import { connectionHttpOptions, VendorHttpClient, type VendorRequest, type VendorResponse } from '../../core/vendor-http/client.js';
import { badResponse, parseWire } from '../../core/vendor-http/wire.js';
import { isSlashIdNotFound, slashIdVendorError } from './errors.js';
import type { ConsistencyInput, CreateCredentialInput, UpdateCredentialInput } from './inputs.js';
import { normalizeCredential } from './normalize.js';
import { predictProvider } from './predict.js';
import { baseHeaders, buildCreateRequest, buildDeleteRequest, buildUpdateRequest, consistencyOf, credentialPath } from './requests.js';
import {
  CREDENTIALS_PATH,
  type CredentialRead,
  DEFAULT_CONSISTENCY_TIMEOUT,
  getResponse,
  HEADER_API_KEY,
  listResponse,
  type OAuthProvider,
  type ProviderOptionsRead,
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
  /** Every header but the API key. */
  headers: Record<string, string>;
  body?: string;
  /** See VendorRequest.idempotent (default: GET only). */
  idempotent?: boolean;
  /** What the gateway was doing, for the error message ("modify OIDC credential x"). */
  doing: string;
  /** A 404 is an answer (the credential does not exist), not an error. */
  allow404?: boolean;
}

const CONSISTENCY_MARGIN_SECONDS = 5;
const API_KEY_HEADER = HEADER_API_KEY.toLowerCase();

export class SlashIdAdapter implements VendorAdapter {
  readonly vendor = 'slashid' as const;
  /** SlashID-OrgID is no secret: planned requests carry it, so a plan shows which organization it writes to. */
  readonly authHeaderNames = [API_KEY_HEADER] as const;
  private readonly http: VendorHttpClient;
  /** Clients with a longer total timeout, for writes SlashID may hold while it waits for consistency. */
  private readonly patientClients = new Map<number, VendorHttpClient>();
  /** One breaker and concurrency cap for all the clients above. */
  private readonly circuit: VendorCircuit;

  constructor(
    private readonly connection: SlashIdConnectionConfig,
    private readonly deps: AdapterDeps,
  ) {
    deps.secrets.add(connection.apiKey);
    this.circuit = deps.circuit ?? circuitFor(connection);
    this.http = this.client(connection.totalTimeoutMs);
  }

  private client(totalTimeoutMs: number): VendorHttpClient {
    return new VendorHttpClient({
      vendor: 'slashid',
      ...connectionHttpOptions(this.connection, { secrets: this.deps.secrets, circuit: this.circuit }),
      totalTimeoutMs,
    });
  }

  /**
   * A write that asks for a consistency level may be held by SlashID up to its timeout (default 30 s): the
   * gateway waits that long plus a margin, so that SlashID's own answer (200 or 408) arrives instead of
   * a gateway timeout.
   */
  private clientFor(consistency: ConsistencyInput): VendorHttpClient {
    if (!consistency.requiredConsistency && !consistency.requiredConsistencyTimeout) return this.http;
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
    const res = await this.send({
      method: 'GET',
      path: CREDENTIALS_PATH,
      query: { oauth_provider: provider },
      headers: this.readHeaders(),
      doing: 'list OIDC credentials',
    });
    return parseWire('slashid', res, listResponse).result ?? [];
  }

  /** The credential as SlashID returns it (an Apple private key included), or null when it has none. */
  async readCredential(clientId: string): Promise<CredentialRead | null> {
    const res = await this.send({
      method: 'GET',
      path: credentialPath(clientId),
      headers: this.readHeaders(),
      doing: `read OIDC credential ${clientId}`,
      allow404: true,
    });
    if (res.status === 404) return null;
    const credential = parseWire('slashid', res, getResponse).result;
    if (credential.client_id !== clientId) {
      throw badResponse('slashid', res.status, `asked for credential ${clientId}, got ${credential.client_id}`);
    }
    return credential;
  }

  /** The POST that creates a credential (pure: nothing is sent). */
  buildCreateRequest(input: CreateCredentialInput): PlannedRequest {
    return buildCreateRequest(this.connection.orgId, input);
  }

  /** The PATCH of what the input changes; options are sent whole, merged onto `currentOptions` (pure). */
  buildUpdateRequest(
    clientId: string,
    provider: OAuthProvider,
    input: UpdateCredentialInput,
    currentOptions: ProviderOptionsRead | null,
  ): PlannedRequest {
    return buildUpdateRequest(this.connection.orgId, clientId, provider, input, currentOptions);
  }

  buildDeleteRequest(clientId: string, input: ConsistencyInput): PlannedRequest {
    return buildDeleteRequest(this.connection.orgId, clientId, input);
  }

  /** The provider a predicted wire object will read as (see predict.ts). */
  predict(
    wire: CredentialRead,
    current: NormalizedProvider | null,
    newClientSecret: string | null | undefined,
    fingerprinter: Fingerprinter,
  ): NormalizedProvider {
    return predictProvider(wire, current, newClientSecret, fingerprinter, this.deps.secrets);
  }

  /**
   * Sends one planned write exactly as built, adding the API key. A write that asks for a consistency level
   * gets the patient client. The answer is 201 (create) or 200 (modify, delete) with `APIResponseBase`; any
   * `result` in it is ignored. Any other answer is a VendorError (a 408 says the write may still land), but a
   * 404 to a DELETE: the credential is gone, which is what was asked (and what makes a DELETE safe to repeat).
   */
  async sendPlanned(request: PlannedRequest): Promise<void> {
    this.registerSecrets(request);
    const res = await this.send({
      method: request.method,
      path: request.path,
      query: request.query,
      headers: request.headers ?? {},
      body: request.body,
      idempotent: request.idempotent,
      doing: request.purpose,
      allow404: request.method === 'DELETE',
    });
    if (res.status === 404) return;
    if (res.text.trim() !== '') parseWire('slashid', res, writeResponse);
  }

  /** Secrets in a planned body (client_secret, an Apple private_key), registered before they can show anywhere. */
  registerSecrets(request: PlannedRequest): void {
    if (request.body === undefined) return;
    let body: { client_secret?: string; options?: Record<string, { private_key?: string } | undefined> };
    try {
      body = JSON.parse(request.body) as typeof body;
    } catch {
      return;
    }
    this.deps.secrets.add(body.client_secret);
    for (const providerOptions of Object.values(body.options ?? {})) this.deps.secrets.add(providerOptions?.private_key);
  }

  async close(): Promise<void> {
    await Promise.all([this.http, ...this.patientClients.values()].map((client) => client.close()));
  }

  private normalize(credential: CredentialRead): NormalizedProvider {
    return normalizeCredential(credential, this.deps.fingerprinter, this.deps.secrets);
  }

  private readHeaders(): Record<string, string> {
    return baseHeaders(this.connection.orgId);
  }

  private async send(call: Call): Promise<VendorResponse> {
    const headers = { ...call.headers, [API_KEY_HEADER]: this.connection.apiKey };
    const res = await this.clientFor(consistencyOf(call.headers)).send({
      method: call.method,
      path: call.path,
      query: call.query,
      headers,
      body: call.body,
      idempotent: call.idempotent,
    });
    if (res.status >= 200 && res.status < 300) return res;
    // Gone only when SlashID says so (its envelope); a bare 404 is a misconfiguration (slashIdVendorError).
    if (call.allow404 && isSlashIdNotFound(res)) return res;
    throw slashIdVendorError(res, this.deps.secrets, call.doing);
  }
}
