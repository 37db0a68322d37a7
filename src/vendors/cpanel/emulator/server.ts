// A faithful imitation of WHM API 1 External Authentication (VENDORS.md section 1): token auth, the
// `{data, metadata}` envelope, HTTP 200 with `result: 0` and an `API failure: (XID …)` reason on failure,
// the three services only, the strict client-configuration rules, display-key and colour rules, and the
// `whostmgrd_enabled` spelling the code emits.
//
// Arguments, for every function (reads and writes alike), as WHM API 1 takes them: in the query string of a
// GET, or in the body of a POST sent as application/x-www-form-urlencoded (the query string of a POST counts
// too; a name in both: the body's value). A POST body of any other type (JSON, multipart, text) is not read
// for arguments: cpsrvd parses form bodies only, so such a call sees the query string's arguments alone and
// fails as a call without them does (HTTP 200, `result: 0`: the WHM API 0 notice when api.version is missing,
// else "Provide the “…” parameter."). Chosen where VENDORS.md is unsure (section 1.1: "POST with
// form-encoded arguments is commonly used by clients too [?]").
import { randomBytes } from 'node:crypto';
import {
  type EmulatorFaultOptions,
  type EmulatorRequest,
  type EmulatorReply,
  requestArguments,
  type RunningEmulator,
  startEmulatorServer,
} from '../../../emulation/http.js';
import { statusPhrase, type VendorFaultProfile } from '../../../emulation/faults.js';
import {
  CPANEL_SERVICES,
  type CpanelService,
  type DisplayKey,
  DISPLAY_KEYS,
  HEX_COLOR,
  LINE_TERMINATOR,
  MAX_CONFIG_LENGTH,
  type WHM_FUNCTIONS,
} from '../wire.js';

export interface CpanelModuleSeed {
  id: string;
  displayName: string;
  providerName?: string;
  color: string;
  textcolor: string;
  icon?: string;
  documentationUrl: string;
  /** Fields the module declares; every one is required by set_provider_client_configurations. */
  fields?: Array<{ field_id: string; label: string; description: string }>;
  clientConfig?: Record<string, string>;
  enabled?: CpanelService[];
}

interface ModuleState {
  seed: CpanelModuleSeed;
  fields: Array<{ field_id: string; label: string; description: string; display_order: number }>;
  clientConfig: Record<string, string> | null;
  displayOverrides: Record<CpanelService, Partial<Record<DisplayKey, string>>>;
  enabled: Set<CpanelService>;
}

export interface CpanelEmulatorOptions extends EmulatorFaultOptions {
  username: string;
  apiToken: string;
  /** Host name the emulated server believes it has (used in redirect URIs). */
  hostname?: string;
  modules: CpanelModuleSeed[];
  port?: number;
}

export interface CpanelEmulator extends RunningEmulator {
  module(id: string): ModuleState | undefined;
  /** Makes the next call of `fn` fail the way WHM fails (result 0, `API failure: (XID …) reason`). */
  failNext(fn: string, reason: string): void;
}

const BASE_FIELDS = [
  { field_id: 'client_id', label: 'Client ID', description: 'The client ID that the identity provider issued.' },
  { field_id: 'client_secret', label: 'Client Secret', description: 'The client secret that the identity provider issued.' },
];

class WhmFailure extends Error {}

const quote = (value: string) => `“${value}”`;

function xid(): string {
  return randomBytes(3).toString('hex');
}

function envelope(command: string, result: 0 | 1, reason: string, data?: unknown): EmulatorReply {
  const body: Record<string, unknown> = { metadata: { command, reason, result, version: 1 } };
  if (data !== undefined) body.data = data;
  return { status: 200, body };
}

// cPanel answers a bad token with 403 and a short text body (the exact body is not documented).
const accessDenied = (): EmulatorReply => ({ status: 403, body: 'Access denied', headers: { 'content-type': 'text/plain' } });

/**
 * Faults. An HTTP error comes from cpsrvd, not from WHM API 1 (whose failures are 200 with `result: 0`), so
 * it has no envelope: a short text body, as the emulator's 403 and 404 have. There is no token to expire:
 * an API token is static, but WHM lets it carry an expiry date, and an expired (or revoked) token is refused
 * like a bad one, so token-expiry answers the 403 "Access denied" on the requests it hits.
 */
const cpanelFaults: VendorFaultProfile<EmulatorRequest> = {
  errorReply: (status) =>
    status === 403 ? accessDenied() : { status, body: statusPhrase(status), headers: { 'content-type': 'text/plain' } },
  tokenExpiry: { refuse: accessDenied },
};

