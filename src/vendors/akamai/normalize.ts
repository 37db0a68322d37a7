// The one mapping between Akamai's wire object and the normalized provider, both ways. Reads normalize what
// Akamai returns; plans normalize the wire object they predict, so a plan and the read-back after it cannot
// drift apart. `toWire` is the inverse of `normalizeProvider` on everything the normalized form keeps
// (not the secret, which appears there only as a fingerprint).
import type { JsonObject, NormalizedProvider, ProviderProtocol } from '../../core/vendor-contract/adapter.js';
import type { Fingerprinter } from '../../core/secrets.js';
import { badResponse } from '../../core/vendor-http/wire.js';
import { type CertificateInfo, certificateInfo } from './certificate.js';
import { type CustomProvider, customProvider } from './wire.js';

/** A secret some tenants may show masked [?]: its fingerprint would say nothing, so it counts as unknown. */
const MASKED = /^[*•]+$/;

export function toProtocol(wire: string): ProviderProtocol | null {
  if (wire === 'openidconnect') return 'OIDC';
  if (wire === 'saml2') return 'SAML';
  // `oauth2` is VENDORS.md's guess for the OAuth 2.0 literal [?]; `oauth` is read as the same thing.
  if (wire === 'oauth2' || wire === 'oauth') return 'OAUTH2';
  return null;
}

/**
 * What the AkamaiCustomProvider type shows beyond the common fields (NormalizedProvider.details): the wire
 * members in camelCase, null where Akamai left one out, and what the gateway read from the certificate.
 */
export type AkamaiDetails = {
  title: string;
  /** The protocol literal exactly as Akamai stores it (`oauth` too). */
  wireProtocol: string;
  uiTitle: string | null;
  iconUrl: string | null;
  authUrl: string | null;
  tokenUrl: string | null;
  profileUrl: string | null;
  /** As stored: possibly a value the gateway does not know. */
  tokenAuthMethod: string | null;
  scopes: string[] | null;
  identifierAttribute: string | null;
  /** Identity Cloud attribute -> provider claim. */
  attributeMap: Record<string, string> | null;
  idpCertificate: string | null;
  idpCertificateInfo: CertificateInfo | null;
  idpCertificateChain: string[] | null;
  authnContext: JsonObject | null;
  createdAt: string | null;
  updatedAt: string | null;
};

/**
 * The details of a provider state the pipeline hands back (a live read, a cached snapshot or an audit row's
 * state, which an older gateway may have written): read defensively, any key may be missing.
 */
export function storedAkamaiDetails(provider: NormalizedProvider): Partial<AkamaiDetails> {
  return provider.details as Partial<AkamaiDetails>;
}

/** A custom provider as the gateway shows it. Pure: registering the secret for scrubbing is the caller's job. */
export function normalizeProvider(p: CustomProvider, fingerprinter: Fingerprinter): NormalizedProvider<AkamaiDetails> {
  const protocol = toProtocol(p.protocol);
  if (!protocol) throw badResponse('akamai', 200, `custom provider ${p.id} has an unknown protocol "${p.protocol}"`);
  const secret = p.client_secret;
  // SAML has no client secret; OIDC / OAuth providers return theirs on GET, so an absent one is unset.
  const secretFingerprints: Record<string, string | null> =
    protocol === 'SAML'
      ? { clientSecret: null }
      : secret && MASKED.test(secret)
        ? {}
        : { clientSecret: fingerprinter.fingerprintOrNull(secret) };
  const authnContext = p.authn_context ? (JSON.parse(JSON.stringify(p.authn_context)) as JsonObject) : null;
  const details: AkamaiDetails = {
    title: p.title,
    wireProtocol: p.protocol,
    uiTitle: p.ui?.title ?? null,
    iconUrl: p.ui?.icon_url ?? null,
    authUrl: p.auth_url ?? null,
    tokenUrl: p.token_url ?? null,
    profileUrl: p.profile_url ?? null,
    tokenAuthMethod: p.token_auth_method ?? null,
    scopes: p.scopes ?? null,
    identifierAttribute: p.identifier_attribute ?? null,
    attributeMap: p.attribute_map ?? null,
    idpCertificate: p.idp_certificate ?? null,
    idpCertificateInfo: certificateInfo(p.idp_certificate),
    idpCertificateChain: p.idp_certificate_chain ?? null,
    authnContext,
    createdAt: p.createdAt ?? null,
    updatedAt: p.updatedAt ?? null,
  };
  return {
    key: p.id,
    displayName: p.title,
    protocol,
    // Whether a provider is offered is a Hosted Login setting, not part of this API.
    enabled: null,
    clientId: p.client_id ?? null,
    secretFingerprints,
    details,
  };
}

/**
 * The wire object a normalized provider was made from, without `client_secret` (only its fingerprint is
 * known) and without `_links` and members the normalizer does not keep (they change nothing it shows).
 * A member that is null in the normalized form is absent on the wire, as Akamai leaves unset members out.
 */
export function toWire(provider: NormalizedProvider): CustomProvider {
  const d = provider.details;
  const wire: Record<string, unknown> = {
    id: provider.key,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    title: d.title,
    protocol: d.wireProtocol,
    ui:
      d.uiTitle == null && d.iconUrl == null
        ? null
        : { ...(d.uiTitle != null ? { title: d.uiTitle } : {}), ...(d.iconUrl != null ? { icon_url: d.iconUrl } : {}) },
    auth_url: d.authUrl,
    token_url: d.tokenUrl,
    profile_url: d.profileUrl,
    client_id: provider.clientId,
    token_auth_method: d.tokenAuthMethod,
    scopes: d.scopes,
    identifier_attribute: d.identifierAttribute,
    attribute_map: d.attributeMap,
    idp_certificate: d.idpCertificate,
    idp_certificate_chain: d.idpCertificateChain,
    authn_context: d.authnContext,
  };
  for (const [key, value] of Object.entries(wire)) if (value === null || value === undefined) delete wire[key];
  // Parsed like a vendor answer: details that are not what the normalizer writes are a bug, not a guess.
  return customProvider.parse(wire);
}
