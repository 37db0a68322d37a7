// What counts as a secret, how it is fingerprinted, and how text and objects are scrubbed of it.
// A secret value goes from an input to a vendor and nowhere else: the store, the audit trail and every
// GraphQL response hold a keyed fingerprint, so a change of secret is visible without the secret.
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
  constructor(private readonly key: Buffer) {}

  /** A keyed, one-way fingerprint of a secret value: equal values give equal fingerprints. */
  fingerprint(value: string): string {
    return `hmac-sha256:${createHmac('sha256', this.key).update(value, 'utf8').digest('hex').slice(0, 32)}`;
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

/** Values shorter than this are not registered: they would scrub ordinary words. */
const MIN_SECRET_LENGTH = 6;

/** The index key of the three characters of `text` at `at` (three UTF-16 units: 48 bits, exact in a double). */
function formKey(text: string, at: number): number {
  return (text.charCodeAt(at) * 0x10000 + text.charCodeAt(at + 1)) * 0x10000 + text.charCodeAt(at + 2);
}

/** Up to this many forms, scrub looks for each in turn; beyond, it looks up each position (measured crossover). */
const FEW_FORMS = 256;

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
 * The forms a value takes in text the gateway writes: as is, URI-encoded (query strings, paths), form-encoded
 * (x-www-form-urlencoded bodies), and JSON-escaped (a PEM key's newlines in a JSON log line or error body, also twice over).
 */
function encodings(value: string): string[] {
  const forms = new Set([
    value,
    encodeURIComponent(value),
    new URLSearchParams({ v: value }).toString().slice(2),
    JSON.stringify(value).slice(1, -1),
    // JSON inside a JSON string (a request body quoted in a log field).
    JSON.stringify(JSON.stringify(value).slice(1, -1)).slice(1, -1),
  ]);
  return [...forms];
}

/**
 * Every secret value the process has handled (inputs and connection credentials). Text that may echo one
 * (vendor error bodies, exception messages, log lines) goes through `scrub` before it is kept or shown.
 */
export class SecretRegistry {
  private readonly values = new Set<string>();
  /** Every form of every value, and the same by its first three characters (formKey), longest first in each list. */
  private readonly forms: string[] = [];
  private readonly formsByKey = new Map<number, string[]>();
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
    if (!value || value.length < MIN_SECRET_LENGTH || this.values.has(value)) return;
    this.values.add(value);
    for (const form of encodings(value)) {
      const key = formKey(form, 0);
      const sameKey = this.formsByKey.get(key);
      if (!sameKey) this.formsByKey.set(key, [form]);
      else if (sameKey.includes(form)) continue;
      else {
        sameKey.push(form);
        sameKey.sort((a, b) => b.length - a.length);
      }
      this.forms.push(form);
    }
  }

  /**
   * `text` with every character that belongs to an occurrence of a secret's form replaced: each run of such
   * characters (overlapping or adjacent occurrences of several secrets make one run) becomes one REDACTED.
   */
  scrub(text: string): string {
    if (this.forms.length === 0) return text;
    const found = this.forms.length <= FEW_FORMS ? this.findEachForm(text) : this.findByPosition(text);
    return found.length === 0 ? text : redactRuns(text, found);
  }

  /** Occurrences [start, end) of every form, each form looked for in turn: the fastest way while there are few. */
  private findEachForm(text: string): Array<[number, number]> {
    const found: Array<[number, number]> = [];
    for (const form of this.forms) {
      for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1)) found.push([at, at + form.length]);
    }
    return found;
  }

  /**
   * Occurrences [start, end) of the longest form starting at each position: one index lookup per position, so
   * the cost does not grow with the number of secrets (access tokens, connection credentials and the client
   * secrets of every provider read add up: at 10 000, looking for each form in turn took 1.3 ms a log line).
   */
  private findByPosition(text: string): Array<[number, number]> {
    const found: Array<[number, number]> = [];
    for (let at = 0; at + MIN_SECRET_LENGTH <= text.length; at++) {
      const form = this.formsByKey.get(formKey(text, at))?.find((candidate) => text.startsWith(candidate, at));
      if (form) found.push([at, at + form.length]);
    }
    return found;
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
