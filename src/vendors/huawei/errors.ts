// Turns a Huawei error answer into a VendorError. IAM has two error shapes (VENDORS.md 4.5): the IAM / API
// gateway one `{error_msg, error_code: "IAM.0011" | "APIGW.0301"}` and Keystone's `{error: {code, title,
// message}}` on the OS-FEDERATION calls. The vendor's own code goes to vendorCode, its text to the message.
// A 404 is "gone" only with IAM's own not-found body; any other 404 is VENDOR_MISCONFIGURED.
import { VendorError } from '../../core/errors.js';
import type { SecretRegistry } from '../../core/secrets.js';
import type { VendorResponse } from '../../core/vendor-http/client.js';
import { isRetryableStatus, statusVendorCode } from '../../core/vendor-http/wire.js';
import { iamError, keystoneError } from './wire.js';

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The vendor's code and text from either error shape, or null when the body is neither. */
export function readHuaweiError(text: string): { code: string; message: string } | null {
  const body = parseBody(text);
  const iam = iamError.safeParse(body);
  if (iam.success) return { code: iam.data.error_code, message: iam.data.error_msg };
  const keystone = keystoneError.safeParse(body);
  if (keystone.success) {
    const { error } = keystone.data;
    // Keystone has no string code of its own; a non-null error_code beside it wins, else its title
    // ("Conflict", "Not Found", ...), else the numeric code it repeats from the status line.
    const sibling = (body as { error_code?: unknown }).error_code ?? (error as { error_code?: unknown }).error_code;
    const code = typeof sibling === 'string' && sibling ? sibling : (error.title ?? String(error.code ?? 'ERROR'));
    return { code, message: error.message };
  }
  return null;
}

/** IAM's own "could not find" codes: Keystone's title on OS-FEDERATION, IAM.0004 on v3.0. */
const NOT_FOUND_CODES = new Set(['Not Found', 'IAM.0004']);

/**
 * A 404 that says the resource is gone: IAM's own not-found body. A 404 from the API gateway (APIGW.0101 /
 * APIG.0101: no such API, e.g. a wrong base URL path or an API the account cannot use), an HTML page or an
 * unknown body is not: the connection is misconfigured (huaweiVendorError makes it VENDOR_MISCONFIGURED).
 */
export function isHuaweiNotFound(res: VendorResponse): boolean {
  if (res.status !== 404) return false;
  const parsed = readHuaweiError(res.text);
  return parsed !== null && NOT_FOUND_CODES.has(parsed.code);
}

/** The code of a 404 that is not the vendor's not-found: the connection points at no IAM API. */
export const MISCONFIGURED = 'VENDOR_MISCONFIGURED';

function misconfiguredError(res: VendorResponse, secrets: SecretRegistry, doing: string): VendorError {
  const parsed = readHuaweiError(res.text);
  const answer = parsed
    ? `${parsed.code}: ${parsed.message}`
    : `a body that is no IAM error (${secrets.scrub(res.text.trim()).slice(0, 120) || 'empty'})`;
  return new VendorError(
    { vendor: 'huawei', httpStatus: 404, vendorCode: MISCONFIGURED, retryable: false },
    secrets.scrub(
      `Huawei IAM answered HTTP 404 to ${doing} with ${answer}. No IAM API answers there: check the connection's baseUrl (https://iam.myhuaweicloud.com or https://iam.<region>.myhuaweicloud.com, no path) and the account's access; nothing is taken as deleted.`,
    ),
  );
}

export function huaweiVendorError(res: VendorResponse, secrets: SecretRegistry, doing: string): VendorError {
  if (res.status === 404 && !isHuaweiNotFound(res)) return misconfiguredError(res, secrets, doing);
  const parsed = readHuaweiError(res.text);
  const detail = parsed
    ? `${parsed.code}: ${parsed.message}`
    : `HTTP ${res.status}${res.text.trim() ? `: ${secrets.scrub(res.text.trim()).slice(0, 200)}` : ''}`;
  return new VendorError(
    {
      vendor: 'huawei',
      httpStatus: res.status,
      vendorCode: parsed?.code ?? statusVendorCode(res.status),
      retryable: isRetryableStatus(res.status),
    },
    secrets.scrub(`Huawei IAM refused to ${doing} (HTTP ${res.status}) ${detail}`),
  );
}
