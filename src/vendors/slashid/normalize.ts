// A SlashID OIDC credential as the gateway shows it. SlashID never returns the client secret, so its
// fingerprint is left out (unknown; the pipeline carries forward the one the gateway set). An Apple private
// key, which the spec's read schema does include, is fingerprinted and never kept.
import type { NormalizedProvider } from '../../core/vendor-contract/adapter.js';
import type { Fingerprinter, SecretRegistry } from '../../core/secrets.js';
import { PRIVATE_KEY_FIELD } from './inputs.js';
import { type CredentialRead, DEFAULT_SCOPES, type OAuthProvider, OAUTH_PROVIDERS, type ProviderOptionsRead } from './wire.js';

const PROVIDER_TITLES: Record<OAuthProvider, string> = {
  google: 'Google',
  github: 'GitHub',
  bitbucket: 'Bitbucket',
  gitlab: 'GitLab',
  facebook: 'Facebook',
  line: 'LINE',
  azuread: 'Azure AD',
  okta: 'Okta',
  apple: 'Apple',
};

export function isKnownProvider(provider: string): provider is OAuthProvider {
  return (OAUTH_PROVIDERS as readonly string[]).includes(provider);
}

export const unknownProviderMessage = (provider: string) =>
  `the gateway does not know SlashID's "${provider}" provider and its options yet, so it cannot change this credential`;

/** The options SlashID keeps under the credential's own provider key (others are not used by it). */
export function ownOptions(credential: CredentialRead): ProviderOptionsRead | null {
  return credential.options?.[credential.provider] ?? null;
}

/** What the SlashIdOidcCredential type shows beyond the common fields (NormalizedProvider.details). */
export type SlashIdDetails = {
  /** SlashID's name of the provider; may be one the gateway does not know yet. */
  provider: string;
  label: string | null;
  externalCredId: string | null;
  enableInSlashidOidcAuthzServer: boolean | null;
  /** The options of the credential's own provider (null where unset: SlashID's default applies). */
  options: {
    authorizeScopes: string[] | null;
    tenant: string | null;
    organizationUrl: string | null;
    teamId: string | null;
    keyId: string | null;
    secretLifetime: string | null;
  };
  requestedScopes: string[];
};

const orNull = (value: string | null | undefined) => (value === undefined || value === null || value === '' ? null : value);

export function normalizeCredential(
  credential: CredentialRead,
  fingerprinter: Fingerprinter,
  secrets: SecretRegistry,
): NormalizedProvider<SlashIdDetails> {
  const options = ownOptions(credential);
  const secretFingerprints: Record<string, string | null> = {};
  if (options?.private_key) {
    secrets.add(options.private_key);
    secretFingerprints[PRIVATE_KEY_FIELD] = fingerprinter.fingerprint(options.private_key);
  }
  const known = isKnownProvider(credential.provider);
  const scopes = options?.authorize_scopes ?? null;
  const always = known ? DEFAULT_SCOPES[credential.provider as OAuthProvider] : [];
  const details: SlashIdDetails = {
    provider: credential.provider,
    label: orNull(credential.label),
    externalCredId: orNull(credential.external_cred_id),
    enableInSlashidOidcAuthzServer: credential.enable_in_slashid_oidc_authz_server ?? null,
    options: {
      authorizeScopes: scopes,
      tenant: orNull(options?.tenant),
      organizationUrl: orNull(options?.organization_url),
      teamId: orNull(options?.team_id),
      keyId: orNull(options?.key_id),
      secretLifetime: orNull(options?.secret_lifetime),
    },
    // SlashID always asks for the provider's default scopes, plus the configured ones.
    requestedScopes: [...new Set([...always, ...(scopes ?? [])])],
  };
  const title = known ? PROVIDER_TITLES[credential.provider as OAuthProvider] : credential.provider;
  return {
    key: credential.client_id,
    displayName: orNull(credential.label) ?? `${title} (${credential.client_id})`,
    protocol: 'OIDC',
    // A credential has no on/off switch at SlashID; enable_in_slashid_oidc_authz_server is a different thing.
    enabled: null,
    clientId: credential.client_id,
    secretFingerprints,
    details,
  };
}
