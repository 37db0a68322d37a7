// The cPanel mutations. Each is a MutationSpec the one pipeline runs: zod rules first (no vendor call on
// failure), then the rules that need the provider's live state, then `plan` (reads the module's wire state,
// builds the exact WHM write and predicts the state it produces through the read normalizer), then `apply`
// (sends the planned writes, nothing else). The inputs and their rules are inputs.ts.
import type {
  AdapterContext,
  AppliedChange,
  MutationPlan,
  MutationSpec,
  NormalizedProvider,
  PlannedRequest,
} from '../../core/vendor-contract/adapter.js';
import { type FieldError, NotFoundError } from '../../core/errors.js';
import type { CpanelAdapter } from './adapter.js';
import {
  CLIENT_CONFIGURATION_STRINGS,
  CONTROL_FIELDS,
  DISPLAY_CONFIGURATION_STRINGS,
  setClientConfigurationInput,
  type SetClientConfigurationInput,
  setDisplayConfigurationInput,
  type SetDisplayConfigurationInput,
  setProviderEnabledInput,
  type SetProviderEnabledInput,
} from './inputs.js';
import { type CpanelWireProvider, normalizeCpanelProvider, storedCpanelDetails } from './normalize.js';
import { storedClientConfiguration, withClientConfiguration, withDisplayChanges, withEnabled } from './predict.js';
import { buildSetClientConfigurationRequest, buildSetDisplayConfigurationRequest, buildSetEnabledRequest } from './requests.js';

/** The live wire state of the provider an update names (reads only). */
async function liveWire(adapter: CpanelAdapter, current: NormalizedProvider | null): Promise<CpanelWireProvider> {
  if (!current) throw new NotFoundError('cPanel mutations change an existing provider module; none was given.');
  const wire = await adapter.readWire(current.key);
  if (!wire) throw new NotFoundError(`cpanel has no provider "${current.key}".`);
  return wire;
}

/**
 * The plan of an update: the requests, and the predicted wire state run through the read normalizer.
 * Secret fingerprints: those the prediction yields (new or kept values), else the current ones (a caller
 * that may not read the configuration sees none), and the fingerprint of each new secret the input sets.
 */
function updatePlan(
  current: NormalizedProvider | null,
  predicted: CpanelWireProvider,
  requests: PlannedRequest[],
  context: AdapterContext,
  newSecrets: Record<string, string> = {},
): MutationPlan {
  const after = normalizeCpanelProvider(predicted, context.fingerprinter);
  const secretFingerprints = { ...current?.secretFingerprints, ...after.secretFingerprints };
  for (const [field, value] of Object.entries(newSecrets)) secretFingerprints[field] = context.fingerprinter.fingerprint(value);
  return { requests, after: { ...after, secretFingerprints }, providerKey: after.key };
}

/** Sends the planned writes in order; the first failure stops (each WHM write stands alone: nothing to undo). */
async function sendAll(adapter: CpanelAdapter, plan: MutationPlan, current: NormalizedProvider | null): Promise<AppliedChange> {
  for (const request of plan.requests) await adapter.sendPlanned(request);
  return { providerKey: plan.providerKey ?? current!.key };
}

/** The whole configuration cPanel will store: the current one with the given fields replaced. */
function mergedConfiguration(current: Record<string, string>, input: SetClientConfigurationInput): Record<string, string> {
  const next = { ...current };
  if (input.clientId) next.client_id = input.clientId;
  if (input.clientSecret) next.client_secret = input.clientSecret;
  for (const field of input.extraFields ?? []) next[field.key] = field.value;
  return next;
}

