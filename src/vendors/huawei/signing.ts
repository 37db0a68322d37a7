// Huawei Cloud's AK/SK request signature (SDK-HMAC-SHA256), as the API gateway in front of IAM checks it and
// as the official SDKs compute it (huaweicloud-sdk-core AKSKSigner). Pure: the adapter signs with it, the
// emulator recomputes it to verify. What is signed is what goes on the wire: the URL's path as sent (each
// segment percent-decoded, then re-encoded with only RFC 3986 unreserved characters left bare, a trailing
// "/" added), the query sorted by name and encoded the same way, the named headers lower-cased and sorted,
// and the hex SHA-256 of the body bytes.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';
/** The signature's timestamp header (`YYYYMMDDTHHMMSSZ`, UTC). */
export const SDK_DATE_HEADER = 'x-sdk-date';

/** Everything the signature covers; header names in any case, values exactly as sent. */
export interface SignableRequest {
  method: string;
  /** The absolute URL as sent (its path and host are signed). */
  url: string;
  /** Query parameters, decoded (undefined values are not sent and not signed). */
  query: Record<string, string | undefined>;
  /** The headers to sign besides host and X-Sdk-Date. */
  headers: Record<string, string>;
  body: string;
}

/** Percent-encodes all but A-Z a-z 0-9 - . _ ~ (UTF-8), as the SDK's urlEncode. */
export function huaweiEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    // A stray "%" is a literal: the gateway cannot decode it either.
    return segment;
  }
}

/** The canonical path: every segment decoded then re-encoded, always ending in "/". */
export function canonicalPath(pathname: string): string {
  const path = pathname
    .split('/')
    .map((segment) => huaweiEncode(decodeSegment(segment)))
    .join('/');
  return path.endsWith('/') ? path : `${path}/`;
}

/** The canonical query: sorted by name (code units), `name=value` encoded, "&"-joined. */
export function canonicalQuery(query: Record<string, string | undefined>): string {
  return Object.entries(query)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${huaweiEncode(key)}=${huaweiEncode(value)}`)
    .join('&');
}

/** `YYYYMMDDTHHMMSSZ` of an epoch-ms time. */
export function sdkDate(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** Epoch ms of an X-Sdk-Date value, or null when it is not one. */
export function parseSdkDate(value: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return null;
  const at = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  return Number.isFinite(at) ? at : null;
}

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The string the secret key signs, from the signed headers (lower-case names) and their values. */
export function stringToSign(request: Omit<SignableRequest, 'headers'>, signed: Record<string, string>, date: string): string {
  const names = Object.keys(signed).sort();
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalPath(new URL(request.url).pathname),
    canonicalQuery(request.query),
    names.map((name) => `${name}:${signed[name]}\n`).join(''),
    names.join(';'),
    sha256Hex(request.body),
  ].join('\n');
  return [SIGNING_ALGORITHM, date, sha256Hex(canonicalRequest)].join('\n');
}

export function signature(secretKey: string, text: string): string {
  return createHmac('sha256', secretKey).update(text, 'utf8').digest('hex');
}

/**
 * The headers that sign `request` at `now`: X-Sdk-Date and Authorization. Host (the URL's, as the HTTP client
 * sends it) and every header of the request are signed.
 */
export function signRequest(
  request: SignableRequest,
  keys: { accessKey: string; secretKey: string },
  now: number,
): { 'X-Sdk-Date': string; Authorization: string } {
  const date = sdkDate(now);
  const signed: Record<string, string> = { host: new URL(request.url).host, [SDK_DATE_HEADER]: date };
  for (const [name, value] of Object.entries(request.headers)) signed[name.toLowerCase()] = value;
  const names = Object.keys(signed).sort().join(';');
  const hex = signature(keys.secretKey, stringToSign(request, signed, date));
  return { 'X-Sdk-Date': date, Authorization: `${SIGNING_ALGORITHM} Access=${keys.accessKey}, SignedHeaders=${names}, Signature=${hex}` };
}

export interface ParsedAuthorization {
  accessKey: string;
  signedHeaders: string[];
  signature: string;
}

/** Reads an `SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=...` header; null when it is not one. */
export function parseAuthorization(value: string): ParsedAuthorization | null {
  const m = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)$/.exec(value.trim());
  if (!m) return null;
  return { accessKey: m[1]!, signedHeaders: m[2]!.split(';'), signature: m[3]! };
}

/** Constant-time comparison of two hex signatures. */
export function sameSignature(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
