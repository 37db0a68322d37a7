// Turns a SlashID error answer into a VendorError. Every error is the `APIResponseBase` envelope with
// `errors: [{httpcode, message}]`; SlashID has no string codes, so its `httpcode` is the vendor code.
// A 408 is special: the consistency level was not reached in time, but the write may still land. A 404 is a
// credential gone only inside that envelope; any other 404 is VENDOR_MISCONFIGURED.
import { VendorError } from '../../core/errors.js';
import type { SecretRegistry } from '../../core/secrets.js';
import type { VendorResponse } from '../../core/vendor-http/client.js';
import { isRetryableStatus, statusVendorCode } from '../../core/vendor-http/wire.js';
import { apiResponseBase } from './wire.js';

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The vendor's code and messages, or null when the body is not SlashID's envelope. */
export function readSlashIdErrors(text: string): { code: string | null; messages: string[] } | null {
  const parsed = apiResponseBase.safeParse(parseBody(text));
  if (!parsed.success || !parsed.data.errors?.length) return null;
  const errors = parsed.data.errors;
  const code = errors.find((error) => error.httpcode !== undefined)?.httpcode;
  return {
    code: code === undefined ? null : String(code),
    messages: errors.map((error) => error.message ?? '').filter((message) => message !== ''),
  };
}

/**
 * A 404 that says the credential is gone: SlashID's own `{errors: [{httpcode: 404, ...}]}` envelope. A 404
 * without it (Go's "404 page not found" for a path the API does not have, a proxy's HTML page) is not: the
 * connection is misconfigured (slashIdVendorError makes it VENDOR_MISCONFIGURED).
 */
export function isSlashIdNotFound(res: VendorResponse): boolean {
  return res.status === 404 && readSlashIdErrors(res.text)?.code === '404';
}

export const MISCONFIGURED = 'VENDOR_MISCONFIGURED';

export function slashIdVendorError(res: VendorResponse, secrets: SecretRegistry, doing: string): VendorError {
  const parsed = readSlashIdErrors(res.text);
  if (res.status === 404 && !isSlashIdNotFound(res)) {
    return new VendorError(
      { vendor: 'slashid', httpStatus: 404, vendorCode: MISCONFIGURED, retryable: false },
      secrets.scrub(
        `SlashID answered HTTP 404 to ${doing} without its error envelope (${secrets.scrub(res.text.trim()).slice(0, 120) || 'empty body'}). No SlashID API answers there: check the connection's baseUrl; nothing is taken as deleted.`,
      ),
    );
  }
  const detail = parsed?.messages.length
    ? parsed.messages.join('; ')
    : res.text.trim()
      ? secrets.scrub(res.text.trim()).slice(0, 200)
      : 'no details';
  const unknownOutcome =
    res.status === 408
      ? ' The requested consistency level was not reached in time; the change may still be applied, so read the credential back before trying again.'
      : '';
  return new VendorError(
    {
      vendor: 'slashid',
      httpStatus: res.status,
      vendorCode: parsed?.code ?? statusVendorCode(res.status),
      retryable: isRetryableStatus(res.status),
    },
    // Scrubbed after JSON decoding, so a secret the vendor echoes (even a multi-line PEM) is caught.
    secrets.scrub(`SlashID refused to ${doing} (HTTP ${res.status}): ${detail}.${unknownOutcome}`),
  );
}
