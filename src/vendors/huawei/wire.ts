// Huawei Cloud IAM wire shapes (VENDORS.md section 4), names exactly as on the wire. Two path families:
// Keystone-compatible `/v3/OS-FEDERATION/identity_providers` (underscore) and the OIDC configuration under
// `/v3.0/OS-FEDERATION/identity-providers` (hyphen). Response schemas are loose (objects pass extra keys
// through) where the vendor may add fields; request schemas are what the adapter sends.
import { z } from 'zod';

export const KEYSTONE_IDPS_PATH = '/v3/OS-FEDERATION/identity_providers';
export const MAPPINGS_PATH = '/v3/OS-FEDERATION/mappings';
export const AUTH_TOKENS_PATH = '/v3/auth/tokens';

export const idpPath = (id: string) => `${KEYSTONE_IDPS_PATH}/${encodeURIComponent(id)}`;
export const protocolsPath = (idpId: string) => `${idpPath(idpId)}/protocols`;
export const protocolPath = (idpId: string, protocolId: string) => `${protocolsPath(idpId)}/${encodeURIComponent(protocolId)}`;
export const mappingPath = (id: string) => `${MAPPINGS_PATH}/${encodeURIComponent(id)}`;
export const oidcConfigPath = (idpId: string) =>
  `/v3.0/OS-FEDERATION/identity-providers/${encodeURIComponent(idpId)}/openid-connect-config`;

/** The Content-Type the IAM reference asks for on every call ("application/json;charset=utf8"). */
export const JSON_CONTENT_TYPE = 'application/json;charset=utf8';

export const SSO_TYPES = ['virtual_user_sso', 'iam_user_sso'] as const;
export type SsoType = (typeof SSO_TYPES)[number];
export const ACCESS_MODES = ['program', 'program_console'] as const;
export type AccessMode = (typeof ACCESS_MODES)[number];
export const RESPONSE_TYPES = ['id_token'] as const;
export const RESPONSE_MODES = ['fragment', 'form_post'] as const;
export type ResponseMode = (typeof RESPONSE_MODES)[number];

// ---- token (POST /v3/auth/tokens) ----

export const passwordAuthRequest = z.object({
  auth: z.object({
    identity: z.object({
      methods: z.tuple([z.literal('password')]),
      password: z.object({
        user: z.object({ domain: z.object({ name: z.string() }), name: z.string(), password: z.string() }),
      }),
    }),
    scope: z.object({ domain: z.object({ name: z.string() }) }),
  }),
});
export type PasswordAuthRequest = z.infer<typeof passwordAuthRequest>;

/** The body of a 201 from /v3/auth/tokens; the token itself is in the X-Subject-Token header. */
export const tokenResponse = z.object({
  token: z.looseObject({ expires_at: z.string(), issued_at: z.string().optional() }),
});

// ---- identity providers (Keystone style) ----

const links = z.looseObject({ self: z.string().optional() });

export const identityProvider = z.looseObject({
  id: z.string(),
  description: z.string().nullish(),
  enabled: z.boolean(),
  // "" or null mean virtual_user_sso (VENDORS.md 4.2); any other string is kept as sent.
  sso_type: z.string().nullish(),
  remote_ids: z.array(z.string()).nullish(),
  links: links.optional(),
});
export type WireIdentityProvider = z.infer<typeof identityProvider>;

export const identityProviderEnvelope = z.object({ identity_provider: identityProvider });
export const identityProviderList = z.object({
  identity_providers: z.array(identityProvider),
  links: z.looseObject({ next: z.string().nullish() }).optional(),
});

export interface CreateIdentityProviderBody {
  identity_provider: { sso_type?: SsoType; description?: string; enabled?: boolean };
}
export interface UpdateIdentityProviderBody {
  identity_provider: { description?: string; enabled?: boolean };
}

// ---- mappings and protocols ----

export interface MappingRule {
  local: Array<{ user?: { name: string }; group?: { name: string }; groups?: string }>;
  remote: Array<{ type: string; any_one_of?: string[]; not_any_of?: string[] }>;
}
export interface MappingBody {
  mapping: { rules: MappingRule[] };
}
export const mappingEnvelope = z.object({
  mapping: z.looseObject({ id: z.string(), rules: z.array(z.unknown()) }),
});

export const protocol = z.looseObject({ id: z.string(), mapping_id: z.string() });
export type WireProtocol = z.infer<typeof protocol>;
export const protocolEnvelope = z.object({ protocol });
export const protocolList = z.object({ protocols: z.array(protocol) });
export interface ProtocolBody {
  protocol: { mapping_id: string };
}

// ---- OpenID Connect configuration (v3.0) ----

/** What the adapter sends on create (POST) and update (PUT); update fields are all optional on the wire. */
export interface OidcConfigFields {
  access_mode?: AccessMode;
  idp_url?: string;
  client_id?: string;
  authorization_endpoint?: string;
  scope?: string;
  response_type?: 'id_token';
  response_mode?: ResponseMode;
  signing_key?: string;
}
export interface OidcConfigBody {
  openid_connect_config: OidcConfigFields;
}

/**
 * A read: the SDK declares all eight fields, but for `program` access the console fields come back empty
 * or null, so every field is nullable here and the adapter decides what "absent" means.
 */
export const oidcConfig = z.looseObject({
  access_mode: z.string().nullish(),
  idp_url: z.string().nullish(),
  client_id: z.string().nullish(),
  authorization_endpoint: z.string().nullish(),
  scope: z.string().nullish(),
  response_type: z.string().nullish(),
  response_mode: z.string().nullish(),
  signing_key: z.string().nullish(),
});
export type WireOidcConfig = z.infer<typeof oidcConfig>;
export const oidcConfigEnvelope = z.object({ openid_connect_config: oidcConfig.nullish() });

// ---- errors ----

/** v3.0 / most IAM APIs and the API gateway layer: `{error_msg, error_code}` (e.g. IAM.0011, APIGW.0301). */
export const iamError = z.looseObject({ error_msg: z.string(), error_code: z.string() });
/** Keystone-compatible APIs: `{error: {code, title, message}}`, sometimes with null error_code/error_msg beside. */
export const keystoneError = z.looseObject({
  error: z.looseObject({ code: z.number().optional(), title: z.string().optional(), message: z.string() }),
});
