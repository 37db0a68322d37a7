// Talks to the Akamai Identity Cloud Custom Provider API: a configuration access token from
// POST {customerId}/login/token (HTTP Basic, client credentials, scope *:**), cached and fetched again once
// after a 403, then list / view / create (POST) / modify (PATCH merge-patch, 204) under
// {customerId}/v2/config/low/services/engage-v2/apps/{appId}/custom-providers. There is no delete.
import { z } from 'zod';
import { mapLimit } from '../../core/map-limit.js';
import type { JsonObject, JsonValue, NormalizedProvider, ProviderProtocol, VendorAdapter } from '../../core/adapter.js';
import { BearerTokenCache, type IssuedToken } from '../../core/bearer-token.js';
import type { AdapterDeps, BaseConnectionConfig } from '../../core/vendor-module.js';
import { VendorHttpClient, type VendorRequest, type VendorResponse } from '../../core/vendor-http.js';
import { badResponse, parseWire } from '../../core/wire.js';
import { certificateInfo } from './certificate.js';
import { akamaiVendorError } from './errors.js';
import {
  type CustomProvider,
  customProvider,
  customProviderList,
  MERGE_PATCH,
  type ProviderWrite,
  providerPath,
  providersPath,
  TOKEN_SCOPE,
  tokenPath,
  tokenResponse,
} from './wire.js';

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

/** A secret some tenants may show masked [?]: its fingerprint would say nothing, so it counts as unknown. */
const MASKED = /^[*•]+$/;

const createdBody = z.object({ id: z.string().min(1) }).loose();

export function toProtocol(wire: string): ProviderProtocol | null {
  if (wire === 'openidconnect') return 'OIDC';
  if (wire === 'saml2') return 'SAML';
  // `oauth2` is VENDORS.md's guess for the OAuth 2.0 literal [?]; `oauth` is read as the same thing.
  if (wire === 'oauth2' || wire === 'oauth') return 'OAUTH2';
  return null;
}

export class AkamaiAdapter implements VendorAdapter {
  readonly vendor = 'akamai' as const;
  private readonly http: VendorHttpClient;
  private readonly tokens: BearerTokenCache;
  private readonly viewConcurrency: number;

  constructor(
    private readonly connection: AkamaiConnectionConfig,
    private readonly deps: AdapterDeps,
    options: AkamaiAdapterOptions = {},
  ) {
    deps.secrets.add(connection.clientSecret);
    this.http = new VendorHttpClient({
      vendor: 'akamai',
      baseUrl: connection.baseUrl,
      secrets: deps.secrets,
      connectTimeoutMs: connection.connectTimeoutMs,
      totalTimeoutMs: connection.totalTimeoutMs,
    });
    // Renew a minute before the vendor's expiry (tokens live 3600 s); a 403 still renews once.
    this.tokens = new BearerTokenCache(() => this.issueToken(), 60_000, options.now);
    this.viewConcurrency = options.viewConcurrency ?? 4;
  }

  async list(): Promise<NormalizedProvider[]> {
    const { customerId, appId } = this.connection;
    const res = await this.call({ method: 'GET', path: providersPath(customerId, appId) });
    if (res.status !== 200) throw akamaiVendorError(res, this.deps.secrets, `list the custom providers of app ${appId}`);
    const summaries = parseWire('akamai', res, customProviderList);
    // The list holds id, protocol, title and ui only: each provider is viewed for the rest.
    const viewed = await mapLimit(summaries, this.viewConcurrency, (summary) => this.get(summary.id));
    return viewed.filter((provider): provider is NormalizedProvider => provider !== null);
  }

  async get(key: string): Promise<NormalizedProvider | null> {
    const provider = await this.view(key);
    return provider ? this.normalize(provider) : null;
  }

