// A faithful imitation of the Akamai Identity Cloud Custom Provider API (VENDORS.md section 2): client-
// credential tokens at {customerId}/login/token that expire (then 403), the custom-providers collection of
// each app (list with summaries only, view with client_secret in clear, create, modify by PATCH or PUT with
// merge-patch or Akamai's "replace all" json-patch content type, 204), no delete, 404 / 415 / 422 / 400 as
// documented, ETag + If-None-Match on view. Uncertain facts are options: the list envelope and the error body.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  type EmulatorFaultOptions,
  EmulatorRouter,
  type EmulatorReply,
  type EmulatorRequest,
  type RunningEmulator,
  startEmulatorServer,
} from '../../../emulation/http.js';
import { statusPhrase, type VendorFaultProfile } from '../../../emulation/faults.js';
import { checkProtocolFit, checkWrite, EmulatorFailure, mergePatch } from './rules.js';
import { JSON_PATCH, MERGE_PATCH, TOKEN_SCOPE } from '../wire.js';

type Json = Record<string, unknown>;

/** A provider to start with: wire members, optionally with a fixed id and timestamps. */
export type AkamaiProviderSeed = Json & { id?: string; createdAt?: string; updatedAt?: string };

export interface AkamaiEmulatorOptions extends EmulatorFaultOptions {
  customerId: string;
  /** The configuration client (HTTP Basic at the token endpoint). */
  clientId: string;
  clientSecret: string;
  /** App id -> its custom providers. */
  apps: Record<string, AkamaiProviderSeed[]>;
  /** Lifetime of an issued token (Akamai: 3600 s). */
  tokenLifetimeSeconds?: number;
  /** The list envelope is undocumented: HAL `_embedded` (default) or a bare array. */
  listStyle?: 'hal' | 'array';
  /** The error body is undocumented: RFC 9457 problem+json (default) or Engage's `{stat, err}`. */
  errorStyle?: 'problem' | 'engage';
  now?: () => number;
  port?: number;
}

interface StoredProvider extends Json {
  id: string;
  createdAt: string;
  updatedAt: string;
}

export interface AkamaiEmulator extends RunningEmulator {
  /** The stored provider, client_secret included (tests only). */
  provider(appId: string, providerId: string): StoredProvider | undefined;
  providers(appId: string): StoredProvider[];
  /** Makes every issued token expire now: the next call with one gets 403. */
  expireTokens(): void;
  tokensIssued(): number;
  /** Fault fixture: the next configuration call with `method` gets this error instead of its answer. */
  failNext(method: string, status: number, code: string, detail: string): void;
}

const PREFIX = '/:customerId/v2/config/low/services/engage-v2/apps/:appId/custom-providers';
const TOKEN_PATH = /^\/[^/]+\/login\/token\/?$/;

/** Akamai's timestamps carry nanoseconds: 2021-01-23T00:00:00.000000000Z. */
function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

function mediaType(req: EmulatorRequest): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

