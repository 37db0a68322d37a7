// How the adapter authenticates: a configuration access token from POST {customerId}/login/token (HTTP Basic
// with the connection's client id and secret, client credentials, scope *:**), cached, renewed a minute before
// Akamai's expiry (tokens live 3600 s), and fetched again once when a call is answered 403.
import type { SecretRegistry } from '../../core/secrets.js';
import { BearerTokenCache, type IssuedToken } from '../../core/vendor-http/bearer-token.js';
import type { VendorHttpClient, VendorResponse } from '../../core/vendor-http/client.js';
import { parseWire } from '../../core/vendor-http/wire.js';
import { akamaiVendorError } from './errors.js';
import { TOKEN_SCOPE, tokenPath, tokenResponse } from './wire.js';

export interface AkamaiCredentials {
  customerId: string;
  clientId: string;
  clientSecret: string;
}

export interface TokenSource {
  /** Calls `send` with a bearer token; after a 403 the token is renewed and `send` repeated once. */
  withToken(send: (token: string) => Promise<VendorResponse>): Promise<VendorResponse>;
}

async function issueToken(http: VendorHttpClient, credentials: AkamaiCredentials, secrets: SecretRegistry): Promise<IssuedToken> {
  const { customerId, clientId, clientSecret } = credentials;
  const res = await http.send({
    method: 'POST',
    path: tokenPath(customerId),
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`, 'utf8').toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    // Written as Akamai's examples write it; a form decoder reads `*:**` the same as `*%3A**`.
    body: `grant_type=client_credentials&scope=${TOKEN_SCOPE}`,
    // Asking again only yields another token.
    idempotent: true,
  });
  if (res.status !== 200) throw akamaiVendorError(res, secrets, `issue a configuration access token for client ${clientId}`);
  const body = parseWire('akamai', res, tokenResponse);
  secrets.add(body.access_token);
  return { token: body.access_token, expiresInSeconds: body.expires_in };
}

/** The token source of one connection; `now` is the token cache's clock (tests). */
export function createTokenSource(
  http: VendorHttpClient,
  credentials: AkamaiCredentials,
  secrets: SecretRegistry,
  now?: () => number,
): TokenSource {
  secrets.add(credentials.clientSecret);
  // Renew a minute before the vendor's expiry; a 403 (Akamai's answer to an expired token) still renews once.
  const cache = new BearerTokenCache(
    () => issueToken(http, credentials, secrets),
    60_000,
    now,
    (token, at) => secrets.retire(token, at),
  );
  return { withToken: (send) => cache.withToken(send, (res) => res.status === 403) };
}