/** One WHM call as the functions see it: its arguments, from the query string or a form body. */
interface WhmCall {
  args: URLSearchParams;
}

function required(req: WhmCall, name: string): string {
  const value = req.args.get(name);
  if (value === null || value === '') throw new WhmFailure(`Provide the ${quote(name)} parameter.`);
  return value;
}

function shuffled<T>(items: T[]): T[] {
  // Perl hash order: callers must sort by display_order, so the emulator does not hand them a sorted list.
  return [...items].sort(() => Math.random() - 0.5);
}

export async function createCpanelEmulator(options: CpanelEmulatorOptions): Promise<CpanelEmulator> {
  const hostname = options.hostname ?? 'whm.sandbox.example';
  const modules = new Map<string, ModuleState>();
  for (const seed of options.modules) {
    modules.set(seed.id, {
      seed,
      fields: (seed.fields ?? BASE_FIELDS).map((field, index) => ({ ...field, display_order: index })),
      clientConfig: seed.clientConfig ? { ...seed.clientConfig } : null,
      displayOverrides: { cpaneld: {}, webmaild: {}, whostmgrd: {} },
      enabled: new Set(seed.enabled ?? []),
    });
  }

  function defaultDisplay(state: ModuleState): Record<string, string> {
    const { seed } = state;
    const display: Record<string, string> = {
      label: `Log in via ${seed.displayName}`,
      color: seed.color,
      textcolor: seed.textcolor,
      icon_type: 'image/svg+xml',
      display_name: seed.displayName,
      provider_name: seed.providerName ?? seed.displayName,
      documentation_url: seed.documentationUrl,
    };
    if (seed.icon) display.icon = seed.icon;
    return display;
  }

  function service(req: WhmCall): CpanelService {
    const name = required(req, 'service_name');
    if (!(CPANEL_SERVICES as readonly string[]).includes(name)) {
      throw new WhmFailure(
        `Currently, only ${quote('cpaneld')}, ${quote('webmaild')}, and ${quote('whostmgrd')} can use External Authentication.`,
      );
    }
    return name as CpanelService;
  }

  function provider(req: WhmCall): ModuleState {
    const raw = required(req, 'provider_id');
    if (raw.includes('/') || raw === '.' || raw === '..' || LINE_TERMINATOR.test(raw)) {
      throw new WhmFailure(`The provider name ${quote(raw)} is invalid.`);
    }
    const state = modules.get(raw.toLowerCase());
    if (!state) throw new WhmFailure(`The system could not load the ${quote(raw.toLowerCase())} authentication provider module.`);
    return state;
  }

  function redirectUris(id: string): string[] {
    const ports = id === 'cpanelid' ? [2083] : [2083, 2087, 2096];
    return ports.map((port) => `https://${hostname}:${port}/openid_connect_callback/${id}`);
  }

  function parseJsonObject(req: WhmCall): Record<string, unknown> {
    const text = required(req, 'configurations');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new WhmFailure(`The system failed to parse the JSON stream: ${(error as Error).message}`);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new WhmFailure(`The ${quote('configurations')} parameter must be a JSON object.`);
    }
    return parsed as Record<string, unknown>;
  }

  const functions: Record<(typeof WHM_FUNCTIONS)[number], (req: WhmCall) => unknown> = {
    get_available_authentication_providers: () => ({
      providers: [...modules.values()].map((state) => {
        const entry: Record<string, unknown> = { id: state.seed.id, configured: state.clientConfig ? 1 : 0, ...defaultDisplay(state) };
        for (const svc of CPANEL_SERVICES) {
          entry[`${svc}_enabled`] = state.enabled.has(svc) ? 1 : 0;
          entry[`${svc}_link`] = `/openid_connect/${state.seed.id}`;
        }
        return entry;
      }),
    }),
    get_provider_configuration_fields: (req) => {
      service(req);
      const state = provider(req);
      return {
        configuration_fields: shuffled(state.fields).map((field) => ({ ...field, value: state.clientConfig?.[field.field_id] ?? null })),
      };
    },
    get_provider_client_configurations: (req) => {
      service(req);
      const state = provider(req);
      return { client_configurations: { ...(state.clientConfig ?? {}), redirect_uris: redirectUris(state.seed.id) } };
    },
    set_provider_client_configurations: (req) => {
      service(req);
      const state = provider(req);
      const config = parseJsonObject(req);
      const declared = new Set(state.fields.map((f) => f.field_id));
      for (const [key, value] of Object.entries(config)) {
        if (key.length > MAX_CONFIG_LENGTH || LINE_TERMINATOR.test(key) || key.includes('/'))
          throw new WhmFailure(`The configuration key ${quote(key)} is invalid.`);
        if (!declared.has(key))
          throw new WhmFailure(`${quote(key)} is not a valid configuration field for the provider ${quote(state.seed.id)}.`);
        if (typeof value !== 'string') throw new WhmFailure(`The configuration value for ${quote(key)} must be a string.`);
        if (value.length > MAX_CONFIG_LENGTH || LINE_TERMINATOR.test(value))
          throw new WhmFailure(`The configuration value for ${quote(key)} is invalid.`);
      }
      for (const field of state.fields) {
        if (typeof config[field.field_id] !== 'string' || config[field.field_id] === '') {
          throw new WhmFailure(`The configuration is missing the required parameter key ${quote(field.field_id)}.`);
        }
      }
      state.clientConfig = config as Record<string, string>;
      return {};
    },
    get_provider_display_configurations: (req) => {
      const state = provider(req);
      return {
        configurations: CPANEL_SERVICES.map((svc) => ({
          ...defaultDisplay(state),
          ...state.displayOverrides[svc],
          link: `/openid_connect/${state.seed.id}`,
          service: svc,
        })),
      };
    },
    set_provider_display_configurations: (req) => {
      const svc = service(req);
      const state = provider(req);
      const changes = parseJsonObject(req);
      const existing = defaultDisplay(state);
      for (const [key, value] of Object.entries(changes)) {
        if (!(DISPLAY_KEYS as readonly string[]).includes(key) || !(key in existing)) {
          throw new WhmFailure(
            `You can only update display configurations that already exist. ${quote(key)} is not a display configuration for ${quote(state.seed.id)}.`,
          );
        }
        if (typeof value !== 'string') throw new WhmFailure(`The display configuration value for ${quote(key)} must be a string.`);
        if ((key === 'color' || key === 'textcolor') && !HEX_COLOR.test(value)) {
          throw new WhmFailure(`The value ${quote(value)} for ${quote(key)} is not a valid hexadecimal color.`);
        }
      }
      Object.assign(state.displayOverrides[svc], changes);
      return {};
    },
    enable_authentication_provider: (req) => {
      const svc = service(req);
      provider(req).enabled.add(svc);
      return undefined;
    },
    disable_authentication_provider: (req) => {
      const svc = service(req);
      provider(req).enabled.delete(svc);
      return undefined;
    },
  };

  function authorized(header: string | undefined): boolean {
    if (!header) return false;
    if (header === `whm ${options.username}:${options.apiToken}`) return true;
    return header === `Basic ${Buffer.from(`${options.username}:${options.apiToken}`).toString('base64')}`;
  }

  const scheduledFailures = new Map<string, string>();

  const server = await startEmulatorServer(
    (req) => {
      if (!authorized(req.headers.authorization)) return accessDenied();
      const match = /^\/json-api\/([a-z_0-9]+)$/.exec(req.path);
      // A path outside WHM API 1: cpsrvd's HTML error page (the adapter reads it as a misconfigured base URL).
      if (!match) {
        return {
          status: 404,
          headers: { 'content-type': 'text/html; charset=utf-8' },
          body: '<html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1><p>The requested URL was not found on this server.</p></body></html>',
        };
      }
      const command = match[1]!;
      const call: WhmCall = { args: requestArguments(req.query, req.headers['content-type'], req.body) };
      if (call.args.get('api.version') !== '1') {
        return envelope(command, 0, 'This emulator implements WHM API 1 only: pass api.version=1 (without it the call is WHM API 0).');
      }
      const fn = functions[command as keyof typeof functions];
      if (!fn) return envelope(command, 0, `Unknown app (${quote(command)}) requested for this version (1) of the API.`);
      try {
        const failure = scheduledFailures.get(command);
        if (failure !== undefined) {
          scheduledFailures.delete(command);
          throw new WhmFailure(failure);
        }
        return envelope(command, 1, 'OK', fn(call));
      } catch (error) {
        if (!(error instanceof WhmFailure)) throw error;
        return envelope(command, 0, `API failure: (XID ${xid()}) ${error.message}`);
      }
    },
    options.port,
    { faultProfile: cpanelFaults, faults: options.faults },
  );

  return {
    ...server,
    module: (id) => modules.get(id),
    failNext: (fn, reason) => scheduledFailures.set(fn, reason),
  };
}
