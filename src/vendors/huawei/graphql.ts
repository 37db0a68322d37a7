// How Huawei Cloud IAM federation appears in GraphQL: HuaweiIdentityProvider with its OIDC configuration,
// its enums (shared with the inputs: inputs.ts), and the four mutations, whose input fields come from the zod
// inputs.
import type { VendorGraphQLKit } from '../../graphql/vendor-kit.js';
import { enumFromZod } from '../../graphql/zod-input.js';
import { accessModeEnum, responseModeEnum, responseTypeEnum, ssoTypeEnum } from './inputs.js';
import {
  createHuaweiIdentityProvider,
  deleteHuaweiIdentityProvider,
  setHuaweiOidcConfig,
  updateHuaweiIdentityProvider,
} from './mutations.js';
import type { HuaweiDetails } from './normalize.js';
import { ACCESS_MODES, RESPONSE_MODES, RESPONSE_TYPES, SSO_TYPES } from './wire.js';

/** Registers the vendor's GraphQL types and mutations (called once, by buildGatewaySchema). */
export function registerGraphQL({ builder, defineProviderType, defineProviderMutation }: VendorGraphQLKit): void {
  /** An enum field must not fail on a value the vendor added later: unknown values read as null. */
  const known = <T extends string>(values: readonly T[], value: string | null | undefined): T | null =>
    (values as readonly string[]).includes(value ?? '') ? (value as T) : null;

  const SsoTypeEnum = enumFromZod(builder, ssoTypeEnum);
  const AccessModeEnum = enumFromZod(builder, accessModeEnum);
  const ResponseTypeEnum = enumFromZod(builder, responseTypeEnum);
  const ResponseModeEnum = enumFromZod(builder, responseModeEnum);

  const OidcConfigRef = builder.objectRef<NonNullable<HuaweiDetails['oidcConfig']>>('HuaweiOidcConfig').implement({
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
      signingKey: t.exposeString('signingKey', {
        nullable: true,
        description: 'The public JWKS the ID tokens are verified with, as a JSON string.',
      }),
    }),
  });

  const ProtocolRef = builder.objectRef<HuaweiDetails['protocols'][number]>('HuaweiProtocol').implement({
    description: 'A protocol registered for the IdP, and the mapping (identity conversion rules) it uses.',
    fields: (t) => ({
      protocolId: t.exposeString('protocolId', { description: '"oidc" or "saml".' }),
      mappingId: t.exposeString('mappingId'),
    }),
  });

  defineProviderType<HuaweiDetails>({
    name: 'HuaweiIdentityProvider',
    vendor: 'huawei',
    description:
      'A Huawei Cloud IAM identity provider (OS-FEDERATION), named by its id, with its protocol and, for OIDC, its OpenID Connect configuration. `hasClientSecret` is always false: the vendor has no client secret.',
    fields: (t) => ({
      ssoType: t.field({
        type: SsoTypeEnum,
        nullable: true,
        resolve: (p) => known(SSO_TYPES, p.details.ssoType),
      }),
      description: t.string({ nullable: true, resolve: (p) => p.details.description }),
      // `?? []` / `?? null`: a snapshot stored without the key reads as before.
      remoteIds: t.stringList({ resolve: (p) => p.details.remoteIds ?? [] }),
      protocols: t.field({ type: [ProtocolRef], resolve: (p) => p.details.protocols ?? [] }),
      oidcConfig: t.field({
        type: OidcConfigRef,
        nullable: true,
        description: 'null for a SAML IdP, or an OIDC one whose configuration was not created yet.',
        resolve: (p) => p.details.oidcConfig ?? null,
      }),
    }),
  });

  defineProviderMutation({
    spec: createHuaweiIdentityProvider,
    providerTypeName: 'HuaweiIdentityProvider',
    description:
      'Creates an OpenID Connect identity provider in one step, as the console does: the IdP, its mapping mapping_<name> (every federated user becomes the virtual user FederationUser), the oidc protocol, then the OIDC configuration. If a later step fails, the earlier ones are deleted again (in reverse) and the error says what was undone and what, if anything, is left.',
  });

  defineProviderMutation({
    spec: updateHuaweiIdentityProvider,
    providerTypeName: 'HuaweiIdentityProvider',
    description:
      'Changes the description or the enabled flag (the only IdP fields the vendor lets change). Fields left out keep their values.',
  });

  defineProviderMutation({
    spec: setHuaweiOidcConfig,
    providerTypeName: 'HuaweiIdentityProvider',
    description:
      'Sets the OpenID Connect configuration of an IdP that has the oidc protocol: creates it when the IdP has none (then accessMode, idpUrl, clientId and signingKey are needed), else updates it. Partial: fields left out keep their values; the whole merged configuration is sent.',
  });

  defineProviderMutation({
    spec: deleteHuaweiIdentityProvider,
    providerTypeName: 'HuaweiIdentityProvider',
    description:
      'Deletes the IdP; its protocols and OIDC configuration go with it, and so does the mapping mapping_<name> it was created with (a mapping of another name may be shared and is kept).',
  });
}
