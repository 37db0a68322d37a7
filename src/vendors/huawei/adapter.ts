// Reads and writes Huawei IAM identity providers and their OIDC configuration. Every call carries the
// X-Auth-Token (renewed once on a 401 when it was issued from a password), every body is zod-parsed, and
// every error answer becomes a VendorError with the vendor's code.
import { mapLimit } from '../../core/map-limit.js';
import type { z } from 'zod';
import type { NormalizedProvider, VendorAdapter } from '../../core/adapter.js';
import type { AdapterDeps, BaseConnectionConfig } from '../../core/vendor-module.js';
import type { SecretRegistry } from '../../core/secrets.js';
import { VendorHttpClient, type VendorRequest, type VendorResponse } from '../../core/vendor-http.js';
import { parseWire } from '../../core/wire.js';
import { createTokenSource, resolveCredentials, type HuaweiCredentialKeys, type TokenSource } from './auth.js';
import { huaweiVendorError } from './errors.js';
import {
  OIDC_PROTOCOL,
  defaultMappingId,
  detailsOf,
  detailsToJson,
  oidcConfigFromWire,
  oidcConfigToWire,
  type HuaweiOidcConfig,
  type HuaweiProtocolRef,
  type OidcConfigToSend,
} from './model.js';
import { annotate, runSteps } from './steps.js';
import {
  JSON_CONTENT_TYPE,
  KEYSTONE_IDPS_PATH,
  identityProviderEnvelope,
  identityProviderList,
  idpPath,
  mappingEnvelope,
  mappingPath,
  oidcConfigEnvelope,
  oidcConfigPath,
  protocolEnvelope,
  protocolList,
  protocolPath,
  protocolsPath,
  type CreateIdentityProviderBody,
  type MappingBody,
  type OidcConfigBody,
  type ProtocolBody,
  type SsoType,
  type UpdateIdentityProviderBody,
  type WireIdentityProvider,
} from './wire.js';

export interface HuaweiConnection extends BaseConnectionConfig, HuaweiCredentialKeys {}

export interface NewHuaweiIdentityProvider {
  name: string;
  description?: string;
  enabled?: boolean;
  ssoType?: SsoType;
  oidcConfig: OidcConfigToSend;
}

export interface HuaweiIdentityProviderPatch {
  description?: string;
  enabled?: boolean;
}

/** The rule every IdP gets at creation, as the console and Terraform make it: anyone the IdP vouches for
 * becomes the virtual user "FederationUser"; narrowing it is done in the console's conversion rules. */
export const DEFAULT_MAPPING: MappingBody = {
  mapping: { rules: [{ local: [{ user: { name: 'FederationUser' } }], remote: [{ type: '__NAMEID__' }] }] },
};

/** At most this many IdPs are described at once: each costs one or two more calls. */
const DESCRIBE_CONCURRENCY = 4;

type Send = Omit<VendorRequest, 'headers' | 'body'> & { json?: unknown };

export class HuaweiAdapter implements VendorAdapter {
  readonly vendor = 'huawei' as const;
  private readonly http: VendorHttpClient;
  private readonly tokens: TokenSource;
  private readonly secrets: SecretRegistry;

  constructor(connection: HuaweiConnection, deps: AdapterDeps, now: () => number = Date.now) {
    const credentials = resolveCredentials(connection);
    this.secrets = deps.secrets;
    this.http = new VendorHttpClient({
      vendor: 'huawei',
      baseUrl: connection.baseUrl,
      secrets: deps.secrets,
      connectTimeoutMs: connection.connectTimeoutMs,
      totalTimeoutMs: connection.totalTimeoutMs,
    });
    this.tokens = createTokenSource(this.http, credentials, deps.secrets, now);
  }

  // ---- reads ----

