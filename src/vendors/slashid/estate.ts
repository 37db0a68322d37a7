// How a SlashID OIDC credential is written in an estate document, and which mutations bring it there.
//
// The document's key is the credential's client id (createKey 'document': it becomes the create's clientId and
// never changes). An entry holds the fields of createSlashIdOidcCredential / updateSlashIdOidcCredential, the
// same zod rules: provider, clientSecret (secret), label, externalCredId, enableInSlashidOidcAuthzServer and
// options (options.privateKey is a secret). Left out: clientId (the key) and the consistency fields
// (requiredConsistency, requiredConsistencyTimeout), which say how a write is answered, not what SlashID holds.
//
// `provider` is required: a create needs it, and it decides which options are allowed (checked here, naming the
// field). `options` is the credential's whole options: a field it leaves out is SlashID's default, so an update
// resets an option the document no longer names. Canonical form: label/externalCredId "" = null (SlashID keeps
// ""), options without nulls, scopes as a sorted set without duplicates ([] = none), Apple's secretLifetime
// filled with SlashID's default. The provider of a credential cannot change: such an entry plans no operation,
// and says why.
import { z } from 'zod';
import type { JsonObject, NormalizedProvider } from '../../core/vendor-contract/adapter.js';
import type { EstateOperation, EstateWarning, VendorEstate } from '../../core/vendor-contract/estate.js';
import {
  createCredentialInput,
  foreignOptionErrors,
  OPTION_WIRE_NAMES,
  type OptionField,
  PRIVATE_KEY_FIELD,
  updateCredentialInput,
} from './inputs.js';
import { createSlashIdOidcCredential, deleteSlashIdOidcCredential, updateSlashIdOidcCredential } from './mutations.js';
import { CLIENT_SECRET_FIELD } from './predict.js';
import { DEFAULT_SECRET_LIFETIME } from './rules.js';

/** The option fields that are not secrets (privateKey is compared by fingerprint, never exported). */
const PLAIN_OPTION_FIELDS = (Object.keys(OPTION_WIRE_NAMES) as OptionField[]).filter((field) => field !== 'privateKey');

// The update's fields where it is stricter (no null clientSecret, enable flag or options), the create's provider.
const { clientSecret, label, externalCredId, enableInSlashidOidcAuthzServer, options } = updateCredentialInput.shape;
const entry = z
  .object({ provider: createCredentialInput.shape.provider, clientSecret, label, externalCredId, enableInSlashidOidcAuthzServer, options })
  .strict()
  .superRefine((value, ctx) => {
    for (const error of foreignOptionErrors(value.provider, value.options))
      ctx.addIssue({ code: 'custom', path: error.path, message: error.message });
  });

type Options = Record<string, unknown>;

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const emptyToNull = (value: unknown) => (value === '' || value === undefined ? null : value);

/** The options as SlashID would hold them: no nulls, scopes as a sorted set, Apple's lifetime default filled. */
function canonicalOptions(provider: unknown, given: Options): Options {
  const out: Options = {};
  for (const [field, value] of Object.entries(given)) {
    if (value === null || value === undefined) continue;
    if (field === 'authorizeScopes') {
      const scopes = [...new Set((value as unknown[]).map(String))].sort();
      if (scopes.length) out.authorizeScopes = scopes;
    } else out[field] = value;
  }
  if (provider === 'apple' && out.secretLifetime === undefined) out.secretLifetime = DEFAULT_SECRET_LIFETIME;
  return out;
}

function canonical(value: JsonObject): JsonObject {
  const out: JsonObject = { ...value };
  if ('label' in out) out.label = emptyToNull(out.label) as JsonObject[string];
  if ('externalCredId' in out) out.externalCredId = emptyToNull(out.externalCredId) as JsonObject[string];
  if (isObject(out.options)) out.options = canonicalOptions(out.provider, out.options) as JsonObject;
  return out;
}

function exportEntry(provider: NormalizedProvider): JsonObject {
  const details = provider.details;
  const liveOptions = isObject(details.options) ? details.options : {};
  const exported: JsonObject = {
    provider: String(details.provider),
    label: emptyToNull(details.label) as string | null,
    externalCredId: emptyToNull(details.externalCredId) as string | null,
  };
  // null: SlashID did not say (nothing to write; the flag cannot be set to null).
  if (typeof details.enableInSlashidOidcAuthzServer === 'boolean')
    exported.enableInSlashidOidcAuthzServer = details.enableInSlashidOidcAuthzServer;
  const own: Options = {};
  for (const field of PLAIN_OPTION_FIELDS) own[field] = liveOptions[field];
  // Apple's lifetime: what SlashID holds, or the default it uses when it holds none.
  exported.options = canonicalOptions(exported.provider, own) as JsonObject;
  return exported;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The options update: each plain option that differs (null resets it to SlashID's default), and a given private key. */
function optionsChange(current: NormalizedProvider, desired: Options): Options {
  const live = (exportEntry(current).options ?? {}) as Options;
  const change: Options = {};
  for (const field of PLAIN_OPTION_FIELDS) {
    if (!sameJson(live[field], desired[field])) change[field] = desired[field] ?? null;
  }
  if (typeof desired.privateKey === 'string') change.privateKey = desired.privateKey;
  return change;
}

function operations(
  current: NormalizedProvider | null,
  desired: JsonObject,
  changed: readonly string[],
  key: string | null,
): EstateOperation[] {
  if (!current) return [{ spec: createSlashIdOidcCredential, input: { ...desired, clientId: key } }];
  if (changed.includes('provider')) return [];
  const input: Record<string, unknown> = {};
  for (const field of ['clientSecret', 'label', 'externalCredId', 'enableInSlashidOidcAuthzServer'] as const) {
    if (changed.includes(field) && desired[field] !== undefined) input[field] = desired[field];
  }
  if (changed.includes('options') && isObject(desired.options)) {
    const change = optionsChange(current, desired.options);
    if (Object.keys(change).length) input.options = change;
  }
  return Object.keys(input).length ? [{ spec: updateSlashIdOidcCredential, input }] : [];
}

function warnings(action: 'create' | 'update' | 'delete', current: NormalizedProvider | null, changed: readonly string[]): EstateWarning[] {
  const found: EstateWarning[] = [];
  if (action === 'update' && changed.includes('provider')) {
    found.push(
      `the provider of a SlashID credential cannot change (it is ${String(current?.details.provider)}): nothing is changed; ` +
        'delete this credential and create one under another client id instead',
    );
  }
  if (action === 'update' && changed.includes('clientSecret'))
    found.push('SlashID never returns the client secret: the old one cannot be brought back once it is replaced');
  if (action === 'delete')
    found.push(
      'a deleted credential cannot be restored by the gateway: creating it again needs its client secret (and an Apple key), which it never holds',
    );
  return found;
}

export const slashIdEstate: VendorEstate = {
  entry,
  secretFields: { clientSecret: CLIENT_SECRET_FIELD, [PRIVATE_KEY_FIELD]: PRIVATE_KEY_FIELD },
  createKey: 'document',
  exportEntry,
  canonical,
  operations,
  // The private key is Apple's only (the options of other providers refuse it).
  exportsSecret: (provider, secretPath) =>
    secretPath !== PRIVATE_KEY_FIELD || (provider.details as { provider?: unknown }).provider === 'apple',
  deleteOperation: () => ({ spec: deleteSlashIdOidcCredential, input: {} }),
  warnings,
};
