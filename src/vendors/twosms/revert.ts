// How a succeeded 2sms change is undone. A 2sms identity provider holds no secret (SAML: the certificate is
// the IdP's public one), so nothing ever needs to be supplied again.
// - create: deleted again (the provider 2sms created, by the key the change recorded).
// - update: another update that sets the fields the change touched back to their values from before; the
//   certificate is removed again where there was none. When the change moved the provider to another domain,
//   moving it back makes 2sms ask for a new verification of the old domain (new TXT value, unverified).
// - delete: created again from the state before. 2sms assigns a new id and a new TXT value, and the new
//   provider starts unverified, with the vendor's defaults for what BaseSSO does not carry (Enabled, signing
//   flags, clock skew).
// - verifyTwoSmsDomain: cannot be undone (see VERIFY_UNSUPPORTED).
import type { NormalizedProvider } from '../../core/vendor-contract/adapter.js';
import type { RevertPlan, RevertRequest } from '../../core/vendor-contract/vendor-module.js';
import { createTwoSmsIdentityProvider, deleteTwoSmsIdentityProvider, updateTwoSmsIdentityProvider } from './mutations.js';

const VERIFY_UNSUPPORTED =
  'a domain verification cannot be undone: 2sms has no operation that marks a provider unverified (the verification only records that the domain publishes the TXT value), and deleting and re-creating the provider would give it a new id';

/** The fields a create and an update take, each with the details key a read puts it under. */
const FIELDS = [
  ['name', 'name'],
  ['provider', 'provider'],
  ['loginUrl', 'signOnUrl'],
  ['logoutUrl', 'logoutUrl'],
] as const;

function detail(provider: NormalizedProvider, key: string): string | null {
  const value = provider.details[key];
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

const given = (input: Record<string, unknown>, field: string) => Object.hasOwn(input, field) && input[field] !== undefined;

export function revertTwoSmsChange({ operation, providerKey, input, before }: RevertRequest): RevertPlan {
  switch (operation) {
    case 'createTwoSmsIdentityProvider':
      return { spec: deleteTwoSmsIdentityProvider, providerKey, input: {}, secretsToResupply: [] };
    case 'updateTwoSmsIdentityProvider': {
      if (!before) return { unsupported: 'the change has no state from before it to go back to' };
      const restored: Record<string, unknown> = {};
      for (const [field, key] of FIELDS) {
        if (!given(input, field)) continue;
        const value = detail(before, key);
        if (value === null)
          return {
            unsupported: `the change set ${field}, which the provider had no value for before, and 2sms requires it (it cannot be cleared)`,
          };
        restored[field] = value;
      }
      // 2sms takes Certificate null: no certificate.
      if (given(input, 'certificate')) restored.certificate = detail(before, 'certificate');
      if (Object.keys(restored).length === 0) return { unsupported: 'the change touched no field that a revert could set back' };
      return { spec: updateTwoSmsIdentityProvider, providerKey, input: restored, secretsToResupply: [] };
    }
    case 'deleteTwoSmsIdentityProvider': {
      if (!before) return { unsupported: 'the change has no state from before it to re-create the provider from' };
      const created: Record<string, unknown> = {};
      for (const [field, key] of FIELDS) {
        const value = detail(before, key);
        if (value === null) return { unsupported: `the deleted provider had no ${field}, which 2sms requires to create one` };
        created[field] = value;
      }
      created.certificate = detail(before, 'certificate');
      return { spec: createTwoSmsIdentityProvider, providerKey: null, input: created, secretsToResupply: [] };
    }
    case 'verifyTwoSmsDomain':
      return { unsupported: VERIFY_UNSUPPORTED };
    default:
      return { unsupported: `${operation} cannot be reverted` };
  }
}
