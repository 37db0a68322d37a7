// Turns an Akamai error answer into a VendorError: the vendor's own code in vendorCode, its text in the
// message, scrubbed of every secret the process knows. The body format is undocumented (VENDORS.md 2.4), so
// each of the plausible shapes is read; a body that is none of them is quoted (shortened) as text.
import { VendorError } from '../../core/errors.js';
import type { SecretRegistry } from '../../core/secrets.js';
import type { VendorResponse } from '../../core/vendor-http.js';
import { isRetryableStatus, statusVendorCode } from '../../core/wire.js';
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

export function akamaiVendorError(res: VendorResponse, secrets: SecretRegistry, doing: string): VendorError {
  const parsed = readAkamaiError(res.text);
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
