// How a succeeded cPanel change is undone: the same mutation with the values the provider had before.
// The client secret cannot be restored (the gateway never holds it): a revert keeps the current one and
// says so.
import type { NormalizedProvider } from '../../core/vendor-contract/adapter.js';
import type { RevertPlan, RevertRequest } from '../../core/vendor-contract/vendor-module.js';
import { setCpanelClientConfiguration, setCpanelDisplayConfiguration, setCpanelProviderEnabled } from './mutations.js';
import { CLIENT_ID_FIELD, storedCpanelDetails } from './normalize.js';

/** GraphQL display fields a revert may set back; the same names the display mutation takes. */
const DISPLAY_FIELDS = ['label', 'color', 'textColor', 'displayName', 'providerName', 'icon', 'iconType', 'documentationUrl'] as const;

function secretChanged(before: NormalizedProvider, after: NormalizedProvider | null): boolean {
  return (before.secretFingerprints.clientSecret ?? null) !== (after?.secretFingerprints.clientSecret ?? null);
}

export function revertCpanelChange({ operation, providerKey, input, before, after }: RevertRequest): RevertPlan {
  if (!before) return { unsupported: 'cPanel providers are modules of the server: there is no create to undo' };
  const service = input.service as string;
  switch (operation) {
    case 'setCpanelClientConfiguration': {
      if (!before.clientId) return { unsupported: 'the provider had no client configuration before, and cPanel cannot remove one' };
      // The client id is `clientId` (its configuration field carries no value); other non-secret fields carry theirs.
      const fields = storedCpanelDetails(before).configurationFields ?? [];
      const extraFields = fields
        .filter((field) => !field.secret && field.value !== null && field.fieldId !== CLIENT_ID_FIELD)
        .map((field) => ({ key: field.fieldId, value: field.value! }));
      return {
        spec: setCpanelClientConfiguration,
        providerKey,
        input: { service, clientId: before.clientId, ...(extraFields.length ? { extraFields } : {}) },
        secretsToResupply: secretChanged(before, after) ? ['clientSecret'] : [],
      };
    }
    case 'setCpanelDisplayConfiguration': {
      const display = (storedCpanelDetails(before).display ?? []).find((entry) => entry.service === service);
      if (!display) return { unsupported: `the provider had no display configuration for ${service}` };
      const restored: Record<string, string> = {};
      for (const field of DISPLAY_FIELDS) {
        const previous = display[field];
        if (input[field] !== undefined && input[field] !== null && previous) restored[field] = previous;
      }
      return { spec: setCpanelDisplayConfiguration, providerKey, input: { service, ...restored }, secretsToResupply: [] };
    }
    case 'setCpanelProviderEnabled': {
      const enabledServices: readonly string[] = storedCpanelDetails(before).enabledServices ?? [];
      return {
        spec: setCpanelProviderEnabled,
        providerKey,
        input: { service, enabled: enabledServices.includes(service) },
        secretsToResupply: [],
      };
    }
    default:
      return { unsupported: `${operation} cannot be reverted` };
  }
}
