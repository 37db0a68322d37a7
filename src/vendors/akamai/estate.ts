// How an Akamai Identity Cloud custom provider is written in an estate document, and which mutations bring it
// there.
//
// Akamai assigns a provider's id (createKey 'vendor': a create is a list item without key). An entry holds the
// fields of createAkamaiCustomProvider / updateAkamaiCustomProvider with their rules: the update's fields (what
// Akamai must keep refuses null, what it can drop takes null = remove) plus the create's `protocol`, which only
// a create sets. clientSecret is the one secret. What a create needs (title, authUrl, and per protocol tokenUrl,
// clientId, clientSecret or idpCertificate) is named by the create's own rules; a member of another protocol is
// refused by the mutations' rules at that field.
// Example (a list item):  - { key: 7fad4d59-…, title: Contoso, protocol: OPENIDCONNECT, authUrl: "https://…",
//                            clientSecret: { env: CONTOSO_SECRET }, scopes: [openid, email], ui: { title: Contoso } }
//
// Export: every field of the provider's protocol, null where Akamai holds none (a field Akamai must keep is left
// out instead, as null is refused there); `ui` with both members. Canonical form: scopes as a sorted set,
// attributeMap sorted by Identity Cloud attribute (it is a map), certificates as bare base64 (what the inputs
// send), tokenAuthMethod null = client_secret_post (Akamai's default), the `oauth` literal read as oauth2.
// `ui` is one value: a member it leaves out is none (canonical fills it with null), as a create takes it, so
// that a document naming `ui` compares exactly with the provider (core compares top-level fields whole);
// `operations` sends only the members that differ (null removes one). A protocol cannot change (Akamai sets it at create and has no delete): such an entry
// plans no operation and says why. A live value the entry's rules refuse is left out of the export.
import { z } from 'zod';
import type { JsonObject, JsonValue, NormalizedProvider } from '../../core/vendor-contract/adapter.js';
import type { EstateOperation, EstateWarning, VendorEstate } from '../../core/vendor-contract/estate.js';
import { stableStringify } from '../../model/version.js';
import { bareCertificate } from './certificate.js';
import { createInput, type InputField, protocolFamily, updateInput, WIRE_NAMES } from './inputs.js';
import { createAkamaiCustomProvider, updateAkamaiCustomProvider } from './mutations.js';
import { storedAkamaiDetails } from './normalize.js';
import { FIELD_PROTOCOLS, type WireProtocol } from './wire.js';

// The update's fields (stricter on null), and the create's protocol.
// The source fields (metadata, discovery) say where a mutation's fields come from once: an entry states the fields.
const entry = z
  .object(updateInput.shape)
  .omit({ metadataXml: true, metadataUrl: true, issuer: true, discover: true })
  .extend({ protocol: createInput.shape.protocol.optional() })
  .strict();
type EntryField = keyof typeof entry.shape;

/** Fields Akamai must keep (null is refused): exported only when the provider has them. */
const KEPT: readonly EntryField[] = ['title', 'authUrl', 'tokenUrl', 'clientId', 'idpCertificate'];
const DEFAULT_TOKEN_AUTH_METHOD = 'client_secret_post';

const isObject = (value: unknown): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);
const sameJson = (a: unknown, b: unknown) => stableStringify(a ?? null) === stableStringify(b ?? null);

type AttributeMapping = { identityCloudAttribute: string; providerAttribute: string };
const byAttribute = (a: AttributeMapping, b: AttributeMapping) =>
  a.identityCloudAttribute < b.identityCloudAttribute ? -1 : a.identityCloudAttribute > b.identityCloudAttribute ? 1 : 0;

function canonical(value: JsonObject): JsonObject {
  const out: JsonObject = { ...value };
  if (typeof out.protocol === 'string') out.protocol = protocolFamily(out.protocol) ?? out.protocol;
  if (Array.isArray(out.scopes)) out.scopes = [...new Set(out.scopes.map(String))].sort();
  if (Array.isArray(out.attributeMap)) out.attributeMap = [...(out.attributeMap as AttributeMapping[])].sort(byAttribute);
  if (typeof out.idpCertificate === 'string') out.idpCertificate = bareCertificate(out.idpCertificate);
  if (Array.isArray(out.idpCertificateChain))
    out.idpCertificateChain = out.idpCertificateChain.map((cert) => bareCertificate(String(cert)));
  if ('tokenAuthMethod' in out && out.tokenAuthMethod === null) out.tokenAuthMethod = DEFAULT_TOKEN_AUTH_METHOD;
  if (isObject(out.ui)) out.ui = { title: out.ui.title ?? null, iconUrl: out.ui.iconUrl ?? null };
  return out;
}

