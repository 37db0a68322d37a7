// How a cPanel & WHM provider module is written in an estate document, and which mutations bring it there.
//
// The document's key is the module's id ("google"). A module cannot be created or deleted through WHM API 1
// (createKey null, no delete): an entry only configures one the server has. WHM splits a provider over three
// writes, and the entry holds the fields of all of them, with the input field names:
//   - the client configuration (setCpanelClientConfiguration): clientId, clientSecret (secret), extraFields,
//     top-level, since WHM stores it once per provider, shared by every service;
//   - per service, under `services` keyed by the service's GraphQL enum name (CPANELD, WEBMAILD, WHOSTMGRD): the login
//     button (setCpanelDisplayConfiguration: label, color, textColor, displayName, providerName, icon,
//     iconType, documentationUrl) and `enabled` (setCpanelProviderEnabled).
// Example:  google: { clientId: "123.apps.googleusercontent.com", clientSecret: { env: GOOGLE_SECRET },
//                     services: { CPANELD: { enabled: true, color: "dd4b39" }, WHOSTMGRD: { enabled: false } } }
//
// Canonical form: colours in lower case (hex digits: casing means nothing), extraFields sorted by key. A value
// WHM keeps for every display key and client field cannot be cleared (null is refused, as by the inputs), so a
// field or service left out of the document keeps its value; `operations` sends only what really differs, per
// service and per field. A live value the entry's rules refuse (an http:// documentation URL) is left out of
// the export, so that the exported document stays valid. A custom module's secret extra fields are never
// exported (the gateway never holds their values).
import { z } from 'zod';
import { enumValueName } from '../../core/inputs/enum-names.js';
import type { JsonObject, JsonValue, NormalizedProvider } from '../../core/vendor-contract/adapter.js';
import type { EstateOperation, EstateWarning, VendorEstate } from '../../core/vendor-contract/estate.js';
import { setClientConfigurationInput, setDisplayConfigurationInput, setProviderEnabledInput } from './inputs.js';
import { setCpanelClientConfiguration, setCpanelDisplayConfiguration, setCpanelProviderEnabled } from './mutations.js';
import { stableStringify } from '../../model/version.js';
import { CLIENT_ID_FIELD, storedCpanelDetails } from './normalize.js';
import { CPANEL_SERVICES, type CpanelService } from './wire.js';

/** One service's part of an entry: its display configuration and whether the module is enabled there. */
const serviceEntry = setDisplayConfigurationInput
  .omit({ service: true })
  .extend({ enabled: setProviderEnabledInput.shape.enabled.optional() })
  .strict();

/** A service as the document names it: its CpanelService enum name, as in GraphQL (cpaneld -> CPANELD). */
const serviceKey = (service: CpanelService): string => enumValueName(service);

const servicesEntry = z
  .object(
    Object.fromEntries(CPANEL_SERVICES.map((service) => [serviceKey(service), serviceEntry.optional()])) as Record<
      string,
      z.ZodOptional<typeof serviceEntry>
    >,
  )
  .strict()
  .describe('By service (CPANELD, WEBMAILD, WHOSTMGRD): its login button and whether the provider is enabled there.');

const entry = setClientConfigurationInput.omit({ service: true }).extend({ services: servicesEntry.optional() }).strict();

type DisplayField = Exclude<keyof typeof serviceEntry.shape, 'enabled'>;
const DISPLAY_FIELDS = Object.keys(setDisplayConfigurationInput.omit({ service: true }).shape) as DisplayField[];
const COLOR_FIELDS: readonly DisplayField[] = ['color', 'textColor'];
const CLIENT_FIELDS = ['clientId', 'clientSecret', 'extraFields'] as const;

/** The service the client configuration is written through: WHM requires one, and stores it for all of them. */
const CLIENT_CONFIGURATION_SERVICE: CpanelService = CPANEL_SERVICES[0];

const isObject = (value: unknown): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);
const sameJson = (a: unknown, b: unknown) => stableStringify(a ?? null) === stableStringify(b ?? null);

type ExtraField = { key: string; value: string };
const byKey = (a: ExtraField, b: ExtraField) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

function canonicalService(value: JsonObject): JsonObject {
  const out: JsonObject = { ...value };
  for (const field of COLOR_FIELDS) if (typeof out[field] === 'string') out[field] = (out[field] as string).toLowerCase();
  return out;
}

function canonical(value: JsonObject): JsonObject {
  const out: JsonObject = { ...value };
  if (Array.isArray(out.extraFields)) out.extraFields = [...(out.extraFields as ExtraField[])].sort(byKey);
  if (isObject(out.services)) {
    const services: JsonObject = {};
    for (const service of CPANEL_SERVICES) {
      const given = out.services[serviceKey(service)];
      if (isObject(given)) services[serviceKey(service)] = canonicalService(given);
    }
    out.services = services;
  }
  return out;
}