  async list(): Promise<NormalizedProvider[]> {
    const res = await this.call({ method: 'GET', path: KEYSTONE_IDPS_PATH }, 'list identity providers', [200]);
    const { identity_providers } = parseWire('huawei', res, identityProviderList);
    const described = await mapLimit(identity_providers, DESCRIBE_CONCURRENCY, (idp) => this.describe(idp));
    // An IdP deleted between the list and its protocols read is simply gone.
    return described.filter((provider): provider is NormalizedProvider => provider !== null);
  }

  async get(key: string): Promise<NormalizedProvider | null> {
    const idp = await this.readOrNull(idpPath(key), identityProviderEnvelope, `read identity provider ${key}`);
    return idp ? this.describe(idp.identity_provider) : null;
  }

  /** The OIDC configuration of an IdP, or null when it has none. */
  async getOidcConfig(idpId: string): Promise<HuaweiOidcConfig | null> {
    const body = await this.readOrNull(oidcConfigPath(idpId), oidcConfigEnvelope, `read the OIDC configuration of ${idpId}`);
    return oidcConfigFromWire(body?.openid_connect_config);
  }

  private async describe(idp: WireIdentityProvider): Promise<NormalizedProvider | null> {
    const list = await this.readOrNull(protocolsPath(idp.id), protocolList, `list the protocols of ${idp.id}`);
    if (!list) return null;
    const protocols: HuaweiProtocolRef[] = list.protocols.map((p) => ({ protocolId: p.id, mappingId: p.mapping_id }));
    const isOidc = protocols.some((p) => p.protocolId === OIDC_PROTOCOL);
    // The OIDC configuration can only exist once the oidc protocol is registered (VENDORS.md 4.4).
    const oidcConfig = isOidc ? await this.getOidcConfig(idp.id) : null;
    return {
      key: idp.id,
      displayName: idp.id,
      // Like Terraform: an IdP without an oidc protocol is a SAML one (its protocol may not be registered yet).
      protocol: isOidc ? 'OIDC' : 'SAML',
      enabled: idp.enabled,
      clientId: oidcConfig?.clientId ?? null,
      // Huawei federation has no client secret at all (id_token flow, public JWKS): a known absence, so
      // hasClientSecret is an honest false rather than "cannot say".
      secretFingerprints: { clientSecret: null },
      details: detailsToJson(detailsOf(idp, protocols, oidcConfig)),
    };
  }

  // ---- writes ----

  /** IdP, mapping, oidc protocol, OIDC configuration: as one step, undone in reverse if a later one fails. */
  async createIdentityProvider(input: NewHuaweiIdentityProvider): Promise<void> {
    const id = input.name;
    const mappingId = defaultMappingId(id);
    const idpBody: CreateIdentityProviderBody = { identity_provider: {} };
    if (input.ssoType !== undefined) idpBody.identity_provider.sso_type = input.ssoType;
    if (input.description !== undefined) idpBody.identity_provider.description = input.description;
    if (input.enabled !== undefined) idpBody.identity_provider.enabled = input.enabled;
    const protocolBody: ProtocolBody = { protocol: { mapping_id: mappingId } };
    const configBody: OidcConfigBody = { openid_connect_config: oidcConfigToWire(input.oidcConfig) };
    await runSteps([
      {
        what: `identity provider ${id}`,
        run: () => this.write({ method: 'PUT', path: idpPath(id), json: idpBody }, `create identity provider ${id}`, 201, identityProviderEnvelope),
        undo: () => this.remove(idpPath(id), `delete identity provider ${id}`),
      },
      {
        what: `mapping ${mappingId}`,
        run: () => this.write({ method: 'PUT', path: mappingPath(mappingId), json: DEFAULT_MAPPING }, `create mapping ${mappingId}`, 201, mappingEnvelope),
        undo: () => this.remove(mappingPath(mappingId), `delete mapping ${mappingId}`),
      },
      {
        what: `protocol ${OIDC_PROTOCOL} of ${id}`,
        run: () => this.write({ method: 'PUT', path: protocolPath(id, OIDC_PROTOCOL), json: protocolBody }, `register protocol ${OIDC_PROTOCOL} for ${id}`, 201, protocolEnvelope),
        undo: () => this.remove(protocolPath(id, OIDC_PROTOCOL), `delete protocol ${OIDC_PROTOCOL} of ${id}`),
      },
      {
        what: `OpenID Connect configuration of ${id}`,
        run: () => this.write({ method: 'POST', path: oidcConfigPath(id), json: configBody }, `create the OIDC configuration of ${id}`, 201, oidcConfigEnvelope),
      },
    ]);
  }

