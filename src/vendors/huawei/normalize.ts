// The gateway's camelCase view of a Huawei identity provider and its OIDC configuration, and the mapping
// between it and the wire names. Both directions live here so the names are paired in one place.
import { z } from 'zod';
import type { NormalizedProvider } from '../../core/vendor-contract/adapter.js';
import type { AccessMode, OidcConfigFields, ResponseMode, SsoType, WireIdentityProvider, WireOidcConfig, WireProtocol } from './wire.js';

/** The OIDC configuration as read: every field may be empty at the vendor (console fields under `program`). */
export type HuaweiOidcConfig = {
  accessMode: string | null;
  idpUrl: string | null;
  clientId: string | null;
  authorizationEndpoint: string | null;
  scope: string | null;
  responseType: string | null;
  responseMode: string | null;
  signingKey: string | null;
};

/** A complete configuration to send: what create needs, and what an update sends after the merge. */
export interface OidcConfigToSend {
  accessMode: AccessMode;
  idpUrl: string;
  clientId: string;
  signingKey: string;
  authorizationEndpoint?: string;
  scope?: string;
  responseType?: 'id_token';
  responseMode?: ResponseMode;
}

/** A protocol registered for the IdP and the mapping it uses. */
export type HuaweiProtocolRef = {
  protocolId: string;
  mappingId: string;
};

/** What the HuaweiIdentityProvider type shows beyond the common fields (NormalizedProvider.details). */
export type HuaweiDetails = {
  /** The vendor's value; one the gateway does not know is kept as sent. */
  ssoType: string;
  description: string | null;
  remoteIds: string[];
  protocols: HuaweiProtocolRef[];
  /** null for a SAML IdP, or an OIDC one whose configuration was not created yet. */
  oidcConfig: HuaweiOidcConfig | null;
};

export const OIDC_PROTOCOL = 'oidc';
/** The console's and Terraform's naming of the mapping an IdP is created with. */
export const defaultMappingId = (idpId: string) => `mapping_${idpId}`;

const emptyToNull = (value: string | null | undefined): string | null => (value === undefined || value === '' ? null : value);

/** null when the vendor holds no configuration (no object, or one without the required idp_url and client_id). */
export function oidcConfigFromWire(wire: WireOidcConfig | null | undefined): HuaweiOidcConfig | null {
  if (!wire) return null;
  const config: HuaweiOidcConfig = {
    accessMode: emptyToNull(wire.access_mode),
    idpUrl: emptyToNull(wire.idp_url),
    clientId: emptyToNull(wire.client_id),
    authorizationEndpoint: emptyToNull(wire.authorization_endpoint),
    scope: emptyToNull(wire.scope),
    responseType: emptyToNull(wire.response_type),
    responseMode: emptyToNull(wire.response_mode),
    signingKey: emptyToNull(wire.signing_key),
  };
  return config.idpUrl === null && config.clientId === null ? null : config;
}

/**
 * The wire body for a configuration. Under `program` only the four programmatic fields go out, as in the
 * vendor's own examples (console fields are "not selectable" there); under `program_console` all eight.
 */
export function oidcConfigToWire(config: OidcConfigToSend): OidcConfigFields {
  const fields: OidcConfigFields = {
    access_mode: config.accessMode,
    idp_url: config.idpUrl,
    client_id: config.clientId,
  };
  if (config.accessMode === 'program_console') {
    fields.authorization_endpoint = config.authorizationEndpoint;
    fields.scope = config.scope;
    fields.response_type = config.responseType;
    fields.response_mode = config.responseMode;
  }
  fields.signing_key = config.signingKey;
  return fields;
}

/** "" and null mean the default, virtual_user_sso (VENDORS.md 4.2). */
export function ssoTypeFromWire(value: string | null | undefined): SsoType | string {
  return value ? value : 'virtual_user_sso';
}

