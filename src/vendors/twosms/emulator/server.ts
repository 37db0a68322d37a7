// A faithful in-memory 2sms admin SSO API (an ASP.NET Web API 2 app behind an OWIN OAuth server), for
// tests and the sandbox. It reproduces, in the order ASP.NET runs them: route matching (404/405 with Web API's
// own {Message} bodies, case-insensitive paths, a list that needs its Name query parameter), the [Authorize]
// check (401), parameter binding (415 for a non-JSON body, 400 for an id that is not a GUID, [Required]
// fields), then the controller's rules in the {Error, ResponseData} envelope with errorIDP flags.
import {
  EmulatorRouter,
  startEmulatorServer,
  type EmulatorFaultOptions,
  type EmulatorReply,
  type EmulatorRequest,
  type RunningEmulator,
} from '../../../emulation/http.js';
import { statusPhrase, type VendorFaultProfile } from '../../../emulation/faults.js';
import { domainOf, TwoSmsState, type EmulatedProvider, type SsoFields, type TwoSmsStateOptions } from './state.js';

export interface TwoSmsEmulatorOptions extends TwoSmsStateOptions, EmulatorFaultOptions {
  clientId: string;
  clientSecret: string;
  /** Identification.UserId in every envelope: the portal user the API client belongs to. */
  userId?: string;
  /** How a success writes its Error part: `null` (default) or empty strings; the vendor's choice is unknown. */
  successError?: 'null' | 'empty';
  port?: number;
}

export interface TwoSmsEmulator extends RunningEmulator {
  state: TwoSmsState;
}

const GUID = /^(?:\{)?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}(?:\})?$/i;

const aspNet = (status: number, Message: string, extra: Record<string, unknown> = {}): EmulatorReply => ({
  status,
  body: { Message, ...extra },
});

function header(req: EmulatorRequest, name: string): string | undefined {
  return req.headers[name.toLowerCase()];
}

