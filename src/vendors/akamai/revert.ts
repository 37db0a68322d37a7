// How a succeeded Akamai change is undone. An update is undone by another update (a JSON merge patch) that
// sets every field the change touched back to the value it had before, removing the ones it did not have
// where Akamai lets a member be removed. A create cannot be undone: the Custom Provider API has no delete.
// The client secret cannot be restored (the gateway keeps only its fingerprint): a revert keeps the current
// one and names it in secretsToResupply.
import type { JsonValue, NormalizedProvider } from '../../core/vendor-contract/adapter.js';
import type { RevertPlan, RevertRequest } from '../../core/vendor-contract/vendor-module.js';
import { updateAkamaiCustomProvider } from './mutations.js';
import { storedAkamaiDetails } from './normalize.js';

/** Update fields Akamai cannot remove (a merge patch may not set them to null): with their details key. */
const KEPT: Record<string, (before: NormalizedProvider) => JsonValue> = {
  title: (before) => before.details.title ?? null,
  authUrl: (before) => before.details.authUrl ?? null,
  tokenUrl: (before) => before.details.tokenUrl ?? null,
  clientId: (before) => before.clientId,
  idpCertificate: (before) => before.details.idpCertificate ?? null,
};

/** Update fields a revert may set to null when the provider did not have them before. */
const REMOVABLE: Record<string, (before: NormalizedProvider) => JsonValue> = {
  profileUrl: (before) => before.details.profileUrl ?? null,
  tokenAuthMethod: (before) => before.details.tokenAuthMethod ?? null,
  identifierAttribute: (before) => before.details.identifierAttribute ?? null,
  idpCertificateChain: (before) => before.details.idpCertificateChain ?? null,
  authnContext: (before) => before.details.authnContext ?? null,
  scopes: (before) => before.details.scopes ?? null,
  attributeMap: (before) => {
    const map = storedAkamaiDetails(before).attributeMap;
    // The input's list form; an empty map is an empty list (the update then removes every entry).
    return map
      ? Object.entries(map).map(([identityCloudAttribute, providerAttribute]) => ({ identityCloudAttribute, providerAttribute }))
      : null;
  },
};

const SECRET = 'clientSecret';

const given = (input: Record<string, unknown>, field: string) => Object.hasOwn(input, field) && input[field] !== undefined;

/** The update input that sets every non-secret field `input` touched back to its `before` value, or why not. */
function restoringInput(
  input: Record<string, unknown>,
  before: NormalizedProvider,
): { restored: Record<string, unknown> } | { unsupported: string } {
  const restored: Record<string, unknown> = {};
  for (const [field, previous] of Object.entries(KEPT)) {
    if (!given(input, field)) continue;
    const value = previous(before);
    if (value === null)
      return { unsupported: `the change set ${field}, which the provider did not have before, and Akamai cannot remove ${field} once set` };
    restored[field] = value;
  }
  for (const [field, previous] of Object.entries(REMOVABLE)) {
    if (!given(input, field)) continue;
    const value = previous(before);
    // The gateway's update takes at least one scope; an empty list (a state only Akamai itself can leave) cannot be set again.
    if (field === 'scopes' && Array.isArray(value) && value.length === 0)
      return { unsupported: 'the provider had an empty scope list before, which an update cannot set' };
    restored[field] = value;
  }
  if (given(input, 'ui')) {
    const ui = (input.ui ?? {}) as Record<string, unknown>;
    // Only the members the change touched (a null ui, refused by the update, would have touched both).
    const all = input.ui === null;
    const member: Record<string, unknown> = {};
    if (all || given(ui, 'title')) member.title = before.details.uiTitle ?? null;
    if (all || given(ui, 'iconUrl')) member.iconUrl = before.details.iconUrl ?? null;
    if (Object.keys(member).length) restored.ui = member;
  }
  return { restored };
}

/**
 * Whether the change set a new client secret: by the fingerprints Akamai's reads gave before and after, or,
 * where a tenant masks the secret (no fingerprint), by the input.
 */
function secretChanged(input: Record<string, unknown>, before: NormalizedProvider, after: NormalizedProvider | null): boolean {
  const known = (provider: NormalizedProvider | null) => provider !== null && Object.hasOwn(provider.secretFingerprints, SECRET);
  if (known(before) && known(after)) return before.secretFingerprints[SECRET] !== after!.secretFingerprints[SECRET];
  return given(input, SECRET);
}

export function revertAkamaiChange({ operation, providerKey, input, before, after }: RevertRequest): RevertPlan {
  switch (operation) {
    case 'createAkamaiCustomProvider':
      return {
        unsupported:
          "Akamai's Custom Provider API has no delete operation, so the gateway cannot remove a provider it created; remove it in Akamai Control Center (or leave it: it is only offered where Hosted Login lists it)",
      };
    case 'updateAkamaiCustomProvider': {
      if (!before) return { unsupported: 'the change has no state from before it to go back to' };
      const secretSet = secretChanged(input, before, after);
      const result = restoringInput(input, before);
      if ('unsupported' in result) return result;
      const { restored } = result;
      if (Object.keys(restored).length === 0) {
        return {
          unsupported: given(input, SECRET)
            ? 'the change set only clientSecret, which the gateway cannot restore (it keeps only a fingerprint): there is no non-secret state to revert; supply the previous secret again with updateAkamaiCustomProvider'
            : 'the change touched no field that a revert could set back',
        };
      }
      return { spec: updateAkamaiCustomProvider, providerKey, input: restored, secretsToResupply: secretSet ? [SECRET] : [] };
    }
    default:
      return { unsupported: `${operation} cannot be reverted` };
  }
}
