// IdentityProviderAPI (the read model) -> NormalizedProvider. A 2sms identity provider holds no secret: the
// certificate is the IdP's public signing certificate, so it is kept as is (an update must send it back).
import type { NormalizedProvider } from '../../core/vendor-contract/adapter.js';
import type { IdentityProviderApi, IdentityProviderDetails } from './wire.js';

/**
 * What the customer enters in their own IdP for 2sms: its SAML entity id and reply (assertion consumer) URL.
 * Only create and update answers carry them (IdentityProviderDetails.EntityID / ReplyURL); no read does.
 */
export type TwoSmsServiceProvider = { entityId: string | null; replyUrl: string | null };

/** The non-secret state the TwoSmsIdentityProvider type shows, in camelCase (NormalizedProvider.details). */
export type TwoSmsDetails = {
  name: string | null;
  provider: string | null;
  domain: string | null;
  domainTxtRecord: string | null;
  verified: boolean | null;
  signOnUrl: string | null;
  logoutUrl: string | null;
  certificate: string | null;
  /** ISO 8601; null when there is no certificate (the vendor then sends .NET's year-0001 default). */
  certificateExpiry: string | null;
  signAuthnRequest: boolean | null;
  samlResponseSigned: boolean | null;
  samlAssertionSigned: boolean | null;
  samlAssertionEncrypted: boolean | null;
  clockSkewSeconds: number | null;
  /**
   * Present only once a create or update answer gave it (reads never do): a read that lacks the key says
   * "not known here", not "gone" (see TwoSmsAdapter.serviceProviders and NOTES).
   */
  serviceProvider?: TwoSmsServiceProvider;
};

/** The service-provider settings of a create/update answer; null when it carries neither. */
export function serviceProviderOf(details: IdentityProviderDetails): TwoSmsServiceProvider | null {
  const entityId = details.EntityID?.trim() || null;
  const replyUrl = details.ReplyURL?.trim() || null;
  return entityId || replyUrl ? { entityId, replyUrl } : null;
}

/** `provider` with the service-provider settings known for it (unchanged when none are). */
export function withServiceProvider(
  provider: NormalizedProvider<TwoSmsDetails>,
  known: TwoSmsServiceProvider | null | undefined,
): NormalizedProvider<TwoSmsDetails> {
  return known ? { ...provider, details: { ...provider.details, serviceProvider: known } } : provider;
}

export function normalizeProvider(idp: IdentityProviderApi): NormalizedProvider<TwoSmsDetails> {
  const certificate = idp.Certificate?.trim() ? idp.Certificate : null;
  const details: TwoSmsDetails = {
    name: idp.Name ?? null,
    provider: idp.Provider ?? null,
    domain: idp.Domain ?? null,
    domainTxtRecord: idp.DomainTXTrecord ?? null,
    verified: idp.Verified ?? null,
    signOnUrl: idp.SignOnURL ?? null,
    logoutUrl: idp.LogoutURL ?? null,
    certificate,
    certificateExpiry: certificate ? dotNetDateToIso(idp.Expiry) : null,
    signAuthnRequest: idp.SignAuthnRequest ?? null,
    samlResponseSigned: idp.SAMLResponseSigned ?? null,
    samlAssertionSigned: idp.SAMLAssertionSigned ?? null,
    samlAssertionEncrypted: idp.SAMLAssertionEncrypted ?? null,
    clockSkewSeconds: timeSpanSeconds(idp.ClockSkew),
  };
  return {
    key: idp.ID,
    displayName: idp.Name || idp.Domain || idp.ID,
    protocol: 'SAML',
    enabled: idp.Enabled ?? null,
    // SAML: no client id and no client secret at all (a known absence, so hasClientSecret is an honest
    // false); the certificate is public.
    clientId: null,
    secretFingerprints: { clientSecret: null },
    details,
  };
}

/** A .NET DateTime(Offset) as ISO 8601; its default value (year 0001) and unreadable text are null. */
export function dotNetDateToIso(text: string | null | undefined): string | null {
  if (!text || text.startsWith('0001-01-01')) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** A .NET TimeSpan ("[-][d.]hh:mm:ss[.fffffff]") in seconds; null when absent or unreadable. */
export function timeSpanSeconds(text: string | null | undefined): number | null {
  const match = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/.exec(text?.trim() ?? '');
  if (!match) return null;
  const [, minus, days, hours, minutes, seconds, fraction] = match;
  const total =
    Number(days ?? 0) * 86_400 + Number(hours) * 3_600 + Number(minutes) * 60 + Number(seconds) + Number(`0.${fraction ?? '0'}`);
  return minus ? -total : total;
}
