// The JSON of WHM API 1 External Authentication, as VENDORS.md section 1 describes it.
import { z } from 'zod';

/** The services External Authentication knows, in the order cPanel lists them. */
export const CPANEL_SERVICES = ['cpaneld', 'webmaild', 'whostmgrd'] as const;
export type CpanelService = (typeof CPANEL_SERVICES)[number];

export const WHM_FUNCTIONS = [
  'get_available_authentication_providers',
  'get_provider_configuration_fields',
  'get_provider_client_configurations',
  'set_provider_client_configurations',
  'get_provider_display_configurations',
  'set_provider_display_configurations',
  'enable_authentication_provider',
  'disable_authentication_provider',
] as const;
export type WhmFunction = (typeof WHM_FUNCTIONS)[number];

const flag = z.union([z.literal(0), z.literal(1), z.boolean()]).transform((v) => v === 1 || v === true);

export const whmMetadata = z.object({
  command: z.string().optional(),
  reason: z.string(),
  result: z.union([z.literal(0), z.literal(1)]),
  version: z.number().optional(),
});

/** `{data, metadata}`; `data` may be absent, `{}` or null on functions that return nothing. */
export function whmEnvelope<T extends z.ZodType>(data: T) {
  return z.object({ metadata: whmMetadata, data: data.nullish() });
}

/** Functions that return nothing (or `{}`): whatever `data` holds is ignored. */
export const noData = z.unknown();

export const availableProvider = z
  .object({
    id: z.string(),
    configured: flag,
    cpaneld_enabled: flag.optional(),
    webmaild_enabled: flag.optional(),
    whostmgrd_enabled: flag.optional(),
    /** The documented (but not emitted) spelling; read as a fallback. */
    whostmgr_enabled: flag.optional(),
    display_name: z.string().optional(),
    provider_name: z.string().optional(),
  })
  .loose();
export const availableProvidersData = z.object({ providers: z.array(availableProvider) });

export const configurationField = z.object({
  field_id: z.string(),
  label: z.string().nullish(),
  description: z.string().nullish(),
  value: z.string().nullish(),
  display_order: z.coerce.number().nullish(),
});
export const configurationFieldsData = z.object({ configuration_fields: z.array(configurationField) });

export const clientConfigurationsData = z.object({
  client_configurations: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
});

export const displayConfiguration = z
  .object({
    service: z.enum(CPANEL_SERVICES),
    label: z.string().nullish(),
    link: z.string().nullish(),
    color: z.string().nullish(),
    textcolor: z.string().nullish(),
    icon: z.string().nullish(),
    icon_type: z.string().nullish(),
    display_name: z.string().nullish(),
    provider_name: z.string().nullish(),
    documentation_url: z.string().nullish(),
  })
  .loose();
export type DisplayConfiguration = z.infer<typeof displayConfiguration>;
export const displayConfigurationsData = z.object({ configurations: z.array(displayConfiguration) });

/** Display keys set_provider_display_configurations may change (it refuses keys a module does not have). */
export const DISPLAY_KEYS = [
  'label',
  'color',
  'textcolor',
  'icon',
  'icon_type',
  'display_name',
  'provider_name',
  'documentation_url',
] as const;
export type DisplayKey = (typeof DISPLAY_KEYS)[number];

/** cPanel's colour rule: 3 to 6 hex digits, no "#". */
export const HEX_COLOR = /^[0-9a-fA-F]{3,6}$/;
/** Limits of set_provider_client_configurations (Cpanel/Validate/OpenIdConnect.pm). */
export const MAX_CONFIG_LENGTH = 1024;
export const LINE_TERMINATOR = /[\r\n\u2028\u2029\u0085\u000b\u000c]/;