export function detailsOf(idp: WireIdentityProvider, protocols: HuaweiProtocolRef[], oidcConfig: HuaweiOidcConfig | null): HuaweiDetails {
  return {
    ssoType: ssoTypeFromWire(idp.sso_type),
    description: emptyToNull(idp.description ?? null),
    remoteIds: idp.remote_ids ?? [],
    protocols,
    oidcConfig,
  };
}

/** The vendor objects one provider is made of, as the vendor returns them. */
export interface HuaweiWireState {
  idp: WireIdentityProvider;
  protocols: WireProtocol[];
  /** Only read (and only looked at) when the IdP has the oidc protocol. */
  oidcConfig: WireOidcConfig | null;
}

/**
 * The one normalizer: reads (adapter.describe) and plans (predicted wire state) both go through it, so a
 * prediction and its read-back cannot drift apart.
 */
export function normalizeProvider(wire: HuaweiWireState): NormalizedProvider<HuaweiDetails> {
  const protocols: HuaweiProtocolRef[] = wire.protocols.map((p) => ({ protocolId: p.id, mappingId: p.mapping_id }));
  const isOidc = protocols.some((p) => p.protocolId === OIDC_PROTOCOL);
  // The OIDC configuration can only exist once the oidc protocol is registered (VENDORS.md 4.4).
  const oidcConfig = isOidc ? oidcConfigFromWire(wire.oidcConfig) : null;
  return {
    key: wire.idp.id,
    displayName: wire.idp.id,
    // Like Terraform: an IdP without an oidc protocol is a SAML one (its protocol may not be registered yet).
    protocol: isOidc ? 'OIDC' : 'SAML',
    enabled: wire.idp.enabled,
    clientId: oidcConfig?.clientId ?? null,
    // Huawei federation has no client secret at all (id_token flow, public JWKS): a known absence, so
    // hasClientSecret is an honest false rather than "cannot say".
    secretFingerprints: { clientSecret: null },
    details: detailsOf(wire.idp, protocols, oidcConfig),
  };
}

/**
 * The wire state a provider this adapter normalized was read from, as far as the normalizer looks at it
 * (links are not kept; an empty value comes back as "", which the normalizer reads as null again).
 * Plans start from it: the current state, then the change the requests make.
 */
export function wireStateOf(provider: NormalizedProvider): HuaweiWireState {
  const details = readDetails(provider);
  const config = details.oidcConfig;
  return {
    idp: {
      id: provider.key,
      description: details.description ?? '',
      enabled: provider.enabled ?? false,
      sso_type: details.ssoType,
      remote_ids: [...details.remoteIds],
    },
    protocols: details.protocols.map((p) => ({ id: p.protocolId, mapping_id: p.mappingId })),
    oidcConfig: config
      ? {
          access_mode: config.accessMode ?? '',
          idp_url: config.idpUrl ?? '',
          client_id: config.clientId ?? '',
          authorization_endpoint: config.authorizationEndpoint ?? '',
          scope: config.scope ?? '',
          response_type: config.responseType ?? '',
          response_mode: config.responseMode ?? '',
          signing_key: config.signingKey ?? '',
        }
      : null,
  };
}

const nullableString = z.string().nullable().catch(null);
const detailsSchema = z.object({
  ssoType: z.string().catch('virtual_user_sso'),
  description: nullableString,
  remoteIds: z.array(z.string()).catch([]),
  protocols: z.array(z.object({ protocolId: z.string(), mappingId: z.string() })).catch([]),
  oidcConfig: z
    .object({
      accessMode: nullableString,
      idpUrl: nullableString,
      clientId: nullableString,
      authorizationEndpoint: nullableString,
      scope: nullableString,
      responseType: nullableString,
      responseMode: nullableString,
      signingKey: nullableString,
    })
    .nullable()
    .catch(null),
});

/** The typed details of a provider this adapter normalized (defaults where a stored snapshot lacks a key). */
export function readDetails(provider: NormalizedProvider): HuaweiDetails {
  return detailsSchema.parse(provider.details);
}
