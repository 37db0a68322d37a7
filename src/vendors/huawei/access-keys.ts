// The access-key (AK/SK) mode of a Huawei connection: every request is signed (signing.ts) just before it
// is sent, over the exact URL the HTTP client will send (base URL path prefix included) and the exact body
// bytes, with X-Domain-Id (the global IAM service needs it with access keys) and, for temporary keys,
// X-Security-Token among the signed headers. Nothing is issued or cached: a refused signature is the vendor's
// error as is (a new signature with the same keys would be refused the same way).
import type { SecretRegistry } from '../../core/secrets.js';
import type { VendorHttpClient, VendorRequest, VendorResponse } from '../../core/vendor-http/client.js';
import type { HuaweiCredentials } from './auth.js';
import { signRequest } from './signing.js';

export type AccessKeyCredentials = Extract<HuaweiCredentials, { kind: 'accessKey' }>;

/** The headers this mode adds at send time (shown redacted in planned requests). */
export const ACCESS_KEY_HEADER_NAMES = ['authorization', 'x-sdk-date', 'x-domain-id', 'x-security-token'] as const;

/** Sends requests signed with the connection's access keys; the secret key and token are registered for scrubbing. */
export function createAccessKeySender(
  http: VendorHttpClient,
  creds: AccessKeyCredentials,
  secrets: SecretRegistry,
  now: () => number = Date.now,
): (request: VendorRequest) => Promise<VendorResponse> {
  secrets.add(creds.secretKey);
  secrets.add(creds.securityToken);
  return (request) => {
    const headers: Record<string, string> = { ...request.headers, 'x-domain-id': creds.domainId };
    if (creds.securityToken) headers['x-security-token'] = creds.securityToken;
    const body = request.body ?? '';
    // http.url() is the URL the client sends to (and refuses another origin before anything is signed).
    const url = http.url(request.path, request.query);
    const signed = signRequest({ method: request.method, url, query: request.query ?? {}, headers, body }, creds, now());
    return http.send({ ...request, headers: { ...headers, ...signed } });
  };
}
