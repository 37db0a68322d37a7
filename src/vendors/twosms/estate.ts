// How a 2sms identity provider is written in an estate document, and which mutations bring it there.
//
// 2sms assigns a provider's id (createKey 'vendor': a create is a list item without key). An entry holds the
// fields of createTwoSmsIdentityProvider / updateTwoSmsIdentityProvider, the same zod rules (the update's
// schema: every field optional, so an entry may manage only some of them; a create's required fields are named
// by the create's own rules): name, provider (the SAML entity id; 2sms derives the domain from it), loginUrl
// (read back as signOnUrl), logoutUrl, certificate (public: no secret). What 2sms keeps beyond these (enabled,
// signing flags, clock skew, verification) no input can set, so no entry holds it; verifying a domain is an
// action (verifyTwoSmsDomain), which the plan's warnings name as the step after a create or a new provider.
//
// Canonical form: strings trimmed (the inputs trim them), a blank certificate = null (none). A live value the
// input rules refuse (the sample accounts' bare-domain providers, "northwind.example": the gateway requires an
// absolute URI) is left out of the export, so that the exported document stays valid and plans no change; that
// field is then unmanaged until the document names it with a value the rules take.
import type { JsonObject, JsonValue, NormalizedProvider } from '../../core/vendor-contract/adapter.js';
import type { EstateOperation, EstateWarning, VendorEstate } from '../../core/vendor-contract/estate.js';
import { updateInput } from './inputs.js';
import { createTwoSmsIdentityProvider, deleteTwoSmsIdentityProvider, updateTwoSmsIdentityProvider } from './mutations.js';

// The source fields (metadata) say where a mutation's fields come from once: an entry states the fields.
const entry = updateInput.omit({ metadataXml: true, metadataUrl: true });
type EntryField = keyof typeof entry.shape;

/** Each entry field with the details key a read puts it under. */
const READ_KEYS: ReadonlyArray<readonly [EntryField, string]> = [
  ['name', 'name'],
  ['provider', 'provider'],
  ['loginUrl', 'signOnUrl'],
  ['logoutUrl', 'logoutUrl'],
  ['certificate', 'certificate'],
];

function canonical(value: JsonObject): JsonObject {
  const out: JsonObject = { ...value };
  for (const [field] of READ_KEYS) {
    const given = out[field];
    if (typeof given === 'string') out[field] = given.trim();
  }
  if ('certificate' in out && !out.certificate) out.certificate = null;
  return out;
}

function exportEntry(provider: NormalizedProvider): JsonObject {
  const exported: JsonObject = {};
  for (const [field, readKey] of READ_KEYS) {
    const value = (provider.details[readKey] ?? null) as JsonValue;
    // Only what the entry's own rules take (see the header): a refused live value stays out.
    if (entry.shape[field].safeParse(value).success) exported[field] = value;
  }
  return canonical(exported);
}

function operations(current: NormalizedProvider | null, desired: JsonObject, changed: readonly string[]): EstateOperation[] {
  if (!current) return [{ spec: createTwoSmsIdentityProvider, input: { ...desired } }];
  const input: Record<string, unknown> = {};
  for (const [field] of READ_KEYS) if (changed.includes(field) && desired[field] !== undefined) input[field] = desired[field];
  return Object.keys(input).length ? [{ spec: updateTwoSmsIdentityProvider, input }] : [];
}

const VERIFY_STEP = 'publish its TXT record (domainTxtRecord) and run verifyTwoSmsDomain: until then 2sms does not use it';

function warnings(
  action: 'create' | 'update' | 'delete',
  _current: NormalizedProvider | null,
  changed: readonly string[],
): EstateWarning[] {
  switch (action) {
    case 'create':
      return [`2sms assigns the new provider's id and a TXT value for the domain it derives from provider: ${VERIFY_STEP}`];
    case 'update':
      return changed.includes('provider')
        ? [`where the new provider names another domain, 2sms marks it unverified with a new TXT value: ${VERIFY_STEP}`]
        : [];
    case 'delete':
      return ['a deleted provider cannot come back as it was: a new create gets a new id and TXT value, and starts unverified'];
  }
}

export const twoSmsEstate: VendorEstate = {
  entry,
  secretFields: {},
  createKey: 'vendor',
  exportEntry,
  canonical,
  operations,
  deleteOperation: () => ({ spec: deleteTwoSmsIdentityProvider, input: {} }),
  warnings,
};
