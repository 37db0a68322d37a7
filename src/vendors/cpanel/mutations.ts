// The cPanel mutations. Each is a MutationSpec the one pipeline runs: zod rules first (no vendor call on
// failure), then the rules that need the provider's live state, then `plan` (reads the module's wire state,
// builds the exact WHM write and predicts the state it produces through the read normalizer), then `apply`
// (sends the planned writes, nothing else).
import { z } from 'zod';
import type { AdapterContext, AppliedChange, MutationPlan, MutationSpec, NormalizedProvider, PlannedRequest, StringFieldRule } from '../../core/adapter.js';
import { type FieldError, NotFoundError } from '../../core/errors.js';
import { httpsConfigUrl, MAX_CONFIG_URL_LENGTH } from '../../core/https-url.js';
import type { CpanelAdapter } from './adapter.js';
import { type CpanelWireProvider, normalizeCpanelProvider } from './normalize.js';
import { storedClientConfiguration, withClientConfiguration, withDisplayChanges, withEnabled } from './predict.js';
import { buildSetClientConfigurationRequest, buildSetDisplayConfigurationRequest, buildSetEnabledRequest } from './requests.js';
import { CPANEL_SERVICES, HEX_COLOR, LINE_TERMINATOR, MAX_CONFIG_LENGTH } from './wire.js';

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

const service = z.enum(CPANEL_SERVICES);

/** `service` only says which interface WHM is told about: an update needs another field besides it. */
const CONTROL_FIELDS = ['service'] as const;

/** Every configuration key and value is at most 1024 characters (VENDORS.md 1.4, set_provider_client_configurations). */
const CONFIG_STRING: StringFieldRule = { max: MAX_CONFIG_LENGTH };
/** The largest icon the gateway passes on (an SVG, so it may span lines); cPanel documents no limit. */
const MAX_ICON_LENGTH = 64 * 1024;

/** A field null cannot clear (WHM keeps a value for every key): left out keeps the value, null is refused. */
const refuseNull = <T extends z.ZodType>(field: string, schema: T, why: string) =>
  schema.nullish().refine((value) => value !== null, `${field} cannot be cleared: ${why}; leave it out to keep its value`);

// The length cap (CONFIG_STRING) and control characters are core's rules (MutationSpec.strings); WHM also
// refuses the line terminators beyond them (U+2028, U+2029, U+0085).
const configValue = (label: string) =>
  z
    .string()
    .min(1, `${label} must not be empty`)
    .refine((value) => !LINE_TERMINATOR.test(value), `${label} must not contain line breaks`);

const REQUIRED_BY_CPANEL = 'cPanel requires a value for every configuration field';

const setClientConfigurationInput = z.object({
  service,
  clientId: refuseNull('clientId', configValue('clientId'), REQUIRED_BY_CPANEL),
  clientSecret: refuseNull('clientSecret', configValue('clientSecret'), REQUIRED_BY_CPANEL),
  /** Other fields a custom provider module declares (besides client_id and client_secret). */
  extraFields: z
    .array(
      z.object({
        key: z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, 'key must be 1-128 letters, digits, "_", "." or "-"'),
        value: configValue('value'),
      }),
    )
    .nullish(),
});
type SetClientConfigurationInput = z.infer<typeof setClientConfigurationInput>;

interface ConfigurationFieldDetail {
  fieldId: string;
  hasValue: boolean;
}

function fieldsOf(provider: NormalizedProvider): ConfigurationFieldDetail[] {
  return (provider.details.configurationFields ?? []) as unknown as ConfigurationFieldDetail[];
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
  strings: { clientId: CONFIG_STRING, clientSecret: CONFIG_STRING, 'extraFields.*.key': CONFIG_STRING, 'extraFields.*.value': CONFIG_STRING },
  controlFields: CONTROL_FIELDS,
  check(current, input) {
    if (!current) return [];
    const errors: FieldError[] = [];
    const fields = fieldsOf(current);
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
      errors.push({ path, message: `${current.key} has no ${field.fieldId} yet: it is required the first time the provider is configured` });
    }
    return errors;
  },
  async plan(adapter, current, input, context) {
    const wire = await liveWire(adapter, current);
    // The stored configuration (secret included) is read here, since WHM replaces it as a whole.
    const configuration = mergedConfiguration(storedClientConfiguration(wire), input);
    adapter.registerSecrets(configuration);
    const request = buildSetClientConfigurationRequest(wire.entry.id, input.service, configuration);
    return updatePlan(current, withClientConfiguration(wire, configuration), [request], context, input.clientSecret ? { clientSecret: input.clientSecret } : {});
  },
  apply: sendAll,
};

/** WHM merges the display keys given into the ones it has, and cannot remove one. */
const KEPT_BY_WHM = 'WHM keeps a value for every display key';
const displayValue = (field: string, schema: z.ZodType<string>) => refuseNull(field, schema, KEPT_BY_WHM);
const nonEmpty = (field: string) => z.string().min(1, `${field} must not be empty`);

const displayInput = z.object({
  service,
  label: displayValue('label', nonEmpty('label')),
  color: displayValue('color', z.string().regex(HEX_COLOR, 'color must be 3 to 6 hexadecimal digits without "#", e.g. "dd4b39"')),
  textColor: displayValue('textColor', z.string().regex(HEX_COLOR, 'textColor must be 3 to 6 hexadecimal digits without "#", e.g. "ffffff"')),
  displayName: displayValue('displayName', nonEmpty('displayName')),
  providerName: displayValue('providerName', nonEmpty('providerName')),
  icon: displayValue('icon', nonEmpty('icon')),
  iconType: displayValue('iconType', z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/, 'iconType must be a MIME type such as "image/svg+xml"')),
  documentationUrl: displayValue('documentationUrl', httpsConfigUrl({ field: 'documentationUrl' })),
});
type DisplayInput = z.infer<typeof displayInput>;

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
} as const satisfies Record<Exclude<keyof DisplayInput, 'service'>, string>;

function displayChanges(input: DisplayInput): Record<string, string> {
  const changes: Record<string, string> = {};
  for (const [field, wireKey] of Object.entries(DISPLAY_WIRE_KEYS)) {
    const value = input[field as keyof typeof DISPLAY_WIRE_KEYS];
    if (value) changes[wireKey] = value;
  }
  return changes;
}

export const setCpanelDisplayConfiguration: MutationSpec<CpanelAdapter, DisplayInput> = {
  operation: 'setCpanelDisplayConfiguration',
  kind: 'update',
  input: displayInput,
  secretFields: [],
  strings: {
    label: CONFIG_STRING,
    displayName: CONFIG_STRING,
    providerName: CONFIG_STRING,
    icon: { max: MAX_ICON_LENGTH, multiline: true },
    documentationUrl: { max: MAX_CONFIG_URL_LENGTH },
  },
  controlFields: CONTROL_FIELDS,
  check(current, input) {
    if (!current || !input.icon) return [];
    // set_provider_display_configurations only updates keys the module already has; some have no icon.
    const display = (current.details.display ?? []) as Array<{ service: string; icon: string | null }>;
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

const enabledInput = z.object({ service, enabled: z.boolean() });

export const setCpanelProviderEnabled: MutationSpec<CpanelAdapter, z.infer<typeof enabledInput>> = {
  operation: 'setCpanelProviderEnabled',
  kind: 'update',
  input: enabledInput,
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