  /** PATCH with only the fields given; the vendor keeps the others. */
  async updateIdentityProvider(id: string, patch: HuaweiIdentityProviderPatch): Promise<void> {
    const body: UpdateIdentityProviderBody = { identity_provider: {} };
    if (patch.description !== undefined) body.identity_provider.description = patch.description;
    if (patch.enabled !== undefined) body.identity_provider.enabled = patch.enabled;
    await this.write({ method: 'PATCH', path: idpPath(id), json: body }, `update identity provider ${id}`, 200, identityProviderEnvelope);
  }

  async createOidcConfig(id: string, config: OidcConfigToSend): Promise<void> {
    const body: OidcConfigBody = { openid_connect_config: oidcConfigToWire(config) };
    await this.write({ method: 'POST', path: oidcConfigPath(id), json: body }, `create the OIDC configuration of ${id}`, 201, oidcConfigEnvelope);
  }

  /** PUT of the whole (already merged) configuration, so the result does not depend on how the vendor merges. */
  async updateOidcConfig(id: string, config: OidcConfigToSend): Promise<void> {
    const body: OidcConfigBody = { openid_connect_config: oidcConfigToWire(config) };
    await this.write({ method: 'PUT', path: oidcConfigPath(id), json: body }, `update the OIDC configuration of ${id}`, 200, oidcConfigEnvelope);
  }

  /**
   * Deletes the IdP (its protocols and OIDC configuration go with it), then the mappings it was created
   * with (`mapping_<id>`); mappings of other names may be shared and stay.
   */
  async deleteIdentityProvider(id: string, mappingIds: readonly string[]): Promise<void> {
    await this.remove(idpPath(id), `delete identity provider ${id}`);
    for (const mappingId of mappingIds.filter((m) => m === defaultMappingId(id))) {
      try {
        await this.remove(mappingPath(mappingId), `delete mapping ${mappingId}`, true);
      } catch (error) {
        throw annotate(error, `identity provider ${id} was deleted, but its mapping ${mappingId} was not: remove it by hand`);
      }
    }
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  // ---- plumbing ----

  private async call(req: Send, doing: string, expected: number[]): Promise<VendorResponse> {
    const { json, ...rest } = req;
    const res = await this.tokens.withToken(
      (token) =>
        this.http.send({
          ...rest,
          headers: { 'content-type': JSON_CONTENT_TYPE, 'x-auth-token': token },
          body: json === undefined ? undefined : JSON.stringify(json),
        }),
      (answer) => answer.status === 401,
    );
    if (!expected.includes(res.status)) throw huaweiVendorError(res, this.secrets, doing);
    return res;
  }

  private async readOrNull<S extends z.ZodType>(path: string, schema: S, doing: string): Promise<z.output<S> | null> {
    const res = await this.call({ method: 'GET', path }, doing, [200, 404]);
    return res.status === 404 ? null : parseWire('huawei', res, schema);
  }

  /** Sends a write and checks the answer has the documented shape, so a changed API is noticed. */
  private async write(req: Send, doing: string, status: number, schema: z.ZodType): Promise<void> {
    const res = await this.call(req, doing, [status]);
    parseWire('huawei', res, schema);
  }

  private async remove(path: string, doing: string, goneIsFine = false): Promise<void> {
    await this.call({ method: 'DELETE', path }, doing, goneIsFine ? [204, 404] : [204]);
  }
}
