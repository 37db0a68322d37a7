// The Huawei IAM requests, built as data (pure functions), exactly as they go on the wire: method, path,
// the Content-Type the IAM reference asks for on every call, and the JSON body. The X-Auth-Token is not
// part of a built request: the adapter adds it at send time (HuaweiAdapter.authHeaderNames).
// The same module reads a built write back: what answer it expects, what it makes and how that is undone.
import type { z } from 'zod';
import type { PlannedRequest } from '../../core/vendor-contract/adapter.js';
import {
  JSON_CONTENT_TYPE,
  KEYSTONE_IDPS_PATH,
  MAPPINGS_PATH,
  identityProviderEnvelope,
  idpPath,
  mappingEnvelope,
  mappingPath,
  oidcConfigEnvelope,
  oidcConfigPath,
  protocolEnvelope,
  protocolPath,
  type CreateIdentityProviderBody,
  type MappingBody,
  type OidcConfigBody,
  type ProtocolBody,
  type UpdateIdentityProviderBody,
} from './wire.js';

/** Headers every IAM call carries besides auth (reads and deletes too, as the adapter always did). */
export const HUAWEI_HEADERS: Readonly<Record<string, string>> = { 'content-type': JSON_CONTENT_TYPE };

/** The rule every IdP gets at creation, as the console and Terraform make it: anyone the IdP vouches for
 * becomes the virtual user "FederationUser"; narrowing it is done in the console's conversion rules. */
export const DEFAULT_MAPPING: MappingBody = {
  mapping: { rules: [{ local: [{ user: { name: 'FederationUser' } }], remote: [{ type: '__NAMEID__' }] }] },
};

/**
 * `idempotent`: whether the vendor client may send the write again after a failure it may have acted on.
 * Keystone's creating PUTs are not (a second one answers 409 Conflict), nor are deletes (a second one answers
 * 404) unless they are sent with `goneIsFine` (HuaweiAdapter.sendPlanned); updates that set values are.
 */
function build(method: PlannedRequest['method'], path: string, purpose: string, json?: unknown, idempotent?: boolean): PlannedRequest {
  const request: PlannedRequest = { method, path, headers: { ...HUAWEI_HEADERS }, purpose };
  if (json !== undefined) request.body = JSON.stringify(json);
  if (idempotent !== undefined) request.idempotent = idempotent;
  return request;
}

// ---- reads ----

export const buildReadRequest = (path: string, purpose: string): PlannedRequest => build('GET', path, purpose);

// ---- writes ----

export const buildCreateIdentityProviderRequest = (
  id: string,
  body: CreateIdentityProviderBody,
  purpose = `create identity provider ${id}`,
) => build('PUT', idpPath(id), purpose, body, false);

export const buildUpdateIdentityProviderRequest = (
  id: string,
  body: UpdateIdentityProviderBody,
  purpose = `update identity provider ${id}`,
) => build('PATCH', idpPath(id), purpose, body, true);

export const buildDeleteIdentityProviderRequest = (id: string, purpose = `delete identity provider ${id}`) =>
  build('DELETE', idpPath(id), purpose, undefined, false);

export const buildCreateMappingRequest = (mappingId: string, body: MappingBody, purpose = `create mapping ${mappingId}`) =>
  build('PUT', mappingPath(mappingId), purpose, body, false);

export const buildDeleteMappingRequest = (mappingId: string, purpose = `delete mapping ${mappingId}`) =>
  build('DELETE', mappingPath(mappingId), purpose, undefined, false);

export const buildCreateProtocolRequest = (
  idpId: string,
  protocolId: string,
  mappingId: string,
  purpose = `register protocol ${protocolId} of ${idpId} with mapping ${mappingId}`,
) => build('PUT', protocolPath(idpId, protocolId), purpose, { protocol: { mapping_id: mappingId } } satisfies ProtocolBody, false);

export const buildDeleteProtocolRequest = (idpId: string, protocolId: string, purpose = `delete protocol ${protocolId} of ${idpId}`) =>
  build('DELETE', protocolPath(idpId, protocolId), purpose, undefined, false);

/** POST: the IdP has no OIDC configuration yet. */
export const buildCreateOidcConfigRequest = (
  idpId: string,
  body: OidcConfigBody,
  purpose = `create the OpenID Connect configuration of ${idpId}`,
) => build('POST', oidcConfigPath(idpId), purpose, body, false);

/** PUT: every field is optional at the vendor; the adapter sends the whole merged configuration (a full replace). */
export const buildUpdateOidcConfigRequest = (
  idpId: string,
  body: OidcConfigBody,
  purpose = `update the OpenID Connect configuration of ${idpId}`,
) => build('PUT', oidcConfigPath(idpId), purpose, body, true);

// ---- reading a built write back ----

