// How Akamai Identity Cloud appears in GraphQL: AkamaiCustomProvider (a custom OIDC / SAML 2 / OAuth 2.0
// provider of one app) and its two mutations. The mutation inputs are derived from the zod schemas that validate
// them (inputs.ts), the camelCase of the wire members; the provider's fields read its typed details. There is
// no delete mutation because Akamai has no delete operation (VENDORS.md 2.2).
import type { VendorGraphQLKit } from '../../graphql/vendor-kit.js';
import { enumFromZod } from '../../graphql/zod-input.js';
import { tokenAuthMethodEnum } from './inputs.js';
import { createAkamaiCustomProvider, updateAkamaiCustomProvider } from './mutations.js';
import type { AkamaiDetails } from './normalize.js';
import { TOKEN_AUTH_METHODS } from './wire.js';

type TokenAuthMethod = (typeof TOKEN_AUTH_METHODS)[number];
const isTokenAuthMethod = (value: string | null): value is TokenAuthMethod =>
  (TOKEN_AUTH_METHODS as readonly (string | null)[]).includes(value);

/** Registers the vendor's GraphQL types and mutations (called once, by buildGatewaySchema). */
export function registerGraphQL({ builder, defineProviderType, defineProviderMutation }: VendorGraphQLKit): void {
  const TYPE_NAME = 'AkamaiCustomProvider';

  const NO_DELETE =
    'There is no deleteAkamaiCustomProvider: the Akamai Custom Provider API has no delete operation. To stop offering a provider, remove its id from the Hosted Login `authentication.providers` setting in Console.';

  const TokenAuthMethodEnum = enumFromZod(builder, tokenAuthMethodEnum);

  interface Mapping {
    identityCloudAttribute: string;
    providerAttribute: string;
  }

  const AttributeMappingRef = builder.objectRef<Mapping>('AkamaiAttributeMapping').implement({
    description: 'One entry of attribute_map: an Identity Cloud profile attribute and the provider claim copied into it.',
    fields: (t) => ({
      identityCloudAttribute: t.exposeString('identityCloudAttribute', {
        nullable: false,
        description: 'Identity Cloud attribute path, e.g. "/email".',
      }),
      providerAttribute: t.exposeString('providerAttribute', {
        nullable: false,
        description: 'Claim path at the provider, e.g. "/email_address".',
      }),
    }),
  });

  const CertificateInfoRef = builder.objectRef<NonNullable<AkamaiDetails['idpCertificateInfo']>>('AkamaiCertificateInfo').implement({
    description: 'What the gateway read from the SAML signing certificate.',
    fields: (t) => ({
      subject: t.exposeString('subject', { nullable: false }),
      issuer: t.exposeString('issuer', { nullable: false }),
      validFrom: t.field({ type: 'DateTime', nullable: false, resolve: (c) => new Date(c.validFrom) }),
      validTo: t.field({
        type: 'DateTime',
        nullable: false,
        description: 'When the certificate expires: sign-ins fail after it.',
        resolve: (c) => new Date(c.validTo),
      }),
      fingerprintSha256: t.exposeString('fingerprintSha256', { nullable: false, description: 'SHA-256 of the DER, colon-separated hex.' }),
    }),
  });

  const dateOf = (value: string | null) => (value && Number.isFinite(Date.parse(value)) ? new Date(value) : null);

  defineProviderType<AkamaiDetails>({
    name: TYPE_NAME,
    vendor: 'akamai',
    description: `An Akamai Identity Cloud custom provider: a social-login identity provider speaking OpenID Connect, SAML 2 or OAuth 2.0, configured for one Identity Cloud app. \`enabled\` is null: whether Hosted Login offers it is a Console setting, not part of this API. The client secret is never returned. ${NO_DELETE}`,
    fields: (t) => ({
      title: t.string({ nullable: false, description: 'The internal name (title).', resolve: (p) => p.details.title }),
      wireProtocol: t.string({
        nullable: false,
        description: 'The protocol literal exactly as Akamai stores it.',
        resolve: (p) => p.details.wireProtocol,
      }),
      uiTitle: t.string({ nullable: true, description: 'The sign-in button text (ui.title).', resolve: (p) => p.details.uiTitle }),
      iconUrl: t.string({ nullable: true, description: 'The button icon (ui.icon_url), HTTPS.', resolve: (p) => p.details.iconUrl }),
      authUrl: t.string({
        nullable: true,
        description: 'Authorization endpoint; for SAML the SingleSignOnService location.',
        resolve: (p) => p.details.authUrl,
      }),
      tokenUrl: t.string({
        nullable: true,
        description: 'Token endpoint (OpenID Connect, OAuth 2.0).',
        resolve: (p) => p.details.tokenUrl,
      }),
      profileUrl: t.string({
        nullable: true,
        description: 'Userinfo endpoint (OpenID Connect, OAuth 2.0).',
        resolve: (p) => p.details.profileUrl,
      }),
      tokenAuthMethod: t.field({
        type: TokenAuthMethodEnum,
        nullable: true,
        description: 'OAuth 2.0 only; null when not set (Akamai then uses client_secret_post) or not a value the gateway knows.',
        resolve: (p) => (isTokenAuthMethod(p.details.tokenAuthMethod) ? p.details.tokenAuthMethod : null),
      }),
      scopes: t.stringList({ nullable: true, resolve: (p) => p.details.scopes }),
      identifierAttribute: t.string({
        nullable: true,
        description: 'OAuth 2.0 only: path of the unique user id, e.g. "/userid".',
        resolve: (p) => p.details.identifierAttribute,
      }),
      attributeMap: t.field({
        type: [AttributeMappingRef],
        nullable: true,
        resolve: (p) => {
          const map = p.details.attributeMap;
          return map
            ? Object.entries(map).map(([identityCloudAttribute, providerAttribute]) => ({ identityCloudAttribute, providerAttribute }))
            : null;
        },
      }),
      idpCertificate: t.string({
        nullable: true,
        description: "SAML only: the IdP's public signing certificate, base64 DER.",
        resolve: (p) => p.details.idpCertificate,
      }),
      idpCertificateInfo: t.field({
        type: CertificateInfoRef,
        nullable: true,
        description: 'Subject, issuer and validity of idpCertificate; null without one or when it cannot be read.',
        resolve: (p) => p.details.idpCertificateInfo,
      }),
      idpCertificateChain: t.stringList({
        nullable: true,
        description: 'SAML only: further CA certificates, base64 DER.',
        resolve: (p) => p.details.idpCertificateChain,
      }),
      authnContext: t.field({
        type: 'JSON',
        nullable: true,
        description:
          'SAML only: the RequestedAuthnContext settings as Akamai returns them (inner members undocumented); null when disabled.',
        resolve: (p) => p.details.authnContext ?? null,
      }),
      createdAt: t.field({ type: 'DateTime', nullable: true, resolve: (p) => dateOf(p.details.createdAt) }),
      updatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (p) => dateOf(p.details.updatedAt) }),
    }),
  });

  defineProviderMutation({
    spec: createAkamaiCustomProvider,
    providerTypeName: TYPE_NAME,
    description:
      "Creates a custom provider in the connection's app (POST .../custom-providers). A field of another protocol is refused before anything is sent. OpenID Connect and OAuth 2.0 need tokenUrl, clientId and clientSecret; SAML 2 needs idpCertificate. To offer it on the sign-in screen, add its id to Hosted Login in Console.",
  });

  defineProviderMutation({
    spec: updateAkamaiCustomProvider,
    providerTypeName: TYPE_NAME,
    description: `Changes a custom provider (PATCH with application/merge-patch+json). Partial: a field left out keeps its value; null removes an optional one (profileUrl, tokenAuthMethod, scopes, identifierAttribute, attributeMap, idpCertificateChain, authnContext: null disables it). A field of another protocol than the provider's is refused before anything is sent. The protocol cannot change. ${NO_DELETE}`,
  });
}
