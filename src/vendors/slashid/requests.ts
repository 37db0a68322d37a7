// The request bodies and headers the adapter sends, built from the camelCase mutation inputs. SlashID nests
// options under the provider's name and (per the spec's Apple schema) takes a provider's options as a whole,
// so an update sends the current options with the given fields replaced.
import { ValidationError } from '../../core/errors.js';
import {
  type ConsistencyInput,
  type CreateCredentialInput,
  OPTION_WIRE_NAMES,
  type OptionField,
  type OptionsInput,
  type UpdateCredentialInput,
} from './inputs.js';
import { DEFAULT_SECRET_LIFETIME } from './rules.js';
import {
  type CredentialPatchRequest,
  type CredentialPostRequest,
  HEADER_CONSISTENCY,
  HEADER_CONSISTENCY_TIMEOUT,
  type OAuthProvider,
  type OAuthProvidersOptionsWrite,
  type ProviderOptionsRead,
} from './wire.js';

export function consistencyHeaders(input: ConsistencyInput): Record<string, string> {
  const headers: Record<string, string> = {};
  if (input.requiredConsistency) headers[HEADER_CONSISTENCY] = input.requiredConsistency;
  if (input.requiredConsistencyTimeout !== undefined && input.requiredConsistencyTimeout !== null) {
    headers[HEADER_CONSISTENCY_TIMEOUT] = String(input.requiredConsistencyTimeout);
  }
  return headers;
}

/**
 * The provider's options after the change: what SlashID has (`current`), each given field replaced, each
 * field given as null removed (SlashID then uses its default). Apple always gets a secret_lifetime, since
 * the spec marks it required.
 */
export function mergeOptions(
  provider: OAuthProvider,
  current: ProviderOptionsRead | null,
  changes: OptionsInput,
): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(current ?? {})) if (value !== null && value !== undefined) merged[key] = value;
  for (const field of Object.keys(OPTION_WIRE_NAMES) as OptionField[]) {
    const value = changes[field];
    if (value === undefined) continue;
    if (value === null) delete merged[OPTION_WIRE_NAMES[field]];
    else merged[OPTION_WIRE_NAMES[field]] = value;
  }
  if (provider === 'apple') {
    merged.secret_lifetime ??= DEFAULT_SECRET_LIFETIME;
    if (typeof merged.private_key !== 'string' || merged.private_key === '') {
      throw new ValidationError([
        { path: ['options', 'privateKey'], message: 'SlashID did not return the Apple private key: give it again to change the Apple options' },
      ]);
    }
  }
  return merged;
}

const wrap = (provider: OAuthProvider, options: Record<string, unknown>) => ({ [provider]: options }) as OAuthProvidersOptionsWrite;

export function createBody(input: CreateCredentialInput): CredentialPostRequest {
  const body: CredentialPostRequest = { client_id: input.clientId, client_secret: input.clientSecret, provider: input.provider };
  if (input.label) body.label = input.label;
  if (input.externalCredId) body.external_cred_id = input.externalCredId;
  if (input.enableInSlashidOidcAuthzServer !== undefined && input.enableInSlashidOidcAuthzServer !== null) {
    body.enable_in_slashid_oidc_authz_server = input.enableInSlashidOidcAuthzServer;
  }
  const options = mergeOptions(input.provider, null, input.options ?? {});
  if (Object.keys(options).length > 0) body.options = wrap(input.provider, options);
  return body;
}

/** `currentOptions` is needed only when the input changes options. */
export function patchBody(provider: OAuthProvider, input: UpdateCredentialInput, currentOptions: ProviderOptionsRead | null): CredentialPatchRequest {
  const body: CredentialPatchRequest = {};
  if (input.clientSecret) body.client_secret = input.clientSecret;
  // OpenAPI 3.0 strings are not nullable here: an empty string is how a label is cleared.
  if (input.label !== undefined) body.label = input.label ?? '';
  if (input.externalCredId !== undefined) body.external_cred_id = input.externalCredId ?? '';
  if (typeof input.enableInSlashidOidcAuthzServer === 'boolean') body.enable_in_slashid_oidc_authz_server = input.enableInSlashidOidcAuthzServer;
  if (input.options) body.options = wrap(provider, mergeOptions(provider, currentOptions, input.options));
  return body;
}
