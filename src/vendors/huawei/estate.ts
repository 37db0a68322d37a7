// How a Huawei IAM identity provider is written in an estate document, and which mutations bring it there.
//
// The document's key is the IdP's id (createKey 'document': it becomes the create's `name`). Huawei splits a
// provider over the IdP (updateHuaweiIdentityProvider: description, enabled) and its OpenID Connect
// configuration (setHuaweiOidcConfig: accessMode, idpUrl, clientId, authorizationEndpoint, scope,
// responseType, responseMode, signingKey); the entry holds the fields of both flat, as createHuaweiIdentityProvider
// takes them, plus ssoType (set at create only). Every field is optional, so that a SAML IdP (no configuration)
// exports and an entry may manage only some fields; what a create needs is named by the create's own rules.
// Nothing here is a secret: the JWKS is public.
//
// Canonical form: a description "" = null (none; Huawei keeps ""), scope values sorted without duplicates (a
// set in OIDC), the JWKS as compact JSON, responseType id_token under program_console (its only value, which the
// gateway always sends). Under `program` Huawei does not use the console fields: they are not exported, and a
// document that names them is refused by setHuaweiOidcConfig's rules at that field. A live value the entry's
// rules refuse is left out of the export (the exported document must stay valid). ssoType cannot change: such
// an entry plans no operation and says why.
import { z } from 'zod';
import type { JsonObject, NormalizedProvider } from '../../core/vendor-contract/adapter.js';
import type { EstateOperation, EstateWarning, VendorEstate } from '../../core/vendor-contract/estate.js';
import { createInput, setOidcInput, updateInput } from './inputs.js';
import {
  createHuaweiIdentityProvider,
  deleteHuaweiIdentityProvider,
  setHuaweiOidcConfig,
  updateHuaweiIdentityProvider,
} from './mutations.js';
import { defaultMappingId, type HuaweiOidcConfig, readDetails } from './normalize.js';

// The create's fields without the name (the key), each optional; the update's description (null clears it).
// `discover` says where fields come from once: an entry states the fields.
const entry = z
  .object(createInput.shape)
  .omit({ name: true, discover: true })
  .partial()
  .extend({ description: updateInput.shape.description })
  .strict();

const IDP_FIELDS = ['description', 'enabled'] as const;
// The configuration's own fields (`discover` only says where some come from: it is no field of the configuration).
const OIDC_FIELDS = Object.keys(setOidcInput.shape).filter((field) => field !== 'discover') as Array<keyof HuaweiOidcConfig>;
const PROGRAM_FIELDS: readonly string[] = ['accessMode', 'idpUrl', 'clientId', 'signingKey'];

const sortedScope = (scope: string) => [...new Set(scope.split(' ').filter(Boolean))].sort().join(' ');

function compactJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

function canonical(value: JsonObject): JsonObject {
  const out: JsonObject = { ...value };
  if (out.description === '') out.description = null;
  if (typeof out.scope === 'string') out.scope = sortedScope(out.scope);
  if (typeof out.signingKey === 'string') out.signingKey = compactJson(out.signingKey);
  if (out.accessMode === 'program_console' && out.responseType === undefined) out.responseType = 'id_token';
  return out;
}

function exportEntry(provider: NormalizedProvider): JsonObject {
  const details = readDetails(provider);
  const raw: JsonObject = { description: details.description, ssoType: details.ssoType };
  if (typeof provider.enabled === 'boolean') raw.enabled = provider.enabled;
  const config = details.oidcConfig;
  if (config) {
    for (const field of OIDC_FIELDS) {
      const used = config.accessMode === 'program_console' || PROGRAM_FIELDS.includes(field);
      if (used && config[field] !== null) raw[field] = config[field];
    }
  }
  // Only what the entry's own rules take (see the header).
  const exported: JsonObject = {};
  for (const [field, value] of Object.entries(raw)) {
    if (entry.shape[field as keyof typeof entry.shape].safeParse(value).success) exported[field] = value;
  }
  return canonical(exported);
}

function pick(desired: JsonObject, fields: readonly string[], changed: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) if (changed.includes(field) && desired[field] !== undefined) out[field] = desired[field];
  return out;
}

function operations(
  current: NormalizedProvider | null,
  desired: JsonObject,
  changed: readonly string[],
  key: string | null,
): EstateOperation[] {
  if (!current) {
    // A new IdP has no description unless one is given: null is the create's default.
    const { description, ...rest } = desired;
    return [{ spec: createHuaweiIdentityProvider, input: { name: key, ...rest, ...(description === null ? {} : { description }) } }];
  }
  if (changed.includes('ssoType')) return [];
  const idp = pick(desired, IDP_FIELDS, changed);
  const oidc = pick(desired, OIDC_FIELDS, changed);
  const idpOperation = Object.keys(idp).length ? [{ spec: updateHuaweiIdentityProvider, input: idp }] : [];
  const oidcOperation = Object.keys(oidc).length ? [{ spec: setHuaweiOidcConfig, input: oidc }] : [];
  // Disabled before its configuration changes, enabled only once it has its new one.
  return idp.enabled === false ? [...idpOperation, ...oidcOperation] : [...oidcOperation, ...idpOperation];
}

function warnings(action: 'create' | 'update' | 'delete', current: NormalizedProvider | null, changed: readonly string[]): EstateWarning[] {
  const found: EstateWarning[] = [];
  if (action === 'create')
    found.push('the identity provider is created with its own mapping, whose rule lets whoever it vouches for sign in as FederationUser');
  if (action === 'update' && changed.includes('ssoType'))
    found.push(
      `Huawei sets ssoType only when an identity provider is created (it is ${String(current?.details.ssoType)}): nothing is changed`,
    );
  if (action === 'update' && changed.some((field) => (OIDC_FIELDS as readonly string[]).includes(field)))
    found.push('setHuaweiOidcConfig replaces the whole OpenID Connect configuration (the current one with the changed fields)');
  if (action === 'delete' && current)
    found.push(
      `deletes the identity provider with its protocols, its OpenID Connect configuration and mapping ${defaultMappingId(current.key)}; ` +
        'a re-create (revert) cannot restore mapping rules edited outside the gateway',
    );
  return found;
}

export const huaweiEstate: VendorEstate = {
  entry,
  secretFields: {},
  createKey: 'document',
  exportEntry,
  canonical,
  operations,
  deleteOperation: () => ({ spec: deleteHuaweiIdentityProvider, input: {} }),
  warnings,
};
