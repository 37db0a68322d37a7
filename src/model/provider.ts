// The provider state every layer shares (store rows, core, vendors, GraphQL): plain data, no behaviour.
// Below core/ and store/: it imports nothing of the gateway.

export type ProviderProtocol = 'OIDC' | 'SAML' | 'OAUTH2';

/** JSON that may be stored: the non-secret state of a provider. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * A provider as one vendor describes it, normalized. It holds no secret: where the vendor returns one,
 * the adapter puts its fingerprint in `secretFingerprints` (key = the secret's input field name). A type alias,
 * not an interface, so that a provider state is JSON as it stands (the store keeps it as jsonb).
 */
export type NormalizedProvider<Details extends JsonObject = JsonObject> = {
  /** The vendor's own id of the provider (cPanel provider_id, Akamai UUID, Huawei IdP name, ...). */
  key: string;
  displayName: string;
  protocol: ProviderProtocol;
  /** null where the vendor cannot say. */
  enabled: boolean | null;
  clientId: string | null;
  /** Fingerprint per secret field; a field absent here is unknown (the vendor never returns it). */
  secretFingerprints: Record<string, string | null>;
  /**
   * Vendor-specific non-secret state, shown by the vendor's GraphQL type: each vendor names its shape (a type
   * alias, so that it is JSON) in its normalize.ts, e.g. NormalizedProvider<SlashIdDetails>.
   */
  details: Details;
};

/** A provider state as the store keeps it (audit rows, snapshots): written from a NormalizedProvider. */
export function storedProvider(state: JsonValue | null | undefined): NormalizedProvider | null {
  return state && typeof state === 'object' && !Array.isArray(state) ? (state as NormalizedProvider) : null;
}