/** `value` when the entry's own rule for it takes it (see the header), else nothing. */
const accepted = (schema: z.ZodType, value: JsonValue | undefined): value is JsonValue =>
  value !== undefined && value !== null && schema.safeParse(value).success;

function exportServices(provider: NormalizedProvider): JsonObject {
  const details = storedCpanelDetails(provider);
  const enabled: readonly string[] = details.enabledServices ?? [];
  const services: JsonObject = {};
  for (const display of details.display ?? []) {
    const exported: JsonObject = { enabled: enabled.includes(display.service) };
    for (const field of DISPLAY_FIELDS) {
      const value = display[field];
      if (accepted(serviceEntry.shape[field], value)) exported[field] = value;
    }
    services[serviceKey(display.service)] = canonicalService(exported);
  }
  return services;
}

function exportEntry(provider: NormalizedProvider): JsonObject {
  const exported: JsonObject = {};
  if (accepted(entry.shape.clientId, provider.clientId)) exported.clientId = provider.clientId;
  const extras = (storedCpanelDetails(provider).configurationFields ?? []).filter(
    (field) => !field.secret && field.fieldId !== CLIENT_ID_FIELD,
  );
  // Only a custom module declares more fields; the shipped ones have none, and their entries say nothing of it.
  if (extras.length) {
    exported.extraFields = extras
      .filter((field) => field.value !== null)
      .map((field) => ({ key: field.fieldId, value: field.value! }))
      .filter((field) => accepted(entry.shape.extraFields, [field]));
  }
  exported.services = exportServices(provider);
  return canonical(exported);
}

/** The desired fields of one service that differ from the provider's (left out = kept). */
function serviceChanges(current: JsonObject | undefined, desired: JsonObject): JsonObject {
  const changes: JsonObject = {};
  for (const [field, value] of Object.entries(desired)) {
    if (value !== undefined && !sameJson(value, current?.[field])) changes[field] = value;
  }
  return changes;
}

/** The extra fields whose desired value is not the stored one (a field left out keeps its value). */
function extraFieldChanges(current: NormalizedProvider, desired: ExtraField[]): ExtraField[] {
  const stored = new Map((storedCpanelDetails(current).configurationFields ?? []).map((field) => [field.fieldId, field.value]));
  return desired.filter((field) => stored.get(field.key) !== field.value);
}

function operations(current: NormalizedProvider | null, desired: JsonObject, changed: readonly string[]): EstateOperation[] {
  // Never called with null: a module cannot be created (createKey null, core refuses such an entry first).
  if (!current) return [];
  const client: Record<string, unknown> = {};
  for (const field of CLIENT_FIELDS) {
    if (!changed.includes(field) || desired[field] === undefined || desired[field] === null) continue;
    if (field === 'extraFields') {
      const extras = extraFieldChanges(current, desired.extraFields as ExtraField[]);
      if (extras.length) client.extraFields = extras;
    } else client[field] = desired[field];
  }

  const disables: EstateOperation[] = [];
  const displays: EstateOperation[] = [];
  const enables: EstateOperation[] = [];
  if (changed.includes('services') && isObject(desired.services)) {
    const live = exportServices(current);
    for (const service of CPANEL_SERVICES) {
      const wanted = desired.services[serviceKey(service)];
      if (!isObject(wanted)) continue;
      const { enabled, ...display } = serviceChanges(live[serviceKey(service)] as JsonObject | undefined, wanted);
      if (Object.keys(display).length) displays.push({ spec: setCpanelDisplayConfiguration, input: { service, ...display } });
      if (enabled === false) disables.push({ spec: setCpanelProviderEnabled, input: { service, enabled } });
      if (enabled === true) enables.push({ spec: setCpanelProviderEnabled, input: { service, enabled } });
    }
  }
  const configure = Object.keys(client).length
    ? [{ spec: setCpanelClientConfiguration, input: { service: CLIENT_CONFIGURATION_SERVICE, ...client } }]
    : [];
  // Turned off before anything else changes; turned on only once the configuration and button are in place.
  return [...disables, ...configure, ...displays, ...enables];
}

function warnings(
  action: 'create' | 'update' | 'delete',
  _current: NormalizedProvider | null,
  changed: readonly string[],
): EstateWarning[] {
  if (action === 'delete')
    return ['a cPanel provider is a module of the server: WHM API 1 cannot remove it (disable it on every service instead)'];
  if (action === 'create') return ['a cPanel provider is a module of the server: WHM API 1 cannot add one'];
  if (!changed.some((field) => (CLIENT_FIELDS as readonly string[]).includes(field))) return [];
  return [
    'set_provider_client_configurations replaces the whole client configuration, shared by cPanel, Webmail and WHM: ' +
      'the gateway sends the stored one (its secret included) with the changed fields',
  ];
}

export const cpanelEstate: VendorEstate = {
  entry,
  secretFields: { clientSecret: 'clientSecret' },
  createKey: null,
  exportEntry,
  canonical,
  operations,
  warnings,
};
