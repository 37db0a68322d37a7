// The Akamai mutation inputs, defined once: these zod schemas validate an input in the pipeline, and the GraphQL
// input types are derived from them (graphql/zod-input.ts), descriptions included. Inputs are the camelCase of
// the wire members; a member of another protocol than the provider's is refused here (the vendor would answer
// 422), so nothing is sent for it. Lengths and control characters are core's rules, declared per field.
import { z } from 'zod';
import type { FieldError } from '../../core/errors.js';
import type { StringFieldRule } from '../../core/vendor-contract/adapter.js';
import { httpsConfigUrl, MAX_CONFIG_URL_LENGTH } from '../../core/inputs/https-url.js';
import { boundedList } from '../../core/inputs/list-rules.js';
import { bareCertificate, parseCertificate } from './certificate.js';
import { sourced } from '../../core/vendor-contract/setup.js';
import { FIELD_PROTOCOLS, TOKEN_AUTH_METHODS, type WireField, WIRE_PROTOCOLS, type WireProtocol } from './wire.js';

/** The GraphQL enums of Akamai's wire literals (graphql.ts shows the token auth method on the output type too). */
export const protocolEnum = z.enum(WIRE_PROTOCOLS, { error: `protocol must be one of ${WIRE_PROTOCOLS.join(', ')}` }).meta({
  title: 'AkamaiProtocol',
  description: 'The protocol of a custom provider, as Akamai names it on the wire.',
  valueNames: { openidconnect: 'OPENID_CONNECT' },
  valueDescriptions: { oauth2: 'OAuth 2.0 (wire literal `oauth2`).' },
});
export const tokenAuthMethodEnum = z.enum(TOKEN_AUTH_METHODS).meta({
  title: 'AkamaiTokenAuthMethod',
  description: "How Akamai authenticates to an OAuth 2.0 provider's token endpoint.",
  valueDescriptions: {
    client_secret_post: "Client id and secret in the request body (Akamai's default).",
    client_secret_basic: 'Client id and secret in an HTTP Basic Authorization header.',
  },
});

// Akamai documents no limits: 255 for names, attribute paths and scopes, 16 KiB for a certificate, the core
// defaults elsewhere.
const NAME: StringFieldRule = { max: 255 };
const URL_FIELD: StringFieldRule = { max: MAX_CONFIG_URL_LENGTH };
/** A base64 DER or PEM certificate (PEM spans lines); 16 KiB is several times the largest seen. */
const CERTIFICATE: StringFieldRule = { max: 16 * 1024, multiline: true };

export const PROVIDER_STRINGS: Readonly<Record<string, StringFieldRule>> = {
  title: NAME,
  'ui.title': NAME,
  'ui.iconUrl': URL_FIELD,
  authUrl: URL_FIELD,
  tokenUrl: URL_FIELD,
  profileUrl: URL_FIELD,
  'scopes.*': NAME,
  identifierAttribute: NAME,
  'attributeMap.*.identityCloudAttribute': NAME,
  'attributeMap.*.providerAttribute': NAME,
  idpCertificate: CERTIFICATE,
  'idpCertificateChain.*': CERTIFICATE,
};

const text = (field: string) =>
  z.string({ error: `${field} must be a string` }).refine((value) => value.trim() !== '', `${field} must not be empty`);

/** Akamai accepts HTTPS only (VENDORS.md 2.3): core's one rule for configuration URLs. */
const httpsUrl = (field: string) => httpsConfigUrl({ field });

const certificate = (field: string) =>
  z
    .string({ error: `${field} must be a string` })
    .refine((value) => parseCertificate(value) !== null, `${field} must be an X.509 certificate (base64 DER or PEM)`)
    .transform(bareCertificate);

const uiInput = z
  .object({
    title: text('ui.title').nullish().describe('Button text.'),
    iconUrl: httpsUrl('ui.iconUrl')
      .nullish()
      .describe('Public https:// URL of a square icon (128x128 for the legacy JS SDK), without user name or password.'),
  })
  .meta({
    title: 'AkamaiProviderUiInput',
    description: 'How the sign-in button looks (ui). A field left out keeps its value; null removes it.',
  });

const attributeMapping = z
  .object({
    identityCloudAttribute: text('identityCloudAttribute').describe('Identity Cloud attribute path, e.g. "/email".'),
    providerAttribute: text('providerAttribute').describe('Claim path at the provider, e.g. "/email_address".'),
  })
  .meta({ title: 'AkamaiAttributeMappingInput' });

