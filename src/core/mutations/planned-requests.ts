// How a plan's vendor requests are shown (dry-run payloads, the audit trail): exact, except that every
// secret is replaced by [REDACTED]: secret-named JSON keys, auth headers, and any registered secret value.
// A form-encoded body (application/x-www-form-urlencoded) is redacted field by field, as a query is: a
// secret-named field whole, a field holding JSON by its secret-named keys, any field by registered values.
import type { PlannedRequest } from '../vendor-contract/adapter.js';
import { REDACTED, redactSecrets, type SecretRegistry } from '../secrets.js';

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

/** The application/x-www-form-urlencoded form of a text (space as "+"), as URLSearchParams writes it. */
function formEncode(text: string): string {
  return new URLSearchParams({ v: text }).toString().slice(2);
}

function formDecode(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/**
 * A form-encoded body, each field redacted as a query parameter is. A field left unchanged keeps its bytes as
 * sent; a redacted one is form-encoded again around a literal [REDACTED], so the body still reads as the form
 * it is. Then the whole is scrubbed of every registered secret in any encoding (a field that did not decode).
 */
function redactFormBody(body: string, secrets: SecretRegistry): string {
  const shown = body.split('&').map((pair) => {
    const at = pair.indexOf('=');
    if (at < 0) return pair;
    const rawName = pair.slice(0, at);
    const name = formDecode(rawName);
    const value = formDecode(pair.slice(at + 1));
    if (name === null || value === null) return pair;
    const redacted = secrets.isSecretName(name) ? REDACTED : redactText(value, secrets);
    return redacted === value ? pair : `${rawName}=${redacted.split(REDACTED).map(formEncode).join(REDACTED)}`;
  });
  return secrets.scrub(shown.join('&'));
}

function isFormBody(headers: Record<string, string> | undefined): boolean {
  const contentType = Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

export function displayRequest(request: PlannedRequest, authHeaderNames: readonly string[], secrets: SecretRegistry): DisplayedRequest {
  const headers: Record<string, string> = {};
  for (const name of authHeaderNames) headers[name] = REDACTED;
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    headers[name.toLowerCase()] = secrets.isSecretName(name) ? REDACTED : secrets.scrub(value);
  }
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.query ?? {}))
    query[key] = secrets.isSecretName(key) ? REDACTED : redactText(value, secrets);
  return {
    method: request.method,
    path: request.path,
    query,
    headers,
    body:
      request.body === undefined
        ? null
        : isFormBody(request.headers)
          ? redactFormBody(request.body, secrets)
          : redactText(request.body, secrets),
    purpose: request.purpose,
  };
}
