// How SlashID appears in GraphQL: SlashIdOidcCredential (a set of OIDC provider credentials of an
// organization) and its three mutations. Inputs are the camelCase of SlashID's wire names; the provider's
// options are given flat (SlashID nests them under the provider's name, the gateway does that).
import type { ProviderView } from '../../core/vendor-contract/adapter.js';
import type { VendorGraphQLKit } from '../../graphql/vendor-kit.js';
import { enumFromZod } from '../../graphql/zod-input.js';
import { PRIVATE_KEY_FIELD, providerEnum } from './inputs.js';
import { createSlashIdOidcCredential, deleteSlashIdOidcCredential, updateSlashIdOidcCredential } from './mutations.js';
import { isKnownProvider, type SlashIdDetails } from './normalize.js';

/** Registers the vendor's GraphQL types and mutations (called once, by buildGatewaySchema). */
export function registerGraphQL({ builder, defineProviderType, defineProviderMutation }: VendorGraphQLKit): void {
  const TYPE_NAME = 'SlashIdOidcCredential';

  const OAuthProviderEnum = enumFromZod(builder, providerEnum);

  const OptionsRef = builder
    .objectRef<{ options: SlashIdDetails['options']; provider: ProviderView<SlashIdDetails> }>('SlashIdProviderOptions')
    .implement({
      description:
        "The options of the credential's own provider, as SlashID returns them (null where unset: SlashID then uses its default).",
      fields: (t) => ({
        authorizeScopes: t.stringList({
          nullable: true,
          description: "Extra scopes requested; the provider's default scopes are always requested too (see requestedScopes).",
          resolve: ({ options }) => options.authorizeScopes,
        }),
        tenant: t.string({
          nullable: true,
          description: 'Azure AD: the tenant (GUID, domain, or common / organizations / consumers).',
          resolve: ({ options }) => options.tenant,
        }),
        organizationUrl: t.string({
          nullable: true,
          description: 'Okta: the organization URL.',
          resolve: ({ options }) => options.organizationUrl,
        }),
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
          resolve: ({ provider }) =>
            PRIVATE_KEY_FIELD in provider.secretFingerprints ? provider.secretFingerprints[PRIVATE_KEY_FIELD] !== null : null,
        }),
      }),
    });

  defineProviderType<SlashIdDetails>({
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
          const name = p.details.provider;
          return isKnownProvider(name) ? name : null;
        },
      }),
      providerName: t.string({ description: "SlashID's name of the provider (google, azuread, ...).", resolve: (p) => p.details.provider }),
      label: t.string({ nullable: true, resolve: (p) => p.details.label }),
      externalCredId: t.string({
        nullable: true,
        description: 'The external credential id (external_cred_id).',
        resolve: (p) => p.details.externalCredId,
      }),
      enableInSlashidOidcAuthzServer: t.boolean({
        nullable: true,
        description: 'Whether these credentials can be used for SSO when SlashID acts as the OIDC authorization server.',
        resolve: (p) => p.details.enableInSlashidOidcAuthzServer,
      }),
      options: t.field({ type: OptionsRef, resolve: (p) => ({ options: p.details.options, provider: p }) }),
      requestedScopes: t.stringList({
        description: "The scopes SlashID requests: the provider's defaults plus authorizeScopes.",
        resolve: (p) => p.details.requestedScopes,
      }),
    }),
  });

  defineProviderMutation({
    spec: createSlashIdOidcCredential,
    providerTypeName: TYPE_NAME,
    description:
      'Adds OIDC provider credentials to the organization (POST /organizations/sso/oidc/provider-credentials). SlashID answers without the credential; the payload shows it as read back.',
  });

  defineProviderMutation({
    spec: updateSlashIdOidcCredential,
    providerTypeName: TYPE_NAME,
    description:
      "Changes OIDC provider credentials (PATCH .../provider-credentials/{client_id}). Partial: a field left out keeps its value; label or externalCredId null clears it. A provider's options are sent whole, so the gateway merges the given ones onto SlashID's current ones.",
  });

  defineProviderMutation({
    spec: deleteSlashIdOidcCredential,
    providerTypeName: TYPE_NAME,
    description: 'Deletes OIDC provider credentials (DELETE .../provider-credentials/{client_id}); the payload shows their last state.',
  });
}
