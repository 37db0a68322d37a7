// The 2sms mutation inputs, defined once: these zod schemas validate them in the pipeline and are the GraphQL
// input fields (src/graphql/zod-input.ts derives them, descriptions included). Inputs are the camelCase of the
// vendor's request names (Name, Provider, LoginUrl, LogoutUrl, Certificate), so what a client sends matches
// the vendor's documentation; reads use its read names (signOnUrl), the same drift as at 2sms.
import { z } from 'zod';
import type { StringFieldRule } from '../../core/vendor-contract/adapter.js';
import { MAX_ENTITY_ID_LENGTH, samlEntityId } from '../../core/inputs/entity-id.js';
import { httpsConfigUrl, MAX_CONFIG_URL_LENGTH } from '../../core/inputs/https-url.js';
import { parseCertificate } from './certificate.js';
import { sourced } from '../../core/vendor-contract/setup.js';

/**
 * Core's string rules (MutationSpec.strings). 2sms documents no lengths for these (its 18-character limit is
 * for API client names, not identity providers): the core defaults, 1024 for the name, the URL and entity-id
 * caps, 16 KiB for a certificate.
 */
export const PROVIDER_STRINGS: Readonly<Record<string, StringFieldRule>> = {
  provider: { max: MAX_ENTITY_ID_LENGTH },
  loginUrl: { max: MAX_CONFIG_URL_LENGTH },
  logoutUrl: { max: MAX_CONFIG_URL_LENGTH },
  certificate: { max: 16 * 1024, multiline: true },
};

const text = (what: string) =>
  z
    .string({ error: `must be a string: 2sms requires ${what} and it cannot be cleared` })
    .trim()
    .min(1, { error: `must not be empty: 2sms requires ${what}`, abort: true });

/** A URL 2sms sends users to: core's one rule for configuration URLs (https only, no user info). */
const configUrl = (field: string, what: string) => text(what).pipe(httpsConfigUrl({ field }));

/** The IdP's public signing certificate; "" (after trimming) means none. */
const certificate = z
  .string()
  .trim()
  .refine((value) => value === '' || parseCertificate(value) !== null, 'must be an X.509 certificate (PEM or base64 DER)')
  .transform((value) => (value === '' ? null : value));

/** The fields a create requires and an update may change (2sms cannot clear any of them). */
const fieldShape = {
  name: text('a name'),
  /** The IdP's SAML entity id: an absolute URI (a URL, any scheme, or a URN). */
  provider: text('the provider').pipe(samlEntityId({ field: 'provider' })),
  loginUrl: configUrl('loginUrl', 'a login URL'),
  logoutUrl: configUrl('logoutUrl', 'a logout URL'),
};

/** Descriptions shared by create and update. */
const docs = {
  name: 'The name of this SSO configuration (Name).',
  provider:
    "The identity provider's SAML entity id (Provider): an absolute URI, i.e. a URL (e.g. https://sso.example.com or Okta's http://www.okta.com/exk...) or a URN (urn:...), without user name, password or spaces. 2sms derives the domain from it; a domain held by any other provider on the platform is refused.",
  loginUrl: "The identity provider's sign-on URL (LoginUrl; read back as signOnUrl): https:// only, without user name or password.",
  logoutUrl: "The identity provider's logout URL (LogoutUrl): https:// only, without user name or password.",
  certificate: "The identity provider's X.509 signing certificate, PEM or base64 DER.",
};

/**
 * The IdP's SAML metadata, instead of typing provider, loginUrl, logoutUrl and certificate (core/setup/): read
 * before validation, so these fields are never seen here. A field given as well wins over the metadata.
 */
const sourceFields = {
  metadataXml: z
    .string()
    .optional()
    .describe(
      "The IdP's SAML 2.0 metadata document (EntityDescriptor): provider, loginUrl, logoutUrl and certificate are taken from it (a field given as well wins). Not with metadataUrl.",
    ),
  metadataUrl: z
    .string()
    .optional()
    .describe(
      "An https:// URL of the IdP's SAML metadata, fetched by the gateway (guarded: no private addresses, 1 MB, 5 s). Not with metadataXml.",
    ),
};

/** Required, but the metadata may give them: optional in the GraphQL input type (core/vendor-contract/setup.ts). */
const fromMetadata = <T extends z.ZodType>(schema: T, description: string) =>
  sourced(schema.describe(`${description} Required unless metadataXml or metadataUrl gives it.`));

export const createInput = z
  .object({
    name: fieldShape.name.describe(docs.name),
    provider: fromMetadata(fieldShape.provider, docs.provider),
    loginUrl: fromMetadata(fieldShape.loginUrl, docs.loginUrl),
    logoutUrl: fromMetadata(fieldShape.logoutUrl, docs.logoutUrl),
    certificate: certificate.nullish().describe(docs.certificate),
    ...sourceFields,
  })
  .strict();
export type CreateTwoSmsInput = z.infer<typeof createInput>;

/** Partial: a field left out keeps its value; `certificate: null` removes the certificate. */
export const updateInput = z
  .object({
    name: fieldShape.name.optional().describe(docs.name),
    provider: fieldShape.provider.optional().describe(docs.provider),
    loginUrl: fieldShape.loginUrl.optional().describe(docs.loginUrl),
    logoutUrl: fieldShape.logoutUrl.optional().describe(docs.logoutUrl),
    certificate: certificate.nullable().optional().describe(`${docs.certificate} null removes it.`),
    ...sourceFields,
  })
  .strict();
export type UpdateTwoSmsInput = z.infer<typeof updateInput>;

/** delete and verifyTwoSmsDomain take only the provider's id (the pipeline's). */
export const noInput = z.object({}).strict();
export type NoInput = z.infer<typeof noInput>;
