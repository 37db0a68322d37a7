// A Huawei connection's three credential modes, and how the token modes get their X-Auth-Token: either a
// token given in the config (used as is), or one issued by POST /v3/auth/tokens for domainName + userName +
// password (in the X-Subject-Token header, valid 24 h), cached and renewed before it expires, and once more
// when the vendor answers 401. The access-key mode signs every request instead (access-keys.ts).
import { BearerTokenCache, type IssuedToken } from '../../core/vendor-http/bearer-token.js';
import type { SecretRegistry } from '../../core/secrets.js';
import type { VendorHttpClient } from '../../core/vendor-http/client.js';
import { badResponse, parseWire } from '../../core/vendor-http/wire.js';
import { huaweiVendorError } from './errors.js';
import { AUTH_TOKENS_PATH, JSON_CONTENT_TYPE, tokenResponse, type PasswordAuthRequest } from './wire.js';

export interface HuaweiCredentialKeys {
  authToken?: string;
  domainName?: string;
  userName?: string;
  password?: string;
  accessKey?: string;
  secretKey?: string;
  securityToken?: string;
  domainId?: string;
}

export type HuaweiCredentials =
  | { kind: 'token'; authToken: string }
  | { kind: 'password'; domainName: string; userName: string; password: string }
  | { kind: 'accessKey'; accessKey: string; secretKey: string; securityToken?: string; domainId: string };

const PASSWORD_KEYS = ['domainName', 'userName', 'password'] as const;
// securityToken belongs to the access-key mode (temporary keys) but does not select it on its own.
const ACCESS_KEY_KEYS = ['accessKey', 'secretKey', 'domainId', 'securityToken'] as const;
const given = (value: string | undefined) => value !== undefined && value !== '';

/** The config allows exactly one of three modes; which one is a rule across keys, so it is checked here. */
export function resolveCredentials(keys: HuaweiCredentialKeys): HuaweiCredentials {
  const accessKeys = ACCESS_KEY_KEYS.filter((key) => given(keys[key]));
  const passwordKeys = PASSWORD_KEYS.filter((key) => given(keys[key]));
  const token = given(keys.authToken);
  if (accessKeys.length > 0 && (token || passwordKeys.length > 0)) {
    const other = token ? 'authToken' : passwordKeys.join(', ');
    throw new Error(`huawei connection: give one credential mode: access keys (${accessKeys.join(', ')}) and ${other} are both given`);
  }
  if (token && passwordKeys.length > 0) {
    throw new Error('huawei connection: give either authToken, or domainName + userName + password, not both');
  }
  if (keys.authToken) return { kind: 'token', authToken: keys.authToken };
  if (accessKeys.length > 0) {
    // Name what a half-given mode lacks, so that one run says what to add.
    const missing = (['accessKey', 'secretKey', 'domainId'] as const).filter((key) => !given(keys[key]));
    if (missing.length) {
      throw new Error(`huawei connection: access keys need accessKey, secretKey and domainId (missing: ${missing.join(', ')})`);
    }
    return {
      kind: 'accessKey',
      accessKey: keys.accessKey!,
      secretKey: keys.secretKey!,
      domainId: keys.domainId!,
      ...(given(keys.securityToken) ? { securityToken: keys.securityToken } : {}),
    };
  }
  if (keys.domainName && keys.userName && keys.password) {
    return { kind: 'password', domainName: keys.domainName, userName: keys.userName, password: keys.password };
  }
  if (passwordKeys.length === 0) {
    throw new Error('huawei connection: needs accessKey + secretKey + domainId, or authToken, or all of domainName, userName and password');
  }
  const missing = PASSWORD_KEYS.filter((key) => !keys[key]);
  throw new Error(`huawei connection: needs authToken, or all of domainName, userName and password (missing: ${missing.join(', ')})`);
}

/** The vendor's default token lifetime, used when the token body has no readable expires_at. */
export const TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;

export interface TokenSource {
  /** Calls `send` with a token; a password-issued token is renewed and `send` repeated once when `isExpired`. */
  withToken<R>(send: (token: string) => Promise<R>, isExpired: (result: R) => boolean): Promise<R>;
}

export function passwordAuthBody(creds: Extract<HuaweiCredentials, { kind: 'password' }>): PasswordAuthRequest {
  return {
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { domain: { name: creds.domainName }, name: creds.userName, password: creds.password } },
      },
      // Federation is a global (domain-level) service: the token is scoped to the account's domain.
      scope: { domain: { name: creds.domainName } },
    },
  };
}

async function issueToken(
  http: VendorHttpClient,
  creds: Extract<HuaweiCredentials, { kind: 'password' }>,
  secrets: SecretRegistry,
  now: () => number,
): Promise<IssuedToken> {
  const res = await http.send({
    method: 'POST',
    path: AUTH_TOKENS_PATH,
    headers: { 'content-type': JSON_CONTENT_TYPE },
    body: JSON.stringify(passwordAuthBody(creds)),
    // Asking again only yields another token.
    idempotent: true,
  });
  if (res.status !== 201) throw huaweiVendorError(res, secrets, `issue a token for user ${creds.userName}`);
  const token = res.headers['x-subject-token'];
  if (!token) throw badResponse('huawei', res.status, 'the token answer has no X-Subject-Token header');
  secrets.add(token);
  const body = parseWire('huawei', res, tokenResponse);
  const expiresAt = Date.parse(body.token.expires_at);
  const expiresInSeconds = Number.isFinite(expiresAt) ? Math.max(0, Math.floor((expiresAt - now()) / 1000)) : TOKEN_LIFETIME_SECONDS;
  return { token, expiresInSeconds };
}

export function createTokenSource(
  http: VendorHttpClient,
  creds: Exclude<HuaweiCredentials, { kind: 'accessKey' }>,
  secrets: SecretRegistry,
  now: () => number = Date.now,
): TokenSource {
  if (creds.kind === 'token') {
    secrets.add(creds.authToken);
    // A given token cannot be renewed: a 401 is passed on as the vendor's error.
    return { withToken: (send) => send(creds.authToken) };
  }
  secrets.add(creds.password);
  // Renew 5 minutes early: a token that dies mid-call costs a failed request and a retry.
  const cache = new BearerTokenCache(
    () => issueToken(http, creds, secrets, now),
    5 * 60_000,
    now,
    (token, at) => secrets.retire(token, at),
  );
  return { withToken: (send, isExpired) => cache.withToken(send, isExpired) };
}
