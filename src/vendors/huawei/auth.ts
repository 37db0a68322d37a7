// How the adapter gets its X-Auth-Token: either a token given in the config (used as is), or one issued by
// POST /v3/auth/tokens for domainName + userName + password (in the X-Subject-Token header, valid 24 h),
// cached and renewed before it expires, and once more when the vendor answers 401.
import { BearerTokenCache, type IssuedToken } from '../../core/bearer-token.js';
import type { SecretRegistry } from '../../core/secrets.js';
import type { VendorHttpClient } from '../../core/vendor-http.js';
import { badResponse, parseWire } from '../../core/wire.js';
import { huaweiVendorError } from './errors.js';
import { AUTH_TOKENS_PATH, JSON_CONTENT_TYPE, tokenResponse, type PasswordAuthRequest } from './wire.js';

export interface HuaweiCredentialKeys {
  authToken?: string;
  domainName?: string;
  userName?: string;
  password?: string;
}

export type HuaweiCredentials =
  | { kind: 'token'; authToken: string }
  | { kind: 'password'; domainName: string; userName: string; password: string };

/** The config allows either mode; which one is a rule across keys, so it is checked here. */
export function resolveCredentials(keys: HuaweiCredentialKeys): HuaweiCredentials {
  const passwordKeys = [keys.domainName, keys.userName, keys.password];
  const anyPassword = passwordKeys.some((value) => value !== undefined && value !== '');
  if (keys.authToken && anyPassword) {
    throw new Error('huawei connection: give either authToken, or domainName + userName + password, not both');
  }
  if (keys.authToken) return { kind: 'token', authToken: keys.authToken };
  if (keys.domainName && keys.userName && keys.password) {
    return { kind: 'password', domainName: keys.domainName, userName: keys.userName, password: keys.password };
  }
  // Name what a half-given password login lacks, so that one run says what to add.
  const missing = (['domainName', 'userName', 'password'] as const).filter((key) => !keys[key]);
  throw new Error(`huawei connection: needs authToken, or all of domainName, userName and password${anyPassword ? ` (missing: ${missing.join(', ')})` : ''}`);
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
  const expiresInSeconds = Number.isFinite(expiresAt)
    ? Math.max(0, Math.floor((expiresAt - now()) / 1000))
    : TOKEN_LIFETIME_SECONDS;
  return { token, expiresInSeconds };
}

export function createTokenSource(
  http: VendorHttpClient,
  creds: HuaweiCredentials,
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
  const cache = new BearerTokenCache(() => issueToken(http, creds, secrets, now), 5 * 60_000, now);
  return { withToken: (send, isExpired) => cache.withToken(send, isExpired) };
}
