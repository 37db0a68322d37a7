// The SlashID mutations, each a MutationSpec the one pipeline runs: the zod inputs (inputs.ts) first, then
// the rules that need the credential's live state (its provider decides which options are allowed), then
// the SlashID calls.
import type { MutationSpec } from '../../core/adapter.js';
import { ValidationError, type FieldError } from '../../core/errors.js';
import type { SlashIdAdapter } from './adapter.js';
import { isKnownProvider, unknownProviderMessage } from './normalize.js';
import {
  createCredentialInput,
  type CreateCredentialInput,
  deleteCredentialInput,
  type DeleteCredentialInput,
  foreignOptionErrors,
  PRIVATE_KEY_FIELD,
  updateCredentialInput,
  type UpdateCredentialInput,
} from './inputs.js';

export const createSlashIdOidcCredential: MutationSpec<SlashIdAdapter, CreateCredentialInput> = {
  operation: 'createSlashIdOidcCredential',
  kind: 'create',
  input: createCredentialInput,
  secretFields: ['clientSecret', PRIVATE_KEY_FIELD],
  async apply(adapter, _current, input) {
    // Whether SlashID answers a duplicate with 400 or 409 is not documented: ask first, and name the field.
    if (await adapter.readCredential(input.clientId)) {
      throw new ValidationError([{ path: ['clientId'], message: `SlashID already has an OIDC credential with client id ${input.clientId}` }]);
    }
    await adapter.createCredential(input);
    return { providerKey: input.clientId };
  },
};

export const updateSlashIdOidcCredential: MutationSpec<SlashIdAdapter, UpdateCredentialInput> = {
  operation: 'updateSlashIdOidcCredential',
  kind: 'update',
  input: updateCredentialInput,
  secretFields: ['clientSecret', PRIVATE_KEY_FIELD],
  check(current, input) {
    if (!current) return [];
    const provider = String(current.details.provider);
    if (!isKnownProvider(provider)) return [{ path: [], message: unknownProviderMessage(provider) }];
    const errors: FieldError[] = foreignOptionErrors(provider, input.options);
    // The Apple options are sent whole, private key included: without one from SlashID, the caller gives it.
    if (provider === 'apple' && input.options && !input.options.privateKey && !(PRIVATE_KEY_FIELD in current.secretFingerprints)) {
      errors.push({ path: ['options', 'privateKey'], message: 'SlashID did not return the Apple private key: give it again to change the Apple options' });
    }
    return errors;
  },
  async apply(adapter, current, input) {
    await adapter.updateCredential(current!.key, String(current!.details.provider), input);
    return { providerKey: current!.key };
  },
};

export const deleteSlashIdOidcCredential: MutationSpec<SlashIdAdapter, DeleteCredentialInput> = {
  operation: 'deleteSlashIdOidcCredential',
  kind: 'delete',
  input: deleteCredentialInput,
  secretFields: [],
  async apply(adapter, current, input) {
    await adapter.deleteCredential(current!.key, input);
    return { providerKey: current!.key };
  },
};

export const slashIdMutations = [createSlashIdOidcCredential, updateSlashIdOidcCredential, deleteSlashIdOidcCredential] as const;