/** Each entry field's value as the provider holds it (the input's form), null where Akamai holds none. */
function liveValues(provider: NormalizedProvider, protocol: WireProtocol): Partial<Record<EntryField, JsonValue>> {
  const d = storedAkamaiDetails(provider);
  return {
    title: d.title ?? null,
    protocol,
    ui: { title: d.uiTitle ?? null, iconUrl: d.iconUrl ?? null },
    authUrl: d.authUrl ?? null,
    tokenUrl: d.tokenUrl ?? null,
    profileUrl: d.profileUrl ?? null,
    clientId: provider.clientId,
    tokenAuthMethod: d.tokenAuthMethod ?? DEFAULT_TOKEN_AUTH_METHOD,
    scopes: d.scopes ?? null,
    identifierAttribute: d.identifierAttribute ?? null,
    attributeMap: d.attributeMap
      ? Object.entries(d.attributeMap).map(([identityCloudAttribute, providerAttribute]) => ({ identityCloudAttribute, providerAttribute }))
      : null,
    idpCertificate: d.idpCertificate ?? null,
    idpCertificateChain: d.idpCertificateChain ?? null,
    authnContext: d.authnContext ?? null,
  };
}

/** Whether `field` belongs to `protocol` (FIELD_PROTOCOLS by wire name). */
const fieldOf = (protocol: WireProtocol, field: EntryField) =>
  (FIELD_PROTOCOLS[WIRE_NAMES[field as InputField]] as readonly WireProtocol[]).includes(protocol);

function exportEntry(provider: NormalizedProvider): JsonObject {
  const protocol = protocolFamily(storedAkamaiDetails(provider).wireProtocol ?? '');
  // A protocol the gateway does not know is never normalized (the read refuses it); nothing to export then.
  if (!protocol) return {};
  const exported: JsonObject = {};
  for (const [field, value] of Object.entries(liveValues(provider, protocol)) as Array<[EntryField, JsonValue]>) {
    if (field === 'clientSecret' || !fieldOf(protocol, field)) continue;
    if (value === null && KEPT.includes(field)) continue;
    // Only what the entry's own rules take (see the header).
    if (entry.shape[field].safeParse(value).success) exported[field] = value;
  }
  return canonical(exported);
}

/** The ui members whose desired value differs from the provider's. */
function uiChanges(current: JsonValue | undefined, desired: JsonObject): JsonObject {
  const changes: JsonObject = {};
  for (const [member, value] of Object.entries(desired)) {
    if (value !== undefined && !sameJson(value, isObject(current) ? current[member] : null)) changes[member] = value;
  }
  return changes;
}

function operations(current: NormalizedProvider | null, desired: JsonObject, changed: readonly string[]): EstateOperation[] {
  if (!current) return [{ spec: createAkamaiCustomProvider, input: { ...desired } }];
  if (changed.includes('protocol')) return [];
  const live = exportEntry(current);
  const input: Record<string, unknown> = {};
  for (const field of changed) {
    const value = desired[field];
    if (value === undefined) continue;
    if (field === 'ui' && isObject(value)) {
      const ui = uiChanges(live.ui, value);
      if (Object.keys(ui).length) input.ui = ui;
    } else input[field] = value;
  }
  return Object.keys(input).length ? [{ spec: updateAkamaiCustomProvider, input }] : [];
}

function warnings(action: 'create' | 'update' | 'delete', current: NormalizedProvider | null, changed: readonly string[]): EstateWarning[] {
  switch (action) {
    case 'create':
      return [
        "cannot be undone through the gateway: Akamai's Custom Provider API has no delete. Akamai assigns the new provider's id " +
          '(write it as the key afterwards, e.g. from a new export); Hosted Login offers it only once its settings list it',
      ];
    case 'update': {
      const found: EstateWarning[] = [];
      if (changed.includes('protocol'))
        found.push(
          `Akamai sets a provider's protocol only at create (it is ${String(current?.details.wireProtocol)}), and has no delete: ` +
            'nothing is changed; to switch, add a new provider (a list item without key) and stop offering this one in Hosted Login',
        );
      if (changed.includes('attributeMap') && !changed.includes('protocol'))
        found.push('attributeMap is replaced whole: an attribute the document no longer maps is removed');
      return found;
    }
    case 'delete':
      return [
        "Akamai's Custom Provider API has no delete: remove the provider in Akamai Control Center, or stop offering it in Hosted Login",
      ];
  }
}

export const akamaiEstate: VendorEstate = {
  entry,
  secretFields: { clientSecret: 'clientSecret' },
  createKey: 'vendor',
  exportEntry,
  canonical,
  operations,
  warnings,
};