  /** POST a new provider; returns the id Akamai assigned. */
  async create(body: ProviderWrite): Promise<string> {
    const { customerId, appId } = this.connection;
    this.deps.secrets.add(body.client_secret);
    const res = await this.call({
      method: 'POST',
      path: providersPath(customerId, appId),
      contentType: 'application/json',
      body: JSON.stringify(body),
    });
    if (res.status !== 200 && res.status !== 201) throw akamaiVendorError(res, this.deps.secrets, `create a custom provider in app ${appId}`);
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

  /** PATCH with JSON merge patch: members left out keep their value, `null` removes one. Akamai answers 204. */
  async modify(providerId: string, patch: ProviderWrite): Promise<void> {
    const { customerId, appId } = this.connection;
    this.deps.secrets.add(patch.client_secret);
    const res = await this.call({
      method: 'PATCH',
      path: providerPath(customerId, appId, providerId),
      contentType: MERGE_PATCH,
      body: JSON.stringify(patch),
    });
    if (res.status !== 204 && res.status !== 200) throw akamaiVendorError(res, this.deps.secrets, `modify custom provider ${providerId}`);
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  private async view(providerId: string): Promise<CustomProvider | null> {
    const { customerId, appId } = this.connection;
    const res = await this.call({ method: 'GET', path: providerPath(customerId, appId, providerId) });
    if (res.status === 404) return null;
    if (res.status !== 200) throw akamaiVendorError(res, this.deps.secrets, `view custom provider ${providerId}`);
    return parseWire('akamai', res, customProvider);
  }

  private async issueToken(): Promise<IssuedToken> {
    const { customerId, clientId, clientSecret } = this.connection;
    const res = await this.http.send({
      method: 'POST',
      path: tokenPath(customerId),
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`, 'utf8').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      // Written as Akamai's examples write it; a form decoder reads `*:**` the same as `*%3A**`.
      body: `grant_type=client_credentials&scope=${TOKEN_SCOPE}`,
    });
    if (res.status !== 200) throw akamaiVendorError(res, this.deps.secrets, `issue a configuration access token for client ${clientId}`);
    const body = parseWire('akamai', res, tokenResponse);
    this.deps.secrets.add(body.access_token);
    return { token: body.access_token, expiresInSeconds: body.expires_in };
  }

  /** One configuration API call with the bearer token; an expired token (403) is renewed once. */
  private call(req: Omit<VendorRequest, 'headers'> & { contentType?: string }): Promise<VendorResponse> {
    const { contentType, ...rest } = req;
    return this.tokens.withToken(
      (token) =>
        this.http.send({
          ...rest,
          headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(contentType ? { 'content-type': contentType } : {}) },
        }),
      (res) => res.status === 403,
    );
  }

  private normalize(p: CustomProvider): NormalizedProvider {
    const protocol = toProtocol(p.protocol);
    if (!protocol) throw badResponse('akamai', 200, `custom provider ${p.id} has an unknown protocol "${p.protocol}"`);
    const secret = p.client_secret;
    if (secret) this.deps.secrets.add(secret);
    // SAML has no client secret; OIDC / OAuth providers return theirs on GET, so an absent one is unset.
    const secretFingerprints: Record<string, string | null> =
      protocol === 'SAML' ? { clientSecret: null } : secret && MASKED.test(secret) ? {} : { clientSecret: this.deps.fingerprinter.fingerprintOrNull(secret) };
    const authnContext = p.authn_context ? (JSON.parse(JSON.stringify(p.authn_context)) as JsonObject) : null;
    const details: JsonObject = {
      title: p.title,
      wireProtocol: p.protocol,
      uiTitle: p.ui?.title ?? null,
      iconUrl: p.ui?.icon_url ?? null,
      authUrl: p.auth_url ?? null,
      tokenUrl: p.token_url ?? null,
      profileUrl: p.profile_url ?? null,
      tokenAuthMethod: p.token_auth_method ?? null,
      scopes: p.scopes ?? null,
      identifierAttribute: p.identifier_attribute ?? null,
      attributeMap: (p.attribute_map ?? null) as JsonValue,
      idpCertificate: p.idp_certificate ?? null,
      idpCertificateInfo: certificateInfo(p.idp_certificate),
      idpCertificateChain: p.idp_certificate_chain ?? null,
      authnContext,
      createdAt: p.createdAt ?? null,
      updatedAt: p.updatedAt ?? null,
    };
    return {
      key: p.id,
      displayName: p.title,
      protocol,
      // Whether a provider is offered is a Hosted Login setting, not part of this API.
      enabled: null,
      clientId: p.client_id ?? null,
      secretFingerprints,
      details,
    };
  }
}
