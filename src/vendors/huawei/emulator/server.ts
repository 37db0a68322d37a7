// A faithful in-memory Huawei Cloud IAM for the federation APIs the gateway uses (VENDORS.md section 4):
// password tokens (X-Subject-Token, 24 h, checked on every call) or AK/SK-signed requests (access-keys.ts),
// Keystone-style identity providers,
// mappings and protocols with Keystone error bodies, and the v3.0 OIDC configuration with IAM error bodies.
import { randomBytes } from 'node:crypto';
import {
  EmulatorRouter,
  startEmulatorServer,
  type EmulatorFaultOptions,
  type EmulatorReply,
  type EmulatorRequest,
  type RunningEmulator,
} from '../../../emulation/http.js';
import { badOidcField, mappingRulesOk, missingOidcField, storeOidcConfig, unexpectedKeys, type StoredOidcConfig } from './rules.js';
import { accessKeyFailure, isSignedRequest, type HuaweiEmulatorAccessKey } from './access-keys.js';
import { apigw, badRequest, conflict, faultReply, iam, iamBody, isTokenIssue, keystone, keystoneBody, notFound } from './replies.js';

export interface HuaweiEmulatorUser {
  domainName: string;
  userName: string;
  password: string;
}

export interface HuaweiSeedIdentityProvider {
  id: string;
  description?: string;
  enabled?: boolean;
  sso_type?: string;
  /** Registered with a mapping of that id (created with the default rule when not seeded otherwise). */
  protocol?: { id: 'oidc' | 'saml'; mapping_id: string };
  oidcConfig?: Partial<StoredOidcConfig>;
}

export interface HuaweiEmulatorOptions extends EmulatorFaultOptions {
  users?: HuaweiEmulatorUser[];
  /** Tokens accepted from the start, as a connection's configured authToken. */
  tokens?: string[];
  /** Access key pairs of the account, for AK/SK-signed requests. */
  accessKeys?: HuaweiEmulatorAccessKey[];
  /** The account's id (X-Domain-Id of signed requests); random when not given. */
  domainId?: string;
  tokenTtlSeconds?: number;
  now?: () => number;
  identityProviders?: HuaweiSeedIdentityProvider[];
  /** The account quota (the console and Terraform say 10). */
  maxIdentityProviders?: number;
  port?: number;
}

interface StoredIdp {
  id: string;
  description: string;
  enabled: boolean;
  sso_type: string;
  remote_ids: string[];
}

export interface HuaweiEmulatorState {
  domain: { id: string; name: string };
  identityProviders: Map<string, StoredIdp>;
  mappings: Map<string, { id: string; rules: unknown[] }>;
  /** idp id -> protocol id -> mapping id */
  protocols: Map<string, Map<string, string>>;
  oidcConfigs: Map<string, StoredOidcConfig>;
  tokens: Map<string, { expiresAt: number }>;
}

export interface HuaweiEmulator extends RunningEmulator {
  state: HuaweiEmulatorState;
  /** Tokens issued by POST /v3/auth/tokens, oldest first. */
  issuedTokens: string[];
  /** The account's access keys (a test may change a secret, as a key rotated in the console). */
  accessKeys: HuaweiEmulatorAccessKey[];
  /** Makes every token expire now, as 24 hours passing would. */
  expireTokens(): void;
  /** The next request with this method and path gets `reply` instead (a fault for tests). */
  failNext(method: string, path: string, reply: EmulatorReply): void;
}

export const DEFAULT_MAPPING_RULES = [{ local: [{ user: { name: 'FederationUser' } }], remote: [{ type: '__NAMEID__' }] }];

