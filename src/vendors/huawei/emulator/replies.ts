// The emulator's answers in Huawei's two error dialects (Keystone's {error:{code,title,message}} on the
// OS-FEDERATION calls, IAM's {error_msg,error_code} on v3.0 and at the API gateway) and its body readers,
// which refuse a non-JSON content type or a body without its wrapper object as each API family does.
import { randomUUID } from 'node:crypto';
import { statusPhrase } from '../../../emulation/faults.js';
import type { EmulatorReply, EmulatorRequest } from '../../../emulation/http.js';

export const keystone = (code: number, title: string, message: string): EmulatorReply => ({
  status: code,
  body: { error: { code, title, message, error_code: null, error_msg: null } },
});
export const iam = (status: number, code: string, message: string): EmulatorReply => ({
  status,
  body: { error_msg: message, error_code: code },
});
export const apigw = (detail: string): EmulatorReply => ({
  status: 401,
  body: {
    error_msg: `Incorrect IAM authentication information: ${detail}`,
    error_code: 'APIGW.0301',
    request_id: randomUUID().replace(/-/g, ''),
  },
});
/** The API gateway's throttling answer (APIGW.0308). */
export const throttled = (): EmulatorReply => ({
  status: 429,
  body: {
    error_msg: 'The throttling threshold has been reached: policy user over ratelimit',
    error_code: 'APIGW.0308',
    request_id: randomUUID().replace(/-/g, ''),
  },
});

/** The one call that needs no token: the password token issue. */
export const isTokenIssue = (req: { method: string; path: string }) => req.method === 'POST' && req.path === '/v3/auth/tokens';

const IAM_CODES: Record<number, [string, string]> = {
  400: ['IAM.0011', 'Request body is invalid.'],
  403: ['IAM.0003', "Policy doesn't allow iam:identityProviders:update to be performed."],
  404: ['IAM.0004', 'Could not find the requested resource.'],
  409: ['IAM.0009', 'The resource already exists.'],
};
const SERVER_ERROR = 'An unexpected error prevented the server from fulfilling your request.';

/**
 * A fault's answer for `status` in the dialect of the API family the path belongs to: the API gateway for
 * 401 and 429, IAM `{error_msg, error_code}` on v3.0, Keystone `{error:{code,title,message}}` elsewhere.
 */
export function faultReply(status: number, req: { path: string }): EmulatorReply {
  if (status === 401) return apigw('token expires');
  if (status === 429) return throttled();
  if (req.path.startsWith('/v3.0/')) {
    const [code, message] =
      IAM_CODES[status] ?? (status >= 500 ? ['IAM.0006', SERVER_ERROR] : ['IAM.0011', `The request was refused: ${statusPhrase(status)}.`]);
    return iam(status, code, message);
  }
  return keystone(status, statusPhrase(status), status >= 500 ? SERVER_ERROR : `The request was refused: ${statusPhrase(status)}.`);
}

export const notFound = (what: string, id: string) => keystone(404, 'Not Found', `Could not find ${what}: ${id}.`);
export const badRequest = (message: string) => keystone(400, 'Bad Request', message);
export const conflict = (what: string, id: string) =>
  keystone(409, 'Conflict', `Conflict occurred attempting to store ${what} - Duplicate entry: ${id}`);

export type JsonBody = { ok: true; value: Record<string, unknown> } | { ok: false; reply: EmulatorReply };

export function isJsonContentType(headers: Record<string, string>): boolean {
  return (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json';
}

/** Keystone's JSON body middleware: a JSON content type and an object body, else 400. */
export function keystoneBody(req: EmulatorRequest, wrapper: string): JsonBody {
  if (!isJsonContentType(req.headers)) {
    return {
      ok: false,
      reply: badRequest(
        'Expecting to find application/json in Content-Type header - the server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.',
      ),
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.body);
  } catch {
    return { ok: false, reply: badRequest('Malformed JSON in request body.') };
  }
  const inner = (parsed as Record<string, unknown> | null)?.[wrapper];
  if (!inner || typeof inner !== 'object' || Array.isArray(inner)) {
    return { ok: false, reply: badRequest(`Invalid input for field '${wrapper}': '${wrapper}' is a required property`) };
  }
  return { ok: true, value: inner as Record<string, unknown> };
}

/** The v3.0 API: the same checks, answered with IAM.0011. */
export function iamBody(req: EmulatorRequest, wrapper: string): JsonBody {
  const invalid = { ok: false as const, reply: iam(400, 'IAM.0011', 'Request body is invalid.') };
  if (!isJsonContentType(req.headers)) return invalid;
  try {
    const inner = (JSON.parse(req.body) as Record<string, unknown> | null)?.[wrapper];
    return inner && typeof inner === 'object' && !Array.isArray(inner) ? { ok: true, value: inner as Record<string, unknown> } : invalid;
  } catch {
    return invalid;
  }
}
