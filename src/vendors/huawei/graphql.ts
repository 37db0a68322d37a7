// How Huawei Cloud IAM federation appears in GraphQL: HuaweiIdentityProvider with its OIDC configuration,
// its enums, and the four mutations.
import { builder } from '../../graphql/builder.js';
import { defineProviderMutation } from '../../graphql/mutation-field.js';
import { defineProviderType, detail } from '../../graphql/provider.js';
import type { HuaweiOidcConfig, HuaweiProtocolRef } from './model.js';
import {
  createHuaweiIdentityProvider,
  deleteHuaweiIdentityProvider,
  setHuaweiOidcConfig,
  updateHuaweiIdentityProvider,
} from './mutations.js';
import { ACCESS_MODES, RESPONSE_MODES, RESPONSE_TYPES, SSO_TYPES } from './wire.js';

/** A GraphQL enum whose values are the wire strings (VIRTUAL_USER_SSO -> "virtual_user_sso"). */
function wireEnum<const T extends readonly string[]>(name: string, description: string, values: T) {
  return builder.enumType(name, {
    description,
    values: Object.fromEntries(values.map((value) => [value.toUpperCase(), { value }])) as Record<
      Uppercase<T[number]>,
      { value: T[number] }
    >,
  });
}

/** An enum field must not fail on a value the vendor added later: unknown values read as null. */
const known = <T extends string>(values: readonly T[], value: string | null | undefined): T | null =>
  (values as readonly string[]).includes(value ?? '') ? (value as T) : null;

const SsoTypeEnum = wireEnum(
  'HuaweiSsoType',
  'How federated users sign in: as virtual users (the default) or mapped onto existing IAM users. One type per account.',
  SSO_TYPES,
);
const AccessModeEnum = wireEnum(
  'HuaweiAccessMode',
  'PROGRAM: API and CLI access with the ID token only. PROGRAM_CONSOLE: also console sign-in, which needs the console fields.',
  ACCESS_MODES,
);
const ResponseTypeEnum = wireEnum('HuaweiResponseType', 'The OIDC response type; the vendor allows only id_token.', RESPONSE_TYPES);
const ResponseModeEnum = wireEnum('HuaweiResponseMode', 'How the IdP returns the ID token to the console.', RESPONSE_MODES);

const OidcConfigRef = builder.objectRef<HuaweiOidcConfig>('HuaweiOidcConfig').implement({
  description:
    'The OpenID Connect configuration of an IdP (openid-connect-config). Huawei uses the id_token flow: there is no client secret, and the signing key is the public JWKS.',
  fields: (t) => ({
    accessMode: t.field({ type: AccessModeEnum, nullable: true, resolve: (c) => known(ACCESS_MODES, c.accessMode) }),
    idpUrl: t.exposeString('idpUrl', { nullable: true, description: 'The issuer: must equal the "iss" of the ID tokens.' }),
    clientId: t.exposeString('clientId', { nullable: true }),
    authorizationEndpoint: t.exposeString('authorizationEndpoint', { nullable: true, description: 'Console access only.' }),
    scope: t.exposeString('scope', { nullable: true, description: 'Space-separated, includes openid. Console access only.' }),
    responseType: t.field({ type: ResponseTypeEnum, nullable: true, resolve: (c) => known(RESPONSE_TYPES, c.responseType) }),
    responseMode: t.field({ type: ResponseModeEnum, nullable: true, resolve: (c) => known(RESPONSE_MODES, c.responseMode) }),
    signingKey: t.exposeString('signingKey', { nullable: true, description: 'The public JWKS the ID tokens are verified with, as a JSON string.' }),
  }),
});

const ProtocolRef = builder.objectRef<HuaweiProtocolRef>('HuaweiProtocol').implement({
  description: 'A protocol registered for the IdP, and the mapping (identity conversion rules) it uses.',
  fields: (t) => ({
    protocolId: t.exposeString('protocolId', { description: '"oidc" or "saml".' }),
    mappingId: t.exposeString('mappingId'),
  }),
});

export const HuaweiIdentityProvider = defineProviderType({
  name: 'HuaweiIdentityProvider',
  vendor: 'huawei',
  description:
    'A Huawei Cloud IAM identity provider (OS-FEDERATION), named by its id, with its protocol and, for OIDC, its OpenID Connect configuration. `hasClientSecret` is always false: the vendor has no client secret.',
  fields: (t) => ({
    ssoType: t.field({
      type: SsoTypeEnum,
      nullable: true,
      resolve: (p) => known(SSO_TYPES, detail<string>(p, 'ssoType')),
    }),
    description: t.string({ nullable: true, resolve: (p) => detail<string | null>(p, 'description') }),
    remoteIds: t.stringList({ resolve: (p) => detail<string[]>(p, 'remoteIds') ?? [] }),
    protocols: t.field({ type: [ProtocolRef], resolve: (p) => detail<HuaweiProtocolRef[]>(p, 'protocols') ?? [] }),
    oidcConfig: t.field({
      type: OidcConfigRef,
      nullable: true,
      description: 'null for a SAML IdP, or an OIDC one whose configuration was not created yet.',
      resolve: (p) => detail<HuaweiOidcConfig | null>(p, 'oidcConfig') ?? null,
    }),
  }),
});

