// The 2sms requests as data: pure functions from the fields to the exact request that goes on the wire (the
// bearer token aside, which auth.ts adds at send time). Reads and writes share toWireRequest, so a planned
// request has the same headers and JSON serialization as every other call the adapter sends.
import type { PlannedRequest } from '../../core/vendor-contract/adapter.js';
import type { BaseSso, Sso } from './wire.js';

export const LIST_PATH = '/api/v1/admin/identityproviders';
export const WRITE_PATH = '/api/v2/admin/identityproviders';

export interface TwoSmsCall {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
}

/** One request as it goes on the wire, auth header aside: what reads send and what a plan lists. */
export type TwoSmsWireRequest = Omit<PlannedRequest, 'purpose'>;

/**
 * A call in its wire form: JSON accepted always, a JSON body (and its content type) when there is one.
 * Pure, so that a plan lists exactly what the adapter will put on the wire.
 */
export function toWireRequest(call: TwoSmsCall): TwoSmsWireRequest {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  return {
    method: call.method,
    path: call.path,
    ...(call.query ? { query: call.query } : {}),
    headers,
    ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
  };
}

/** Everything a create sends, and everything an update sends (after the merge). */
export interface TwoSmsProviderFields {
  name: string;
  provider: string;
  loginUrl: string;
  logoutUrl: string;
  certificate: string | null;
}

// The purposes double as the "could not ..." part of a failed write's error message.
export const PURPOSE = {
  create: 'create the identity provider',
  update: 'update the identity provider',
  delete: 'delete the identity provider',
  verify: 'verify the domain',
} as const;

function planned(call: TwoSmsCall, purpose: string, idempotent: boolean): PlannedRequest {
  return { ...toWireRequest(call), purpose, idempotent };
}

export function toBaseSso(fields: TwoSmsProviderFields): BaseSso {
  return {
    Name: fields.name,
    Provider: fields.provider,
    LoginUrl: fields.loginUrl,
    LogoutUrl: fields.logoutUrl,
    Certificate: fields.certificate,
  };
}

/** POST v2 with a BaseSSO body; never repeated (sent twice, it makes two providers, or a ProviderDup). */
export function buildCreateRequest(fields: TwoSmsProviderFields): PlannedRequest {
  const body: BaseSso = toBaseSso(fields);
  return planned({ method: 'POST', path: WRITE_PATH, body }, PURPOSE.create, false);
}

/** PUT v2: the whole SSO object, whose ID is the path id; a full replace, safe to repeat. */
export function buildUpdateRequest(id: string, fields: TwoSmsProviderFields): PlannedRequest {
  const body: Sso = { ID: id, ...toBaseSso(fields) };
  return planned({ method: 'PUT', path: `${WRITE_PATH}/${encodeURIComponent(id)}`, body }, PURPOSE.update, true);
}

/**
 * DELETE v1 (there is no v2 delete), no body. Not repeated: a second delete of a provider the first one
 * removed answers IdentityProviderNotFound, which the adapter reports as a failure.
 */
export function buildDeleteRequest(id: string): PlannedRequest {
  return planned({ method: 'DELETE', path: `${LIST_PATH}/${encodeURIComponent(id)}` }, PURPOSE.delete, false);
}

/**
 * The verification is a GET that changes state: 2sms looks for the TXT value on the domain and, when it is
 * there, marks the provider verified. It is therefore the one write of verifyTwoSmsDomain, and a plan never
 * sends it. What a second verification does is undocumented, so it is not repeated (despite being a GET).
 */
export function buildVerifyRequest(id: string): PlannedRequest {
  return planned({ method: 'GET', path: `${LIST_PATH}/${encodeURIComponent(id)}/verification` }, PURPOSE.verify, false);
}
