// What counts as a secret, how it is fingerprinted, and how text and objects are scrubbed of it.
// A secret value goes from an input to a vendor and nowhere else: the store, the audit trail and every
// GraphQL response hold a keyed fingerprint, so a change of secret is visible without the secret.
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rememberLately } from '../model/remembered.js';
import { encodings, MIN_SECRET_LENGTH, SecretForms } from './secret-forms.js';

// Compared after lower-casing and dropping "_" and "-", so client_secret, clientSecret and Client-Secret match.
// A list rather than a pattern: "token_url" or "token_auth_method" are not secrets, "signing_key" is a public JWKS.
// These are the names every vendor shares; a vendor's own (its auth headers) come from its module's
// `secretNames` and reach a SecretRegistry built from the module list (src/vendors/index.ts).
export const COMMON_SECRET_NAMES = [
  'secret',
  'client_secret',
  'password',
  'private_key',
  'api_key',
  'api_token',
  'token',
  'access_token',
  'refresh_token',
  'auth_token',
  'authorization',
] as const;

const normalizedName = (key: string) => key.toLowerCase().replace(/[-_]/g, '');
const COMMON_NAMES = new Set(COMMON_SECRET_NAMES.map(normalizedName));

/** True for an object key whose value must never be stored or shown (client_secret, apiKey, Authorization, ...). */
export function isSecretKey(key: string): boolean {
  return COMMON_NAMES.has(normalizedName(key));
}

export const REDACTED = '[REDACTED]';

export class Fingerprinter {
  /**
   * A keyed, one-way fingerprint of a secret value: equal values give equal fingerprints. Every read of a provider
   * fingerprints its secret again (a mutation reads twice), and an HMAC was about 1 % of a mutation's CPU: the
   * fingerprints of the secrets seen lately are remembered. The values are secrets the process
   * holds anyway (SecretRegistry keeps them to scrub output); the memory is bounded and never leaves the process.
   */
  readonly fingerprint: (value: string) => string;

  constructor(key: Buffer) {
    this.fingerprint = rememberLately(
      1_000,
      (value: string) => `hmac-sha256:${createHmac('sha256', key).update(value, 'utf8').digest('hex').slice(0, 32)}`,
    );
  }

  fingerprintOrNull(value: string | null | undefined): string | null {
    return value === null || value === undefined || value === '' ? null : this.fingerprint(value);
  }
}

/** Why the fingerprint key cannot be had; the message says what to set. */
export class FingerprintKeyError extends Error {}

/** The shortest IDP_GATEWAY_SECRET_KEY accepted: 32 characters (e.g. `openssl rand -hex 32` gives 64). */
export const MIN_FINGERPRINT_KEY_LENGTH = 32;

/**
 * The fingerprint key (HMAC-SHA-256): IDP_GATEWAY_SECRET_KEY when set. Without it, a gateway on the embedded
 * PGlite store generates one once and keeps it in the data folder beside the data it keys, so fingerprints
 * (and with them provider versions) stay stable across restarts. On PostgreSQL the variable is required:
 * every instance sharing the database must compute the same fingerprints, and a key generated in one
 * instance's local folder would differ from the others'.
 */
export function loadFingerprintKey(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
  storeKind: 'pglite' | 'postgres' = 'pglite',
): Buffer {
  const fromEnv = env.IDP_GATEWAY_SECRET_KEY;
  if (fromEnv) {
    if (fromEnv.length < MIN_FINGERPRINT_KEY_LENGTH) {
      throw new FingerprintKeyError(
        `IDP_GATEWAY_SECRET_KEY must be at least ${MIN_FINGERPRINT_KEY_LENGTH} characters (it keys the secret fingerprints); generate one with: openssl rand -hex 32`,
      );
    }
    return Buffer.from(fromEnv, 'utf8');
  }
  if (storeKind === 'postgres') {
    throw new FingerprintKeyError(
      'IDP_GATEWAY_SECRET_KEY is required with DATABASE_URL: every gateway instance sharing the database must fingerprint ' +
        'secrets with the same key. Generate one with `openssl rand -hex 32` and give it to every instance.',
    );
  }
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'fingerprint.key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8');
}

