// Helpers for reading vendor JSON: every body is zod-parsed before use, and a shape we did not expect is a
// typed BAD_RESPONSE VendorError, never a crash.
import type { z } from 'zod';
import { VendorError } from '../errors.js';
import type { VendorResponse } from './client.js';
import type { VendorKey } from '../../model/vendor-key.js';

export function parseJsonText(vendor: VendorKey, res: VendorResponse): unknown {
  if (res.text.trim() === '') return undefined;
  try {
    return JSON.parse(res.text);
  } catch {
    throw badResponse(vendor, res.status, 'the body is not JSON');
  }
}

export function parseWire<S extends z.ZodType>(vendor: VendorKey, res: VendorResponse, schema: S): z.output<S> {
  const parsed = schema.safeParse(parseJsonText(vendor, res));
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
      .join('; ');
    throw badResponse(vendor, res.status, `unexpected response shape (${where})`);
  }
  return parsed.data;
}

export function badResponse(vendor: VendorKey, httpStatus: number | null, why: string): VendorError {
  return new VendorError(
    { vendor, httpStatus, vendorCode: 'BAD_RESPONSE', retryable: false },
    `${vendor} sent a response the gateway cannot read: ${why}`,
  );
}

/** Retryable by HTTP semantics: the vendor is overloaded or briefly down, not refusing the request. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * The vendorCode of an error answer whose body names no code of the vendor's own: RATE_LIMITED (429),
 * UNAVAILABLE (5xx: the vendor, or a proxy before it, is down or overloaded), else HTTP_<status>.
 */
export function statusVendorCode(status: number): string {
  if (status === 429) return 'RATE_LIMITED';
  if (status >= 500) return 'UNAVAILABLE';
  return `HTTP_${status}`;
}
