// Turns a Huawei error answer into a VendorError. IAM has two error shapes (VENDORS.md 4.5): the IAM / API
// gateway one `{error_msg, error_code: "IAM.0011" | "APIGW.0301"}` and Keystone's `{error: {code, title,
// message}}` on the OS-FEDERATION calls. The vendor's own code goes to vendorCode, its text to the message.
import { VendorError } from '../../core/errors.js';
import type { SecretRegistry } from '../../core/secrets.js';
import type { VendorResponse } from '../../core/vendor-http.js';
import { isRetryableStatus, statusVendorCode } from '../../core/wire.js';
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

export function huaweiVendorError(res: VendorResponse, secrets: SecretRegistry, doing: string): VendorError {
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
