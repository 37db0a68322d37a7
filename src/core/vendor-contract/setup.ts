// How a vendor takes part in setting a provider up the way people really do it (issue 16): its mutations may
// accept SAML metadata or an OIDC issuer to discover instead of the single fields (`SetupSources`, resolved by
// core/setup/input-sources.ts before the input is validated), and its providers can be described to the
// configuration checks (`VendorSetup.configurationOf`, run by `test: true` and testIdentityProviderConfiguration).
import { z } from 'zod';
import type { IdpConfiguration } from '../setup/configuration.js';
import type { OidcDiscovery } from '../setup/oidc-discovery.js';
import type { SamlIdpMetadata } from '../setup/saml-metadata.js';
import type { NormalizedProvider } from './adapter.js';

/**
 * Where a mutation's fields may come from besides the input itself. The input fields that name a source
 * (`metadataXml`, `metadataUrl`; `discover` with the issuer field) are declared by the vendor's zod input, so
 * they appear in GraphQL; core fetches and parses the source, calls the vendor's mapping, and hands the
 * validation the input with the mapped fields filled in (a field the client gave itself wins) and the source
 * fields removed.
 */
export interface SetupSources {
  /** SAML: the vendor's fields from the IdP's metadata (`metadataXml` or `metadataUrl` in the input). */
  samlMetadata?(metadata: SamlIdpMetadata, input: Readonly<Record<string, unknown>>): Record<string, unknown>;
  /** OIDC: with `discover: true`, the issuer is the input's `issuerField`; the vendor's fields from what was discovered. */
  oidcDiscovery?: {
    /** The input field holding the issuer (Akamai: `issuer`, a source field only; Huawei: `idpUrl`, also sent); it must be given. */
    issuerField: string;
    /** Whether the issuer field is itself sent to the vendor (Huawei's idpUrl) or only names what to discover (removed). */
    sendsIssuer: boolean;
    fields(discovery: OidcDiscovery, input: Readonly<Record<string, unknown>>): Record<string, unknown>;
  };
}

/**
 * Fields a source may give: required by the input's rules (which see the input after the sources filled it in)
 * but optional in the GraphQL input type, where a client may leave them to the metadata or the discovery.
 */
export const sourcedFields = z.registry();

/** Marks a required field as one a source may give (see sourcedFields). Call it last: a clone is not marked. */
export function sourced<T extends z.ZodType>(schema: T): T {
  sourcedFields.add(schema);
  return schema;
}

/** The input fields core reads as sources and removes before validation. */
export const SOURCE_FIELDS = ['metadataXml', 'metadataUrl', 'discover'] as const;

/** What a vendor module says about checking its providers' configuration. */
export interface VendorSetup {
  /**
   * The provider's configuration as the checks see it (the state a change would leave, or the current one), or
   * null when the vendor holds nothing a check could look at.
   */
  configurationOf(provider: NormalizedProvider): IdpConfiguration | null;
  /**
   * The operations testIdentityProviderConfiguration runs (dry, with the checks) for given fields: for a new
   * provider, for an existing one (absent: the vendor has no such mutation, e.g. cPanel creates none).
   */
  testWith: { create?: string; update?: string };
}
