// The SlashID mutations, each a MutationSpec the one pipeline runs: the zod inputs (inputs.ts) first, then
// the rules that need the credential's live state (its provider decides which options are allowed), then
// `plan` (reads only: builds the exact SlashID write and predicts the state it leaves through the read
// normalizer, see predict.ts), then `apply` (sends the planned write, nothing else).
import type { AppliedChange, MutationPlan, MutationSpec, NormalizedProvider } from '../../core/vendor-contract/adapter.js';
import { NotFoundError, ValidationError, type FieldError } from '../../core/errors.js';
import type { SlashIdAdapter } from './adapter.js';
import { isKnownProvider, ownOptions, unknownProviderMessage } from './normalize.js';
import { createdCredential, credentialFromProvider, patchedCredential } from './predict.js';
import {
  createCredentialInput,
  type CreateCredentialInput,
  deleteCredentialInput,
  type DeleteCredentialInput,
  CONSISTENCY_FIELDS,
  CREDENTIAL_STRINGS,
  foreignOptionErrors,
  PRIVATE_KEY_FIELD,
  updateCredentialInput,
  type UpdateCredentialInput,
} from './inputs.js';
import type { CredentialPatchRequest, CredentialPostRequest, CredentialRead } from './wire.js';

/** The credential an update or delete names; the pipeline has read it, so null means it is gone. */
function existing(current: NormalizedProvider | null): NormalizedProvider {
  if (!current) throw new NotFoundError('SlashID has no such OIDC credential (any more).');
  return current;
}

/** Sends the planned write (there is only ever one: nothing to undo when it fails). */
async function sendAll(adapter: SlashIdAdapter, plan: MutationPlan, current: NormalizedProvider | null): Promise<AppliedChange> {
  for (const request of plan.requests) await adapter.sendPlanned(request);
  return { providerKey: plan.providerKey ?? current!.key };
}

export const createSlashIdOidcCredential: MutationSpec<SlashIdAdapter, CreateCredentialInput> = {
  operation: 'createSlashIdOidcCredential',
  kind: 'create',
  input: createCredentialInput,
  secretFields: ['clientSecret', PRIVATE_KEY_FIELD],
  strings: CREDENTIAL_STRINGS,
  async plan(adapter, _current, input, context) {
    // Whether SlashID answers a duplicate with 400 or 409 is not documented: ask first, and name the field.
    if (await adapter.readCredential(input.clientId)) {
      throw new ValidationError([
        { path: ['clientId'], message: `SlashID already has an OIDC credential with client id ${input.clientId}` },
      ]);
    }
    const request = adapter.buildCreateRequest(input);
    adapter.registerSecrets(request);
    const wire = createdCredential(JSON.parse(request.body!) as CredentialPostRequest);
    return {
      requests: [request],
      after: adapter.predict(wire, null, input.clientSecret, context.fingerprinter),
      providerKey: input.clientId,
    };
  },
  apply: sendAll,
};

export const updateSlashIdOidcCredential: MutationSpec<SlashIdAdapter, UpdateCredentialInput> = {
  operation: 'updateSlashIdOidcCredential',
  kind: 'update',
  input: updateCredentialInput,
  secretFields: ['clientSecret', PRIVATE_KEY_FIELD],
  strings: CREDENTIAL_STRINGS,
  controlFields: CONSISTENCY_FIELDS,
  check(current, input) {
    if (!current) return [];
    const provider = String(current.details.provider);
    if (!isKnownProvider(provider)) return [{ path: [], message: unknownProviderMessage(provider) }];
    const errors: FieldError[] = foreignOptionErrors(provider, input.options);
    // The Apple options are sent whole, private key included: without one from SlashID, the caller gives it.
    if (provider === 'apple' && input.options && !input.options.privateKey && !(PRIVATE_KEY_FIELD in current.secretFingerprints)) {
      errors.push({
        path: ['options', 'privateKey'],
        message: 'SlashID did not return the Apple private key: give it again to change the Apple options',
      });
    }
    return errors;
  },
  async plan(adapter, current, input, context) {
    const { key } = existing(current);
    const provider = String(current!.details.provider);
    if (!isKnownProvider(provider)) throw new ValidationError([{ path: [], message: unknownProviderMessage(provider) }]);
    // Options are sent whole, so they start from what SlashID has now (an Apple private key included): only
    // an options change needs that read. Any other change is predicted from the state the pipeline read.
    let base: CredentialRead;
    if (input.options) {
      const live = await adapter.readCredential(key);
      if (!live) throw new NotFoundError(`SlashID has no OIDC credential ${key} (any more).`);
      base = live;
    } else {
      base = credentialFromProvider(current!);
    }
    const request = adapter.buildUpdateRequest(key, provider, input, input.options ? ownOptions(base) : null);
    adapter.registerSecrets(request);
    const wire = patchedCredential(base, JSON.parse(request.body!) as CredentialPatchRequest);
    return { requests: [request], after: adapter.predict(wire, current, input.clientSecret, context.fingerprinter), providerKey: key };
  },
  apply: sendAll,
};

export const deleteSlashIdOidcCredential: MutationSpec<SlashIdAdapter, DeleteCredentialInput> = {
  operation: 'deleteSlashIdOidcCredential',
  kind: 'delete',
  input: deleteCredentialInput,
  secretFields: [],
  async plan(adapter, current, input) {
    const { key } = existing(current);
    return { requests: [adapter.buildDeleteRequest(key, input)], after: null, providerKey: key };
  },
  apply: sendAll,
};

export const slashIdMutations = [createSlashIdOidcCredential, updateSlashIdOidcCredential, deleteSlashIdOidcCredential] as const;