export const setCpanelClientConfiguration: MutationSpec<CpanelAdapter, SetClientConfigurationInput> = {
  operation: 'setCpanelClientConfiguration',
  kind: 'update',
  input: setClientConfigurationInput,
  secretFields: ['clientSecret'],
  strings: CLIENT_CONFIGURATION_STRINGS,
  controlFields: CONTROL_FIELDS,
  check(current, input) {
    if (!current) return [];
    const errors: FieldError[] = [];
    const fields = storedCpanelDetails(current).configurationFields ?? [];
    const declared = new Set(fields.map((field) => field.fieldId));
    (input.extraFields ?? []).forEach((field, index) => {
      if (!declared.has(field.key) || field.key === 'client_id' || field.key === 'client_secret') {
        errors.push({
          path: ['extraFields', String(index), 'key'],
          message: `"${field.key}" is not a configuration field of the ${current.key} provider (use clientId / clientSecret for those)`,
        });
      }
    });
    // cPanel replaces the whole configuration and requires every declared field: what the input leaves out
    // must already have a value.
    const given = new Set(Object.keys(mergedConfiguration({}, input)));
    for (const field of fields) {
      if (given.has(field.fieldId) || field.hasValue) continue;
      const path = field.fieldId === 'client_id' ? ['clientId'] : field.fieldId === 'client_secret' ? ['clientSecret'] : ['extraFields'];
      errors.push({
        path,
        message: `${current.key} has no ${field.fieldId} yet: it is required the first time the provider is configured`,
      });
    }
    return errors;
  },
  async plan(adapter, current, input, context) {
    const wire = await liveWire(adapter, current);
    // The stored configuration (secret included) is read here, since WHM replaces it as a whole.
    const configuration = mergedConfiguration(storedClientConfiguration(wire), input);
    adapter.registerSecrets(configuration);
    const request = buildSetClientConfigurationRequest(wire.entry.id, input.service, configuration);
    return updatePlan(
      current,
      withClientConfiguration(wire, configuration),
      [request],
      context,
      input.clientSecret ? { clientSecret: input.clientSecret } : {},
    );
  },
  apply: sendAll,
};

/** GraphQL field name -> WHM display key. */
const DISPLAY_WIRE_KEYS = {
  label: 'label',
  color: 'color',
  textColor: 'textcolor',
  displayName: 'display_name',
  providerName: 'provider_name',
  icon: 'icon',
  iconType: 'icon_type',
  documentationUrl: 'documentation_url',
} as const satisfies Record<Exclude<keyof SetDisplayConfigurationInput, 'service'>, string>;

function displayChanges(input: SetDisplayConfigurationInput): Record<string, string> {
  const changes: Record<string, string> = {};
  for (const [field, wireKey] of Object.entries(DISPLAY_WIRE_KEYS)) {
    const value = input[field as keyof typeof DISPLAY_WIRE_KEYS];
    if (value) changes[wireKey] = value;
  }
  return changes;
}

export const setCpanelDisplayConfiguration: MutationSpec<CpanelAdapter, SetDisplayConfigurationInput> = {
  operation: 'setCpanelDisplayConfiguration',
  kind: 'update',
  input: setDisplayConfigurationInput,
  secretFields: [],
  strings: DISPLAY_CONFIGURATION_STRINGS,
  controlFields: CONTROL_FIELDS,
  check(current, input) {
    if (!current || !input.icon) return [];
    // set_provider_display_configurations only updates keys the module already has; some have no icon.
    const display = storedCpanelDetails(current).display ?? [];
    const hasIcon = display.some((entry) => entry.service === input.service && entry.icon !== null);
    return hasIcon ? [] : [{ path: ['icon'], message: `the ${current.key} provider has no icon to replace` }];
  },
  async plan(adapter, current, input, context) {
    const wire = await liveWire(adapter, current);
    const changes = displayChanges(input);
    const request = buildSetDisplayConfigurationRequest(wire.entry.id, input.service, changes);
    return updatePlan(current, withDisplayChanges(wire, input.service, changes), [request], context);
  },
  apply: sendAll,
};

export const setCpanelProviderEnabled: MutationSpec<CpanelAdapter, SetProviderEnabledInput> = {
  operation: 'setCpanelProviderEnabled',
  kind: 'update',
  input: setProviderEnabledInput,
  secretFields: [],
  controlFields: CONTROL_FIELDS,
  async plan(adapter, current, input, context) {
    const wire = await liveWire(adapter, current);
    // Sent also when the service already has that state: WHM accepts it, and the plan then predicts no change.
    const request = buildSetEnabledRequest(wire.entry.id, input.service, input.enabled);
    return updatePlan(current, withEnabled(wire, input.service, input.enabled), [request], context);
  },
  apply: sendAll,
};
