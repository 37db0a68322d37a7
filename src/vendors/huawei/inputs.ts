// The Huawei mutation inputs, defined once: these zod schemas validate them in the pipeline and are the
// GraphQL input fields (src/graphql/zod-input.ts derives them, descriptions and enums included). The
// vendor's rules for identity-provider and OIDC-configuration input (VENDORS.md 4.2, 4.4) are checked here,
// the longer ones in rules.ts; the documented lengths are declared once (IDP_STRINGS, OIDC_STRINGS) for
// core's string rules, which run before these schemas. Huawei federation holds no secret (id_token flow with
// a public JWKS), so no input field is a secret.
import { z } from 'zod';
import type { StringFieldRule } from '../../core/vendor-contract/adapter.js';
import { httpsConfigUrl } from '../../core/inputs/https-url.js';
import { sourced } from '../../core/vendor-contract/setup.js';
import { checkScope, checkSigningKey, mergeOidcConfig, REQUIRED_TO_CREATE } from './rules.js';
import { ACCESS_MODES, RESPONSE_MODES, RESPONSE_TYPES, SSO_TYPES } from './wire.js';

/** Lengths VENDORS.md 4.4 documents (idp_url, authorization_endpoint 10-255; client_id 5-255; scope <= 255; signing_key 10-30000). */
const URL_LENGTH = { min: 10, max: 255 } as const;
const CLIENT_ID_LENGTH = { min: 5, max: 255 } as const;
const SIGNING_KEY_LENGTH = { min: 10, max: 30_000 } as const;
/** IdP names: 1-64 characters (VENDORS.md 4.2). Descriptions: the gateway's cap of 255 (not documented there). */
const NAME_LENGTH = { min: 1, max: 64 } as const;
const DESCRIPTION_LENGTH = { max: 255 } as const;

/** Core's string rules (MutationSpec.strings) of the identity-provider fields. */
export const IDP_STRINGS = { name: NAME_LENGTH, description: DESCRIPTION_LENGTH } as const satisfies Record<string, StringFieldRule>;

/** Core's string rules of the OIDC configuration fields: the documented ranges above. A JWKS is JSON, which may span lines. */
export const OIDC_STRINGS = {
  idpUrl: URL_LENGTH,
  clientId: CLIENT_ID_LENGTH,
  authorizationEndpoint: URL_LENGTH,
  scope: { max: 255 },
  signingKey: { ...SIGNING_KEY_LENGTH, multiline: true },
} as const satisfies Record<string, StringFieldRule>;

/**
 * The error of a configuration field a create needs, when it is missing: the one mergeOidcConfig gives, so
 * the field error does not depend on which check finds it. Where the field is optional (setHuaweiOidcConfig)
 * a missing value never reaches the schema. Any other wrong value keeps `otherwise` (undefined: zod's).
 */
const neededToCreate = (otherwise?: string) => (issue: { input?: unknown }) => (issue.input === undefined ? REQUIRED_TO_CREATE : otherwise);

// ---- the GraphQL enums of the vendor's wire values (graphql.ts shows them on the output types too) ----

export const ssoTypeEnum = z.enum(SSO_TYPES, { error: `must be one of ${SSO_TYPES.join(', ')}` }).meta({
  title: 'HuaweiSsoType',
  description: 'How federated users sign in: as virtual users (the default) or mapped onto existing IAM users. One type per account.',
});
export const accessModeEnum = z.enum(ACCESS_MODES, { error: neededToCreate(`must be one of ${ACCESS_MODES.join(', ')}`) }).meta({
  title: 'HuaweiAccessMode',
  description: 'PROGRAM: API and CLI access with the ID token only. PROGRAM_CONSOLE: also console sign-in, which needs the console fields.',
});
export const responseTypeEnum = z
  .enum(RESPONSE_TYPES, { error: 'must be id_token' })
  .meta({ title: 'HuaweiResponseType', description: 'The OIDC response type; the vendor allows only id_token.' });
export const responseModeEnum = z
  .enum(RESPONSE_MODES, { error: `must be one of ${RESPONSE_MODES.join(', ')}` })
  .meta({ title: 'HuaweiResponseMode', description: 'How the IdP returns the ID token to the console.' });

// ---- the identity provider ----

/** IdP names as the console and Terraform accept them (the vendor's own character set is not documented). */
const idpName = z.string().regex(/^[\w-]{1,64}$/, 'must be 1 to 64 characters of letters, digits, "_" and "-"');

/** At most 255 characters: core's check (IDP_STRINGS). */
const description = z.string();

// ---- the OpenID Connect configuration ----

/** The configuration fields, each as a create needs it (setHuaweiOidcConfig makes each optional). */
const oidc = {
  accessMode: accessModeEnum,
  // The first string only gives a missing idpUrl its create message; the configuration-URL rule follows.
  idpUrl: z.string({ error: neededToCreate('idpUrl must be a string') }).pipe(httpsConfigUrl({ field: 'idpUrl', ...URL_LENGTH })),
  clientId: z.string({ error: neededToCreate() }),
  authorizationEndpoint: httpsConfigUrl({ field: 'authorizationEndpoint', ...URL_LENGTH }),
  scope: z.string().superRefine(checkScope),
  responseType: responseTypeEnum,
  responseMode: responseModeEnum,
  signingKey: z.string({ error: neededToCreate() }).superRefine(checkSigningKey),
};

