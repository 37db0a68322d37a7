// The vendor's rules for identity-provider and OIDC-configuration input (VENDORS.md 4.2, 4.4), as zod
// schemas on the camelCase input fields, plus the merge of a partial OIDC update with the current state.
// The documented lengths are declared once (IDP_STRINGS, OIDC_STRINGS) for core's string rules, which run
// before these schemas; nothing here calls the vendor.
import { z } from 'zod';
import type { StringFieldRule } from '../../core/adapter.js';
import type { FieldError } from '../../core/errors.js';
import { httpsConfigUrl } from '../../core/https-url.js';
import { privateJwkProblems } from '../../core/public-jwks.js';
import type { HuaweiOidcConfig, OidcConfigToSend } from './model.js';
import { ACCESS_MODES, RESPONSE_MODES, RESPONSE_TYPES, SSO_TYPES, type AccessMode, type ResponseMode } from './wire.js';

/** Lengths VENDORS.md 4.4 documents (idp_url, authorization_endpoint 10-255; client_id 5-255; scope <= 255; signing_key 10-30000). */
const URL_LENGTH = { min: 10, max: 255 } as const;
const CLIENT_ID_LENGTH = { min: 5, max: 255 } as const;
const SIGNING_KEY_LENGTH = { min: 10, max: 30_000 } as const;
/** IdP names: 1-64 characters (VENDORS.md 4.2). Descriptions: the gateway's cap of 255 (not documented there). */
const NAME_LENGTH = { min: 1, max: 64 } as const;
const DESCRIPTION_LENGTH = { max: 255 } as const;

/** Core's string rules (MutationSpec.strings) of the identity-provider fields. */
export const IDP_STRINGS = { name: NAME_LENGTH, description: DESCRIPTION_LENGTH } as const satisfies Record<string, StringFieldRule>;

/** Core's string rules of the OIDC configuration fields: the documented ranges above. A JWKS is JSON, which may span lines. */
export const OIDC_STRINGS = {
  idpUrl: URL_LENGTH,
  clientId: CLIENT_ID_LENGTH,
  authorizationEndpoint: URL_LENGTH,
  scope: { max: 255 },
  signingKey: { ...SIGNING_KEY_LENGTH, multiline: true },
} as const satisfies Record<string, StringFieldRule>;

/** scope: 1-10 space-separated values of [a-zA-Z_0-9], one of them `openid`, at most 255 characters. */
export const scopeSchema = z
  .string()
  .superRefine((value, ctx) => {
    const values = value.split(' ');
    if (values.some((v) => v === '')) {
      ctx.addIssue({ code: 'custom', message: 'must be values separated by single spaces, with no leading or trailing space' });
      return;
    }
    if (values.length > 10) ctx.addIssue({ code: 'custom', message: `must have 1 to 10 values (has ${values.length})` });
    const bad = values.filter((v) => !/^[a-zA-Z_0-9]+$/.test(v));
    if (bad.length) ctx.addIssue({ code: 'custom', message: `values may hold only letters, digits and "_": ${bad.join(', ')}` });
    if (!values.includes('openid')) ctx.addIssue({ code: 'custom', message: 'must include openid' });
  });

/**
 * signing_key: a JWKS of public keys serialized as a JSON string, e.g. {"keys":[{...}]} (its 10-30000
 * characters are core's check, OIDC_STRINGS). A private or symmetric key is refused: it must never be sent
 * to Huawei nor kept in the gateway's snapshots.
 */
export const signingKeySchema = z
  .string()
  .superRefine((value, ctx) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JWKS serialized as JSON ({"keys":[...]}); this is not JSON' });
      return;
    }
    const keys = (parsed as { keys?: unknown } | null)?.keys;
    if (!parsed || typeof parsed !== 'object' || !Array.isArray(keys) || keys.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'must be a JWKS: a JSON object with a non-empty "keys" array' });
      return;
    }
    if (keys.some((key) => !key || typeof key !== 'object' || typeof (key as { kty?: unknown }).kty !== 'string')) {
      ctx.addIssue({ code: 'custom', message: 'every entry of "keys" must be a JSON Web Key with a "kty"' });
    }
    for (const problem of privateJwkProblems(parsed)) ctx.addIssue({ code: 'custom', message: problem });
  });