const attributeMapInput = boundedList(attributeMapping, 'attributeMap').superRefine((pairs, ctx) => {
  const seen = new Set<string>();
  pairs.forEach((pair, index) => {
    if (seen.has(pair.identityCloudAttribute)) {
      ctx.addIssue({
        code: 'custom',
        path: [index, 'identityCloudAttribute'],
        message: `attributeMap maps "${pair.identityCloudAttribute}" twice`,
      });
    }
    seen.add(pair.identityCloudAttribute);
  });
});

const scopesInput = boundedList(
  text('scopes').refine((s) => !/\s/.test(s), 'a scope must not contain spaces'),
  'scopes',
).min(1, 'scopes must list at least one scope (or be null to remove them)');

/** Its inner members are undocumented [?]: any JSON object is passed on as given. */
const authnContextInput = z.record(z.string(), z.json(), { error: 'authnContext must be a JSON object (or null to disable it)' });

/** Input field -> wire member. */
export const WIRE_NAMES = {
  title: 'title',
  protocol: 'protocol',
  ui: 'ui',
  authUrl: 'auth_url',
  tokenUrl: 'token_url',
  profileUrl: 'profile_url',
  clientId: 'client_id',
  clientSecret: 'client_secret',
  tokenAuthMethod: 'token_auth_method',
  scopes: 'scopes',
  identifierAttribute: 'identifier_attribute',
  attributeMap: 'attribute_map',
  idpCertificate: 'idp_certificate',
  idpCertificateChain: 'idp_certificate_chain',
  authnContext: 'authn_context',
} as const satisfies Record<string, WireField>;
export type InputField = keyof typeof WIRE_NAMES;

/** How messages name the protocols. */
const PROTOCOL_LABEL: Record<WireProtocol, string> = { openidconnect: 'OpenID Connect', saml2: 'SAML 2', oauth2: 'OAuth 2.0' };

/** The protocol a stored wire literal belongs to (`oauth` is read as oauth2), or null for one the gateway does not know. */
export function protocolFamily(wire: string): WireProtocol | null {
  if (wire === 'oauth') return 'oauth2';
  return (WIRE_PROTOCOLS as readonly string[]).includes(wire) ? (wire as WireProtocol) : null;
}

/** Fields given (`given` decides what counts) that the protocol does not have. */
export function wrongProtocolFields(
  protocol: WireProtocol,
  input: Record<string, unknown>,
  given: (value: unknown) => boolean,
): FieldError[] {
  const errors: FieldError[] = [];
  for (const [field, value] of Object.entries(input)) {
    const wire = WIRE_NAMES[field as InputField];
    if (!wire || !given(value)) continue;
    const allowed = FIELD_PROTOCOLS[wire] as readonly WireProtocol[];
    if (!allowed.includes(protocol)) {
      errors.push({
        path: [field],
        message: `${field} is only for ${allowed.map((p) => PROTOCOL_LABEL[p]).join(' and ')} providers, not ${PROTOCOL_LABEL[protocol]}`,
      });
    }
  }
  return errors;
}

/** What each protocol cannot work without (the gateway's rule; Akamai itself only documents `title`). */
const REQUIRED_ON_CREATE: Record<WireProtocol, InputField[]> = {
  openidconnect: ['tokenUrl', 'clientId', 'clientSecret'],
  oauth2: ['tokenUrl', 'clientId', 'clientSecret'],
  saml2: ['idpCertificate'],
};

/**
 * Where fields may come from instead (core/setup/, akamai/setup.ts): read before validation, so these fields are
 * never seen by the rules below. A field given as well wins.
 */
const sourceFields = {
  metadataXml: z
    .string()
    .optional()
    .describe("SAML only: the IdP's SAML 2.0 metadata document; authUrl and idpCertificate are taken from it. Not with metadataUrl."),
  metadataUrl: z
    .string()
    .optional()
    .describe("SAML only: an https:// URL of the IdP's SAML metadata, fetched by the gateway (guarded: no private addresses, 1 MB, 5 s)."),
  issuer: z
    .string()
    .optional()
    .describe(
      'OpenID Connect only, with discover: true: the issuer whose /.well-known/openid-configuration gives authUrl, tokenUrl and profileUrl.',
    ),
  discover: z.boolean().optional().describe('Take authUrl, tokenUrl and profileUrl from the discovery document of `issuer`.'),
};

