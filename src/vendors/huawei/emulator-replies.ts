// The emulator's answers in Huawei's two error dialects (Keystone's {error:{code,title,message}} on the
// OS-FEDERATION calls, IAM's {error_msg,error_code} on v3.0 and at the API gateway) and its body readers,
// which refuse a non-JSON content type or a body without its wrapper object as each API family does.
import { randomUUID } from 'node:crypto';
import type { EmulatorReply, EmulatorRequest } from '../../core/emulator-http.js';

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
  body: { error_msg: `Incorrect IAM authentication information: ${detail}`, error_code: 'APIGW.0301', request_id: randomUUID().replace(/-/g, '') },
});
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
    return { ok: false, reply: badRequest('Expecting to find application/json in Content-Type header - the server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.') };
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