export async function createAkamaiEmulator(options: AkamaiEmulatorOptions): Promise<AkamaiEmulator> {
  const now = options.now ?? Date.now;
  const lifetime = options.tokenLifetimeSeconds ?? 3600;
  const apps = new Map<string, Map<string, StoredProvider>>();
  for (const [appId, seeds] of Object.entries(options.apps)) {
    const providers = new Map<string, StoredProvider>();
    for (const seed of seeds) {
      const at = timestamp(now());
      const stored = {
        ...structuredClone(seed),
        id: seed.id ?? randomUUID(),
        createdAt: seed.createdAt ?? at,
        updatedAt: seed.updatedAt ?? at,
      };
      providers.set(stored.id, stored);
    }
    apps.set(appId, providers);
  }
  const tokens = new Map<string, { expiresAt: number }>();
  let issued = 0;
  const faults: Array<{ method: string; failure: EmulatorFailure }> = [];

  function failure(error: EmulatorFailure): EmulatorReply {
    if (options.errorStyle === 'engage')
      return { status: error.status, body: { stat: 'fail', err: { code: error.code, msg: error.message } } };
    return {
      status: error.status,
      headers: { 'content-type': 'application/problem+json' },
      body: { type: `/config/error-types/${error.code}`, title: error.title, status: error.status, detail: error.message },
    };
  }

  const oauthError = (status: number, error: string, description: string): EmulatorReply => ({
    status,
    headers: { 'cache-control': 'no-store' },
    body: { error, error_description: description },
  });

  function issueToken(req: EmulatorRequest): EmulatorReply {
    if (req.params.customerId !== options.customerId) {
      return failure(new EmulatorFailure(404, 'customer-not-found', 'Not Found', `Customer ${req.params.customerId} was not found.`));
    }
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
    const [id, ...rest] = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8').split(':') : [];
    if (id !== options.clientId || rest.join(':') !== options.clientSecret) {
      return oauthError(401, 'invalid_client', 'Client authentication failed.');
    }
    if (mediaType(req) !== 'application/x-www-form-urlencoded') {
      return oauthError(400, 'invalid_request', 'The body must be application/x-www-form-urlencoded.');
    }
    const form = new URLSearchParams(req.body);
    if (form.get('grant_type') !== 'client_credentials')
      return oauthError(400, 'unsupported_grant_type', 'Only client_credentials is supported.');
    if (form.get('scope') !== TOKEN_SCOPE)
      return oauthError(400, 'invalid_scope', `The token policy does not allow the scope "${form.get('scope') ?? ''}".`);
    const token = randomBytes(48).toString('base64url');
    tokens.set(token, { expiresAt: now() + lifetime * 1000 });
    issued++;
    return {
      status: 200,
      headers: { 'cache-control': 'no-store' },
      body: { access_token: token, expires_in: lifetime, token_type: 'Bearer', scope: TOKEN_SCOPE },
    };
  }

  /** Token, customer and app of a configuration call; throws the vendor's 403 / 404. */
  const accessDenied = () =>
    new EmulatorFailure(403, 'access-denied', 'Forbidden', 'Access denied: the access token is missing, invalid or expired.');

  function appOf(req: EmulatorRequest): Map<string, StoredProvider> {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    const token = bearer ? tokens.get(bearer[1]!) : undefined;
    if (!token || now() >= token.expiresAt) throw accessDenied();
    if (req.params.customerId !== options.customerId)
      throw new EmulatorFailure(403, 'access-denied', 'Forbidden', 'The access token is not valid for this customer.');
    const app = apps.get(req.params.appId!);
    if (!app) throw new EmulatorFailure(404, 'app-not-found', 'Not Found', `Application ${req.params.appId} was not found.`);
    return app;
  }

  function providerOf(req: EmulatorRequest): StoredProvider {
    const provider = appOf(req).get(req.params.providerId!);
    if (!provider)
      throw new EmulatorFailure(404, 'provider-not-found', 'Not Found', `Custom provider ${req.params.providerId} was not found.`);
    return provider;
  }

  function parseBody(req: EmulatorRequest): unknown {
    try {
      return JSON.parse(req.body);
    } catch {
      throw new EmulatorFailure(400, 'invalid-json', 'Bad Request', 'The request body is not valid JSON.');
    }
  }

  const selfHref = (req: EmulatorRequest, id?: string) => {
    const collection = `http://${req.headers.host}/${req.params.customerId}/v2/config/low/services/engage-v2/apps/${req.params.appId}/custom-providers`;
    return id ? `${collection}/${id}` : collection;
  };

  /** The view body: links, server members first, then the provider's members (client_secret in clear). */
  function view(req: EmulatorRequest, provider: StoredProvider): Json {
    const { id, createdAt, updatedAt, ...members } = provider;
    return {
      _links: { collection: { href: selfHref(req) }, self: { href: selfHref(req, id) } },
      id,
      createdAt,
      updatedAt,
      ...members,
    };
  }

  const etag = (provider: StoredProvider) => `"${createHash('sha256').update(JSON.stringify(provider)).digest('hex').slice(0, 20)}"`;

  function modify(req: EmulatorRequest): EmulatorReply {
    const app = appOf(req);
    const provider = providerOf(req);
    const type = mediaType(req);
    if (type !== MERGE_PATCH && type !== JSON_PATCH) {
      throw new EmulatorFailure(
        415,
        'unsupported-media-type',
        'Unsupported Media Type',
        `Content-Type must be ${MERGE_PATCH} or ${JSON_PATCH}.`,
      );
    }
    const body = parseBody(req);
    const { id, createdAt } = provider;
    let next: Json;
    if (type === MERGE_PATCH) {
      const patch = checkWrite(body, 'merge', provider);
      next = mergePatch(provider, patch);
      checkProtocolFit(next);
    } else {
      // Akamai's json-patch+json: every member not sent is removed (not RFC 6902).
      next = checkWrite(body, 'replace', null);
    }
    app.set(id, { ...next, id, createdAt, updatedAt: timestamp(now()) });
    return { status: 204 };
  }

  const routes = new EmulatorRouter()
    .on('POST', '/:customerId/login/token', issueToken)
    .on('GET', PREFIX, (req) => {
      const entries = [...appOf(req).values()].map((p) => ({
        _links: { self: { href: selfHref(req, p.id) } },
        id: p.id,
        protocol: p.protocol,
        title: p.title,
        ...(p.ui ? { ui: p.ui } : {}),
      }));
      if (options.listStyle === 'array') return { status: 200, body: entries };
      return { status: 200, body: { _links: { self: { href: selfHref(req) } }, _embedded: { 'custom-providers': entries } } };
    })
    .on('POST', PREFIX, (req) => {
      const app = appOf(req);
      if (mediaType(req) !== 'application/json') {
        throw new EmulatorFailure(415, 'unsupported-media-type', 'Unsupported Media Type', 'Content-Type must be application/json.');
      }
      const body = checkWrite(parseBody(req), 'create', null);
      const at = timestamp(now());
      const provider: StoredProvider = { ...body, id: randomUUID(), createdAt: at, updatedAt: at };
      app.set(provider.id, provider);
      return { status: 201, headers: { location: selfHref(req, provider.id), etag: etag(provider) }, body: view(req, provider) };
    })
    .on('GET', `${PREFIX}/:providerId`, (req) => {
      const provider = providerOf(req);
      const tag = etag(provider);
      if (req.headers['if-none-match'] === tag) return { status: 304, headers: { etag: tag } };
      return { status: 200, headers: { etag: tag }, body: view(req, provider) };
    })
    .on('PATCH', `${PREFIX}/:providerId`, modify)
    // The API reference names PUT for the same operation (VENDORS.md 2.2): it is accepted alike.
    .on('PUT', `${PREFIX}/:providerId`, modify);

  const dispatch = routes.handler(
    () => failure(new EmulatorFailure(404, 'not-found', 'Not Found', 'No such resource.')),
    // There is no delete (nor any other method) on these resources.
    () => failure(new EmulatorFailure(405, 'method-not-allowed', 'Method Not Allowed', 'This method is not supported on this resource.')),
  );

  const expireTokens = () => {
    for (const token of tokens.values()) token.expiresAt = now();
  };

  /**
   * Faults: the configuration API's error body (problem+json or Engage's, as `errorStyle`), and at the token
   * endpoint an OAuth error body; token-expiry expires every issued token, so the call meets the 403 above.
   */
  const faultProfile: VendorFaultProfile<EmulatorRequest> = {
    isTokenEndpoint: (req) => req.method === 'POST' && TOKEN_PATH.test(req.path),
    errorReply: (status, req) => {
      if (faultProfile.isTokenEndpoint!(req)) {
        const error =
          status === 503
            ? 'temporarily_unavailable'
            : status >= 500
              ? 'server_error'
              : status === 401
                ? 'invalid_client'
                : 'invalid_request';
        return oauthError(status, error, `The token service answered ${status} ${statusPhrase(status)}.`);
      }
      if (status === 403) return failure(accessDenied());
      const title = statusPhrase(status);
      const code = title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '');
      const detail = status >= 500 ? 'The service could not handle the request; try again later.' : `The request was refused: ${title}.`;
      return failure(new EmulatorFailure(status, code, title, detail));
    },
    tokenExpiry: { expireTokens },
  };

  const server = await startEmulatorServer(
    async (req) => {
      const fault = faults.findIndex((f) => f.method === req.method && req.path.includes('/custom-providers'));
      if (fault >= 0) return failure(faults.splice(fault, 1)[0]!.failure);
      try {
        return await dispatch(req);
      } catch (error) {
        if (error instanceof EmulatorFailure) return failure(error);
        throw error;
      }
    },
    options.port,
    { faultProfile, faults: options.faults },
  );

  return {
    ...server,
    provider: (appId, providerId) => apps.get(appId)?.get(providerId),
    providers: (appId) => [...(apps.get(appId)?.values() ?? [])],
    expireTokens,
    tokensIssued: () => issued,
    failNext: (method, status, code, detail) => {
      faults.push({
        method,
        failure: new EmulatorFailure(status, code, status >= 500 ? 'Service Unavailable' : 'Unprocessable Entity', detail),
      });
    },
  };
}