/** Descriptions shared by create and setHuaweiOidcConfig. */
const oidcDocs = {
  idpUrl: 'An https:// URL of 10 to 255 characters, without user name or password; must equal the "iss" of the ID tokens.',
  clientId: '5 to 255 characters.',
  authorizationEndpoint:
    'An https:// URL of 10 to 255 characters, without user name or password. Needed for PROGRAM_CONSOLE; not used with PROGRAM.',
  scope: '1 to 10 space-separated values of letters, digits and "_", including openid. Needed for PROGRAM_CONSOLE.',
  responseType: 'Only ID_TOKEN; it is the default under PROGRAM_CONSOLE.',
  responseMode: 'Needed for PROGRAM_CONSOLE.',
  signingKey:
    'The public JWKS as a JSON string, e.g. {"keys":[{"kty":"RSA",...}]}; 10 to 30000 characters. Public keys only: a private key (members d, p, q, dp, dq, qi, oth) or a symmetric one (kty oct) is refused.',
};

/** Take authorizationEndpoint and signingKey from idpUrl's discovery document (core/setup/, huawei/setup.ts). */
const discover = z
  .boolean()
  .optional()
  .describe(
    "Take authorizationEndpoint and signingKey (the issuer's JWKS) from <idpUrl>/.well-known/openid-configuration; fields given as well win.",
  );

/** Partial: which fields are needed depends on accessMode and on the configuration the IdP has (mergeOidcConfig). */
export const setOidcInput = z
  .object({
    accessMode: oidc.accessMode.optional(),
    idpUrl: oidc.idpUrl.optional().describe(oidcDocs.idpUrl),
    clientId: oidc.clientId.optional().describe(oidcDocs.clientId),
    authorizationEndpoint: oidc.authorizationEndpoint.optional().describe(oidcDocs.authorizationEndpoint),
    scope: oidc.scope.optional().describe(oidcDocs.scope),
    responseType: oidc.responseType.optional().describe(oidcDocs.responseType),
    responseMode: oidc.responseMode.optional().describe(oidcDocs.responseMode),
    signingKey: oidc.signingKey.optional().describe(oidcDocs.signingKey),
    discover,
  })
  .strict();
export type SetHuaweiOidcConfigInput = z.output<typeof setOidcInput>;
/** The configuration fields of an input, each optional: what mergeOidcConfig merges over the current configuration. */
export type OidcConfigInput = SetHuaweiOidcConfigInput;

/** The configuration fields of an input (a create's carries the IdP's fields too). */
export const oidcInputOf = <T extends OidcConfigInput>(input: T): OidcConfigInput => ({
  accessMode: input.accessMode,
  idpUrl: input.idpUrl,
  clientId: input.clientId,
  authorizationEndpoint: input.authorizationEndpoint,
  scope: input.scope,
  responseType: input.responseType,
  responseMode: input.responseMode,
  signingKey: input.signingKey,
});

// ---- create, update, delete ----

/**
 * The IdP and its whole first configuration: accessMode, idpUrl, clientId and signingKey are needed; which
 * console fields are depends on accessMode (the same rule as a first setHuaweiOidcConfig).
 */
export const createInput = z
  .object({
    name: idpName.describe('The IdP id: 1 to 64 letters, digits, "_" or "-". Cannot be changed later.'),
    description: description.optional().describe('Up to 255 characters.'),
    enabled: z.boolean().optional().describe('Left out: the vendor default, disabled.'),
    ssoType: ssoTypeEnum.optional().describe('Left out: VIRTUAL_USER_SSO. Cannot be changed later.'),
    accessMode: oidc.accessMode,
    idpUrl: oidc.idpUrl.describe(oidcDocs.idpUrl),
    clientId: oidc.clientId.describe(oidcDocs.clientId),
    // The console fields: mergeOidcConfig says when they are needed.
    authorizationEndpoint: setOidcInput.shape.authorizationEndpoint,
    scope: setOidcInput.shape.scope,
    responseType: setOidcInput.shape.responseType,
    responseMode: setOidcInput.shape.responseMode,
    // Required, but discovery may give it: optional in the GraphQL type (core/vendor-contract/setup.ts).
    signingKey: sourced(oidc.signingKey.describe(`${oidcDocs.signingKey} Required unless discover gives it.`)),
    discover,
  })
  .strict()
  .superRefine((input, ctx) => {
    for (const error of mergeOidcConfig(null, oidcInputOf(input)).errors) {
      ctx.addIssue({ code: 'custom', path: error.path, message: error.message });
    }
  });
export type CreateHuaweiIdentityProviderInput = z.output<typeof createInput>;

/** The only IdP fields the vendor lets change; a field left out keeps its value. */
export const updateInput = z
  .object({
    description: description.nullable().optional().describe('null clears it.'),
    enabled: z.boolean().optional(),
  })
  .strict();
export type UpdateHuaweiIdentityProviderInput = z.output<typeof updateInput>;

export const deleteInput = z.object({}).strict();
export type DeleteHuaweiIdentityProviderInput = z.output<typeof deleteInput>;