export async function createHuaweiEmulator(options: HuaweiEmulatorOptions = {}): Promise<HuaweiEmulator> {
  const now = options.now ?? Date.now;
  const ttlMs = (options.tokenTtlSeconds ?? 24 * 60 * 60) * 1000;
  const users = options.users ?? [];
  const maxIdps = options.maxIdentityProviders ?? 10;
  const state: HuaweiEmulatorState = {
    domain: { id: options.domainId ?? randomBytes(16).toString('hex'), name: users[0]?.domainName ?? 'example-account' },
    identityProviders: new Map(),
    mappings: new Map(),
    protocols: new Map(),
    oidcConfigs: new Map(),
    tokens: new Map((options.tokens ?? []).map((token) => [token, { expiresAt: now() + ttlMs }])),
  };
  const issuedTokens: string[] = [];
  const accessKeys = [...(options.accessKeys ?? [])].map((key) => ({ ...key }));
  const faults: Array<{ method: string; path: string; reply: EmulatorReply }> = [];
  seed(state, options.identityProviders ?? []);

  const origin = (req: EmulatorRequest) => `http://${req.headers.host ?? '127.0.0.1'}`;
  const idpView = (req: EmulatorRequest, idp: StoredIdp) => ({
    ...idp,
    links: {
      self: `${origin(req)}/v3/OS-FEDERATION/identity_providers/${idp.id}`,
      protocols: `${origin(req)}/v3/OS-FEDERATION/identity_providers/${idp.id}/protocols`,
    },
  });
  const protocolView = (req: EmulatorRequest, idpId: string, id: string, mappingId: string) => ({
    id,
    mapping_id: mappingId,
    links: {
      self: `${origin(req)}/v3/OS-FEDERATION/identity_providers/${idpId}/protocols/${id}`,
      identity_provider: `${origin(req)}/v3/OS-FEDERATION/identity_providers/${idpId}`,
    },
  });
  const mappingView = (req: EmulatorRequest, m: { id: string; rules: unknown[] }) => ({
    ...m,
    links: { self: `${origin(req)}/v3/OS-FEDERATION/mappings/${m.id}` },
  });

  // ---- tokens ----

  function issue(req: EmulatorRequest): EmulatorReply {
    const body = keystoneBody(req, 'auth');
    if (!body.ok) return body.reply;
    const identity = body.value.identity as { methods?: unknown; password?: { user?: Record<string, unknown> } } | undefined;
    const user = identity?.password?.user;
    const domain = user?.domain as { name?: unknown } | undefined;
    if (
      !Array.isArray(identity?.methods) ||
      !identity.methods.includes('password') ||
      typeof user?.name !== 'string' ||
      typeof user.password !== 'string' ||
      typeof domain?.name !== 'string'
    ) {
      return badRequest("Invalid input for field 'identity': the password method needs user name, password and domain");
    }
    const known = users.find((u) => u.domainName === domain.name && u.userName === user.name && u.password === user.password);
    if (!known) return keystone(401, 'Unauthorized', 'The request you have made requires authentication.');
    const scope = body.value.scope as { domain?: { name?: unknown } } | undefined;
    if (scope?.domain && scope.domain.name !== known.domainName) {
      return keystone(401, 'Unauthorized', 'The request you have made requires authentication.');
    }
    const token = `MIIT${randomBytes(96).toString('base64url')}`;
    const issuedAt = now();
    state.tokens.set(token, { expiresAt: issuedAt + ttlMs });
    issuedTokens.push(token);
    const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '000Z');
    return {
      status: 201,
      headers: { 'X-Subject-Token': token },
      body: {
        token: {
          expires_at: iso(issuedAt + ttlMs),
          issued_at: iso(issuedAt),
          methods: ['password'],
          domain: { id: state.domain.id, name: state.domain.name },
          user: {
            id: randomBytes(16).toString('hex'),
            name: known.userName,
            domain: { id: state.domain.id, name: state.domain.name },
            password_expires_at: '',
          },
          roles: [{ id: '0', name: 'secu_admin' }],
          catalog: [],
        },
      },
    };
  }

  /** The API gateway in front of IAM: every call but token issue needs a live X-Auth-Token or a valid AK/SK signature. */
  function authFailure(req: EmulatorRequest): EmulatorReply | null {
    if (isSignedRequest(req)) return accessKeyFailure(req, accessKeys, state.domain.id, now());
    const token = req.headers['x-auth-token'];
    if (!token) return apigw('x-auth-token not found');
    const known = state.tokens.get(token);
    if (!known) return apigw('decrypt token fail');
    if (now() >= known.expiresAt) return apigw('token expires');
    return null;
  }

  // ---- identity providers ----

  const router = new EmulatorRouter();
  const IDPS = '/v3/OS-FEDERATION/identity_providers';

  router.on('POST', '/v3/auth/tokens', issue);

  router.on('GET', IDPS, (req) => ({
    status: 200,
    body: {
      identity_providers: [...state.identityProviders.values()].map((idp) => idpView(req, idp)),
      links: { self: `${origin(req)}${IDPS}`, previous: null, next: null },
    },
  }));

  router.on('GET', `${IDPS}/:id`, (req) => {
    const idp = state.identityProviders.get(req.params.id!);
    return idp ? { status: 200, body: { identity_provider: idpView(req, idp) } } : notFound('identity_provider', req.params.id!);
  });

  router.on('PUT', `${IDPS}/:id`, (req) => {
    const id = req.params.id!;
    const body = keystoneBody(req, 'identity_provider');
    if (!body.ok) return body.reply;
    const extra = unexpectedKeys(body.value, ['sso_type', 'description', 'enabled', 'remote_ids']);
    if (extra) return badRequest(`Invalid input for field 'identity_provider': ${extra}`);
    const { sso_type = 'virtual_user_sso', description = '', enabled = false, remote_ids = [] } = body.value;
    if (id.length < 1 || id.length > 64) return badRequest(`Invalid input for field 'id': '${id}' is too long`);
    if (typeof enabled !== 'boolean')
      return badRequest(`Invalid input for field 'enabled': ${JSON.stringify(enabled)} is not of type 'boolean'`);
    if (description !== null && typeof description !== 'string')
      return badRequest(`Invalid input for field 'description': ${JSON.stringify(description)} is not of type 'string', 'null'`);
    if (sso_type !== '' && sso_type !== 'virtual_user_sso' && sso_type !== 'iam_user_sso')
      return badRequest(
        `Invalid input for field 'sso_type': ${JSON.stringify(sso_type)} is not one of ['virtual_user_sso', 'iam_user_sso']`,
      );
    if (!Array.isArray(remote_ids) || !remote_ids.every((r) => typeof r === 'string'))
      return badRequest("Invalid input for field 'remote_ids': it must be a list of strings");
    if (state.identityProviders.has(id)) return conflict('identity_provider', id);
    if (state.identityProviders.size >= maxIdps) {
      return keystone(403, 'Forbidden', `The number of identity providers has reached the maximum allowed limit (${maxIdps}).`);
    }
    const ssoType = (sso_type || 'virtual_user_sso') as string;
    const existingTypes = new Set([...state.identityProviders.values()].map((idp) => idp.sso_type));
    // One SSO type per account, and at most one IAM-user SSO IdP (VENDORS.md 4.2).
    if (existingTypes.size && !existingTypes.has(ssoType)) {
      return badRequest(`The account already uses ${[...existingTypes][0]} identity providers; sso_type ${ssoType} cannot be added.`);
    }
    if (ssoType === 'iam_user_sso' && existingTypes.has('iam_user_sso')) {
      return badRequest('Only one identity provider of sso_type iam_user_sso is allowed per account.');
    }
    const idp: StoredIdp = { id, description: description ?? '', enabled, sso_type: ssoType, remote_ids: remote_ids as string[] };
    state.identityProviders.set(id, idp);
    return { status: 201, body: { identity_provider: idpView(req, idp) } };
  });

  router.on('PATCH', `${IDPS}/:id`, (req) => {
    const idp = state.identityProviders.get(req.params.id!);
    if (!idp) return notFound('identity_provider', req.params.id!);
    const body = keystoneBody(req, 'identity_provider');
    if (!body.ok) return body.reply;
    // Only description and enabled can change; sso_type in particular cannot (VENDORS.md 4.2).
    const extra = unexpectedKeys(body.value, ['description', 'enabled']);
    if (extra) return badRequest(`Invalid input for field 'identity_provider': ${extra}`);
    const { description, enabled } = body.value;
    if (enabled !== undefined && typeof enabled !== 'boolean')
      return badRequest(`Invalid input for field 'enabled': ${JSON.stringify(enabled)} is not of type 'boolean'`);
    if (description !== undefined && description !== null && typeof description !== 'string')
      return badRequest(`Invalid input for field 'description': ${JSON.stringify(description)} is not of type 'string', 'null'`);
    if (enabled !== undefined) idp.enabled = enabled;
    if (description !== undefined) idp.description = description ?? '';
    return { status: 200, body: { identity_provider: idpView(req, idp) } };
  });

  router.on('DELETE', `${IDPS}/:id`, (req) => {
    const id = req.params.id!;
    if (!state.identityProviders.delete(id)) return notFound('identity_provider', id);
    // Protocols and the OIDC configuration belong to the IdP; mappings are separate objects and stay.
    state.protocols.delete(id);
    state.oidcConfigs.delete(id);
    return { status: 204 };
  });

  // ---- protocols ----

  router.on('GET', `${IDPS}/:id/protocols`, (req) => {
    const id = req.params.id!;
    if (!state.identityProviders.has(id)) return notFound('identity_provider', id);
    const protocols = [...(state.protocols.get(id) ?? new Map<string, string>())].map(([pid, mappingId]) =>
      protocolView(req, id, pid, mappingId),
    );
    return { status: 200, body: { protocols, links: { self: `${origin(req)}${IDPS}/${id}/protocols`, previous: null, next: null } } };
  });

  router.on('GET', `${IDPS}/:id/protocols/:pid`, (req) => {
    const mappingId = state.protocols.get(req.params.id!)?.get(req.params.pid!);
    return mappingId
      ? { status: 200, body: { protocol: protocolView(req, req.params.id!, req.params.pid!, mappingId) } }
      : notFound('protocol', req.params.pid!);
  });

  const putProtocol =
    (create: boolean) =>
    (req: EmulatorRequest): EmulatorReply => {
      const { id, pid } = req.params as { id: string; pid: string };
      if (!state.identityProviders.has(id)) return notFound('identity_provider', id);
      const body = keystoneBody(req, 'protocol');
      if (!body.ok) return body.reply;
      if (pid !== 'saml' && pid !== 'oidc')
        return badRequest(`Invalid input for field 'protocol_id': '${pid}' is not one of ['saml', 'oidc']`);
      const mappingId = body.value.mapping_id;
      if (typeof mappingId !== 'string') return badRequest("Invalid input for field 'protocol': 'mapping_id' is a required property");
      if (!state.mappings.has(mappingId)) return notFound('mapping', mappingId);
      const protocols = state.protocols.get(id) ?? new Map<string, string>();
      if (create && protocols.has(pid)) return conflict('federation_protocol', pid);
      if (!create && !protocols.has(pid)) return notFound('protocol', pid);
      protocols.set(pid, mappingId);
      state.protocols.set(id, protocols);
      return { status: create ? 201 : 200, body: { protocol: protocolView(req, id, pid, mappingId) } };
    };
  router.on('PUT', `${IDPS}/:id/protocols/:pid`, putProtocol(true));
  router.on('PATCH', `${IDPS}/:id/protocols/:pid`, putProtocol(false));

  router.on('DELETE', `${IDPS}/:id/protocols/:pid`, (req) => {
    const protocols = state.protocols.get(req.params.id!);
    if (!protocols?.delete(req.params.pid!)) return notFound('protocol', req.params.pid!);
    return { status: 204 };
  });

  // ---- mappings ----

  const MAPPINGS = '/v3/OS-FEDERATION/mappings';
  router.on('GET', MAPPINGS, (req) => ({
    status: 200,
    body: {
      mappings: [...state.mappings.values()].map((m) => mappingView(req, m)),
      links: { self: `${origin(req)}${MAPPINGS}`, previous: null, next: null },
    },
  }));
  router.on('GET', `${MAPPINGS}/:id`, (req) => {
    const mapping = state.mappings.get(req.params.id!);
    return mapping ? { status: 200, body: { mapping: mappingView(req, mapping) } } : notFound('mapping', req.params.id!);
  });
  const putMapping =
    (create: boolean) =>
    (req: EmulatorRequest): EmulatorReply => {
      const id = req.params.id!;
      const body = keystoneBody(req, 'mapping');
      if (!body.ok) return body.reply;
      if (!mappingRulesOk(body.value.rules))
        return badRequest(
          "Invalid input for field 'rules': each rule needs non-empty 'local' and 'remote' lists, and every remote entry a 'type'",
        );
      if (create && state.mappings.has(id)) return conflict('mapping', id);
      if (!create && !state.mappings.has(id)) return notFound('mapping', id);
      const mapping = { id, rules: body.value.rules as unknown[] };
      state.mappings.set(id, mapping);
      return { status: create ? 201 : 200, body: { mapping: mappingView(req, mapping) } };
    };
  router.on('PUT', `${MAPPINGS}/:id`, putMapping(true));
  router.on('PATCH', `${MAPPINGS}/:id`, putMapping(false));
  router.on('DELETE', `${MAPPINGS}/:id`, (req) => {
    if (!state.mappings.delete(req.params.id!)) return notFound('mapping', req.params.id!);
    return { status: 204 };
  });

  // ---- OpenID Connect configuration (v3.0, IAM error bodies) ----

  const OIDC = '/v3.0/OS-FEDERATION/identity-providers/:id/openid-connect-config';
  const idpMissing = (id: string) => iam(404, 'IAM.0004', `Could not find identity provider: ${id}.`);
  const invalidParam = (field: string) => iam(400, 'IAM.0007', `Request parameter ${field} is invalid.`);

  router.on('GET', OIDC, (req) => {
    const id = req.params.id!;
    if (!state.identityProviders.has(id)) return idpMissing(id);
    const config = state.oidcConfigs.get(id);
    return config
      ? { status: 200, body: { openid_connect_config: config } }
      : iam(404, 'IAM.0004', `Could not find openid connect config: ${id}.`);
  });

  router.on('POST', OIDC, (req) => {
    const id = req.params.id!;
    if (!state.identityProviders.has(id)) return idpMissing(id);
    const body = iamBody(req, 'openid_connect_config');
    if (!body.ok) return body.reply;
    const bad = badOidcField(body.value) ?? missingOidcField(body.value);
    if (bad) return invalidParam(bad);
    // The configuration hangs off the oidc protocol: it must be registered first (VENDORS.md 4.4).
    if (!state.protocols.get(id)?.has('oidc')) return iam(404, 'IAM.0004', 'Could not find protocol: oidc.');
    if (state.oidcConfigs.has(id)) return iam(409, 'IAM.0009', `The openid connect config of identity provider ${id} already exists.`);
    const config = storeOidcConfig(body.value);
    state.oidcConfigs.set(id, config);
    return { status: 201, body: { openid_connect_config: config } };
  });

  router.on('PUT', OIDC, (req) => {
    const id = req.params.id!;
    if (!state.identityProviders.has(id)) return idpMissing(id);
    const body = iamBody(req, 'openid_connect_config');
    if (!body.ok) return body.reply;
    const current = state.oidcConfigs.get(id);
    if (!current) return iam(404, 'IAM.0004', `Could not find openid connect config: ${id}.`);
    const bad = badOidcField(body.value);
    if (bad) return invalidParam(bad);
    const merged = storeOidcConfig(body.value, current);
    const missing = missingOidcField(merged);
    if (missing) return invalidParam(missing);
    state.oidcConfigs.set(id, merged);
    return { status: 200, body: { openid_connect_config: merged } };
  });

  // The API gateway's answer for a path it publishes no API at, before any auth check (a wrong base URL path).
  const noSuchApi = (): EmulatorReply => ({
    status: 404,
    body: {
      error_msg: 'The API does not exist or has not been published in the environment',
      error_code: 'APIGW.0101',
      request_id: randomBytes(16).toString('hex'),
    },
  });
  const routes = router.handler(noSuchApi, () => keystone(405, 'Method Not Allowed', 'The method is not allowed for the requested URL.'));

  const running = await startEmulatorServer(
    async (req) => {
      const fault = faults.findIndex((f) => f.method === req.method && f.path === req.path);
      if (fault >= 0) return faults.splice(fault, 1)[0]!.reply;
      if (!/^\/v3(\.0|-ext)?\//.test(req.path)) return noSuchApi();
      if (!isTokenIssue(req)) {
        const denied = authFailure(req);
        if (denied) return denied;
      }
      return routes(req);
    },
    options.port,
    { faultProfile: { isTokenEndpoint: isTokenIssue, errorReply: faultReply, tokenExpiry: { expireTokens } }, faults: options.faults },
  );

  /** Every token, issued or configured, expires now (token-expiry faults too): calls meet "token expires". */
  function expireTokens(): void {
    for (const token of state.tokens.values()) token.expiresAt = now();
  }

  return {
    ...running,
    state,
    issuedTokens,
    accessKeys,
    expireTokens,
    failNext: (method, path, reply) => {
      faults.push({ method, path, reply });
    },
  };
}

function seed(state: HuaweiEmulatorState, idps: HuaweiSeedIdentityProvider[]): void {
  for (const idp of idps) {
    state.identityProviders.set(idp.id, {
      id: idp.id,
      description: idp.description ?? '',
      enabled: idp.enabled ?? false,
      sso_type: idp.sso_type ?? 'virtual_user_sso',
      remote_ids: [],
    });
    if (idp.protocol) {
      if (!state.mappings.has(idp.protocol.mapping_id)) {
        state.mappings.set(idp.protocol.mapping_id, { id: idp.protocol.mapping_id, rules: DEFAULT_MAPPING_RULES });
      }
      state.protocols.set(idp.id, new Map([[idp.protocol.id, idp.protocol.mapping_id]]));
    }
    if (idp.oidcConfig) state.oidcConfigs.set(idp.id, storeOidcConfig(idp.oidcConfig));
  }
}
