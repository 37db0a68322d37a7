// The 2sms failure answers as typed errors. The vendor fails in three shapes: the OAuth error of POST /Token
// ({error, error_description}), ASP.NET's own {Message} (401 from [Authorize], 404 route, 415, model binding)
// and the envelope's Error part (the API's own failures); each becomes a VendorError with the vendor's code.
// A 404 outside the envelope is VENDOR_MISCONFIGURED (a base URL that reaches no 2sms API).
// The errorIDP flags of a create or update become field errors on the inputs (camelCase of the vendor's
// request names: LoginUrl, LogoutUrl, ...).
import { VendorError, type FieldError } from '../../core/errors.js';
import type { SecretRegistry } from '../../core/secrets.js';
import { isTransientStatus, type VendorResponse } from '../../core/vendor-http/client.js';
import { badResponse, isRetryableStatus, parseJsonText, statusVendorCode } from '../../core/vendor-http/wire.js';
import { aspNetMessage, tokenError, type ErrorIdp, type IdentityProviderDetails } from './wire.js';

/** The envelope's Error part when it names a failure. */
export interface EnvelopeError {
  code: string;
  reason: string;
}

/**
 * The envelope's Error part names a failure when it carries a code. Successes send no Error, or one with
 * empty (or "0") values: the vendor's vocabulary is undocumented, so both are read as success.
 */
export function envelopeError(error: { ErrorCode?: string | null; ErrorReason?: string | null } | null | undefined): EnvelopeError | null {
  const code = error?.ErrorCode?.trim() ?? '';
  if (code === '' || code === '0') return null;
  return { code, reason: error?.ErrorReason?.trim() ?? '' };
}

/** The VendorError a failed envelope reply stands for: what could not be done, the vendor's code and reason. */
export function replyError(reply: { status: number; error: EnvelopeError | null }, what: string, secrets: SecretRegistry): VendorError {
  const code = reply.error?.code ?? statusVendorCode(reply.status);
  const reason = reply.error?.reason ? `: ${reply.error.reason}` : '';
  return new VendorError(
    { vendor: 'twosms', httpStatus: reply.status, vendorCode: code, retryable: isRetryableStatus(reply.status) },
    secrets.scrub(`2sms could not ${what} (${code})${reason}`),
  );
}

/** A refused POST /Token: the OAuth error code when the body is one, else as any other failure. */
export function tokenRequestError(res: VendorResponse, secrets: SecretRegistry): VendorError {
  const body = readJsonBody(res);
  const refused = tokenError.safeParse(body);
  if (!refused.success) return plainError(res, body, secrets);
  const why = refused.data.error_description ? ` (${refused.data.error_description})` : '';
  return new VendorError(
    { vendor: 'twosms', httpStatus: res.status, vendorCode: refused.data.error, retryable: isRetryableStatus(res.status) },
    secrets.scrub(`2sms refused the token request: ${refused.data.error}${why}`),
  );
}

/**
 * A failure ASP.NET wrote itself ({Message}) or one we cannot read at all. An unreadable 5xx / 429 is an
 * outage (a proxy's HTML page, say), not a changed API: UNAVAILABLE / RATE_LIMITED, retryable.
 */
export function plainError(res: VendorResponse, body: unknown, secrets: SecretRegistry): VendorError {
  const message = aspNetMessage.safeParse(body);
  if (res.status === 404) {
    // 2sms says a provider is missing inside its envelope (IdentityProviderNotFound). A 404 without it is Web
    // API's "No HTTP resource was found" or a web server's page: the base URL reaches no 2sms API.
    const said = message.success ? message.data.Message : secrets.scrub(res.text.trim()).slice(0, 120) || 'no body';
    return new VendorError(
      { vendor: 'twosms', httpStatus: 404, vendorCode: MISCONFIGURED, retryable: false },
      secrets.scrub(`2sms answered 404 outside its envelope (${said}): check the connection's baseUrl; nothing is taken as deleted.`),
    );
  }
  if (!message.success && isTransientStatus(res.status)) {
    return new VendorError(
      { vendor: 'twosms', httpStatus: res.status, vendorCode: statusVendorCode(res.status), retryable: true },
      secrets.scrub(`2sms answered ${res.status}: ${secrets.scrub(res.text.trim()).slice(0, 200) || 'no body'}`),
    );
  }
  if (!message.success) return badResponse('twosms', res.status, `HTTP ${res.status} without a readable error body`);
  const detail = message.data.MessageDetail ?? message.data.ExceptionMessage;
  return new VendorError(
    { vendor: 'twosms', httpStatus: res.status, vendorCode: statusVendorCode(res.status), retryable: isRetryableStatus(res.status) },
    secrets.scrub(`2sms answered ${res.status}: ${message.data.Message}${detail ? ` ${detail}` : ''}`),
  );
}

export const MISCONFIGURED = 'VENDOR_MISCONFIGURED';

/** The JSON body of an answer, or null when it is none. */
export function readJsonBody(res: VendorResponse): unknown {
  try {
    return parseJsonText('twosms', res);
  } catch {
    return null;
  }
}

/** Each errorIDP flag concerns one input field. */
export function flagErrors(details: IdentityProviderDetails | null | undefined): FieldError[] {
  const flags: ErrorIdp = details?.errorIDP ?? {};
  const errors: FieldError[] = [];
  if (flags.InvalidCert) errors.push({ path: ['certificate'], message: '2sms rejected the certificate (InvalidCert)' });
  if (flags.ProviderDup) {
    const domain = details?.Domain ? `"${details.Domain}" ` : '';
    errors.push({
      path: ['provider'],
      message: `the domain ${domain}already belongs to an identity provider on the 2sms platform (ProviderDup)`,
    });
  }
  if (flags.SignonUrl) errors.push({ path: ['loginUrl'], message: '2sms rejected the login URL (SignonUrl)' });
  if (flags.LogoutURL) errors.push({ path: ['logoutUrl'], message: '2sms rejected the logout URL (LogoutURL)' });
  return errors;
}
