// The provider as it will be once a plan's requests succeed: the vendor's wire objects predicted (the
// current ones with the change applied, or a create body plus the vendor's defaults) and run through the
// same normalizer as the reads (normalize.ts normalizeProvider).
// Nothing in a normalized Huawei provider is set by the vendor on its own (no timestamps, no generated ids:
// the IdP id is its name, the mapping id is ours), so every field can be predicted; the vendor's defaults
// below are the only values the requests do not state.
import type { NormalizedProvider } from '../../core/vendor-contract/adapter.js';
import { OIDC_PROTOCOL, normalizeProvider, wireStateOf } from './normalize.js';
import type { CreateIdentityProviderBody, OidcConfigBody, UpdateIdentityProviderBody, WireOidcConfig } from './wire.js';

/** Keeps the fingerprints the provider had: Huawei holds no secret, and no Huawei input sets one. */
const keepingSecrets = (current: NormalizedProvider, after: NormalizedProvider): NormalizedProvider => ({
  ...after,
  secretFingerprints: { ...current.secretFingerprints },
});

/** Only the fields a body sends (undefined is left out of the JSON, so the vendor never sees it). */
function sentFields(body: OidcConfigBody): WireOidcConfig {
  return Object.fromEntries(Object.entries(body.openid_connect_config).filter(([, value]) => value !== undefined));
}

/** IdP, mapping, oidc protocol and OIDC configuration created from these bodies. */
export function predictCreated(
  id: string,
  idpBody: CreateIdentityProviderBody,
  mappingId: string,
  configBody: OidcConfigBody,
): NormalizedProvider {
  const { sso_type, description, enabled } = idpBody.identity_provider;
  return normalizeProvider({
    idp: {
      id,
      // The vendor's defaults for what the body leaves out (VENDORS.md 4.2): disabled, virtual_user_sso,
      // no description; remote_ids are never sent by the gateway and start empty.
      enabled: enabled ?? false,
      sso_type: sso_type ?? 'virtual_user_sso',
      description: description ?? '',
      remote_ids: [],
    },
    protocols: [{ id: OIDC_PROTOCOL, mapping_id: mappingId }],
    // A create stores what it is sent; the fields it is not sent read back empty.
    oidcConfig: sentFields(configBody),
  });
}

/** PATCH: the fields sent change, the vendor keeps the others. */
export function predictIdentityProviderPatched(current: NormalizedProvider, body: UpdateIdentityProviderBody): NormalizedProvider {
  const wire = wireStateOf(current);
  const { description, enabled } = body.identity_provider;
  if (description !== undefined) wire.idp.description = description;
  if (enabled !== undefined) wire.idp.enabled = enabled;
  return keepingSecrets(current, normalizeProvider(wire));
}

/**
 * POST (no configuration yet): the configuration is what is sent. PUT: every field is optional at the
 * vendor (VENDORS.md 4.4), so a field the body leaves out keeps its value; in particular, switching to
 * `program` sends no console fields, and the ones stored before stay (and read back) as they were.
 */
export function predictOidcConfigSet(current: NormalizedProvider, body: OidcConfigBody, replacing: boolean): NormalizedProvider {
  const wire = wireStateOf(current);
  wire.oidcConfig = replacing ? { ...(wire.oidcConfig ?? {}), ...sentFields(body) } : sentFields(body);
  return keepingSecrets(current, normalizeProvider(wire));
}
