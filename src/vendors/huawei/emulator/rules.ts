// The emulator's copy of the vendor's body rules, on wire names. Written apart from the adapter's rules
// (rules.ts) on purpose: if both shared one function, a wrong rule would pass its own test.
// Each check returns the wire name of the first bad field, or null.

const isString = (value: unknown): value is string => typeof value === 'string';
const lengthIn = (value: unknown, min: number, max: number) => isString(value) && value.length >= min && value.length <= max;

export const OIDC_FIELDS = [
  'access_mode',
  'idp_url',
  'client_id',
  'authorization_endpoint',
  'scope',
  'response_type',
  'response_mode',
  'signing_key',
] as const;
export type OidcField = (typeof OIDC_FIELDS)[number];
export type StoredOidcConfig = Record<OidcField, string>;

const CONSOLE_FIELDS: OidcField[] = ['authorization_endpoint', 'scope', 'response_type', 'response_mode'];

function scopeOk(value: unknown): boolean {
  if (!isString(value) || value.length > 255) return false;
  const values = value.split(' ');
  return values.length >= 1 && values.length <= 10 && values.every((v) => /^[a-zA-Z_0-9]+$/.test(v)) && values.includes('openid');
}

function signingKeyOk(value: unknown): boolean {
  if (!lengthIn(value, 10, 30_000)) return false;
  try {
    const parsed = JSON.parse(value as string) as { keys?: unknown } | null;
    return !!parsed && typeof parsed === 'object' && Array.isArray(parsed.keys);
  } catch {
    return false;
  }
}

const FIELD_OK: Record<OidcField, (value: unknown) => boolean> = {
  access_mode: (v) => v === 'program' || v === 'program_console',
  idp_url: (v) => lengthIn(v, 10, 255),
  client_id: (v) => lengthIn(v, 5, 255),
  authorization_endpoint: (v) => lengthIn(v, 10, 255),
  scope: scopeOk,
  response_type: (v) => v === 'id_token',
  response_mode: (v) => v === 'fragment' || v === 'form_post',
  signing_key: signingKeyOk,
};

/** First field present in `body` whose value breaks its rule. Unknown keys are ignored (not documented). */
export function badOidcField(body: Record<string, unknown>): OidcField | null {
  for (const field of OIDC_FIELDS) {
    if (body[field] !== undefined && !FIELD_OK[field](body[field])) return field;
  }
  return null;
}

/**
 * First required field missing from a whole configuration: the four base fields always, the console
 * fields under program_console. On update the merged object is checked (VENDORS.md 4.7 leaves open which
 * one the vendor checks; the merged one is the lenient reading).
 */
export function missingOidcField(config: Partial<Record<OidcField, unknown>>): OidcField | null {
  const required: OidcField[] = ['access_mode', 'idp_url', 'client_id', 'signing_key'];
  if (config.access_mode === 'program_console') required.push(...CONSOLE_FIELDS);
  return required.find((field) => config[field] === undefined || config[field] === '') ?? null;
}

/** The stored form: all eight fields, "" where unset (reads return every field, possibly empty). */
export function storeOidcConfig(body: Partial<Record<OidcField, unknown>>, base?: StoredOidcConfig): StoredOidcConfig {
  const out = {} as StoredOidcConfig;
  for (const field of OIDC_FIELDS) {
    const value = body[field];
    out[field] = isString(value) ? value : (base?.[field] ?? '');
  }
  return out;
}

/** Keystone's jsonschema answer to an unexpected key. */
export function unexpectedKeys(body: Record<string, unknown>, allowed: readonly string[]): string | null {
  const extra = Object.keys(body).filter((key) => !allowed.includes(key));
  return extra.length ? `Additional properties are not allowed ('${extra.join("', '")}' was unexpected)` : null;
}

/** Mapping rules as Keystone checks them: a non-empty list of {local: [...], remote: [{type}, ...]}. */
export function mappingRulesOk(rules: unknown): boolean {
  if (!Array.isArray(rules) || rules.length === 0) return false;
  return rules.every((rule) => {
    const r = rule as { local?: unknown; remote?: unknown } | null;
    return (
      !!r &&
      Array.isArray(r.local) &&
      r.local.length > 0 &&
      Array.isArray(r.remote) &&
      r.remote.length > 0 &&
      r.remote.every((remote) => isString((remote as { type?: unknown } | null)?.type))
    );
  });
}
