// The state a SlashID write will leave, predicted as SlashID's own wire object (what GET will answer) so that
// the read normalizer turns it into the provider the read-back will show: prediction and read-back share one
// mapping and cannot drift apart.
//
// What cannot be predicted, and how it is handled:
// - The client secret: SlashID never returns it, so no read shows it. The plan carries the fingerprint of the
//   secret the input sets, else the one the gateway knew before (absent when it knew none).
// - Server defaults the spec does not give (enable_in_slashid_oidc_authz_server, Azure's `tenant` and Okta's
//   `organization_url` when left out of a create): the predicted wire object leaves them out, so they
//   normalize to null ("unknown"), a value the pipeline does not compare on create. The Apple
//   secret_lifetime default is no guess: the gateway always sends it.
// - SlashID sets nothing else itself: no ids, timestamps or versions.
import type { NormalizedProvider } from '../../core/vendor-contract/adapter.js';
import type { Fingerprinter, SecretRegistry } from '../../core/secrets.js';
import { normalizeCredential } from './normalize.js';
import type { CredentialPatchRequest, CredentialPostRequest, CredentialRead, ProviderOptionsRead } from './wire.js';

/** The input field whose fingerprint stands for the client secret. */
export const CLIENT_SECRET_FIELD = 'clientSecret';

/** What GET answers after a successful POST of `body`: the body without the secret. */
export function createdCredential(body: CredentialPostRequest): CredentialRead {
  const { client_secret: _secret, external_cred, external_cred_id, ...rest } = body;
  const credential: CredentialRead = structuredClone(rest);
  const external = external_cred_id ?? external_cred;
  if (external !== undefined) credential.external_cred_id = external;
  return credential;
}

/** What GET answers after a successful PATCH of `patch`: each given field replaced, a provider's options replaced whole. */
export function patchedCredential(current: CredentialRead, patch: CredentialPatchRequest): CredentialRead {
  const next: CredentialRead = structuredClone(current);
  if (patch.label !== undefined) next.label = patch.label;
  const external = patch.external_cred_id ?? patch.external_cred;
  if (external !== undefined) next.external_cred_id = external;
  if (patch.enable_in_slashid_oidc_authz_server !== undefined)
    next.enable_in_slashid_oidc_authz_server = patch.enable_in_slashid_oidc_authz_server;
  for (const [provider, options] of Object.entries(patch.options ?? {})) {
    if (options !== undefined) next.options = { ...next.options, [provider]: structuredClone(options) as ProviderOptionsRead };
  }
  return next;
}

const wireString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * The wire object a normalized credential came from, as far as it tells: everything the normalizer reads
 * except the Apple private key (only its fingerprint is kept). Used to predict a change that leaves the
 * options alone, so no second read is needed; `normalizeCredential` of the result equals `provider` but for
 * the private key's fingerprint, which the plan carries forward.
 */
export function credentialFromProvider(provider: NormalizedProvider): CredentialRead {
  const details = provider.details;
  const options = (details.options ?? {}) as Record<string, unknown>;
  const own: ProviderOptionsRead = {};
  if (Array.isArray(options.authorizeScopes)) own.authorize_scopes = options.authorizeScopes.map(String);
  const fields = {
    tenant: 'tenant',
    organizationUrl: 'organization_url',
    teamId: 'team_id',
    keyId: 'key_id',
    secretLifetime: 'secret_lifetime',
  } as const;
  for (const [field, wire] of Object.entries(fields)) {
    const value = wireString(options[field]);
    if (value !== undefined) own[wire] = value;
  }
  const credential: CredentialRead = { client_id: provider.key, provider: String(details.provider) };
  const label = wireString(details.label);
  if (label !== undefined) credential.label = label;
  const external = wireString(details.externalCredId);
  if (external !== undefined) credential.external_cred_id = external;
  if (typeof details.enableInSlashidOidcAuthzServer === 'boolean')
    credential.enable_in_slashid_oidc_authz_server = details.enableInSlashidOidcAuthzServer;
  if (Object.keys(own).length > 0) credential.options = { [credential.provider]: own };
  return credential;
}

/**
 * The provider as it will read once the write succeeds: the predicted wire object through the read
 * normalizer, with the fingerprints of secrets no read returns (the client secret: the new one, else the
 * current one) and of secrets the prediction lacks (the Apple key of a change that does not touch options).
 */
export function predictProvider(
  wire: CredentialRead,
  current: NormalizedProvider | null,
  newClientSecret: string | null | undefined,
  fingerprinter: Fingerprinter,
  secrets: SecretRegistry,
): NormalizedProvider {
  const after = normalizeCredential(wire, fingerprinter, secrets);
  const secretFingerprints = { ...current?.secretFingerprints, ...after.secretFingerprints };
  if (newClientSecret) secretFingerprints[CLIENT_SECRET_FIELD] = fingerprinter.fingerprint(newClientSecret);
  return { ...after, secretFingerprints };
}
