// Turns an Akamai error answer into a VendorError: the vendor's own code in vendorCode, its text in the
// message, scrubbed of every secret the process knows. The body format is undocumented (VENDORS.md 2.4), so
// each of the plausible shapes is read; a body that is none of them is quoted (shortened) as text. A 404 is a
// provider gone only with the provider-not-found problem; any other 404 is VENDOR_MISCONFIGURED.
import { VendorError } from '../../core/errors.js';
import type { SecretRegistry } from '../../core/secrets.js';
import type { VendorResponse } from '../../core/vendor-http/client.js';
import { isRetryableStatus, statusVendorCode } from '../../core/vendor-http/wire.js';
import { engageErrorBody, oauthErrorBody, problemBody } from './wire.js';

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The last path segment of a problem `type` ("/config/error-types/unknown-field" -> "unknown-field"). */
function problemCode(type: string | undefined): string | null {
  if (!type || type === 'about:blank') return null;
  const segment = type.split(/[/#]/).filter(Boolean).pop();
  return segment ?? null;
}

export function readAkamaiError(text: string): { code: string | null; message: string } | null {
  const body = parseBody(text);
  const oauth = oauthErrorBody.safeParse(body);
  if (oauth.success) return { code: oauth.data.error, message: oauth.data.error_description ?? oauth.data.error };
  const engage = engageErrorBody.safeParse(body);
  if (engage.success) return { code: String(engage.data.err.code), message: engage.data.err.msg };
  const problem = problemBody.safeParse(body);
  if (problem.success) {
    const { title, detail, type } = problem.data;
    return { code: problemCode(type), message: [title, detail].filter(Boolean).join(': ') };
  }
  return null;
}

/** The problem type Akamai answers for a custom provider that does not exist. */
const PROVIDER_NOT_FOUND = 'provider-not-found';

/**
 * A 404 that says the custom provider is gone: Akamai's own provider-not-found problem. Any other 404 (an
 * unknown customer or app, a path the API does not have, an HTML page from a proxy) is not: the connection is
 * misconfigured (akamaiVendorError makes it VENDOR_MISCONFIGURED).
 */
export function isProviderNotFound(res: VendorResponse): boolean {
  return res.status === 404 && readAkamaiError(res.text)?.code === PROVIDER_NOT_FOUND;
}

export const MISCONFIGURED = 'VENDOR_MISCONFIGURED';

export function akamaiVendorError(res: VendorResponse, secrets: SecretRegistry, doing: string): VendorError {
  const parsed = readAkamaiError(res.text);
  if (res.status === 404 && parsed?.code !== PROVIDER_NOT_FOUND) {
    const answer = parsed
      ? `${parsed.code ?? 'no code'}: ${parsed.message}`
      : `a body that is no Akamai error (${secrets.scrub(res.text.trim()).slice(0, 120) || 'empty'})`;
    return new VendorError(
      { vendor: 'akamai', httpStatus: 404, vendorCode: MISCONFIGURED, retryable: false },
      secrets.scrub(
        `Akamai Identity Cloud answered HTTP 404 to ${doing} with ${answer}. Check the connection's baseUrl, customerId and appId; nothing is taken as deleted.`,
      ),
    );
  }
  const text = res.text.trim();
  const detail = parsed ? parsed.message : text ? secrets.scrub(text).slice(0, 200) : 'no body';
  return new VendorError(
    {
      vendor: 'akamai',
      httpStatus: res.status,
      vendorCode: parsed?.code ?? statusVendorCode(res.status),
      retryable: isRetryableStatus(res.status),
    },
    secrets.scrub(`Akamai Identity Cloud refused to ${doing} (HTTP ${res.status}): ${detail}`),
  );
}
