// SlashID's rules for provider options (VENDORS.md 5.2), in one place: the mutation inputs refuse what the
// vendor would refuse (so no call is made), and the emulator refuses it too (so the tests prove the rule).
import { createPrivateKey } from 'node:crypto';
import type { OAuthProvider } from './wire.js';

/** Apple's client-secret lifetime bounds: 5 minutes to 6 months (15 777 000 s). */
export const MIN_SECRET_LIFETIME_SECONDS = 300;
export const MAX_SECRET_LIFETIME_SECONDS = 15_777_000;
/** What SlashID uses when an Apple credential has no secret_lifetime (30 days), as Go prints it. */
export const DEFAULT_SECRET_LIFETIME = '720h0m0s';
/** Apple team and key identifiers are exactly this long. */
export const APPLE_ID_LENGTH = 10;

const GO_UNITS: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6, // U+00B5 micro sign
  μs: 1e-6, // U+03BC Greek mu
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};

/**
 * Seconds of a Go `time.Duration` string ("720h", "1h30m", "1.5h", "300s"), or null when Go's
 * `time.ParseDuration` would refuse it. A unit is required after every number except a lone "0".
 */
export function parseGoDuration(text: string): number | null {
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return null;
  let total = 0;
  const part = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/;
  while (rest !== '') {
    const match = part.exec(rest);
    if (!match) return null;
    const [whole, int = '', frac] = match;
    if (int === '' && (frac === undefined || frac === '')) return null;
    const value = Number(`${int || '0'}.${frac || '0'}`);
    total += value * GO_UNITS[match[3]!]!;
    rest = rest.slice(whole.length);
  }
  return sign * total;
}

/** Why `secret_lifetime` is refused, or null when SlashID accepts it. */
export function secretLifetimeProblem(text: string): string | null {
  const seconds = parseGoDuration(text);
  if (seconds === null) return 'must be a Go duration such as "720h", "24h" or "90m"';
  if (seconds < MIN_SECRET_LIFETIME_SECONDS || seconds > MAX_SECRET_LIFETIME_SECONDS) {
    return `must be between ${MIN_SECRET_LIFETIME_SECONDS} s (5 minutes) and ${MAX_SECRET_LIFETIME_SECONDS} s (6 months)`;
  }
  return null;
}

/**
 * Why an Apple private key is refused, or null when it is an ES256 (P-256) key in PKCS#8 PEM, as Apple
 * hands it out. The message never quotes the key.
 */
export function applePrivateKeyProblem(pem: string): string | null {
  if (!/^\s*-----BEGIN PRIVATE KEY-----[\s\S]+-----END PRIVATE KEY-----\s*$/.test(pem)) {
    return 'must be a PKCS#8 PEM key ("-----BEGIN PRIVATE KEY-----"), as downloaded from the Apple developer account';
  }
  try {
    const key = createPrivateKey({ key: pem, format: 'pem' });
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      return 'must be an ES256 key (elliptic curve P-256)';
    }
    return null;
  } catch {
    return 'is not a readable PKCS#8 private key';
  }
}

/** Which provider each option field belongs to; `authorize_scopes` belongs to all of them. */
export const OPTION_OWNERS = {
  tenant: ['azuread'],
  organization_url: ['okta'],
  private_key: ['apple'],
  team_id: ['apple'],
  key_id: ['apple'],
  secret_lifetime: ['apple'],
} as const satisfies Record<string, readonly OAuthProvider[]>;

/** Azure AD accepts a tenant GUID, a tenant domain, or a pseudo tenant. */
export function azureTenantProblem(tenant: string): string | null {
  const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const domain = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
  // The spec says "consumer"; Azure itself says "consumers". Both are let through.
  const pseudo = ['common', 'organizations', 'consumer', 'consumers'];
  if (guid.test(tenant) || domain.test(tenant) || pseudo.includes(tenant)) return null;
  return 'must be a tenant GUID, a tenant domain (contoso.onmicrosoft.com) or common, organizations or consumers';
}
