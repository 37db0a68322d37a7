// How SlashID appears in GraphQL: SlashIdOidcCredential (a set of OIDC provider credentials of an
// organization) and its three mutations. Inputs are the camelCase of SlashID's wire names; the provider's
// options are given flat (SlashID nests them under the provider's name, the gateway does that).
import type { ProviderView } from '../../core/adapter.js';
import { builder } from '../../graphql/builder.js';
import { defineProviderMutation, type MutationInputBuilder } from '../../graphql/mutation-field.js';
import { defineProviderType, detail } from '../../graphql/provider.js';
import { PRIVATE_KEY_FIELD } from './inputs.js';
import { createSlashIdOidcCredential, deleteSlashIdOidcCredential, updateSlashIdOidcCredential } from './mutations.js';
import { type ConsistencyLevel, OAUTH_PROVIDERS, type OAuthProvider } from './wire.js';

const TYPE_NAME = 'SlashIdOidcCredential';

const OAuthProviderEnum = builder.enumType('SlashIdOAuthProvider', {
  description: 'The identity providers SlashID has OIDC credentials for.',
  values: Object.fromEntries(OAUTH_PROVIDERS.map((p) => [p.toUpperCase(), { value: p }])) as Record<Uppercase<OAuthProvider>, { value: OAuthProvider }>,
});

const ConsistencyEnum = builder.enumType('SlashIdConsistency', {
  description: 'How far a write must have spread before SlashID answers (SlashID-Required-Consistency).',
  values: {
    LOCAL_REGION: { value: 'local_region', description: 'Wait for the local region only (SlashID default).' },
    ALL_REGIONS: { value: 'all_regions', description: 'Wait for every region.' },
  } satisfies Record<Uppercase<ConsistencyLevel>, { value: ConsistencyLevel; description: string }>,
});

interface OptionsDetail {
  authorizeScopes: string[] | null;
  tenant: string | null;
  organizationUrl: string | null;
  teamId: string | null;
  keyId: string | null;
  secretLifetime: string | null;
}

const OptionsRef = builder.objectRef<{ options: OptionsDetail; provider: ProviderView }>('SlashIdProviderOptions').implement({
  description: "The options of the credential's own provider, as SlashID returns them (null where unset: SlashID then uses its default).",
  fields: (t) => ({
    authorizeScopes: t.stringList({
      nullable: true,
      description: "Extra scopes requested; the provider's default scopes are always requested too (see requestedScopes).",
      resolve: ({ options }) => options.authorizeScopes,
    }),
    tenant: t.string({ nullable: true, description: 'Azure AD: the tenant (GUID, domain, or common / organizations / consumers).', resolve: ({ options }) => options.tenant }),
    organizationUrl: t.string({ nullable: true, description: 'Okta: the organization URL.', resolve: ({ options }) => options.organizationUrl }),
    teamId: t.string({ nullable: true, description: 'Apple: the 10-character team id.', resolve: ({ options }) => options.teamId }),
    keyId: t.string({ nullable: true, description: 'Apple: the 10-character key id.', resolve: ({ options }) => options.keyId }),
    secretLifetime: t.string({
      nullable: true,
      description: 'Apple: lifetime of the client secrets SlashID signs, a Go duration ("720h").',
      resolve: ({ options }) => options.secretLifetime,
    }),
    hasPrivateKey: t.boolean({
      nullable: true,
      description: 'Apple: whether a private key is set; null where SlashID does not say. The key itself is never returned.',
      resolve: ({ provider }) => (PRIVATE_KEY_FIELD in provider.secretFingerprints ? provider.secretFingerprints[PRIVATE_KEY_FIELD] !== null : null),
    }),
  }),
});

export const SlashIdOidcCredential = defineProviderType({
  name: TYPE_NAME,
  vendor: 'slashid',
  description:
    'A set of OIDC provider credentials of a SlashID organization, for SSO. Its key is the client id. SlashID never returns the client secret: hasClientSecret is known only when the gateway set it.',
  fields: (t) => ({
    provider: t.field({
      type: OAuthProviderEnum,
      nullable: true,
      description: 'The provider; null for one SlashID added after this gateway was written (see providerName).',
      resolve: (p) => {
        const name = detail<string>(p, 'provider');
        return (OAUTH_PROVIDERS as readonly string[]).includes(name) ? (name as OAuthProvider) : null;
      },
    }),
    providerName: t.string({ description: "SlashID's name of the provider (google, azuread, ...).", resolve: (p) => detail<string>(p, 'provider') }),
    label: t.string({ nullable: true, resolve: (p) => detail<string | null>(p, 'label') }),
    externalCredId: t.string({ nullable: true, description: 'The external credential id (external_cred_id).', resolve: (p) => detail<string | null>(p, 'externalCredId') }),
    enableInSlashidOidcAuthzServer: t.boolean({
      nullable: true,
      description: 'Whether these credentials can be used for SSO when SlashID acts as the OIDC authorization server.',
      resolve: (p) => detail<boolean | null>(p, 'enableInSlashidOidcAuthzServer'),
    }),
    options: t.field({ type: OptionsRef, resolve: (p) => ({ options: detail<OptionsDetail>(p, 'options'), provider: p }) }),
    requestedScopes: t.stringList({
      description: "The scopes SlashID requests: the provider's defaults plus authorizeScopes.",
      resolve: (p) => detail<string[]>(p, 'requestedScopes'),
    }),
  }),
});

