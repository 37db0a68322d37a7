// What a 2sms provider will look like once a planned write has succeeded. The prediction is made on the
// vendor's own read model (IdentityProviderAPI) and run through normalizeProvider, the same function every
// read uses, so a prediction and a read-back cannot drift apart in how they are normalized.
//
// What can be predicted and what cannot (VENDORS.md 3.4, 3.6):
// - Name, Provider, SignOnURL (<- LoginUrl), LogoutURL, Certificate: exactly what the request sends.
// - Expiry: the certificate's notAfter, read from the certificate the request sends.
// - The four SAML signing flags: documented defaults (false) on create; an update does not send them.
// - ID, Domain, DomainTXTrecord: 2sms sets them itself (a generated GUID; a domain derived from the request
//   in an undocumented way; a generated TXT value). Enabled and ClockSkew have no documented default. On
//   create they are unknown: null here (the key ''), so they are no part of the change a plan shows and
//   nothing compares them. On update they keep their current value, also when Provider changes (2sms may
//   then derive another domain and ask for a new verification; how is undocumented), and as they do not
//   differ from the current state, nothing compares them either.
// - Verified: false after a create (ownership is proved by the separate verification call), true after a
//   verification that succeeded (a failed one is an error, not a state).
// - EntityID and ReplyURL (the create/update reply, details.serviceProvider) are no part of the read model:
//   not predicted on create (the answer tells them); an update or verification keeps the known ones.
import type { NormalizedProvider } from '../../core/vendor-contract/adapter.js';
import { rememberLately } from '../../model/remembered.js';
import { parseCertificate } from './certificate.js';
import { normalizeProvider, type TwoSmsDetails } from './normalize.js';
import type { TwoSmsProviderFields } from './requests.js';
import type { IdentityProviderApi } from './wire.js';

/** The key of a provider that 2sms has not created yet: it assigns the GUID, which only a read can tell. */
export const UNASSIGNED_KEY = '';

/** A certificate's expiry, remembered for the certificates seen lately (a parse costs ~0.3-0.5 ms: akamai/certificate.ts). */
const expiryOf = rememberLately(1_000, (certificate: string): string | null => {
  const parsed = parseCertificate(certificate);
  return parsed ? new Date(parsed.validTo).toISOString() : null;
});

/** The certificate's expiry as the vendor reports it (any date text the normalizer reads); null without one. */
function certificateExpiry(certificate: string | null): string | null {
  return certificate ? expiryOf(certificate) : null;
}

function text(details: NormalizedProvider['details'], key: keyof TwoSmsDetails): string | null {
  const value = details[key];
  return typeof value === 'string' ? value : null;
}

function flag(details: NormalizedProvider['details'], key: keyof TwoSmsDetails): boolean | null {
  const value = details[key];
  return typeof value === 'boolean' ? value : null;
}

/** Seconds as a .NET TimeSpan ("[-][d.]hh:mm:ss[.fffffff]"), the inverse of timeSpanSeconds. */
export function secondsToTimeSpan(seconds: number | null): string | null {
  if (seconds === null || !Number.isFinite(seconds)) return null;
  const ticks = Math.round(Math.abs(seconds) * 1e7);
  const whole = Math.floor(ticks / 1e7);
  const fraction = ticks % 1e7;
  const days = Math.floor(whole / 86_400);
  const two = (n: number) => String(n).padStart(2, '0');
  const clock = `${two(Math.floor((whole % 86_400) / 3_600))}:${two(Math.floor((whole % 3_600) / 60))}:${two(whole % 60)}`;
  return `${seconds < 0 ? '-' : ''}${days ? `${days}.` : ''}${clock}${fraction ? `.${String(fraction).padStart(7, '0')}` : ''}`;
}

/**
 * A normalized provider back in the vendor's read model: normalizeProvider(toWire(p)) equals p. Only the
 * Expiry text differs from what 2sms sent (ISO 8601 instead of .NET's offset form), which reads the same.
 */
export function toWire(provider: NormalizedProvider): IdentityProviderApi {
  const d = provider.details;
  const certificate = text(d, 'certificate');
  return {
    ID: provider.key,
    Name: text(d, 'name'),
    Provider: text(d, 'provider'),
    Domain: text(d, 'domain'),
    Enabled: provider.enabled,
    Certificate: certificate,
    Expiry: text(d, 'certificateExpiry'),
    SignOnURL: text(d, 'signOnUrl'),
    LogoutURL: text(d, 'logoutUrl'),
    SignAuthnRequest: flag(d, 'signAuthnRequest'),
    SAMLResponseSigned: flag(d, 'samlResponseSigned'),
    SAMLAssertionSigned: flag(d, 'samlAssertionSigned'),
    SAMLAssertionEncrypted: flag(d, 'samlAssertionEncrypted'),
    ClockSkew: secondsToTimeSpan(typeof d.clockSkewSeconds === 'number' ? d.clockSkewSeconds : null),
    Verified: flag(d, 'verified'),
    DomainTXTrecord: text(d, 'domainTxtRecord'),
  };
}

/** The fields a create or update sends, as the read model names them. */
function sentFields(fields: TwoSmsProviderFields, unchangedCertificate?: { certificate: string | null; expiry: string | null }) {
  const certificate = fields.certificate || null;
  const expiry =
    unchangedCertificate && unchangedCertificate.certificate === certificate ? unchangedCertificate.expiry : certificateExpiry(certificate);
  return {
    Name: fields.name,
    Provider: fields.provider,
    SignOnURL: fields.loginUrl,
    LogoutURL: fields.logoutUrl,
    Certificate: certificate,
    Expiry: expiry,
  };
}

/** After POST v2: the sent fields, the documented defaults, and null for what 2sms alone decides. */
export function predictCreated(fields: TwoSmsProviderFields): NormalizedProvider {
  return normalizeProvider({
    ID: UNASSIGNED_KEY,
    ...sentFields(fields),
    Domain: null,
    DomainTXTrecord: null,
    Enabled: null,
    ClockSkew: null,
    Verified: false,
    SignAuthnRequest: false,
    SAMLResponseSigned: false,
    SAMLAssertionSigned: false,
    SAMLAssertionEncrypted: false,
  });
}

/** After PUT v2: the current provider with the whole sent object over it; what 2sms sets itself stays. */
export function predictUpdated(current: NormalizedProvider, fields: TwoSmsProviderFields): NormalizedProvider {
  const wire = toWire(current);
  const predicted = normalizeProvider({
    ...wire,
    ...sentFields(fields, { certificate: wire.Certificate ?? null, expiry: wire.Expiry ?? null }),
  });
  return { ...keepServiceProvider(predicted, current), secretFingerprints: current.secretFingerprints };
}

/** The service-provider settings are no part of the read model: a prediction keeps the known ones. */
function keepServiceProvider(predicted: NormalizedProvider, current: NormalizedProvider): NormalizedProvider {
  const known = current.details.serviceProvider;
  return known ? { ...predicted, details: { ...predicted.details, serviceProvider: known } } : predicted;
}

/** After a verification that succeeded: verified. Whether 2sms also enables the provider is undocumented. */
export function predictVerified(current: NormalizedProvider): NormalizedProvider {
  const predicted = normalizeProvider({ ...toWire(current), Verified: true });
  return { ...keepServiceProvider(predicted, current), secretFingerprints: current.secretFingerprints };
}
