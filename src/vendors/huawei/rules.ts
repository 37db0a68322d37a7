// The vendor's rules for identity-provider and OIDC-configuration input that are too long for inputs.ts
// (VENDORS.md 4.4): the scope and signing_key checks (zod refinements the input schemas run), and the merge of
// a partial OIDC update with the current state, which says what a configuration still needs. Nothing here
// calls the vendor.
import type { z } from 'zod';
import type { FieldError } from '../../core/errors.js';
import { privateJwkProblems } from '../../core/inputs/public-jwks.js';
import type { OidcConfigInput } from './inputs.js';
import type { HuaweiOidcConfig, OidcConfigToSend } from './normalize.js';
import { ACCESS_MODES, RESPONSE_MODES, type AccessMode, type ResponseMode } from './wire.js';

/** The field error of a configuration field that a create (no configuration yet) lacks. */
export const REQUIRED_TO_CREATE = 'is required to create the OpenID Connect configuration';

/** scope: 1-10 space-separated values of [a-zA-Z_0-9], one of them `openid` (its 255 characters are core's check). */
export function checkScope(value: string, ctx: z.RefinementCtx): void {
  const values = value.split(' ');
  if (values.some((v) => v === '')) {
    ctx.addIssue({ code: 'custom', message: 'must be values separated by single spaces, with no leading or trailing space' });
    return;
  }
  if (values.length > 10) ctx.addIssue({ code: 'custom', message: `must have 1 to 10 values (has ${values.length})` });
  const bad = values.filter((v) => !/^[a-zA-Z_0-9]+$/.test(v));
  if (bad.length) ctx.addIssue({ code: 'custom', message: `values may hold only letters, digits and "_": ${bad.join(', ')}` });
  if (!values.includes('openid')) ctx.addIssue({ code: 'custom', message: 'must include openid' });
}

/**
 * signing_key: a JWKS of public keys serialized as a JSON string, e.g. {"keys":[{...}]} (its 10-30000
 * characters are core's check, OIDC_STRINGS). A private or symmetric key is refused: it must never be sent
 * to Huawei nor kept in the gateway's snapshots.
 */
export function checkSigningKey(value: string, ctx: z.RefinementCtx): void {
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
}

const CONSOLE_FIELDS = ['authorizationEndpoint', 'scope', 'responseType', 'responseMode'] as const;

const isAccessMode = (value: string | null | undefined): value is AccessMode => (ACCESS_MODES as readonly string[]).includes(value ?? '');
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
  const missing = (field: string, message: string) => errors.push({ path: [field], message });
  const required = current ? 'is required and the current configuration has none' : REQUIRED_TO_CREATE;

  const accessMode = input.accessMode ?? current?.accessMode;
  if (!isAccessMode(accessMode)) missing('accessMode', required);
  const idpUrl = input.idpUrl ?? current?.idpUrl;
  if (!idpUrl) missing('idpUrl', required);
  const clientId = input.clientId ?? current?.clientId;
  if (!clientId) missing('clientId', required);
  const signingKey = input.signingKey ?? current?.signingKey;
  if (!signingKey) missing('signingKey', required);

  const config = { accessMode, idpUrl, clientId, signingKey } as OidcConfigToSend;
  if (accessMode === 'program_console') {
    const requiredByConsole = 'is required when accessMode is program_console';
    config.authorizationEndpoint = input.authorizationEndpoint ?? current?.authorizationEndpoint ?? undefined;
    if (!config.authorizationEndpoint) missing('authorizationEndpoint', requiredByConsole);
    config.scope = input.scope ?? current?.scope ?? undefined;
    if (!config.scope) missing('scope', requiredByConsole);
    const responseMode = input.responseMode ?? current?.responseMode;
    if (isResponseMode(responseMode)) config.responseMode = responseMode;
    else missing('responseMode', requiredByConsole);
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