/** The OIDC configuration fields, each optional: which are required depends on accessMode and current state. */
export const oidcConfigFields = {
  accessMode: z.enum(ACCESS_MODES, { error: `must be one of ${ACCESS_MODES.join(', ')}` }).optional(),
  idpUrl: httpsConfigUrl({ field: 'idpUrl', ...URL_LENGTH }).optional(),
  clientId: z.string().optional(),
  authorizationEndpoint: httpsConfigUrl({ field: 'authorizationEndpoint', ...URL_LENGTH }).optional(),
  scope: scopeSchema.optional(),
  responseType: z.enum(RESPONSE_TYPES, { error: 'must be id_token' }).optional(),
  responseMode: z.enum(RESPONSE_MODES, { error: `must be one of ${RESPONSE_MODES.join(', ')}` }).optional(),
  signingKey: signingKeySchema.optional(),
};
export type OidcConfigInput = { [K in keyof typeof oidcConfigFields]?: z.output<(typeof oidcConfigFields)[K]> };

const CONSOLE_FIELDS = ['authorizationEndpoint', 'scope', 'responseType', 'responseMode'] as const;

const isAccessMode = (value: string | null | undefined): value is AccessMode =>
  (ACCESS_MODES as readonly string[]).includes(value ?? '');
const isResponseMode = (value: string | null | undefined): value is ResponseMode =>
  (RESPONSE_MODES as readonly string[]).includes(value ?? '');

/**
 * The whole configuration to send after applying `input` over `current` (null: none yet, so this is a
 * create). A field left out keeps its current value. Under program_console the console fields are needed;
 * response_type has one legal value, so it defaults to id_token. Under program they are not used, and
 * setting one is an error rather than silently dropped.
 */
export function mergeOidcConfig(
  current: HuaweiOidcConfig | null,
  input: OidcConfigInput,
): { config: OidcConfigToSend; errors: [] } | { config: null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const missing = (field: string, why: string) => errors.push({ path: [field], message: `is required ${why}` });
  const why = current ? 'and the current configuration has none' : 'to create the OpenID Connect configuration';

  const accessMode = input.accessMode ?? current?.accessMode;
  if (!isAccessMode(accessMode)) missing('accessMode', why);
  const idpUrl = input.idpUrl ?? current?.idpUrl;
  if (!idpUrl) missing('idpUrl', why);
  const clientId = input.clientId ?? current?.clientId;
  if (!clientId) missing('clientId', why);
  const signingKey = input.signingKey ?? current?.signingKey;
  if (!signingKey) missing('signingKey', why);

  const config = { accessMode, idpUrl, clientId, signingKey } as OidcConfigToSend;
  if (accessMode === 'program_console') {
    const consoleWhy = 'when accessMode is program_console';
    config.authorizationEndpoint = input.authorizationEndpoint ?? current?.authorizationEndpoint ?? undefined;
    if (!config.authorizationEndpoint) missing('authorizationEndpoint', consoleWhy);
    config.scope = input.scope ?? current?.scope ?? undefined;
    if (!config.scope) missing('scope', consoleWhy);
    const responseMode = input.responseMode ?? current?.responseMode;
    if (isResponseMode(responseMode)) config.responseMode = responseMode;
    else missing('responseMode', consoleWhy);
    config.responseType = 'id_token';
  } else if (accessMode === 'program') {
    for (const field of CONSOLE_FIELDS) {
      if (input[field] !== undefined) {
        errors.push({ path: [field], message: 'is only used when accessMode is program_console' });
      }
    }
  }
  return errors.length ? { config: null, errors } : { config, errors: [] };
}

/** IdP names as the console and Terraform accept them (the vendor's own character set is not documented). */
export const idpNameSchema = z
  .string()
  .regex(/^[\w-]{1,64}$/, 'must be 1 to 64 characters of letters, digits, "_" and "-"');

/** At most 255 characters: core's check (IDP_STRINGS). */
export const descriptionSchema = z.string();
export const ssoTypeSchema = z.enum(SSO_TYPES, { error: `must be one of ${SSO_TYPES.join(', ')}` });
