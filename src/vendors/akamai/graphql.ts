// How Akamai Identity Cloud appears in GraphQL: AkamaiCustomProvider (a custom OIDC / SAML 2 / OAuth 2.0
// provider of one app) and its two mutations. Input fields are the camelCase of the wire members. There is
// no delete mutation because Akamai has no delete operation (VENDORS.md 2.2).
import { builder } from '../../graphql/builder.js';
import { defineProviderMutation } from '../../graphql/mutation-field.js';
import { defineProviderType, detail } from '../../graphql/provider.js';
import { createAkamaiCustomProvider, updateAkamaiCustomProvider } from './mutations.js';
import { TOKEN_AUTH_METHODS, WIRE_PROTOCOLS } from './wire.js';

const TYPE_NAME = 'AkamaiCustomProvider';

const NO_DELETE =
  'There is no deleteAkamaiCustomProvider: the Akamai Custom Provider API has no delete operation. To stop offering a provider, remove its id from the Hosted Login `authentication.providers` setting in Console.';

const AkamaiProtocolEnum = builder.enumType('AkamaiProtocol', {
  description: 'The protocol of a custom provider, as Akamai names it on the wire.',
  values: {
    OPENID_CONNECT: { value: 'openidconnect' },
    SAML2: { value: 'saml2' },
    OAUTH2: { value: 'oauth2', description: 'OAuth 2.0 (wire literal `oauth2`).' },
  } satisfies Record<string, { value: (typeof WIRE_PROTOCOLS)[number]; description?: string }>,
});

const TokenAuthMethodEnum = builder.enumType('AkamaiTokenAuthMethod', {
  description: "How Akamai authenticates to an OAuth 2.0 provider's token endpoint.",
  values: {
    CLIENT_SECRET_POST: { value: 'client_secret_post', description: 'Client id and secret in the request body (Akamai\'s default).' },
    CLIENT_SECRET_BASIC: { value: 'client_secret_basic', description: 'Client id and secret in an HTTP Basic Authorization header.' },
  } satisfies Record<string, { value: (typeof TOKEN_AUTH_METHODS)[number]; description: string }>,
});

interface Mapping {
  identityCloudAttribute: string;
  providerAttribute: string;
}

const AttributeMappingRef = builder.objectRef<Mapping>('AkamaiAttributeMapping').implement({
  description: 'One entry of attribute_map: an Identity Cloud profile attribute and the provider claim copied into it.',
  fields: (t) => ({
    identityCloudAttribute: t.exposeString('identityCloudAttribute', { nullable: false, description: 'Identity Cloud attribute path, e.g. "/email".' }),
    providerAttribute: t.exposeString('providerAttribute', { nullable: false, description: 'Claim path at the provider, e.g. "/email_address".' }),
  }),
});

interface CertificateInfo {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  fingerprintSha256: string;
}

const CertificateInfoRef = builder.objectRef<CertificateInfo>('AkamaiCertificateInfo').implement({
  description: 'What the gateway read from the SAML signing certificate.',
  fields: (t) => ({
    subject: t.exposeString('subject', { nullable: false }),
    issuer: t.exposeString('issuer', { nullable: false }),
    validFrom: t.field({ type: 'DateTime', nullable: false, resolve: (c) => new Date(c.validFrom) }),
    validTo: t.field({ type: 'DateTime', nullable: false, description: 'When the certificate expires: sign-ins fail after it.', resolve: (c) => new Date(c.validTo) }),
    fingerprintSha256: t.exposeString('fingerprintSha256', { nullable: false, description: 'SHA-256 of the DER, colon-separated hex.' }),
  }),
});

const dateOf = (value: string | null) => (value && Number.isFinite(Date.parse(value)) ? new Date(value) : null);
const str = (key: string) => (p: Parameters<typeof detail>[0]) => detail<string | null>(p, key);

