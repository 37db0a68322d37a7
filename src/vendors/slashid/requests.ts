// The requests the adapter sends, built as data from the camelCase mutation inputs (pure: no I/O), so that a
// plan can show them before anything is written and `sendPlanned` sends exactly them. SlashID nests options
// under the provider's name and (per the spec's Apple schema) takes a provider's options as a whole, so an
// update sends the current options with the given fields replaced. Header names are lower-case, as on the
// wire record; the API key is not here: the adapter adds it at send time.
import type { PlannedRequest } from '../../core/vendor-contract/adapter.js';
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
  CREDENTIALS_PATH,
  HEADER_CONSISTENCY,
  HEADER_CONSISTENCY_TIMEOUT,
  HEADER_ORG_ID,
  type OAuthProvider,
  type OAuthProvidersOptionsWrite,
  type ProviderOptionsRead,
} from './wire.js';

const ORG_ID = HEADER_ORG_ID.toLowerCase();
const CONSISTENCY = HEADER_CONSISTENCY.toLowerCase();
const CONSISTENCY_TIMEOUT = HEADER_CONSISTENCY_TIMEOUT.toLowerCase();

export const credentialPath = (clientId: string) => `${CREDENTIALS_PATH}/${encodeURIComponent(clientId)}`;

/** What every request carries besides the API key: the organization (SlashID-OrgID) and the answer format. */
export function baseHeaders(orgId: string): Record<string, string> {
  return { [ORG_ID]: orgId, accept: 'application/json' };
}

export function consistencyHeaders(input: ConsistencyInput): Record<string, string> {
  const headers: Record<string, string> = {};
  if (input.requiredConsistency) headers[CONSISTENCY] = input.requiredConsistency;
  if (input.requiredConsistencyTimeout !== undefined && input.requiredConsistencyTimeout !== null) {
    headers[CONSISTENCY_TIMEOUT] = String(input.requiredConsistencyTimeout);
  }
  return headers;
}

/** The consistency a planned write asks for, read back from its headers (the adapter waits that long). */
export function consistencyOf(headers: Record<string, string> | undefined): ConsistencyInput {
  const lower = Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  const timeout = lower[CONSISTENCY_TIMEOUT];
  return {
    requiredConsistency: (lower[CONSISTENCY] as ConsistencyInput['requiredConsistency']) ?? null,
    requiredConsistencyTimeout: timeout === undefined ? null : Number(timeout),
  };
}

/**
 * The provider's options after the change: what SlashID has (`current`), each given field replaced, each
 * field given as null removed (SlashID then uses its default). Apple always gets a secret_lifetime, since
 * the spec marks it required.
 */
export function mergeOptions(provider: OAuthProvider, current: ProviderOptionsRead | null, changes: OptionsInput): Record<string, unknown> {
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
        {
          path: ['options', 'privateKey'],
          message: 'SlashID did not return the Apple private key: give it again to change the Apple options',
        },
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
export function patchBody(
  provider: OAuthProvider,
  input: UpdateCredentialInput,
  currentOptions: ProviderOptionsRead | null,
): CredentialPatchRequest {
  const body: CredentialPatchRequest = {};
  if (input.clientSecret) body.client_secret = input.clientSecret;
  // OpenAPI 3.0 strings are not nullable here: an empty string is how a label is cleared.
  if (input.label !== undefined) body.label = input.label ?? '';
  if (input.externalCredId !== undefined) body.external_cred_id = input.externalCredId ?? '';
  if (typeof input.enableInSlashidOidcAuthzServer === 'boolean')
    body.enable_in_slashid_oidc_authz_server = input.enableInSlashidOidcAuthzServer;
  if (input.options) body.options = wrap(provider, mergeOptions(provider, currentOptions, input.options));
  return body;
}

/**
 * Only the create is unsafe to repeat (a second POST answers 409, or makes a second credential); a PATCH sets
 * the values it names, and the adapter takes a 404 to a DELETE as done.
 */
function writeRequest(
  orgId: string,
  method: 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body: CredentialPostRequest | CredentialPatchRequest | undefined,
  consistency: ConsistencyInput,
  purpose: string,
): PlannedRequest {
  const headers = { ...baseHeaders(orgId), ...consistencyHeaders(consistency) };
  const idempotent = method !== 'POST';
  if (body === undefined) return { method, path, headers, purpose, idempotent };
  return { method, path, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body), purpose, idempotent };
}

/** The POST that creates the credential (`OAuthCredentialPostRequest`). */
export function buildCreateRequest(orgId: string, input: CreateCredentialInput): PlannedRequest {
  return writeRequest(orgId, 'POST', CREDENTIALS_PATH, createBody(input), input, `create OIDC credential ${input.clientId}`);
}

/** The PATCH of what the input changes; `currentOptions` (SlashID's, Apple key included) only when it changes options. */
export function buildUpdateRequest(
  orgId: string,
  clientId: string,
  provider: OAuthProvider,
  input: UpdateCredentialInput,
  currentOptions: ProviderOptionsRead | null,
): PlannedRequest {
  return writeRequest(
    orgId,
    'PATCH',
    credentialPath(clientId),
    patchBody(provider, input, currentOptions),
    input,
    `modify OIDC credential ${clientId}`,
  );
}

/** The DELETE of the credential; no body. */
export function buildDeleteRequest(orgId: string, clientId: string, input: ConsistencyInput): PlannedRequest {
  return writeRequest(orgId, 'DELETE', credentialPath(clientId), undefined, input, `delete OIDC credential ${clientId}`);
}