export type WriteTarget =
  | { kind: 'idp'; idpId: string }
  | { kind: 'protocol'; idpId: string; protocolId: string }
  | { kind: 'mapping'; mappingId: string }
  | { kind: 'oidcConfig'; idpId: string };

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const IDP_RE = new RegExp(`^${escapeRegExp(KEYSTONE_IDPS_PATH)}/([^/]+)$`);
const PROTOCOL_RE = new RegExp(`^${escapeRegExp(KEYSTONE_IDPS_PATH)}/([^/]+)/protocols/([^/]+)$`);
const MAPPING_RE = new RegExp(`^${escapeRegExp(MAPPINGS_PATH)}/([^/]+)$`);
const OIDC_RE = /^\/v3\.0\/OS-FEDERATION\/identity-providers\/([^/]+)\/openid-connect-config$/;

/** Which vendor object a path of the builders above names; null for any other path. */
export function targetOf(path: string): WriteTarget | null {
  let m: RegExpExecArray | null;
  if ((m = IDP_RE.exec(path))) return { kind: 'idp', idpId: decodeURIComponent(m[1]!) };
  if ((m = PROTOCOL_RE.exec(path))) return { kind: 'protocol', idpId: decodeURIComponent(m[1]!), protocolId: decodeURIComponent(m[2]!) };
  if ((m = MAPPING_RE.exec(path))) return { kind: 'mapping', mappingId: decodeURIComponent(m[1]!) };
  if ((m = OIDC_RE.exec(path))) return { kind: 'oidcConfig', idpId: decodeURIComponent(m[1]!) };
  return null;
}

export interface ExpectedAnswer {
  /** For the error message: "Huawei IAM refused to <doing>". */
  doing: string;
  /** The success status(es) of this write. */
  statuses: number[];
  /** The documented shape of a success body, checked so that a changed API is noticed; null: no body (204). */
  schema: z.ZodType | null;
}

/** What the vendor answers a write of the builders above with (VENDORS.md 4.2-4.4). */
export function expectedAnswer(request: PlannedRequest): ExpectedAnswer {
  const target = targetOf(request.path);
  const answer = (doing: string, status: number, schema: z.ZodType | null = null): ExpectedAnswer => ({
    doing,
    statuses: [status],
    schema,
  });
  switch (`${request.method} ${target?.kind}`) {
    case 'PUT idp':
      return answer(`create identity provider ${idOf(target)}`, 201, identityProviderEnvelope);
    case 'PATCH idp':
      return answer(`update identity provider ${idOf(target)}`, 200, identityProviderEnvelope);
    case 'DELETE idp':
      return answer(`delete identity provider ${idOf(target)}`, 204);
    case 'PUT mapping':
      return answer(`create mapping ${idOf(target)}`, 201, mappingEnvelope);
    case 'DELETE mapping':
      return answer(`delete mapping ${idOf(target)}`, 204);
    case 'PUT protocol':
      return answer(`register protocol ${idOf(target)}`, 201, protocolEnvelope);
    case 'DELETE protocol':
      return answer(`delete protocol ${idOf(target)}`, 204);
    case 'POST oidcConfig':
      return answer(`create the OIDC configuration of ${idOf(target)}`, 201, oidcConfigEnvelope);
    case 'PUT oidcConfig':
      return answer(`update the OIDC configuration of ${idOf(target)}`, 200, oidcConfigEnvelope);
    default:
      throw new Error(`huawei: ${request.method} ${request.path} is not a write this adapter builds`);
  }
}

/** How a message names the object: "acme", "mapping_acme", "oidc for acme" (a protocol). */
function idOf(target: WriteTarget | null): string {
  switch (target?.kind) {
    case 'idp':
    case 'oidcConfig':
      return target.idpId;
    case 'mapping':
      return target.mappingId;
    case 'protocol':
      return `${target.protocolId} for ${target.idpId}`;
    default:
      return '?';
  }
}

/**
 * What a creating write makes ("identity provider acme", for messages) and the request that removes it
 * again; no undo for the OIDC configuration (there is no delete for it: it goes with its IdP).
 */
export function creationOf(request: PlannedRequest): { what: string; undo?: PlannedRequest } {
  const target = targetOf(request.path);
  if (request.method === 'PUT' && target?.kind === 'idp') {
    return {
      what: `identity provider ${target.idpId}`,
      undo: buildDeleteIdentityProviderRequest(target.idpId, `undo: delete identity provider ${target.idpId}`),
    };
  }
  if (request.method === 'PUT' && target?.kind === 'mapping') {
    return {
      what: `mapping ${target.mappingId}`,
      undo: buildDeleteMappingRequest(target.mappingId, `undo: delete mapping ${target.mappingId}`),
    };
  }
  if (request.method === 'PUT' && target?.kind === 'protocol') {
    return {
      what: `protocol ${target.protocolId} of ${target.idpId}`,
      undo: buildDeleteProtocolRequest(target.idpId, target.protocolId, `undo: delete protocol ${target.protocolId} of ${target.idpId}`),
    };
  }
  if (target?.kind === 'oidcConfig') return { what: `OpenID Connect configuration of ${target.idpId}` };
  return { what: `${request.method} ${request.path}` };
}
