// A faithful imitation of SlashID's organization SSO config API for OIDC provider credentials (VENDORS.md
// section 5, the official OpenAPI): API-key + org-id headers, the `{result, meta, errors}` envelope, 201 on
// create and 200 on modify/delete with no `result`, 400 for what the spec and the vendor's rules refuse,
// 404 for an unknown credential, the consistency headers and a 408 that still lands the write, and no
// `client_secret` in any answer. Where VENDORS.md is unsure it is lenient (see the notes inline).
import { setTimeout } from 'node:timers/promises';
import {
  type EmulatorFaultOptions,
  type EmulatorReply,
  type EmulatorRequest,
  EmulatorRouter,
  type RunningEmulator,
  startEmulatorServer,
} from '../../../emulation/http.js';
import { statusPhrase, type VendorFaultProfile } from '../../../emulation/faults.js';
import type { z } from 'zod';
import { APPLE_ID_LENGTH, applePrivateKeyProblem, DEFAULT_SECRET_LIFETIME, secretLifetimeProblem } from '../rules.js';
import {
  CONSISTENCY_LEVELS,
  type ConsistencyLevel,
  CREDENTIALS_PATH,
  credentialPatchRequest,
  credentialPostRequest,
  type CredentialPostRequest,
  DEFAULT_CONSISTENCY,
  DEFAULT_CONSISTENCY_TIMEOUT,
  HEADER_CONSISTENCY,
  HEADER_CONSISTENCY_TIMEOUT,
  MAX_CONSISTENCY_TIMEOUT,
  MIN_CONSISTENCY_TIMEOUT,
  OAUTH_PROVIDERS,
  type OAuthProvider,
  type OAuthProvidersOptionsWrite,
} from '../wire.js';

/** A credential as SlashID stores it, client secret included (it is never sent back). */
export interface StoredCredential {
  client_id: string;
  client_secret: string;
  provider: OAuthProvider;
  label: string;
  external_cred_id: string;
  enable_in_slashid_oidc_authz_server: boolean;
  options: Record<string, Record<string, unknown>>;
}

export interface SlashIdEmulatorOptions extends EmulatorFaultOptions {
  orgId: string;
  apiKey: string;
  /** Seed credentials in the create request's wire form. */
  credentials?: CredentialPostRequest[];
  /** Other organizations: their API keys are valid, but not for `orgId` (403). */
  otherOrganizations?: Array<{ orgId: string; apiKey: string }>;
  /** Seconds until a write reaches every region: an all_regions write with a shorter timeout gets 408. */
  replicationLagSeconds?: number;
  /** Really wait for replication (up to the request's timeout) before answering an all_regions write. */
  realTimeReplication?: boolean;
  port?: number;
}

/** One request and the answer the emulator gave, for checking both against the OpenAPI. */
export interface EmulatorExchange {
  method: string;
  path: string;
  rawQuery: string;
  headers: Record<string, string>;
  body: string;
  status: number;
  response: unknown;
}

export interface SlashIdEmulator extends RunningEmulator {
  /** The stored credential of the emulator's main organization. */
  credential(clientId: string): StoredCredential | undefined;
  credentials(): StoredCredential[];
  exchanges: EmulatorExchange[];
  setReplicationLag(seconds: number): void;
}

class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const fail = (status: number, message: string): never => {
  throw new ApiFailure(status, message);
};

function errorReply(status: number, message: string): EmulatorReply {
  return { status, body: { errors: [{ httpcode: status, message }] } };
}

const invalidKey = () => errorReply(401, 'invalid API key');

/**
 * Faults: every status in the `{errors: [{httpcode, message}]}` envelope. An API key does not expire, but it
 * can be revoked, and a revoked key is answered like an unknown one: token-expiry answers that 401 on the
 * requests it hits (there is no token to refresh; the gateway must report, not retry).
 */
const slashIdFaults: VendorFaultProfile<EmulatorRequest> = {
  errorReply: (status) => errorReply(status, statusPhrase(status).toLowerCase()),
  tokenExpiry: { refuse: invalidKey },
};

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; ');
}

