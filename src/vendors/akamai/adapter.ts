// Talks to the Akamai Identity Cloud Custom Provider API with a bearer token (auth.ts): list / view / create
// (POST) / modify (PATCH merge-patch, 204) under
// {customerId}/v2/config/low/services/engage-v2/apps/{appId}/custom-providers. There is no delete.
// Writes are planned first (requests.ts builds them as data) and sent as planned by `sendPlanned`, which
// adds the bearer token and nothing else. Akamai's failure answers become VendorErrors in errors.ts.
import { z } from 'zod';
import { mapLimit } from '../../core/reads/map-limit.js';
import type { NormalizedProvider, PlannedRequest, VendorAdapter } from '../../core/vendor-contract/adapter.js';
import type { AdapterDeps, BaseConnectionConfig } from '../../core/vendor-contract/vendor-module.js';
import { connectionHttpOptions, VendorHttpClient, type VendorResponse } from '../../core/vendor-http/client.js';
import { badResponse, parseWire } from '../../core/vendor-http/wire.js';
import { createTokenSource, type TokenSource } from './auth.js';
import { akamaiVendorError, isProviderNotFound } from './errors.js';
import { type AkamaiDetails, normalizeProvider } from './normalize.js';
import { buildCreateRequest, buildModifyRequest, buildReadRequest } from './requests.js';
import { type CustomProvider, customProvider, customProviderList, type ProviderWrite, providerPath, providersPath } from './wire.js';

export interface AkamaiConnectionConfig extends BaseConnectionConfig {
  vendor: 'akamai';
  customerId: string;
  appId: string;
  clientId: string;
  clientSecret: string;
}

export interface AkamaiAdapterOptions {
  /** Clock for the token cache (tests). */
  now?: () => number;
  /** How many providers are viewed at once when listing (the list holds summaries only). */
  viewConcurrency?: number;
}

const createdBody = z.object({ id: z.string().min(1) }).loose();

export class AkamaiAdapter implements VendorAdapter {
  readonly vendor = 'akamai' as const;
  /** The bearer token of every configuration call (HTTP Basic only at the token endpoint). */
  readonly authHeaderNames = ['authorization'] as const;
  private readonly http: VendorHttpClient;
  private readonly tokens: TokenSource;
  private readonly viewConcurrency: number;

  constructor(
    private readonly connection: AkamaiConnectionConfig,
    private readonly deps: AdapterDeps,
    options: AkamaiAdapterOptions = {},
  ) {
    this.http = new VendorHttpClient({ vendor: 'akamai', ...connectionHttpOptions(connection, deps) });
    this.tokens = createTokenSource(this.http, connection, deps.secrets, options.now);
    this.viewConcurrency = options.viewConcurrency ?? 4;
  }

  async list(): Promise<NormalizedProvider<AkamaiDetails>[]> {
    const { customerId, appId } = this.connection;
    const res = await this.send(buildReadRequest(providersPath(customerId, appId), `list the custom providers of app ${appId}`));
    if (res.status !== 200) throw akamaiVendorError(res, this.deps.secrets, `list the custom providers of app ${appId}`);
    const summaries = parseWire('akamai', res, customProviderList);
    // The list holds id, protocol, title and ui only: each provider is viewed for the rest.
    const viewed = await mapLimit(summaries, this.viewConcurrency, (summary) => this.get(summary.id));
    return viewed.filter((provider) => provider !== null);
  }

  async get(key: string): Promise<NormalizedProvider<AkamaiDetails> | null> {
    const provider = await this.view(key);
    return provider ? this.normalize(provider) : null;
  }

  /** The create request for `body` (sent by `sendCreate`). Builds only; it registers the secret for scrubbing. */
  createRequest(body: ProviderWrite): PlannedRequest {
    this.deps.secrets.add(body.client_secret);
    return buildCreateRequest(this.connection, body);
  }

  /** The modify request (JSON merge patch) for one provider (sent by `sendModify`). */
  modifyRequest(providerId: string, patch: ProviderWrite): PlannedRequest {
    this.deps.secrets.add(patch.client_secret);
    return buildModifyRequest(this.connection, providerId, patch);
  }

  /**
   * Sends a planned request exactly as planned, with the bearer token added (renewed once after a 403).
   * An answer other than `okStatuses` is a VendorError that names the request's purpose.
   */
  async sendPlanned(request: PlannedRequest, okStatuses: readonly number[]): Promise<VendorResponse> {
    const res = await this.send(request);
    if (!okStatuses.includes(res.status)) throw akamaiVendorError(res, this.deps.secrets, request.purpose);
    return res;
  }

  /** Sends a planned create; returns the id Akamai assigned. */
  async sendCreate(request: PlannedRequest): Promise<string> {
    const res = await this.sendPlanned(request, [200, 201]);
    // The create answer is undocumented [?]: the new provider's body, or at least a Location header.
    if (res.text.trim()) {
      const created = parseWire('akamai', res, createdBody);
      if (typeof created.client_secret === 'string') this.deps.secrets.add(created.client_secret);
      return created.id;
    }
    const location = res.headers.location?.split('?')[0]?.split('/').filter(Boolean).pop();
    if (!location) throw badResponse('akamai', res.status, 'the create answer has neither a body nor a Location header');
    return decodeURIComponent(location);
  }

  /** Sends a planned modify. Akamai answers 204 (200 is read the same). */
  async sendModify(request: PlannedRequest): Promise<void> {
    await this.sendPlanned(request, [204, 200]);
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  private async view(providerId: string): Promise<CustomProvider | null> {
    const { customerId, appId } = this.connection;
    const res = await this.send(buildReadRequest(providerPath(customerId, appId, providerId), `view custom provider ${providerId}`));
    // Gone only when Akamai says so (provider-not-found); an unknown app or path is a misconfiguration.
    if (isProviderNotFound(res)) return null;
    if (res.status !== 200) throw akamaiVendorError(res, this.deps.secrets, `view custom provider ${providerId}`);
    return parseWire('akamai', res, customProvider);
  }

  /** One configuration API call as built, with the bearer token added; an expired token (403) is renewed once. */
  private send(request: PlannedRequest): Promise<VendorResponse> {
    const { method, path, query, headers, body, idempotent } = request;
    return this.tokens.withToken((token) =>
      this.http.send({ method, path, query, body, idempotent, headers: { ...headers, authorization: `Bearer ${token}` } }),
    );
  }

  private normalize(p: CustomProvider): NormalizedProvider<AkamaiDetails> {
    if (p.client_secret) this.deps.secrets.add(p.client_secret);
    return normalizeProvider(p, this.deps.fingerprinter);
  }
}
