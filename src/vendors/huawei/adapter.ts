// Reads and writes Huawei IAM identity providers and their OIDC configuration. Requests are built as data
// (requests.ts); the mutations plan them and hand each write to `sendPlanned`. Every call carries the
// X-Auth-Token (renewed once on a 401 when it was issued from a password) or, with access keys, an AK/SK
// signature; every body is zod-parsed, and every error answer becomes a VendorError with the vendor's code.
import { mapLimit } from '../../core/reads/map-limit.js';
import type { z } from 'zod';
import type { NormalizedProvider, PlannedRequest, VendorAdapter } from '../../core/vendor-contract/adapter.js';
import type { AdapterDeps, BaseConnectionConfig } from '../../core/vendor-contract/vendor-module.js';
import type { SecretRegistry } from '../../core/secrets.js';
import { connectionHttpOptions, VendorHttpClient, type VendorRequest, type VendorResponse } from '../../core/vendor-http/client.js';
import { parseWire } from '../../core/vendor-http/wire.js';
import { ACCESS_KEY_HEADER_NAMES, createAccessKeySender } from './access-keys.js';
import { createTokenSource, resolveCredentials, type HuaweiCredentialKeys } from './auth.js';
import { huaweiVendorError, isHuaweiNotFound } from './errors.js';
import { OIDC_PROTOCOL, normalizeProvider } from './normalize.js';
import { buildReadRequest, expectedAnswer } from './requests.js';
import {
  KEYSTONE_IDPS_PATH,
  identityProviderEnvelope,
  identityProviderList,
  idpPath,
  oidcConfigEnvelope,
  oidcConfigPath,
  protocolList,
  protocolsPath,
  type WireIdentityProvider,
} from './wire.js';

export interface HuaweiConnection extends BaseConnectionConfig, HuaweiCredentialKeys {}

/** At most this many IdPs are described at once: each costs one or two more calls. */
const DESCRIBE_CONCURRENCY = 4;

export class HuaweiAdapter implements VendorAdapter {
  readonly vendor = 'huawei' as const;
  readonly authHeaderNames: readonly string[];
  private readonly http: VendorHttpClient;
  /** Sends one request with the connection's credentials (a token, or an AK/SK signature). */
  private readonly authorizedSend: (request: VendorRequest) => Promise<VendorResponse>;
  private readonly secrets: SecretRegistry;

  constructor(connection: HuaweiConnection, deps: AdapterDeps, now: () => number = Date.now) {
    const credentials = resolveCredentials(connection);
    this.secrets = deps.secrets;
    this.http = new VendorHttpClient({ vendor: 'huawei', ...connectionHttpOptions(connection, deps) });
    if (credentials.kind === 'accessKey') {
      this.authHeaderNames = ACCESS_KEY_HEADER_NAMES;
      this.authorizedSend = createAccessKeySender(this.http, credentials, deps.secrets, now);
    } else {
      this.authHeaderNames = ['x-auth-token'];
      const tokens = createTokenSource(this.http, credentials, deps.secrets, now);
      this.authorizedSend = (request) =>
        tokens.withToken(
          (token) => this.http.send({ ...request, headers: { ...request.headers, 'x-auth-token': token } }),
          (answer) => answer.status === 401,
        );
    }
  }

  // ---- reads ----

  async list(): Promise<NormalizedProvider[]> {
    const res = await this.send(buildReadRequest(KEYSTONE_IDPS_PATH, 'list identity providers'));
    if (res.status !== 200) throw huaweiVendorError(res, this.secrets, 'list identity providers');
    const { identity_providers } = parseWire('huawei', res, identityProviderList);
    const described = await mapLimit(identity_providers, DESCRIBE_CONCURRENCY, (idp) => this.describe(idp));
    // An IdP deleted between the list and its protocols read is simply gone.
    return described.filter((provider): provider is NormalizedProvider => provider !== null);
  }

  async get(key: string): Promise<NormalizedProvider | null> {
    const idp = await this.readOrNull(idpPath(key), identityProviderEnvelope, `read identity provider ${key}`);
    return idp ? this.describe(idp.identity_provider) : null;
  }

  private async describe(idp: WireIdentityProvider): Promise<NormalizedProvider | null> {
    const list = await this.readOrNull(protocolsPath(idp.id), protocolList, `list the protocols of ${idp.id}`);
    if (!list) return null;
    // The OIDC configuration can only exist once the oidc protocol is registered (VENDORS.md 4.4).
    const isOidc = list.protocols.some((p) => p.id === OIDC_PROTOCOL);
    const config = isOidc
      ? await this.readOrNull(oidcConfigPath(idp.id), oidcConfigEnvelope, `read the OIDC configuration of ${idp.id}`)
      : null;
    return normalizeProvider({ idp, protocols: list.protocols, oidcConfig: config?.openid_connect_config ?? null });
  }

  // ---- writes ----

  /**
   * Sends one planned write exactly as built, adding the X-Auth-Token, and checks the answer: the status and
   * body shape the vendor documents for it (requests.expectedAnswer), else a VendorError with its code.
   * `goneIsFine`: IAM's not-found 404 counts as done (a delete of something that may already be gone), which
   * also makes the write safe to repeat after a failure. Any other 404 (the gateway's "no such API") is an error.
   */
  async sendPlanned(request: PlannedRequest, options: { goneIsFine?: boolean } = {}): Promise<void> {
    const expected = expectedAnswer(request);
    const res = await this.send(options.goneIsFine ? { ...request, idempotent: true } : request);
    if (options.goneIsFine && isHuaweiNotFound(res)) return;
    if (!expected.statuses.includes(res.status)) throw huaweiVendorError(res, this.secrets, expected.doing);
    if (expected.schema) parseWire('huawei', res, expected.schema);
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  // ---- plumbing ----

  /** The one way out: a built request plus the connection's credentials. */
  private async send(request: PlannedRequest): Promise<VendorResponse> {
    return this.authorizedSend({
      method: request.method,
      path: request.path,
      query: request.query,
      headers: request.headers,
      body: request.body,
      idempotent: request.idempotent,
    });
  }

  private async readOrNull<S extends z.ZodType>(path: string, schema: S, doing: string): Promise<z.output<S> | null> {
    const res = await this.send(buildReadRequest(path, doing));
    // Gone only when IAM says so; the gateway's 404 for a path it does not know is a misconfiguration.
    if (isHuaweiNotFound(res)) return null;
    if (res.status !== 200) throw huaweiVendorError(res, this.secrets, doing);
    return parseWire('huawei', res, schema);
  }
}
