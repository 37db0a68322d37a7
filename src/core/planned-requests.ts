// How a plan's vendor requests are shown (dry-run payloads, the audit trail): exact, except that every
// secret is replaced by [REDACTED]: secret-named JSON keys, auth headers, and any registered secret value.
import type { PlannedRequest } from './adapter.js';
import { REDACTED, redactSecrets, isSecretKey, type SecretRegistry } from './secrets.js';

export interface DisplayedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string | null;
  purpose: string;
}

function redactText(text: string, secrets: SecretRegistry): string {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') return secrets.scrub(JSON.stringify(redactSecrets(parsed)));
  } catch {
    // not JSON: scrub the text as it is
  }
  return secrets.scrub(text);
}

export function displayRequest(request: PlannedRequest, authHeaderNames: readonly string[], secrets: SecretRegistry): DisplayedRequest {
  const headers: Record<string, string> = {};
  for (const name of authHeaderNames) headers[name] = REDACTED;
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    headers[name.toLowerCase()] = isSecretKey(name) ? REDACTED : secrets.scrub(value);
  }
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.query ?? {})) query[key] = isSecretKey(key) ? REDACTED : redactText(value, secrets);
  return {
    method: request.method,
    path: request.path,
    query,
    headers,
    body: request.body === undefined ? null : redactText(request.body, secrets),
    purpose: request.purpose,
  };
}
