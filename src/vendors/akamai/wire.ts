// The JSON of the Akamai Identity Cloud Custom Provider API (VENDORS.md section 2), with wire names exactly.
// Reads are lenient where VENDORS.md marks a fact uncertain: the list envelope, the OAuth protocol literal,
// the inner shape of authn_context and the error body are all accepted in more than one form.
import { z } from 'zod';

/** The only scope the Custom Provider API knows (VENDORS.md 2.1). */
export const TOKEN_SCOPE = '*:**';
export const MERGE_PATCH = 'application/merge-patch+json';
/** Akamai's "replace all fields" content type (not RFC 6902); the emulator honours it, the adapter never sends it. */
export const JSON_PATCH = 'application/json-patch+json';

export const tokenPath = (customerId: string) => `/${encodeURIComponent(customerId)}/login/token`;
export const providersPath = (customerId: string, appId: string) =>
  `/${encodeURIComponent(customerId)}/v2/config/low/services/engage-v2/apps/${encodeURIComponent(appId)}/custom-providers`;
export const providerPath = (customerId: string, appId: string, providerId: string) =>
  `${providersPath(customerId, appId)}/${encodeURIComponent(providerId)}`;

export const tokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive(),
  token_type: z.string().optional(),
  scope: z.string().optional(),
});

/** The protocol literals we write. `oauth2` is VENDORS.md's best guess [?]; reads also accept `oauth`. */
export const WIRE_PROTOCOLS = ['openidconnect', 'saml2', 'oauth2'] as const;
export type WireProtocol = (typeof WIRE_PROTOCOLS)[number];

export const TOKEN_AUTH_METHODS = ['client_secret_post', 'client_secret_basic'] as const;

/**
 * The writable fields and the protocols each belongs to (VENDORS.md 2.3). The vendor answers 422 to a field
 * of another protocol; the gateway refuses it before any call.
 */
export const FIELD_PROTOCOLS = {
  title: ['openidconnect', 'saml2', 'oauth2'],
  ui: ['openidconnect', 'saml2', 'oauth2'],
  protocol: ['openidconnect', 'saml2', 'oauth2'],
  auth_url: ['openidconnect', 'saml2', 'oauth2'],
  attribute_map: ['openidconnect', 'saml2', 'oauth2'],
  token_url: ['openidconnect', 'oauth2'],
  profile_url: ['openidconnect', 'oauth2'],
  client_id: ['openidconnect', 'oauth2'],
  client_secret: ['openidconnect', 'oauth2'],
  scopes: ['openidconnect', 'oauth2'],
  token_auth_method: ['oauth2'],
  identifier_attribute: ['oauth2'],
  idp_certificate: ['saml2'],
  idp_certificate_chain: ['saml2'],
  authn_context: ['saml2'],
} as const satisfies Record<string, readonly WireProtocol[]>;
export type WireField = keyof typeof FIELD_PROTOCOLS;
export const WIRE_FIELDS = Object.keys(FIELD_PROTOCOLS) as WireField[];

/** Server-assigned members: present on reads, never written. */
export const READ_ONLY_FIELDS = ['id', 'createdAt', 'updatedAt', '_links'] as const;

const link = z.object({ href: z.string() }).loose();
const jsonObject = z.record(z.string(), z.unknown());

export const providerUi = z.object({ title: z.string().nullish(), icon_url: z.string().nullish() }).loose();

/** A custom provider as GET returns it. `client_secret` IS returned: the adapter fingerprints it and drops it. */
export const customProvider = z
  .object({
    _links: z.record(z.string(), link).optional(),
    id: z.string().min(1),
    createdAt: z.string().nullish(),
    updatedAt: z.string().nullish(),
    title: z.string(),
    protocol: z.string(),
    ui: providerUi.nullish(),
    auth_url: z.string().nullish(),
    token_url: z.string().nullish(),
    profile_url: z.string().nullish(),
    client_id: z.string().nullish(),
    client_secret: z.string().nullish(),
    token_auth_method: z.string().nullish(),
    scopes: z.array(z.string()).nullish(),
    identifier_attribute: z.string().nullish(),
    attribute_map: z.record(z.string(), z.string()).nullish(),
    idp_certificate: z.string().nullish(),
    idp_certificate_chain: z.array(z.string()).nullish(),
    authn_context: jsonObject.nullish(),
  })
  .loose();
export type CustomProvider = z.infer<typeof customProvider>;

/** A list entry: at least id, protocol, title, ui (VENDORS.md 2.2). */
export const customProviderSummary = z
  .object({ id: z.string().min(1), title: z.string().optional(), protocol: z.string().optional(), ui: providerUi.nullish() })
  .loose();

/**
 * The list envelope is undocumented [?]: a bare array, or HAL with the entries under `_embedded` (whatever
 * the relation is called). Both are read; anything else is a BAD_RESPONSE.
 */
export const customProviderList = z
  .union([z.array(customProviderSummary), z.object({ _embedded: z.record(z.string(), z.unknown()) }).loose()])
  .transform((body, ctx) => {
    if (Array.isArray(body)) return body;
    const lists = Object.values(body._embedded).filter(Array.isArray);
    if (lists.length !== 1) {
      ctx.addIssue({ code: 'custom', path: ['_embedded'], message: 'expected exactly one embedded list of custom providers' });
      return z.NEVER;
    }
    const parsed = z.array(customProviderSummary).safeParse(lists[0]);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', path: ['_embedded'], message: parsed.error.issues[0]?.message ?? 'bad entry' });
      return z.NEVER;
    }
    return parsed.data;
  });

/** What a create or modify body may hold: wire names, nothing read-only. `null` removes a member (merge patch). */
export interface ProviderWrite {
  title?: string;
  ui?: { title?: string | null; icon_url?: string | null };
  protocol?: WireProtocol;
  auth_url?: string;
  token_url?: string;
  profile_url?: string | null;
  client_id?: string;
  client_secret?: string;
  token_auth_method?: (typeof TOKEN_AUTH_METHODS)[number] | null;
  scopes?: string[] | null;
  identifier_attribute?: string | null;
  attribute_map?: Record<string, string | null> | null;
  idp_certificate?: string;
  idp_certificate_chain?: string[] | null;
  authn_context?: Record<string, unknown> | null;
}

// Error bodies. The format is undocumented [?] (VENDORS.md 2.4): RFC 9457 problem+json as other Akamai APIs
// use, Engage's `{stat: "fail", err: {code, msg}}`, and OAuth's `{error, error_description}` at the token
// endpoint are all read.
export const problemBody = z
  .object({ type: z.string().optional(), title: z.string().optional(), status: z.number().optional(), detail: z.string().optional() })
  .loose()
  .refine((body) => body.title !== undefined || body.detail !== undefined);
export const engageErrorBody = z.object({
  stat: z.literal('fail'),
  err: z.object({ code: z.union([z.number(), z.string()]), msg: z.string() }).loose(),
});
export const oauthErrorBody = z.object({ error: z.string(), error_description: z.string().optional() }).loose();