function mediaType(req: EmulatorRequest): string {
  return (header(req, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

export async function createTwoSmsEmulator(options: TwoSmsEmulatorOptions): Promise<TwoSmsEmulator> {
  const state = new TwoSmsState(options);
  const userId = options.userId ?? '6f1c2d0e-4b7a-4e55-9a0b-3d2f8c9e1a47';
  let baseUrl = '';

  const envelope = (status: number, detail: unknown, error?: { code: string; reason: string }): EmulatorReply => ({
    status,
    body: {
      Error: error
        ? { ErrorCode: error.code, ErrorReason: error.reason }
        : options.successError === 'empty'
          ? { ErrorCode: '', ErrorReason: '' }
          : null,
      ResponseData: { Identification: { UserId: userId }, Result: error ? 'Failed' : 'Success', Detail: detail },
    },
  });

  const notFoundIdp = (id: string) =>
    envelope(404, null, { code: 'IdentityProviderNotFound', reason: `No identity provider with ID ${id} exists on this account.` });

  const authorized = (req: EmulatorRequest): boolean => {
    const match = /^Bearer\s+(\S+)$/i.exec(header(req, 'authorization') ?? '');
    return match !== null && state.isTokenValid(match[1]!);
  };
  const denied = () => aspNet(401, 'Authorization has been denied for this request.');

  /** Web API's JSON body binding: Json.NET matches names case-insensitively and ignores unknown ones. */
  const bindSso = (req: EmulatorRequest, typeName: string): { fields?: SsoFields; id?: string; reply?: EmulatorReply } => {
    const type = mediaType(req);
    if (type !== 'application/json' && type !== 'text/json') {
      return {
        reply: aspNet(415, `The request entity's media type '${type || 'application/octet-stream'}' is not supported for this resource.`, {
          ExceptionMessage: `No MediaTypeFormatter is available to read an object of type '${typeName}' from content with media type '${type || 'application/octet-stream'}'.`,
          ExceptionType: 'System.Net.Http.UnsupportedMediaTypeException',
          StackTrace: null,
        }),
      };
    }
    let raw: unknown;
    try {
      raw = req.body.trim() === '' ? null : JSON.parse(req.body);
    } catch {
      return { reply: envelope(400, null, { code: 'InvalidRequest', reason: 'The request body is not valid JSON.' }) };
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      return { reply: envelope(400, null, { code: 'InvalidRequest', reason: `A ${typeName} object is required in the request body.` }) };
    }
    const byName = new Map(Object.entries(raw as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), v]));
    const problems: string[] = [];
    const text = (name: string, required: boolean): string | null => {
      const value = byName.get(name.toLowerCase());
      if (value !== undefined && value !== null && typeof value === 'object') {
        problems.push(`Error converting value to type 'System.String'. Path '${name}'.`);
        return null;
      }
      const str = value === undefined || value === null ? null : String(value);
      if (required && (str === null || str.trim() === '')) problems.push(`The ${name} field is required.`);
      return str;
    };
    const id = typeName === 'SSO' ? text('ID', true) : null;
    if (id !== null && !GUID.test(id)) problems.push(`Error converting value "${id}" to type 'System.Guid'. Path 'ID'.`);
    const fields: SsoFields = {
      Name: text('Name', true) ?? '',
      Provider: text('Provider', true) ?? '',
      LoginUrl: text('LoginUrl', true) ?? '',
      LogoutUrl: text('LogoutUrl', true) ?? '',
      Certificate: text('Certificate', false),
    };
    if (problems.length > 0) return { reply: envelope(400, null, { code: 'InvalidRequest', reason: problems.join(' ') }) };
    return { fields, id: id ?? undefined };
  };

  const badGuid = (name: string) =>
    aspNet(400, 'The request is invalid.', {
      MessageDetail: `The parameters dictionary contains a null entry for parameter '${name}' of non-nullable type 'System.Guid' for method in 'TwoSms.CustomerPortalRole.API.Admin.SSO.IdentityProvidersController'. An optional parameter must be a reference type, a nullable type, or be declared as an optional parameter.`,
    });

  /** Create and update answer with IdentityProviderDetails; a flagged problem fails the whole call. */
  const details = (provider: { Domain: string; DomainTXTrecord: string | null }, flags: Record<string, boolean>) => ({
    EntityID: `${baseUrl}/Saml2`,
    ReplyURL: `${baseUrl}/Saml2/Acs`,
    Domain: provider.Domain,
    DomainTXTString: provider.DomainTXTrecord,
    errorIDP: flags,
  });

  const rejectFlags = (fields: SsoFields, flags: Record<string, boolean>): EmulatorReply | null => {
    const names = Object.entries(flags)
      .filter(([, on]) => on)
      .map(([name]) => name);
    if (names.length === 0) return null;
    return envelope(400, details({ Domain: domainOf(fields.Provider), DomainTXTrecord: null }, flags), {
      code: 'IdentityProviderInvalid',
      reason: `The identity provider could not be saved: ${names.join(', ')}.`,
    });
  };

  const router = new EmulatorRouter()
    .on('POST', '/token', (req) => token(req))
    .on('GET', '/api/v1/admin/identityproviders', (req) => {
      if (!req.query.has('Name') && !req.query.has('name')) {
        return aspNet(404, `No HTTP resource was found that matches the request URI '${baseUrl}${req.path}'.`, {
          MessageDetail: "No action was found on the controller 'IdentityProviders' that matches the request.",
        });
      }
      if (!authorized(req)) return denied();
      const name = req.query.get('Name') ?? req.query.get('name') ?? '';
      return envelope(
        200,
        state.list(name).map((p) => state.toApi(p)),
      );
    })
    .on('POST', '/api/v2/admin/identityproviders', (req) => {
      if (!authorized(req)) return denied();
      const bound = bindSso(req, 'BaseSSO');
      if (bound.reply) return bound.reply;
      const fields = bound.fields!;
      const flags = state.check(fields);
      const rejected = rejectFlags(fields, flags);
      if (rejected) return rejected;
      return envelope(200, details(state.create(fields), flags));
    })
    .on('PUT', '/api/v2/admin/identityproviders/:id', (req) => {
      if (!authorized(req)) return denied();
      if (!GUID.test(req.params.id!)) return badGuid('id');
      const bound = bindSso(req, 'SSO');
      if (bound.reply) return bound.reply;
      const fields = bound.fields!;
      if (normalizeGuid(bound.id!) !== normalizeGuid(req.params.id!)) {
        return envelope(400, null, { code: 'IdMismatch', reason: 'The ID in the body does not match the ID in the URI.' });
      }
      const existing = state.find(normalizeGuid(req.params.id!));
      if (!existing) return notFoundIdp(req.params.id!);
      const flags = state.check(fields, existing.ID);
      const rejected = rejectFlags(fields, flags);
      if (rejected) return rejected;
      return envelope(200, details(state.replace(existing, fields), flags));
    })
    .on('DELETE', '/api/v1/admin/identityproviders/:id', (req) => {
      if (!authorized(req)) return denied();
      // The id is typed string here, so a malformed one is simply not found.
      const id = GUID.test(req.params.id!) ? normalizeGuid(req.params.id!) : req.params.id!;
      if (!state.remove(id)) return notFoundIdp(req.params.id!);
      return envelope(200, 'Identity provider deleted.');
    })
    .on('GET', '/api/v1/admin/identityproviders/:id/verification', (req) => {
      if (!authorized(req)) return denied();
      if (!GUID.test(req.params.id!)) return badGuid('ID');
      const provider = state.find(normalizeGuid(req.params.id!));
      if (!provider) return notFoundIdp(req.params.id!);
      if (state.verify(provider)) return envelope(200, state.toApi(provider));
      return envelope(200, state.toApi(provider), {
        code: 'VerificationFailed',
        reason: `The TXT record ${provider.DomainTXTrecord} was not found on the domain ${provider.Domain}.`,
      });
    });

  /** OWIN's token endpoint: a form post; client credentials in the body; RFC 6749 error bodies. */
  function token(req: EmulatorRequest): EmulatorReply {
    if (mediaType(req) !== 'application/x-www-form-urlencoded') return { status: 400, body: { error: 'invalid_request' } };
    const form = new URLSearchParams(req.body);
    const grant = form.get('grant_type');
    if (form.get('client_id') !== options.clientId || form.get('client_secret') !== options.clientSecret) {
      return { status: 400, body: { error: 'invalid_client', error_description: 'The client credentials are invalid.' } };
    }
    if (grant === 'refresh_token') {
      if (!state.useRefreshToken(form.get('refresh_token') ?? '')) return { status: 400, body: { error: 'invalid_grant' } };
    } else if (grant !== 'client_credentials') {
      return { status: 400, body: { error: 'unsupported_grant_type' } };
    }
    const issued = state.issueToken();
    return {
      status: 200,
      headers: { 'cache-control': 'no-cache', pragma: 'no-cache' },
      body: {
        access_token: issued.access_token,
        token_type: 'bearer',
        expires_in: issued.expires_in,
        refresh_token: issued.refresh_token,
        '.issued': issued.issued.toUTCString(),
        '.expires': issued.expires.toUTCString(),
      },
    };
  }

  const noResource = (req: EmulatorRequest) =>
    aspNet(404, `No HTTP resource was found that matches the request URI '${baseUrl}${req.path}'.`);
  const noMethod = (req: EmulatorRequest) => aspNet(405, `The requested resource does not support http method '${req.method}'.`);
  const route = router.handler(noResource, noMethod);

  /**
   * Faults, answered the way each layer answers: the OWIN token endpoint with an RFC 6749 error body (a 5xx
   * with Web API's `{Message}`), Web API's own `{Message}` bodies for 401 / 404 / 405 / 415 and for a 5xx (an
   * unhandled exception: "An error has occurred."), and the controller's {Error, ResponseData} envelope for
   * the other 4xx. token-expiry expires every issued access token: the call meets the [Authorize] 401.
   */
  const faultProfile: VendorFaultProfile<EmulatorRequest> = {
    isTokenEndpoint: (req) => req.method === 'POST' && /^\/token\/?$/i.test(req.path),
    errorReply: (status, req) => {
      if (status >= 500) return aspNet(status, 'An error has occurred.');
      if (faultProfile.isTokenEndpoint!(req)) return { status, body: { error: status === 401 ? 'invalid_client' : 'invalid_request' } };
      if (status === 401) return denied();
      if (status === 404) return noResource(req);
      if (status === 405) return noMethod(req);
      if (status === 415)
        return aspNet(
          415,
          `The request entity's media type '${mediaType(req) || 'application/octet-stream'}' is not supported for this resource.`,
        );
      const phrase = statusPhrase(status);
      return envelope(status, null, {
        code: phrase.replace(/[^A-Za-z0-9]+/g, ''),
        reason: `The request could not be completed: ${phrase}.`,
      });
    },
    tokenExpiry: { expireTokens: () => state.expireTokens() },
  };

  // ASP.NET and OWIN match paths case-insensitively; the request log keeps the path as sent.
  const server = await startEmulatorServer((req) => route({ ...req, path: req.path.toLowerCase() }), options.port, {
    faultProfile,
    faults: options.faults,
  });
  baseUrl = server.url;
  return { ...server, state };
}

function normalizeGuid(id: string): string {
  const hex = id.replace(/[{}-]/g, '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export type { EmulatedProvider };
