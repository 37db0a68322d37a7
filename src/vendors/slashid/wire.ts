// The JSON of SlashID's organization SSO config API, OIDC provider credentials (VENDORS.md section 5 and
// the official OpenAPI in shared/vendors/specs/). Wire names exactly as SlashID spells them.
// Reads are lenient where VENDORS.md is unsure (a new provider name, `result: null`, extra keys); what the
// gateway sends follows the spec's request schemas.
import { z } from 'zod';

export const CREDENTIALS_PATH = '/organizations/sso/oidc/provider-credentials';

export const HEADER_API_KEY = 'SlashID-API-Key';
export const HEADER_ORG_ID = 'SlashID-OrgID';
export const HEADER_CONSISTENCY = 'SlashID-Required-Consistency';
export const HEADER_CONSISTENCY_TIMEOUT = 'SlashID-Required-Consistency-Timeout';

export const CONSISTENCY_LEVELS = ['local_region', 'all_regions'] as const;
export type ConsistencyLevel = (typeof CONSISTENCY_LEVELS)[number];
export const MIN_CONSISTENCY_TIMEOUT = 1;
export const MAX_CONSISTENCY_TIMEOUT = 120;
/** What SlashID waits for when the headers are left out. */
export const DEFAULT_CONSISTENCY: ConsistencyLevel = 'local_region';
export const DEFAULT_CONSISTENCY_TIMEOUT = 30;

export const OAUTH_PROVIDERS = ['google', 'github', 'bitbucket', 'gitlab', 'facebook', 'line', 'azuread', 'okta', 'apple'] as const;
export type OAuthProvider = (typeof OAUTH_PROVIDERS)[number];
export const oauthProvider = z.enum(OAUTH_PROVIDERS);

/** Scopes SlashID always requests, whatever `authorize_scopes` says (the spec's defaults). */
export const DEFAULT_SCOPES: Record<OAuthProvider, readonly string[]> = {
  google: ['openid', 'email', 'profile'],
  github: ['read:user', 'user:email'],
  bitbucket: ['account'],
  gitlab: ['read_user'],
  facebook: ['email', 'public_profile'],
  line: ['openid', 'email', 'profile'],
  azuread: ['openid', 'email', 'profile', 'User.Read'],
  okta: ['openid', 'email', 'profile'],
  apple: ['openid', 'email', 'name'],
};

// ---- envelope -------------------------------------------------------------------------------------

export const apiResponseError = z.object({ httpcode: z.number().int().optional(), message: z.string().optional() }).loose();

export const apiMeta = z
  .object({
    pagination: z.object({ limit: z.number(), offset: z.number(), total_count: z.number() }).loose().optional(),
    cursor_pagination: z.object({ limit: z.number(), cursor: z.string(), total_count: z.number() }).loose().optional(),
  })
  .loose();

/** `APIResponseBase`: every answer, success or error, has this shape; reads add `result`. */
export const apiResponseBase = z.object({ meta: apiMeta.nullish(), errors: z.array(apiResponseError).nullish() }).loose();
export type ApiResponseBase = z.infer<typeof apiResponseBase>;

// ---- provider options -----------------------------------------------------------------------------

const scopes = z.array(z.string());

/** Options as SlashID returns them: every field optional, unknown keys kept out of the way. */
export const providerOptionsRead = z
  .object({
    authorize_scopes: scopes.nullish(),
    tenant: z.string().nullish(),
    organization_url: z.string().nullish(),
    private_key: z.string().nullish(),
    team_id: z.string().nullish(),
    key_id: z.string().nullish(),
    secret_lifetime: z.string().nullish(),
  })
  .loose();
export type ProviderOptionsRead = z.infer<typeof providerOptionsRead>;

const scopesOnly = z.object({ authorize_scopes: scopes.optional() });

/** Options as the spec's request schemas define them, per provider key (`OAuthProvidersOptions`). */
export const providerOptionsWrite = {
  google: scopesOnly,
  github: scopesOnly,
  bitbucket: scopesOnly,
  gitlab: scopesOnly,
  facebook: scopesOnly,
  line: scopesOnly,
  azuread: scopesOnly.extend({ tenant: z.string().optional() }),
  okta: scopesOnly.extend({ organization_url: z.string().optional() }),
  // The spec lists secret_lifetime as required but also says it defaults to 30 days: the gateway always
  // sends it, the emulator lets it be left out.
  apple: scopesOnly.extend({
    private_key: z.string(),
    team_id: z.string(),
    key_id: z.string(),
    secret_lifetime: z.string().optional(),
  }),
} satisfies Record<OAuthProvider, z.ZodObject>;

export const oauthProvidersOptionsWrite = z.object({
  google: providerOptionsWrite.google.optional(),
  github: providerOptionsWrite.github.optional(),
  bitbucket: providerOptionsWrite.bitbucket.optional(),
  gitlab: providerOptionsWrite.gitlab.optional(),
  facebook: providerOptionsWrite.facebook.optional(),
  line: providerOptionsWrite.line.optional(),
  azuread: providerOptionsWrite.azuread.optional(),
  okta: providerOptionsWrite.okta.optional(),
  apple: providerOptionsWrite.apple.optional(),
});
export type OAuthProvidersOptionsWrite = z.infer<typeof oauthProvidersOptionsWrite>;
export type ProviderOptionsWrite = NonNullable<OAuthProvidersOptionsWrite[OAuthProvider]>;

// ---- credentials ----------------------------------------------------------------------------------

/** `OAuthCredentialPostRequest` (create). */
export const credentialPostRequest = z.object({
  client_id: z.string(),
  client_secret: z.string(),
  provider: oauthProvider,
  label: z.string().optional(),
  /** Deprecated alias of external_cred_id; the gateway never sends it. */
  external_cred: z.string().optional(),
  external_cred_id: z.string().optional(),
  enable_in_slashid_oidc_authz_server: z.boolean().optional(),
  options: oauthProvidersOptionsWrite.optional(),
});
export type CredentialPostRequest = z.infer<typeof credentialPostRequest>;

/** `OAuthCredentialPatchRequest` (modify): all optional; client_id and provider cannot change. */
export const credentialPatchRequest = z.object({
  client_secret: z.string().optional(),
  label: z.string().optional(),
  external_cred: z.string().optional(),
  external_cred_id: z.string().optional(),
  options: oauthProvidersOptionsWrite.optional(),
  enable_in_slashid_oidc_authz_server: z.boolean().optional(),
});
export type CredentialPatchRequest = z.infer<typeof credentialPatchRequest>;

/**
 * `OAuthCredentialGetResponse`. There is no `client_secret` in it; `provider` is read as any string so
 * that a provider SlashID adds later does not make the whole list unreadable.
 */
export const credentialRead = z
  .object({
    client_id: z.string(),
    provider: z.string(),
    label: z.string().nullish(),
    external_cred_id: z.string().nullish(),
    enable_in_slashid_oidc_authz_server: z.boolean().nullish(),
    options: z.record(z.string(), providerOptionsRead.nullable()).nullish(),
  })
  .loose();
export type CredentialRead = z.infer<typeof credentialRead>;

/** A Go nil slice may come back as `result: null`: read as an empty list. */
export const listResponse = apiResponseBase.extend({ result: z.array(credentialRead).nullish() });
export const getResponse = apiResponseBase.extend({ result: credentialRead });
/** Create, modify and delete answer `APIResponseBase` only; a `result` there is ignored. */
export const writeResponse = apiResponseBase;