export async function createSlashIdEmulator(options: SlashIdEmulatorOptions): Promise<SlashIdEmulator> {
  const organizations = new Map<string, Map<string, StoredCredential>>();
  const keys = new Map<string, string>();
  for (const org of [{ orgId: options.orgId, apiKey: options.apiKey }, ...(options.otherOrganizations ?? [])]) {
    organizations.set(org.orgId, new Map());
    keys.set(org.apiKey, org.orgId);
  }
  let replicationLag = options.replicationLagSeconds ?? 0;
  const exchanges: EmulatorExchange[] = [];

  function checkOptions(optionsByProvider: OAuthProvidersOptionsWrite | undefined): void {
    // Options under another provider's key than the credential's are accepted and kept: VENDORS.md does
    // not know what SlashID does with them, and the gateway never sends them.
    const apple = optionsByProvider?.apple;
    if (!apple) return;
    const keyProblem = applePrivateKeyProblem(apple.private_key);
    if (keyProblem) fail(400, `options.apple.private_key ${keyProblem}`);
    if (apple.team_id.length !== APPLE_ID_LENGTH) fail(400, `options.apple.team_id must be exactly ${APPLE_ID_LENGTH} characters`);
    if (apple.key_id.length !== APPLE_ID_LENGTH) fail(400, `options.apple.key_id must be exactly ${APPLE_ID_LENGTH} characters`);
    if (apple.secret_lifetime !== undefined) {
      const problem = secretLifetimeProblem(apple.secret_lifetime);
      if (problem) fail(400, `options.apple.secret_lifetime ${problem}`);
    }
  }

  function storeOptions(target: StoredCredential, given: OAuthProvidersOptionsWrite | undefined): void {
    // A provider's options are replaced as a whole (the spec's Apple object has required fields).
    for (const [provider, value] of Object.entries(given ?? {})) {
      if (value === undefined) continue;
      const copy: Record<string, unknown> = structuredClone(value);
      if (provider === 'apple') copy.secret_lifetime ??= DEFAULT_SECRET_LIFETIME;
      target.options[provider] = copy;
    }
  }

  function create(org: Map<string, StoredCredential>, body: CredentialPostRequest): void {
    const parsed = credentialPostRequest.safeParse(body);
    if (!parsed.success) fail(400, `request body has an error: ${describeIssues(parsed.error)}`);
    const input = parsed.data!;
    if (input.client_id === '') fail(400, 'client_id must not be empty');
    if (input.client_secret === '') fail(400, 'client_secret must not be empty');
    checkOptions(input.options);
    // VENDORS.md does not know whether a duplicate is a 400 or a 409; the spec lists only 400.
    if (org.has(input.client_id)) fail(400, `OIDC provider credentials with client ID ${input.client_id} already exist`);
    const stored: StoredCredential = {
      client_id: input.client_id,
      client_secret: input.client_secret,
      provider: input.provider,
      label: input.label ?? '',
      external_cred_id: input.external_cred_id ?? input.external_cred ?? '',
      enable_in_slashid_oidc_authz_server: input.enable_in_slashid_oidc_authz_server ?? false,
      options: {},
    };
    storeOptions(stored, input.options);
    org.set(stored.client_id, stored);
  }

  function toWire(stored: StoredCredential): Record<string, unknown> {
    const out: Record<string, unknown> = {
      client_id: stored.client_id,
      provider: stored.provider,
      label: stored.label,
      enable_in_slashid_oidc_authz_server: stored.enable_in_slashid_oidc_authz_server,
    };
    if (stored.external_cred_id) out.external_cred_id = stored.external_cred_id;
    // The read schema is `OAuthProvidersOptions`, whose Apple object includes private_key: it is returned.
    if (Object.keys(stored.options).length > 0) out.options = structuredClone(stored.options);
    return out;
  }

  function header(req: EmulatorRequest, name: string): string | undefined {
    return req.headers[name.toLowerCase()];
  }

  /** The consistency the write asks for; a bad header is a 400 before anything is changed. */
  function consistency(req: EmulatorRequest): { level: ConsistencyLevel; timeout: number } {
    const level = header(req, HEADER_CONSISTENCY) ?? DEFAULT_CONSISTENCY;
    if (!(CONSISTENCY_LEVELS as readonly string[]).includes(level)) {
      fail(
        400,
        `parameter "${HEADER_CONSISTENCY}" in header has an error: value is not one of the allowed values ["local_region","all_regions"]`,
      );
    }
    const rawTimeout = header(req, HEADER_CONSISTENCY_TIMEOUT);
    const timeout = rawTimeout === undefined ? DEFAULT_CONSISTENCY_TIMEOUT : /^\d+$/.test(rawTimeout) ? Number(rawTimeout) : NaN;
    if (!(timeout >= MIN_CONSISTENCY_TIMEOUT && timeout <= MAX_CONSISTENCY_TIMEOUT)) {
      fail(
        400,
        `parameter "${HEADER_CONSISTENCY_TIMEOUT}" in header has an error: must be an integer from ${MIN_CONSISTENCY_TIMEOUT} to ${MAX_CONSISTENCY_TIMEOUT}`,
      );
    }
    return { level: level as ConsistencyLevel, timeout };
  }

  function jsonBody(req: EmulatorRequest): unknown {
    const type = header(req, 'content-type') ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type)) fail(400, `header Content-Type has unexpected value "${type}"`);
    if (req.body.trim() === '') fail(400, 'request body has an error: value is required but missing');
    try {
      return JSON.parse(req.body);
    } catch {
      return fail(400, 'request body has an error: failed to decode request body: invalid JSON');
    }
  }

  /** Runs a write; when all regions cannot be reached in time it still lands, but the answer is a 408. */
  async function write(req: EmulatorRequest, change: () => void, success: EmulatorReply): Promise<EmulatorReply> {
    const wanted = consistency(req);
    change();
    if (wanted.level !== 'all_regions') return success;
    if (options.realTimeReplication) await setTimeout(Math.min(replicationLag, wanted.timeout) * 1000);
    if (replicationLag > wanted.timeout) {
      return errorReply(408, `the request did not reach consistency level all_regions within ${wanted.timeout}s; it may still be applied`);
    }
    return success;
  }

  function orgOf(req: EmulatorRequest): Map<string, StoredCredential> {
    return organizations.get(header(req, 'slashid-orgid')!)!;
  }

  function existing(req: EmulatorRequest): StoredCredential {
    const stored = orgOf(req).get(req.params.client_id!);
    return stored ?? fail(404, `OIDC provider credentials with client ID ${req.params.client_id} not found`);
  }

  const router = new EmulatorRouter()
    .on('GET', CREDENTIALS_PATH, (req) => {
      const provider = req.query.get('oauth_provider');
      if (provider !== null && !(OAUTH_PROVIDERS as readonly string[]).includes(provider)) {
        fail(
          400,
          `parameter "oauth_provider" in query has an error: value is not one of the allowed values [${OAUTH_PROVIDERS.map((p) => `"${p}"`).join(',')}]`,
        );
      }
      const result = [...orgOf(req).values()].filter((c) => provider === null || c.provider === provider).map(toWire);
      return { status: 200, body: { result } };
    })
    .on('POST', CREDENTIALS_PATH, (req) => {
      const body = jsonBody(req);
      return write(req, () => create(orgOf(req), body as CredentialPostRequest), { status: 201, body: {} });
    })
    .on('GET', `${CREDENTIALS_PATH}/:client_id`, (req) => ({ status: 200, body: { result: toWire(existing(req)) } }))
    .on('PATCH', `${CREDENTIALS_PATH}/:client_id`, (req) => {
      const stored = existing(req);
      const parsed = credentialPatchRequest.safeParse(jsonBody(req));
      if (!parsed.success) fail(400, `request body has an error: ${describeIssues(parsed.error)}`);
      const patch = parsed.data!;
      if (patch.client_secret === '') fail(400, 'client_secret must not be empty');
      checkOptions(patch.options);
      return write(
        req,
        () => {
          if (patch.client_secret !== undefined) stored.client_secret = patch.client_secret;
          if (patch.label !== undefined) stored.label = patch.label;
          const external = patch.external_cred_id ?? patch.external_cred;
          if (external !== undefined) stored.external_cred_id = external;
          if (patch.enable_in_slashid_oidc_authz_server !== undefined) {
            stored.enable_in_slashid_oidc_authz_server = patch.enable_in_slashid_oidc_authz_server;
          }
          storeOptions(stored, patch.options);
        },
        { status: 200, body: {} },
      );
    })
    .on('DELETE', `${CREDENTIALS_PATH}/:client_id`, (req) => {
      const stored = existing(req);
      return write(req, () => orgOf(req).delete(stored.client_id), { status: 200, body: {} });
    });

  const route = router.handler(
    // A path the API does not have: Go's net/http default, outside the envelope (the adapter reads it as a
    // misconfigured base URL, never as a credential gone).
    () => ({ status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: '404 page not found\n' }),
    () => errorReply(405, 'Method Not Allowed'),
  );

  function answer(req: EmulatorRequest): EmulatorReply | Promise<EmulatorReply> {
    const apiKey = header(req, 'slashid-api-key');
    // 401/403 bodies are not in the spec for these paths; they use the same envelope as every other error.
    if (!apiKey) return errorReply(401, 'missing API key: send it in the SlashID-API-Key header');
    const keyOrg = keys.get(apiKey);
    if (!keyOrg) return invalidKey();
    const orgId = header(req, 'slashid-orgid');
    if (!orgId) return errorReply(400, 'parameter "SlashID-OrgID" in header has an error: value is required but missing');
    if (orgId !== keyOrg) return errorReply(403, `the API key does not grant access to organization ${orgId}`);
    return route(req);
  }

  const server = await startEmulatorServer(
    async (req) => {
      let reply: EmulatorReply;
      try {
        reply = await answer(req);
      } catch (error) {
        if (!(error instanceof ApiFailure)) throw error;
        reply = errorReply(error.status, error.message);
      }
      const { params: _params, query: _query, ...recorded } = req;
      exchanges.push({ ...recorded, status: reply.status, response: reply.body });
      return reply;
    },
    options.port,
    { faultProfile: slashIdFaults, faults: options.faults },
  );

  const main = organizations.get(options.orgId)!;
  for (const seed of options.credentials ?? []) create(main, seed);

  return {
    ...server,
    clearRequests() {
      server.clearRequests();
      exchanges.length = 0;
    },
    credential: (clientId) => main.get(clientId),
    credentials: () => [...main.values()],
    exchanges,
    setReplicationLag(seconds) {
      replicationLag = seconds;
    },
  };
}