const oidcDescriptions = {
  idpUrl: 'An https:// URL of 10 to 255 characters, without user name or password; must equal the "iss" of the ID tokens.',
  clientId: '5 to 255 characters.',
  authorizationEndpoint: 'An https:// URL of 10 to 255 characters, without user name or password. Needed for PROGRAM_CONSOLE; not used with PROGRAM.',
  scope: '1 to 10 space-separated values of letters, digits and "_", including openid. Needed for PROGRAM_CONSOLE.',
  responseType: 'Only ID_TOKEN; it is the default under PROGRAM_CONSOLE.',
  responseMode: 'Needed for PROGRAM_CONSOLE.',
  signingKey:
    'The public JWKS as a JSON string, e.g. {"keys":[{"kty":"RSA",...}]}; 10 to 30000 characters. Public keys only: a private key (members d, p, q, dp, dq, qi, oth) or a symmetric one (kty oct) is refused.',
};

defineProviderMutation({
  spec: createHuaweiIdentityProvider,
  providerTypeName: 'HuaweiIdentityProvider',
  description:
    'Creates an OpenID Connect identity provider in one step, as the console does: the IdP, its mapping mapping_<name> (every federated user becomes the virtual user FederationUser), the oidc protocol, then the OIDC configuration. If a later step fails, the earlier ones are deleted again (in reverse) and the error says what was undone and what, if anything, is left.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'The IdP id: 1 to 64 letters, digits, "_" or "-". Cannot be changed later.' }),
    description: t.string({ description: 'Up to 255 characters.' }),
    enabled: t.boolean({ description: 'Left out: the vendor default, disabled.' }),
    ssoType: t.field({ type: SsoTypeEnum, description: 'Left out: VIRTUAL_USER_SSO. Cannot be changed later.' }),
    accessMode: t.field({ type: AccessModeEnum, required: true }),
    idpUrl: t.string({ required: true, description: oidcDescriptions.idpUrl }),
    clientId: t.string({ required: true, description: oidcDescriptions.clientId }),
    authorizationEndpoint: t.string({ description: oidcDescriptions.authorizationEndpoint }),
    scope: t.string({ description: oidcDescriptions.scope }),
    responseType: t.field({ type: ResponseTypeEnum, description: oidcDescriptions.responseType }),
    responseMode: t.field({ type: ResponseModeEnum, description: oidcDescriptions.responseMode }),
    signingKey: t.string({ required: true, description: oidcDescriptions.signingKey }),
  }),
});

defineProviderMutation({
  spec: updateHuaweiIdentityProvider,
  providerTypeName: 'HuaweiIdentityProvider',
  description: 'Changes the description or the enabled flag (the only IdP fields the vendor lets change). Fields left out keep their values.',
  fields: (t) => ({
    description: t.string({ description: 'null clears it.' }),
    enabled: t.boolean(),
  }),
});

defineProviderMutation({
  spec: setHuaweiOidcConfig,
  providerTypeName: 'HuaweiIdentityProvider',
  description:
    'Sets the OpenID Connect configuration of an IdP that has the oidc protocol: creates it when the IdP has none (then accessMode, idpUrl, clientId and signingKey are needed), else updates it. Partial: fields left out keep their values; the whole merged configuration is sent.',
  fields: (t) => ({
    accessMode: t.field({ type: AccessModeEnum }),
    idpUrl: t.string({ description: oidcDescriptions.idpUrl }),
    clientId: t.string({ description: oidcDescriptions.clientId }),
    authorizationEndpoint: t.string({ description: oidcDescriptions.authorizationEndpoint }),
    scope: t.string({ description: oidcDescriptions.scope }),
    responseType: t.field({ type: ResponseTypeEnum, description: oidcDescriptions.responseType }),
    responseMode: t.field({ type: ResponseModeEnum, description: oidcDescriptions.responseMode }),
    signingKey: t.string({ description: oidcDescriptions.signingKey }),
  }),
});

defineProviderMutation({
  spec: deleteHuaweiIdentityProvider,
  providerTypeName: 'HuaweiIdentityProvider',
  description:
    'Deletes the IdP; its protocols and OIDC configuration go with it, and so does the mapping mapping_<name> it was created with (a mapping of another name may be shared and is kept).',
  fields: () => ({}),
});
