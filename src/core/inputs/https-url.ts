// The one rule for a URL the gateway hands a vendor as configuration (authorization, token, userinfo, login,
// logout, issuer, documentation, icon URLs of every vendor): absolute https://, a host, no user name or
// password (they would be stored and shown in plain text), no spaces, at most the vendor's maximum length.
// Vendors declare the field with `httpsConfigUrl`; only the length limits are theirs.
import { z } from 'zod';
import { controlCharacterProblem, lengthProblem } from './string-rules.js';

/** The cap of a configuration URL where the vendor documents none: 2048 characters. */
export const MAX_CONFIG_URL_LENGTH = 2048;

export interface UrlLimits {
  /** Fewest characters (Huawei documents 10). Default 0. */
  min?: number;
  /** Most characters: the vendor's documented maximum, else MAX_CONFIG_URL_LENGTH. */
  max?: number;
}

/**
 * The text between "//" and the path of a URL that has one ("user:pw@host:443" in "https://user:pw@host:443/x"),
 * or null. WHATWG URL parsers also end it at "\", so this does too.
 */
export function authorityOf(value: string): string | null {
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/\\?#]*)/i.exec(value);
  return match ? match[1]! : null;
}

/** Why `value` is no configuration URL (without the field's name: "must be an https:// URL ..."), or null. */
export function httpsUrlProblem(value: string, limits: UrlLimits = {}): string | null {
  const control = controlCharacterProblem(value);
  if (control) return control;
  const length = lengthProblem(value, limits.min ?? 0, limits.max ?? MAX_CONFIG_URL_LENGTH);
  if (length) return length;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1];
  if (!scheme) return 'must be an absolute https:// URL, e.g. https://idp.example.com/authorize';
  if (scheme.toLowerCase() !== 'https') return `must be an https:// URL (${scheme.toLowerCase()}: is not accepted)`;
  const authority = authorityOf(value);
  if (!authority) return 'must be an absolute https:// URL with a host, e.g. https://idp.example.com/authorize';
  if (authority.includes('@'))
    return 'must not contain a user name or password (remove the part before "@"): they would be stored and shown in plain text';
  if (/\s/.test(value)) return 'must not contain spaces (encode them as %20)';
  // Parsers disagree on "\" (WHATWG reads it as "/", RFC 3986 does not allow it): what a vendor reads would differ.
  if (value.includes('\\')) return 'must not contain "\\" (use "/" in a path, %5C elsewhere)';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be a valid https:// URL with a host name, e.g. https://idp.example.com/authorize';
  }
  if (!url.hostname) return 'must be an absolute https:// URL with a host, e.g. https://idp.example.com/authorize';
  return null;
}

/**
 * The schema of a configuration URL field: the value as given (not normalized), or an issue whose message
 * names the field ("authUrl must be an https:// URL (http: is not accepted)").
 */
export function httpsConfigUrl(options: UrlLimits & { field: string }) {
  const { field, ...limits } = options;
  return z.string({ error: `${field} must be a string` }).superRefine((value, ctx) => {
    const problem = httpsUrlProblem(value, limits);
    if (problem) ctx.addIssue({ code: 'custom', message: `${field} ${problem}` });
  });
}
