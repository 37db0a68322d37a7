// Turns WHM's failure answers into VendorErrors: a refused API token (401/403), a 404 (a base URL where no WHM
// API answers: VENDOR_MISCONFIGURED), another HTTP error, and an
// envelope whose `metadata.result` is 0 (the function failed; WHM says why in `metadata.reason`, which may
// echo an argument, so it is scrubbed of every secret the process knows).
import { VendorError } from '../../core/errors.js';
import type { SecretRegistry } from '../../core/secrets.js';
import { isRetryableStatus, statusVendorCode } from '../../core/vendor-http/wire.js';

/** An answer other than HTTP 200 to WHM function `fn`, called as WHM user `username`. */
export function whmHttpError(status: number, username: string, fn: string): VendorError {
  if (status === 401 || status === 403) {
    return new VendorError(
      { vendor: 'cpanel', httpStatus: status, vendorCode: 'AUTH_FAILED', retryable: false },
      `WHM refused the API token for ${username} (HTTP ${status}).`,
    );
  }
  if (status === 404) {
    // WHM answers every function at /json-api/<function>, with HTTP 200 even when the function fails: a 404
    // means no WHM API answers at this base URL, never that a provider is gone.
    return new VendorError(
      { vendor: 'cpanel', httpStatus: status, vendorCode: MISCONFIGURED, retryable: false },
      `WHM answered HTTP 404 to ${fn}: no WHM API answers there. Check the connection's baseUrl (https://<host>:2087, no path).`,
    );
  }
  return new VendorError(
    { vendor: 'cpanel', httpStatus: status, vendorCode: statusVendorCode(status), retryable: isRetryableStatus(status) },
    `WHM answered HTTP ${status} to ${fn}.`,
  );
}

export const MISCONFIGURED = 'VENDOR_MISCONFIGURED';

/** An HTTP 200 envelope with `metadata.result: 0`: the function refused or failed, for `reason`. */
export function whmFunctionFailure(reason: string, secrets: SecretRegistry): VendorError {
  return new VendorError({ vendor: 'cpanel', httpStatus: 200, vendorCode: 'API_FAILURE', retryable: false }, secrets.scrub(reason));
}