/** Descriptions shared by create and update. */
const docs = {
  title: 'The internal name (title).',
  authUrl: 'Authorization endpoint (SAML: SingleSignOnService location). https:// only, without user name or password.',
  tokenUrl: 'Token endpoint. OpenID Connect and OAuth 2.0 only; https:// only, without user name or password.',
  profileUrl: 'Userinfo endpoint. OpenID Connect and OAuth 2.0 only; https:// only, without user name or password.',
  clientId: 'Client id at the provider. OpenID Connect and OAuth 2.0 only.',
  clientSecret:
    'Client secret at the provider. OpenID Connect and OAuth 2.0 only. Write-only: never returned, stored only as a fingerprint.',
  tokenAuthMethod: 'OAuth 2.0 only.',
  scopes: 'Scopes to request. OpenID Connect and OAuth 2.0 only.',
  identifierAttribute: 'OAuth 2.0 only: path of the unique user id in the profile, e.g. "/userid".',
  attributeMap: 'Identity Cloud attribute <- provider claim. The list given replaces the whole map.',
  idpCertificate: "SAML only: the IdP's X.509 signing certificate, base64 DER or PEM (sent as base64 DER).",
  idpCertificateChain: 'SAML only: further CA certificates, base64 DER or PEM.',
  authnContext: 'SAML only: RequestedAuthnContext settings, passed to Akamai as given (its inner members are undocumented).',
};

export const createInput = z
  .object({
    title: text('title').describe(docs.title),
    protocol: protocolEnum,
    ui: uiInput.nullish(),
    // Required, but SAML metadata or OIDC discovery may give it: optional in the GraphQL type (setup.ts).
    authUrl: sourced(httpsUrl('authUrl').describe(`${docs.authUrl} Required unless metadata or discovery gives it.`)),
    tokenUrl: httpsUrl('tokenUrl').nullish().describe(docs.tokenUrl),
    profileUrl: httpsUrl('profileUrl').nullish().describe(docs.profileUrl),
    clientId: text('clientId').nullish().describe(docs.clientId),
    clientSecret: text('clientSecret').nullish().describe(docs.clientSecret),
    tokenAuthMethod: tokenAuthMethodEnum.nullish().describe(docs.tokenAuthMethod),
    scopes: scopesInput.nullish().describe(docs.scopes),
    identifierAttribute: text('identifierAttribute').nullish().describe(docs.identifierAttribute),
    attributeMap: attributeMapInput.nullish().describe(docs.attributeMap),
    idpCertificate: certificate('idpCertificate').nullish().describe(docs.idpCertificate),
    idpCertificateChain: boundedList(certificate('idpCertificateChain'), 'idpCertificateChain')
      .nullish()
      .describe(docs.idpCertificateChain),
    authnContext: authnContextInput.nullish().describe(docs.authnContext),
    ...sourceFields,
  })
  .superRefine((input, ctx) => {
    const present = (value: unknown) => value !== undefined && value !== null;
    const problems = wrongProtocolFields(input.protocol, input, present);
    for (const field of REQUIRED_ON_CREATE[input.protocol]) {
      if (!present(input[field]))
        problems.push({ path: [field], message: `${field} is required for ${PROTOCOL_LABEL[input.protocol]} providers` });
    }
    for (const problem of problems) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  });
export type CreateInput = z.infer<typeof createInput>;

/** Members Akamai needs to keep: leaving them out keeps them, null is refused. */
const kept = <T extends z.ZodType>(field: string, schema: T) =>
  // nullable() rather than a union with null: a union would hide the member's own message behind "Invalid input".
  schema
    .nullable()
    .optional()
    .refine((value) => value !== null, `${field} cannot be removed; leave it out to keep its value`);

export const updateInput = z.object({
  title: kept('title', text('title')).describe(docs.title),
  ui: kept('ui', uiInput),
  authUrl: kept('authUrl', httpsUrl('authUrl')).describe(docs.authUrl),
  tokenUrl: kept('tokenUrl', httpsUrl('tokenUrl')).describe(docs.tokenUrl),
  profileUrl: httpsUrl('profileUrl').nullish().describe(`${docs.profileUrl} null removes it.`),
  clientId: kept('clientId', text('clientId')).describe(docs.clientId),
  clientSecret: kept('clientSecret', text('clientSecret')).describe(docs.clientSecret),
  tokenAuthMethod: tokenAuthMethodEnum.nullish().describe(`${docs.tokenAuthMethod} null returns to Akamai's default (client_secret_post).`),
  scopes: scopesInput.nullish().describe(`${docs.scopes} null removes them.`),
  identifierAttribute: text('identifierAttribute').nullish().describe(docs.identifierAttribute),
  attributeMap: attributeMapInput.nullish().describe(`${docs.attributeMap} null removes it.`),
  idpCertificate: kept('idpCertificate', certificate('idpCertificate')).describe(docs.idpCertificate),
  idpCertificateChain: boundedList(certificate('idpCertificateChain'), 'idpCertificateChain')
    .nullish()
    .describe(`${docs.idpCertificateChain} null removes it.`),
  authnContext: authnContextInput.nullish().describe(`${docs.authnContext} null disables it.`),
  ...sourceFields,
});
export type UpdateInput = z.infer<typeof updateInput>;
