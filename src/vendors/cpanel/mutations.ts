// The cPanel mutations. Each is a MutationSpec the one pipeline runs: zod rules first (no vendor call on
// failure), then the rules that need the provider's live state, then the WHM calls.
import { z } from 'zod';
import type { MutationSpec, NormalizedProvider } from '../../core/adapter.js';
import type { FieldError } from '../../core/errors.js';
import type { CpanelAdapter } from './adapter.js';
import { CPANEL_SERVICES, HEX_COLOR, LINE_TERMINATOR, MAX_CONFIG_LENGTH } from './wire.js';

const service = z.enum(CPANEL_SERVICES);

const configValue = (label: string) =>
  z
    .string()
    .min(1, `${label} must not be empty`)
    .max(MAX_CONFIG_LENGTH, `${label} must be at most ${MAX_CONFIG_LENGTH} characters`)
    .refine((value) => !LINE_TERMINATOR.test(value), `${label} must not contain line breaks`);

const setClientConfigurationInput = z.object({
  service,
  clientId: configValue('clientId').nullish(),
  clientSecret: configValue('clientSecret').nullish(),
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
  async apply(adapter, current, input) {
    const key = current!.key;
    const stored = await adapter.readClientConfiguration(key);
    await adapter.setClientConfiguration(key, input.service, mergedConfiguration(stored, input));
    return { providerKey: key };
  },
};

const displayInput = z.object({
  service,
  label: z.string().min(1).max(MAX_CONFIG_LENGTH).nullish(),
  color: z.string().regex(HEX_COLOR, 'color must be 3 to 6 hexadecimal digits without "#", e.g. "dd4b39"').nullish(),
  textColor: z.string().regex(HEX_COLOR, 'textColor must be 3 to 6 hexadecimal digits without "#", e.g. "ffffff"').nullish(),
  displayName: z.string().min(1).max(MAX_CONFIG_LENGTH).nullish(),
  providerName: z.string().min(1).max(MAX_CONFIG_LENGTH).nullish(),
  icon: z.string().min(1).max(64 * 1024).nullish(),
  iconType: z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/, 'iconType must be a MIME type such as "image/svg+xml"').nullish(),
  documentationUrl: z.url({ protocol: /^https?$/ }).nullish(),
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
  input: displayInput.refine((input) => Object.keys(displayChanges(input)).length > 0, {
    message: 'give at least one display field to change',
    path: [],
  }),
  secretFields: [],
  check(current, input) {
    if (!current || !input.icon) return [];
    // set_provider_display_configurations only updates keys the module already has; some have no icon.
    const display = (current.details.display ?? []) as Array<{ service: string; icon: string | null }>;
    const hasIcon = display.some((entry) => entry.service === input.service && entry.icon !== null);
    return hasIcon ? [] : [{ path: ['icon'], message: `the ${current.key} provider has no icon to replace` }];
  },
  async apply(adapter, current, input) {
    await adapter.setDisplayConfiguration(current!.key, input.service, displayChanges(input));
    return { providerKey: current!.key };
  },
};

const enabledInput = z.object({ service, enabled: z.boolean() });

export const setCpanelProviderEnabled: MutationSpec<CpanelAdapter, z.infer<typeof enabledInput>> = {
  operation: 'setCpanelProviderEnabled',
  kind: 'update',
  input: enabledInput,
  secretFields: [],
  async apply(adapter, current, input) {
    await adapter.setEnabled(current!.key, input.service, input.enabled);
    return { providerKey: current!.key };
  },
};