export const AkamaiCustomProvider = defineProviderType({
  name: TYPE_NAME,
  vendor: 'akamai',
  description: `An Akamai Identity Cloud custom provider: a social-login identity provider speaking OpenID Connect, SAML 2 or OAuth 2.0, configured for one Identity Cloud app. \`enabled\` is null: whether Hosted Login offers it is a Console setting, not part of this API. The client secret is never returned. ${NO_DELETE}`,
  fields: (t) => ({
    title: t.string({ nullable: false, description: 'The internal name (title).', resolve: (p) => detail<string>(p, 'title') }),
    wireProtocol: t.string({ nullable: false, description: 'The protocol literal exactly as Akamai stores it.', resolve: (p) => detail<string>(p, 'wireProtocol') }),
    uiTitle: t.string({ nullable: true, description: 'The sign-in button text (ui.title).', resolve: str('uiTitle') }),
    iconUrl: t.string({ nullable: true, description: 'The button icon (ui.icon_url), HTTPS.', resolve: str('iconUrl') }),
    authUrl: t.string({ nullable: true, description: 'Authorization endpoint; for SAML the SingleSignOnService location.', resolve: str('authUrl') }),
    tokenUrl: t.string({ nullable: true, description: 'Token endpoint (OpenID Connect, OAuth 2.0).', resolve: str('tokenUrl') }),
    profileUrl: t.string({ nullable: true, description: 'Userinfo endpoint (OpenID Connect, OAuth 2.0).', resolve: str('profileUrl') }),
    tokenAuthMethod: t.field({
      type: TokenAuthMethodEnum,
      nullable: true,
      description: 'OAuth 2.0 only; null when not set (Akamai then uses client_secret_post) or not a value the gateway knows.',
      resolve: (p) => {
        const value = detail<string | null>(p, 'tokenAuthMethod');
        return (TOKEN_AUTH_METHODS as readonly string[]).includes(value ?? '') ? (value as (typeof TOKEN_AUTH_METHODS)[number]) : null;
      },
    }),
    scopes: t.stringList({ nullable: true, resolve: (p) => detail<string[] | null>(p, 'scopes') }),
    identifierAttribute: t.string({ nullable: true, description: 'OAuth 2.0 only: path of the unique user id, e.g. "/userid".', resolve: str('identifierAttribute') }),
    attributeMap: t.field({
      type: [AttributeMappingRef],
      nullable: true,
      resolve: (p) => {
        const map = detail<Record<string, string> | null>(p, 'attributeMap');
        return map ? Object.entries(map).map(([identityCloudAttribute, providerAttribute]) => ({ identityCloudAttribute, providerAttribute })) : null;
      },
    }),
    idpCertificate: t.string({ nullable: true, description: "SAML only: the IdP's public signing certificate, base64 DER.", resolve: str('idpCertificate') }),
    idpCertificateInfo: t.field({
      type: CertificateInfoRef,
      nullable: true,
      description: 'Subject, issuer and validity of idpCertificate; null without one or when it cannot be read.',
      resolve: (p) => detail<CertificateInfo | null>(p, 'idpCertificateInfo'),
    }),
    idpCertificateChain: t.stringList({ nullable: true, description: 'SAML only: further CA certificates, base64 DER.', resolve: (p) => detail<string[] | null>(p, 'idpCertificateChain') }),
    authnContext: t.field({
      type: 'JSON',
      nullable: true,
      description: "SAML only: the RequestedAuthnContext settings as Akamai returns them (inner members undocumented); null when disabled.",
      resolve: (p) => detail<unknown>(p, 'authnContext') ?? null,
    }),
    createdAt: t.field({ type: 'DateTime', nullable: true, resolve: (p) => dateOf(str('createdAt')(p)) }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (p) => dateOf(str('updatedAt')(p)) }),
  }),
});

const UiInput = builder.inputType('AkamaiProviderUiInput', {
  description: 'How the sign-in button looks (ui). A field left out keeps its value; null removes it.',
  fields: (t) => ({
    title: t.string({ description: 'Button text.' }),
    iconUrl: t.string({ description: 'Public https:// URL of a square icon (128x128 for the legacy JS SDK), without user name or password.' }),
  }),
});

const AttributeMappingInput = builder.inputType('AkamaiAttributeMappingInput', {
  fields: (t) => ({
    identityCloudAttribute: t.string({ required: true, description: 'Identity Cloud attribute path, e.g. "/email".' }),
    providerAttribute: t.string({ required: true, description: 'Claim path at the provider, e.g. "/email_address".' }),
  }),
});

