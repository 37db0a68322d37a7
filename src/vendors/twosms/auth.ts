// How a 2sms request is authenticated: a client-credentials bearer token from POST /Token (OWIN OAuth server,
// 8 hours), cached and renewed 5 minutes before it runs out, and fetched once more after a 401. The client
// secret and every token issued are registered for scrubbing.
import { BearerTokenCache, type IssuedToken } from '../../core/vendor-http/bearer-token.js';
import type { SecretRegistry } from '../../core/secrets.js';
import { encodeQuery, type VendorHttpClient, type VendorResponse } from '../../core/vendor-http/client.js';
import { parseWire } from '../../core/vendor-http/wire.js';
import { tokenRequestError } from './errors.js';
import { tokenResponse } from './wire.js';

/** The name of the one header added at send time (lower-case, as plans list it). */
export const AUTH_HEADER = 'authorization';

/** Renew an 8-hour token 5 minutes before it runs out. */
const RENEW_BEFORE_MS = 5 * 60_000;

/** The API client a connection signs in as (Settings > API Clients). */
export interface TwoSmsClientCredentials {
  clientId: string;
  clientSecret: string;
}

export interface TwoSmsAuth {
  /** Calls `send` with the Authorization header of the cached token; a 401 means the token is gone: one new token, one retry. */
  withAuthorization(send: (header: Record<string, string>) => Promise<VendorResponse>): Promise<VendorResponse>;
}

export function createTwoSmsAuth(
  http: VendorHttpClient,
  credentials: TwoSmsClientCredentials,
  secrets: SecretRegistry,
  now: () => number = Date.now,
): TwoSmsAuth {
  secrets.add(credentials.clientSecret);
  const tokens = new BearerTokenCache(
    () => issueToken(http, credentials, secrets),
    RENEW_BEFORE_MS,
    now,
    (token, at) => secrets.retire(token, at),
  );
  return {
    withAuthorization: (send) =>
      tokens.withToken(
        (token) => send({ [AUTH_HEADER]: `Bearer ${token}` }),
        (res) => res.status === 401,
      ),
  };
}

/** POST {baseUrl}/Token, form-encoded client credentials (OWIN OAuth server). */
async function issueToken(http: VendorHttpClient, credentials: TwoSmsClientCredentials, secrets: SecretRegistry): Promise<IssuedToken> {
  const res = await http.send({
    method: 'POST',
    path: '/Token',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: encodeQuery({
      grant_type: 'client_credentials',
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
    }),
    // Asking again only yields another token.
    idempotent: true,
  });
  if (res.status !== 200) throw tokenRequestError(res, secrets);
  const token = parseWire('twosms', res, tokenResponse);
  secrets.add(token.access_token);
  if (token.refresh_token) secrets.add(token.refresh_token);
  // The refresh token is never used (a new token comes from the client credentials): once its access token is
  // replaced, nothing of the gateway holds it, so it is retired with it (kept forever, one more every 8 hours).
  return { token: token.access_token, expiresInSeconds: token.expires_in, companions: token.refresh_token ? [token.refresh_token] : [] };
}
