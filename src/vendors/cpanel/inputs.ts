// The cPanel mutation inputs, defined once: these zod schemas validate an input in the pipeline, and the GraphQL
// input types are derived from them (graphql/zod-input.ts), descriptions included. Lengths and control
// characters are core's rules, declared per field (MutationSpec.strings); the rules WHM adds are here, each
// naming the input field, so a bad input costs no vendor call.
import { z } from 'zod';
import type { StringFieldRule } from '../../core/vendor-contract/adapter.js';
import { httpsConfigUrl, MAX_CONFIG_URL_LENGTH } from '../../core/inputs/https-url.js';
import { boundedList } from '../../core/inputs/list-rules.js';
import { CPANEL_SERVICES, HEX_COLOR, LINE_TERMINATOR, MAX_CONFIG_LENGTH } from './wire.js';

/** The GraphQL enum of WHM's service names (graphql.ts shows it on the output types too). */
export const serviceEnum = z
  .enum(CPANEL_SERVICES)
  .meta({ title: 'CpanelService', description: 'The cPanel & WHM interfaces that can offer External Authentication.' });

/** `service` only says which interface WHM is told about: an update needs another field besides it. */
export const CONTROL_FIELDS = ['service'] as const;

/** Every configuration key and value is at most 1024 characters (VENDORS.md 1.4, set_provider_client_configurations). */
const CONFIG_STRING: StringFieldRule = { max: MAX_CONFIG_LENGTH };
/** The largest icon the gateway passes on (an SVG, so it may span lines); cPanel documents no limit. */
const MAX_ICON_LENGTH = 64 * 1024;

export const CLIENT_CONFIGURATION_STRINGS: Readonly<Record<string, StringFieldRule>> = {
  clientId: CONFIG_STRING,
  clientSecret: CONFIG_STRING,
  'extraFields.*.key': CONFIG_STRING,
  'extraFields.*.value': CONFIG_STRING,
};

export const DISPLAY_CONFIGURATION_STRINGS: Readonly<Record<string, StringFieldRule>> = {
  label: CONFIG_STRING,
  displayName: CONFIG_STRING,
  providerName: CONFIG_STRING,
  icon: { max: MAX_ICON_LENGTH, multiline: true },
  documentationUrl: { max: MAX_CONFIG_URL_LENGTH },
};

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

/** One more field of a custom provider module's client configuration (besides client_id and client_secret). */
const configurationFieldInput = z
  .object({
    key: z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, 'key must be 1-128 letters, digits, "_", "." or "-"'),
    value: configValue('value'),
  })
  .meta({ title: 'CpanelConfigurationFieldInput' });

export const setClientConfigurationInput = z.object({
  service: serviceEnum,
  clientId: refuseNull('clientId', configValue('clientId'), REQUIRED_BY_CPANEL).describe(
    'At most 1024 characters, one line. Cannot be cleared (null is refused).',
  ),
  clientSecret: refuseNull('clientSecret', configValue('clientSecret'), REQUIRED_BY_CPANEL).describe(
    'Write-only: never returned, stored only as a fingerprint. At most 1024 characters, one line.',
  ),
  extraFields: boundedList(configurationFieldInput, 'extraFields').nullish().describe('Other fields a custom module declares.'),
});
export type SetClientConfigurationInput = z.infer<typeof setClientConfigurationInput>;

/** WHM merges the display keys given into the ones it has, and cannot remove one. */
const KEPT_BY_WHM = 'WHM keeps a value for every display key';
const displayValue = (field: string, schema: z.ZodType<string>) => refuseNull(field, schema, KEPT_BY_WHM);
const nonEmpty = (field: string) => z.string().min(1, `${field} must not be empty`);
const HEX_DIGITS = '3 to 6 hex digits without "#".';

export const setDisplayConfigurationInput = z.object({
  service: serviceEnum,
  label: displayValue('label', nonEmpty('label')),
  color: displayValue('color', z.string().regex(HEX_COLOR, 'color must be 3 to 6 hexadecimal digits without "#", e.g. "dd4b39"')).describe(
    HEX_DIGITS,
  ),
  textColor: displayValue(
    'textColor',
    z.string().regex(HEX_COLOR, 'textColor must be 3 to 6 hexadecimal digits without "#", e.g. "ffffff"'),
  ).describe(HEX_DIGITS),
  displayName: displayValue('displayName', nonEmpty('displayName')),
  providerName: displayValue('providerName', nonEmpty('providerName')),
  icon: displayValue('icon', nonEmpty('icon')).describe('The icon (e.g. SVG text), at most 65536 characters; it may span lines.'),
  iconType: displayValue('iconType', z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/, 'iconType must be a MIME type such as "image/svg+xml"')),
  documentationUrl: displayValue('documentationUrl', httpsConfigUrl({ field: 'documentationUrl' })).describe(
    'An https:// URL without user name or password, at most 2048 characters.',
  ),
});
export type SetDisplayConfigurationInput = z.infer<typeof setDisplayConfigurationInput>;

export const setProviderEnabledInput = z.object({ service: serviceEnum, enabled: z.boolean() });
export type SetProviderEnabledInput = z.infer<typeof setProviderEnabledInput>;