const docs = {
  title: 'The internal name (title).',
  authUrl: 'Authorization endpoint (SAML: SingleSignOnService location). https:// only, without user name or password.',
  tokenUrl: 'Token endpoint. OpenID Connect and OAuth 2.0 only; https:// only, without user name or password.',
  profileUrl: 'Userinfo endpoint. OpenID Connect and OAuth 2.0 only; https:// only, without user name or password.',
  clientId: 'Client id at the provider. OpenID Connect and OAuth 2.0 only.',
  clientSecret: 'Client secret at the provider. OpenID Connect and OAuth 2.0 only. Write-only: never returned, stored only as a fingerprint.',
  tokenAuthMethod: 'OAuth 2.0 only.',
  scopes: 'Scopes to request. OpenID Connect and OAuth 2.0 only.',
  identifierAttribute: 'OAuth 2.0 only: path of the unique user id in the profile, e.g. "/userid".',
  attributeMap: 'Identity Cloud attribute <- provider claim. The list given replaces the whole map.',
  idpCertificate: "SAML only: the IdP's X.509 signing certificate, base64 DER or PEM (sent as base64 DER).",
  idpCertificateChain: 'SAML only: further CA certificates, base64 DER or PEM.',
  authnContext: 'SAML only: RequestedAuthnContext settings, passed to Akamai as given (its inner members are undocumented).',
};

defineProviderMutation({
  spec: createAkamaiCustomProvider,
  providerTypeName: TYPE_NAME,
  description:
    'Creates a custom provider in the connection\'s app (POST .../custom-providers). A field of another protocol is refused before anything is sent. OpenID Connect and OAuth 2.0 need tokenUrl, clientId and clientSecret; SAML 2 needs idpCertificate. To offer it on the sign-in screen, add its id to Hosted Login in Console.',
  fields: (t) => ({
    title: t.string({ required: true, description: docs.title }),
    protocol: t.field({ type: AkamaiProtocolEnum, required: true }),
    ui: t.field({ type: UiInput }),
    authUrl: t.string({ required: true, description: docs.authUrl }),
    tokenUrl: t.string({ description: docs.tokenUrl }),
    profileUrl: t.string({ description: docs.profileUrl }),
    clientId: t.string({ description: docs.clientId }),
    clientSecret: t.string({ description: docs.clientSecret }),
    tokenAuthMethod: t.field({ type: TokenAuthMethodEnum, description: docs.tokenAuthMethod }),
    scopes: t.stringList({ description: docs.scopes }),
    identifierAttribute: t.string({ description: docs.identifierAttribute }),
    attributeMap: t.field({ type: [AttributeMappingInput], description: docs.attributeMap }),
    idpCertificate: t.string({ description: docs.idpCertificate }),
    idpCertificateChain: t.stringList({ description: docs.idpCertificateChain }),
    authnContext: t.field({ type: 'JSON', description: docs.authnContext }),
  }),
});

defineProviderMutation({
  spec: updateAkamaiCustomProvider,
  providerTypeName: TYPE_NAME,
  description: `Changes a custom provider (PATCH with application/merge-patch+json). Partial: a field left out keeps its value; null removes an optional one (profileUrl, tokenAuthMethod, scopes, identifierAttribute, attributeMap, idpCertificateChain, authnContext: null disables it). A field of another protocol than the provider's is refused before anything is sent. The protocol cannot change. ${NO_DELETE}`,
  fields: (t) => ({
    title: t.string({ description: docs.title }),
    ui: t.field({ type: UiInput }),
    authUrl: t.string({ description: docs.authUrl }),
    tokenUrl: t.string({ description: docs.tokenUrl }),
    profileUrl: t.string({ description: `${docs.profileUrl} null removes it.` }),
    clientId: t.string({ description: docs.clientId }),
    clientSecret: t.string({ description: docs.clientSecret }),
    tokenAuthMethod: t.field({ type: TokenAuthMethodEnum, description: `${docs.tokenAuthMethod} null returns to Akamai's default (client_secret_post).` }),
    scopes: t.stringList({ description: `${docs.scopes} null removes them.` }),
    identifierAttribute: t.string({ description: docs.identifierAttribute }),
    attributeMap: t.field({ type: [AttributeMappingInput], description: `${docs.attributeMap} null removes it.` }),
    idpCertificate: t.string({ description: docs.idpCertificate }),
    idpCertificateChain: t.stringList({ description: `${docs.idpCertificateChain} null removes it.` }),
    authnContext: t.field({ type: 'JSON', description: `${docs.authnContext} null disables it.` }),
  }),
});
