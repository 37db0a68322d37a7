// What counts as a secret, how it is fingerprinted, and how text and objects are scrubbed of it.
// A secret value goes from an input to a vendor and nowhere else: the store, the audit trail and every
// GraphQL response hold a keyed fingerprint, so a change of secret is visible without the secret.
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Compared after lower-casing and dropping "_" and "-", so client_secret, clientSecret and Client-Secret match.
// A list rather than a pattern: "token_url" or "token_auth_method" are not secrets, "signing_key" is a public JWKS.
const SECRET_KEYS = new Set([
  'secret', 'clientsecret', 'password', 'privatekey', 'apikey', 'apitoken', 'token', 'accesstoken',
  'refreshtoken', 'authtoken', 'authorization', 'xauthtoken', 'xsubjecttoken', 'slashidapikey',
]);

/** True for an object key whose value must never be stored or shown (client_secret, apiKey, X-Auth-Token, ...). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase().replace(/[-_]/g, ''));
}

export const REDACTED = '[REDACTED]';

export class Fingerprinter {
  constructor(private readonly key: Buffer) {}

  /** A keyed, one-way fingerprint of a secret value: equal values give equal fingerprints. */
  fingerprint(value: string): string {
    return 'hmac-sha256:' + createHmac('sha256', this.key).update(value, 'utf8').digest('hex').slice(0, 32);
  }

  fingerprintOrNull(value: string | null | undefined): string | null {
    return value === null || value === undefined || value === '' ? null : this.fingerprint(value);
  }
}

/**
 * The fingerprint key: IDP_GATEWAY_SECRET_KEY when set, else a key generated once and kept in the data
 * folder, so fingerprints (and with them provider versions) stay stable across restarts.
 */
export function loadFingerprintKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const fromEnv = env.IDP_GATEWAY_SECRET_KEY;
  if (fromEnv) return Buffer.from(fromEnv, 'utf8');
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'fingerprint.key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8');
}

/**
 * Every secret value the process has handled (inputs and connection credentials). Text that may echo one
 * (vendor error bodies, exception messages, log lines) goes through `scrub` before it is kept or shown.
 */
export class SecretRegistry {
  private readonly values = new Set<string>();

  add(value: string | null | undefined): void {
    // Very short values would scrub ordinary words; the vendors' secrets are all longer than this.
    if (value && value.length >= 6) this.values.add(value);
  }

  scrub(text: string): string {
    let out = text;
    for (const value of this.values) {
      if (out.includes(value)) out = out.split(value).join(REDACTED);
      const encoded = encodeURIComponent(value);
      if (encoded !== value && out.includes(encoded)) out = out.split(encoded).join(REDACTED);
    }
    return out;
  }
}

/**
 * A deep copy with every secret-named key's value (and every key named in `alsoSecret`, at any depth)
 * replaced by its fingerprint, or null when empty.
 */
export function fingerprintSecrets(value: unknown, fingerprinter: Fingerprinter, alsoSecret: readonly string[] = []): unknown {
  if (Array.isArray(value)) return value.map((item) => fingerprintSecrets(item, fingerprinter, alsoSecret));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      const secret = isSecretKey(key) || alsoSecret.includes(key);
      if (secret && (typeof inner === 'string' || inner === null || inner === undefined)) {
        out[key] = fingerprinter.fingerprintOrNull(inner as string | null | undefined);
      } else {
        out[key] = fingerprintSecrets(inner, fingerprinter, alsoSecret);
      }
    }
    return out;
  }
  return value;
}

/** A deep copy with every secret-named key's value replaced by REDACTED, for request summaries. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = isSecretKey(key) && inner !== null && typeof inner !== 'object' ? REDACTED : redactSecrets(inner);
    }
    return out;
  }
  return value;
}