/** `text` with each run of characters covered by `found` ([start, end) ranges) replaced by one REDACTED. */
function redactRuns(text: string, found: Array<[number, number]>): string {
  found.sort((a, b) => a[0] - b[0]);
  let out = '';
  let copied = 0;
  let [runStart, runEnd] = found[0]!;
  for (const [start, end] of found) {
    if (start <= runEnd) {
      runEnd = Math.max(runEnd, end);
      continue;
    }
    out += text.slice(copied, runStart) + REDACTED;
    copied = runEnd;
    runStart = start;
    runEnd = end;
  }
  return out + text.slice(copied, runStart) + REDACTED + text.slice(runEnd);
}

/**
 * Every secret value the process has handled (inputs and connection credentials). Text that may echo one
 * (vendor error bodies, exception messages, log lines) goes through `scrub` before it is kept or shown.
 */
export class SecretRegistry {
  /** Every value, and its forms (SecretForms counts a form shared by several values). */
  private readonly formsOf = new Map<string, string[]>();
  private readonly forms = new SecretForms();
  /** Values that stop being secrets at a time (an access token's expiry): forgotten after it, at a later add. */
  private readonly retiring = new Map<string, number>();
  private readonly names: ReadonlySet<string>;
  /** Every secret name as spelled: the common ones and the vendors' (for the logger's redaction paths). */
  readonly nameSpellings: readonly string[];

  /** `vendorSecretNames`: the vendors' own secret names (VendorModule.secretNames), e.g. "X-Auth-Token". */
  constructor(vendorSecretNames: readonly string[] = []) {
    this.names = new Set([...COMMON_NAMES, ...vendorSecretNames.map(normalizedName)]);
    this.nameSpellings = [...new Set([...COMMON_SECRET_NAMES, ...vendorSecretNames])];
  }

  /** isSecretKey, vendors' names included. */
  isSecretName(key: string): boolean {
    return this.names.has(normalizedName(key));
  }

  add(value: string | null | undefined): void {
    // Very short values would scrub ordinary words; the vendors' secrets are all longer than this.
    if (!value || value.length < MIN_SECRET_LENGTH || this.formsOf.has(value)) return;
    this.forgetRetired(Date.now());
    const forms = encodings(value);
    this.formsOf.set(value, forms);
    for (const form of forms) this.forms.add(form);
  }

  /**
   * `value` is no secret from `at` on (ms since the epoch): an access token that has expired at its vendor. It is
   * scrubbed until then and forgotten after (a gateway renews tokens for as long as it runs: kept, they would add up).
   */
  retire(value: string, at: number): void {
    if (this.formsOf.has(value)) this.retiring.set(value, at);
  }

  private forgetRetired(now: number): void {
    for (const [value, at] of this.retiring) {
      if (at > now) continue;
      this.retiring.delete(value);
      for (const form of this.formsOf.get(value) ?? []) this.forms.remove(form);
      this.formsOf.delete(value);
    }
  }

  /**
   * `text` with every character that belongs to an occurrence of a secret's form replaced: each run of such
   * characters (overlapping or adjacent occurrences of several secrets make one run) becomes one REDACTED.
   */
  scrub(text: string): string {
    if (this.forms.size === 0) return text;
    const found = this.forms.find(text);
    return found.length === 0 ? text : redactRuns(text, found);
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
    // A { key: "client_secret", value } pair (cPanel's extra configuration fields): its value is the secret.
    const pairKey = (value as { key?: unknown }).key;
    const secretPair = typeof pairKey === 'string' && isSecretKey(pairKey);
    for (const [key, inner] of Object.entries(value)) {
      const secret = isSecretKey(key) || alsoSecret.includes(key) || (secretPair && key === 'value');
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

/**
 * A deep copy with every secret-named key's value replaced by REDACTED, for request summaries. `objects`: an
 * object or a list under a secret-named key is replaced whole too (the logger: nothing under such a name is written).
 */
export function redactSecrets(value: unknown, objects = false, isSecret: (key: string) => boolean = isSecretKey): unknown {
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, objects, isSecret));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      const whole = inner !== null && (objects || typeof inner !== 'object');
      out[key] = isSecret(key) && whole ? REDACTED : redactSecrets(inner, objects, isSecret);
    }
    return out;
  }
  return value;
}

/** A deep copy with every string (not keys) scrubbed of every secret `secrets` knows, wherever it stands. */
export function scrubStrings(value: unknown, secrets: SecretRegistry): unknown {
  if (typeof value === 'string') return secrets.scrub(value);
  if (Array.isArray(value)) return value.map((item) => scrubStrings(item, secrets));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, scrubStrings(inner, secrets)]));
  }
  return value;
}
