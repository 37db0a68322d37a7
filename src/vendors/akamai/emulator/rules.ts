// The emulator's body rules for create and modify (VENDORS.md 2.3, 2.4): 422 for a member the provider does
// not have (unknown, read-only, wrong case, or of another protocol), 400 for a bad value (wrong type, non-HTTPS
// URL, unknown enum value) or a missing required member. Where VENDORS.md is unsure the rules are lenient.
import { FIELD_PROTOCOLS, READ_ONLY_FIELDS, TOKEN_AUTH_METHODS, type WireField } from '../wire.js';

export class EmulatorFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail: string,
  ) {
    super(detail);
  }
}

const unprocessable = (code: string, detail: string) => new EmulatorFailure(422, code, 'Unprocessable Entity', detail);
const badRequest = (code: string, detail: string) => new EmulatorFailure(400, code, 'Bad Request', detail);

/** Protocol literals the emulator stores. `oauth` is accepted beside `oauth2` because the real literal is unsure. */
const PROTOCOLS = ['openidconnect', 'saml2', 'oauth2', 'oauth'] as const;
const protocolFamily = (protocol: string) => (protocol === 'oauth' ? 'oauth2' : protocol);

/**
 * Protocols a member is accepted on. Lenient beyond VENDORS.md for token_auth_method: one page [D] says
 * "OAuth", so the emulator also accepts it on OpenID Connect providers (the gateway is the strict one).
 */
function accepts(field: WireField, protocol: string): boolean {
  if (field === 'token_auth_method' && protocol === 'openidconnect') return true;
  return (FIELD_PROTOCOLS[field] as readonly string[]).includes(protocolFamily(protocol));
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function httpsUrl(field: string, value: unknown): void {
  if (typeof value !== 'string') throw badRequest('invalid-value', `${field} must be a string`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw badRequest('invalid-url', `${field} is not a valid URL`);
  }
  if (url.protocol !== 'https:') throw badRequest('invalid-url', `${field} must use the HTTPS scheme`);
}

const stringArray = (value: unknown) => Array.isArray(value) && value.every((item) => typeof item === 'string');

/** Checks one member's value; `null` (removal in a merge patch) was handled by the caller. */
function checkValue(field: WireField, value: unknown): void {
  switch (field) {
    case 'auth_url':
    case 'token_url':
    case 'profile_url':
      httpsUrl(field, value);
      return;
    case 'protocol':
      if (!(PROTOCOLS as readonly unknown[]).includes(value))
        throw badRequest('invalid-value', `protocol must be one of ${PROTOCOLS.join(', ')}`);
      return;
    case 'token_auth_method':
      if (!(TOKEN_AUTH_METHODS as readonly unknown[]).includes(value)) {
        throw badRequest('invalid-value', `token_auth_method must be one of ${TOKEN_AUTH_METHODS.join(', ')}`);
      }
      return;
    case 'scopes':
    case 'idp_certificate_chain':
      if (!stringArray(value)) throw badRequest('invalid-value', `${field} must be an array of strings`);
      return;
    case 'attribute_map':
      if (!isObject(value) || !Object.values(value).every((v) => typeof v === 'string' || v === null)) {
        throw badRequest('invalid-value', 'attribute_map must be an object of attribute paths');
      }
      return;
    case 'authn_context':
      // Its inner members are undocumented [?]: any object is accepted.
      if (!isObject(value)) throw badRequest('invalid-value', 'authn_context must be an object or null');
      return;
    case 'ui':
      if (!isObject(value)) throw badRequest('invalid-value', 'ui must be an object');
      for (const [key, inner] of Object.entries(value)) {
        if (key !== 'title' && key !== 'icon_url')
          throw unprocessable('unknown-field', `The field "ui.${key}" does not exist on a custom provider.`);
        if (inner === null) continue;
        if (key === 'icon_url') httpsUrl('ui.icon_url', inner);
        else if (typeof inner !== 'string') throw badRequest('invalid-value', 'ui.title must be a string');
      }
      return;
    case 'idp_certificate':
      if (typeof value !== 'string' || !/^[A-Za-z0-9+/=\s]+$/.test(value))
        throw badRequest('invalid-value', 'idp_certificate must be a base64 X.509 certificate');
      return;
    default:
      if (typeof value !== 'string' || value === '') throw badRequest('invalid-value', `${field} must be a non-empty string`);
  }
}

export type WriteMode = 'create' | 'merge' | 'replace';

/**
 * Validates a create / modify body against the provider's protocol (the body's, or for a merge patch the
 * stored one unless the patch changes it) and returns it as an object.
 */
export function checkWrite(body: unknown, mode: WriteMode, stored: Json | null): Json {
  if (!isObject(body)) throw badRequest('invalid-json', 'The request body must be a JSON object.');
  for (const key of Object.keys(body)) {
    if ((READ_ONLY_FIELDS as readonly string[]).includes(key)) throw unprocessable('read-only-field', `The field "${key}" is read-only.`);
    if (!(key in FIELD_PROTOCOLS)) throw unprocessable('unknown-field', `The field "${key}" does not exist on a custom provider.`);
  }
  if (mode !== 'merge') {
    for (const required of ['title', 'protocol'] as const) {
      if (body[required] === undefined || body[required] === null)
        throw badRequest('missing-field', `The field "${required}" is required.`);
    }
  }
  if (body.protocol !== undefined && body.protocol !== null) checkValue('protocol', body.protocol);
  const protocol = String(body.protocol ?? stored?.protocol);
  for (const [key, value] of Object.entries(body)) {
    const field = key as WireField;
    if (value === null) {
      if (field === 'title' || field === 'protocol') throw badRequest('invalid-value', `The field "${field}" cannot be removed.`);
      continue;
    }
    if (!accepts(field, protocol)) {
      throw unprocessable('field-not-allowed', `The field "${field}" does not exist on a ${protocol} custom provider.`);
    }
    checkValue(field, value);
  }
  return body;
}

/** RFC 7396 JSON merge patch: objects merge member by member, `null` removes, anything else replaces. */
export function mergePatch(target: Json, patch: Json): Json {
  const out: Json = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (isObject(value)) out[key] = mergePatch(isObject(out[key]) ? (out[key] as Json) : {}, value);
    else out[key] = value;
  }
  return out;
}

/** After a patch that changes the protocol, every member kept must belong to the new one. */
export function checkProtocolFit(provider: Json): void {
  const protocol = String(provider.protocol);
  for (const key of Object.keys(provider)) {
    if (key in FIELD_PROTOCOLS && !accepts(key as WireField, protocol)) {
      throw unprocessable('field-not-allowed', `The field "${key}" does not exist on a ${protocol} custom provider.`);
    }
  }
}
