// The keys tokens are verified with (OIDC): a JWKS with at least one usable public signing key, never a private
// or symmetric one (public-jwks.ts). When the vendor holds keys inline and the IdP also publishes its JWKS, the
// two are compared: inline keys the IdP no longer publishes are the usual cause of sign-in failing after the
// IdP rotated its key. Messages name keys by kid and type, never by their material.
import { createHash, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { privateJwkProblems } from '../inputs/public-jwks.js';
import { type Finding, worst } from './check-kit.js';
import type { ConfigurationCheck } from './configuration.js';

const SIGNING_KEY_TYPES = ['RSA', 'EC', 'OKP'];
const MIN_RSA_BITS = 2048;

/** A public signing key found in a JWKS. */
export interface SigningKey {
  /** How messages name it: `RSA kid "abc"`. */
  label: string;
  /** RFC 7638 thumbprint: the same key whatever other members or order the JWKS gives it. */
  thumbprint: string;
}

export interface ReadJwks {
  keys: SigningKey[];
  findings: Finding[];
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The signing keys of a JWKS text (`{"keys":[...]}` or one JWK) and what is wrong with it; `where` names its origin. */
export function readJwks(text: string, where: string): ReadJwks {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The parser's message may quote the text, which could be a private key: not repeated.
    return { keys: [], findings: [{ status: 'FAIL', message: `${where} is not valid JSON: give a JWKS, {"keys":[...]}` }] };
  }
  const entries = isObject(parsed) && Array.isArray(parsed.keys) ? parsed.keys : isObject(parsed) && 'kty' in parsed ? [parsed] : null;
  if (!entries) return { keys: [], findings: [{ status: 'FAIL', message: `${where} is not a JWKS: expected {"keys":[...]}` }] };
  const privateProblems = privateJwkProblems(parsed);
  if (privateProblems.length) {
    return { keys: [], findings: privateProblems.map((problem) => ({ status: 'FAIL', message: `${where}: ${problem}` })) };
  }
  const keys: SigningKey[] = [];
  const findings: Finding[] = [];
  entries.forEach((entry, index) => {
    const read = readKey(entry, index);
    if ('key' in read) keys.push(read.key);
    if (read.finding) findings.push({ status: read.finding.status, message: `${where}: ${read.finding.message}` });
  });
  if (!keys.length)
    findings.push({ status: 'FAIL', message: `${where} holds no usable public signing key (RSA, EC or OKP): give the IdP's signing keys` });
  return { keys, findings };
}

function readKey(entry: unknown, index: number): { key: SigningKey; finding?: Finding } | { finding?: Finding } {
  if (!isObject(entry)) return { finding: { status: 'WARN', message: `keys[${index}] is not a JSON object, ignored` } };
  const label = `${typeof entry.kty === 'string' ? entry.kty : 'key'} ${typeof entry.kid === 'string' ? `kid "${entry.kid}"` : `keys[${index}]`}`;
  if (typeof entry.kty !== 'string' || !SIGNING_KEY_TYPES.includes(entry.kty)) {
    return { finding: { status: 'WARN', message: `${label} is not a signing key type (RSA, EC or OKP expected), ignored` } };
  }
  const keyOps = Array.isArray(entry.key_ops) ? entry.key_ops : null;
  if ((entry.use !== undefined && entry.use !== 'sig') || (keyOps && !keyOps.includes('verify'))) return {}; // an encryption key: not for signatures
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: entry as JsonWebKey, format: 'jwk' });
  } catch {
    return { finding: { status: 'WARN', message: `${label} is not a readable public key, ignored: check its members` } };
  }
  const key = { label, thumbprint: thumbprint(publicKey) };
  const bits = publicKey.asymmetricKeyDetails?.modulusLength;
  if (entry.kty === 'RSA' && bits !== undefined && bits < MIN_RSA_BITS) {
    return {
      key,
      finding: { status: 'WARN', message: `${label} has ${bits} bits, under ${MIN_RSA_BITS}: ask the IdP for a stronger key` },
    };
  }
  return { key };
}

/** RFC 7638: SHA-256 of the required public members, in lexical order, as JSON without spaces. */
function thumbprint(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' });
  const required =
    jwk.kty === 'RSA'
      ? { e: jwk.e, kty: jwk.kty, n: jwk.n }
      : jwk.kty === 'EC'
        ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }
        : { crv: jwk.crv, kty: jwk.kty, x: jwk.x };
  return createHash('sha256').update(JSON.stringify(required)).digest('base64url');
}

/** Where the keys come from: inline (what the vendor verifies with) and/or what the IdP publishes. */
export interface KeySources {
  inline?: string | null;
  /** The IdP's JWKS as fetched, or why it could not be read (the whole message). */
  published?: { url: string; text: string } | { problem: string } | null;
}

export function checkKeys(sources: KeySources): ConfigurationCheck {
  const { inline, published } = sources;
  const fetched = published && 'text' in published ? readJwks(published.text, `the JWKS at ${published.url}`) : null;
  if (!inline) {
    if (!published) {
      return {
        name: 'jwks',
        status: 'FAIL',
        message: 'no signing keys: give the JWKS URI, the keys themselves, or the issuer to discover them',
      };
    }
    if ('problem' in published) return { name: 'jwks', status: 'FAIL', message: published.problem };
    return summary(fetched!, `the JWKS at ${published.url}`);
  }
  const held = readJwks(inline, 'the signing keys');
  if (!fetched?.keys.length || !held.keys.length) return summary(held, 'the signing keys');
  const inlineThumbprints = new Set(held.keys.map((key) => key.thumbprint));
  const publishedThumbprints = new Set(fetched.keys.map((key) => key.thumbprint));
  const stale = held.keys.filter((key) => !publishedThumbprints.has(key.thumbprint));
  const missing = fetched.keys.filter((key) => !inlineThumbprints.has(key.thumbprint));
  const findings = [...held.findings];
  const url = published && 'url' in published ? published.url : '';
  if (stale.length === held.keys.length) {
    findings.push({
      status: 'WARN',
      message: `none of the signing keys is among those the IdP publishes at ${url}: it may have rotated its keys; update them`,
    });
  } else if (missing.length) {
    findings.push({
      status: 'WARN',
      message: `the IdP publishes ${labels(missing)} at ${url}, not among the signing keys: tokens it signs with them would be refused; add them`,
    });
  }
  return summary({ keys: held.keys, findings }, 'the signing keys');
}

const labels = (keys: SigningKey[]) => keys.map((key) => key.label).join(', ');

function summary(read: ReadJwks, where: string): ConfigurationCheck {
  const found = read.keys.length
    ? [
        `${where} hold${where.startsWith('the JWKS') ? 's' : ''} ${read.keys.length} public signing key${read.keys.length === 1 ? '' : 's'} (${labels(read.keys)})`,
      ]
    : [];
  const messages = [...found, ...read.findings.map((finding) => finding.message)];
  return { name: 'jwks', status: worst(read.findings.map((finding) => finding.status)), message: messages.join('; ') };
}