const OptionsInput = builder.inputType('SlashIdProviderOptionsInput', {
  description:
    "Options of the credential's own provider; a field of another provider is refused. In an update, a field left out keeps its value and null resets it to SlashID's default (Apple's privateKey, teamId and keyId cannot be reset).",
  fields: (t) => ({
    authorizeScopes: t.stringList({ description: "Extra scopes, one per item (the provider's defaults are always requested)." }),
    tenant: t.string({ description: 'Azure AD only: tenant GUID, tenant domain, or common / organizations / consumers.' }),
    organizationUrl: t.string({ description: 'Okta only: the https:// organization URL, without user name or password.' }),
    privateKey: t.string({ description: 'Apple only: the ES256 private key in PKCS#8 PEM. Write-only: never returned, stored only as a fingerprint.' }),
    teamId: t.string({ description: 'Apple only: the 10-character team id.' }),
    keyId: t.string({ description: 'Apple only: the 10-character key id.' }),
    secretLifetime: t.string({ description: 'Apple only: a Go duration from 5m to 4382h30m (15 777 000 s); default 720h (30 days).' }),
  }),
});

const consistencyFields = (t: MutationInputBuilder) => ({
  requiredConsistency: t.field({ type: ConsistencyEnum, description: 'Sent as SlashID-Required-Consistency (SlashID default: LOCAL_REGION).' }),
  requiredConsistencyTimeout: t.int({
    description:
      'Seconds (1-120) SlashID may wait for the consistency level (SlashID-Required-Consistency-Timeout, default 30). When it is not reached in time the result is a retryable VendorError with vendorCode 408, and the change may still be applied.',
  }),
});

const fieldDocs = {
  clientSecret: 'The client secret the provider issued. Write-only: never returned, stored only as a fingerprint.',
  label: 'A free-form label.',
  externalCredId: 'An external credential id (external_cred_id).',
  enable: 'Whether the credentials can be used when SlashID acts as the OIDC authorization server.',
};

defineProviderMutation({
  spec: createSlashIdOidcCredential,
  providerTypeName: TYPE_NAME,
  description:
    'Adds OIDC provider credentials to the organization (POST /organizations/sso/oidc/provider-credentials). SlashID answers without the credential; the payload shows it as read back.',
  fields: (t) => ({
    clientId: t.string({ required: true, description: 'The client id the provider issued; it becomes the key and cannot change.' }),
    clientSecret: t.string({ required: true, description: fieldDocs.clientSecret }),
    provider: t.field({ type: OAuthProviderEnum, required: true, description: 'The provider; it cannot change.' }),
    label: t.string({ description: fieldDocs.label }),
    externalCredId: t.string({ description: fieldDocs.externalCredId }),
    enableInSlashidOidcAuthzServer: t.boolean({ description: fieldDocs.enable }),
    options: t.field({ type: OptionsInput, description: 'Apple needs privateKey, teamId and keyId.' }),
    ...consistencyFields(t),
  }),
});

defineProviderMutation({
  spec: updateSlashIdOidcCredential,
  providerTypeName: TYPE_NAME,
  description:
    "Changes OIDC provider credentials (PATCH .../provider-credentials/{client_id}). Partial: a field left out keeps its value; label or externalCredId null clears it. A provider's options are sent whole, so the gateway merges the given ones onto SlashID's current ones.",
  fields: (t) => ({
    clientSecret: t.string({ description: `${fieldDocs.clientSecret} Give it to rotate the secret.` }),
    label: t.string({ description: `${fieldDocs.label} null clears it.` }),
    externalCredId: t.string({ description: `${fieldDocs.externalCredId} null clears it.` }),
    enableInSlashidOidcAuthzServer: t.boolean({ description: fieldDocs.enable }),
    options: t.field({ type: OptionsInput }),
    ...consistencyFields(t),
  }),
});

defineProviderMutation({
  spec: deleteSlashIdOidcCredential,
  providerTypeName: TYPE_NAME,
  description: 'Deletes OIDC provider credentials (DELETE .../provider-credentials/{client_id}); the payload shows their last state.',
  fields: (t) => ({ ...consistencyFields(t) }),
});
