// Shared fixture for the Huawei tests: the emulator on loopback with the sample IdPs and one IAM user, and
// an adapter on it (password mode unless a token is given). The adapter's and emulator's clock is movable.
// And how a test gateway reaches the emulator (test/support/vendor-gateway.ts).
import type { BaseConnectionConfig } from '../../src/core/vendor-contract/vendor-module.js';
import { Fingerprinter, SecretRegistry } from '../../src/core/secrets.js';
import { HuaweiAdapter, type HuaweiConnection } from '../../src/vendors/huawei/adapter.js';
import { createHuaweiEmulator, type HuaweiEmulator, type HuaweiEmulatorOptions } from '../../src/vendors/huawei/emulator/server.js';
import { SAMPLE_IDENTITY_PROVIDERS, SAMPLE_USER } from '../../src/vendors/huawei/emulator/sandbox.js';
import type { GatewayVendor } from '../support/vendor-gateway.js';

/** Distinctive, so a leak is easy to search for. */
export const PASSWORD = 'hw-P4ssw0rd-okapi-narwhal-9183';
export const STATIC_TOKEN = 'MIIstatic-token-capybara-quokka-5521';
export const { domainName: DOMAIN, userName: USER } = SAMPLE_USER;

export interface Fixture {
  emulator: HuaweiEmulator;
  adapter: HuaweiAdapter;
  secrets: SecretRegistry;
  clock: { now: number };
  close(): Promise<void>;
}

export function connection(baseUrl: string, creds: Partial<HuaweiConnection>): HuaweiConnection {
  const base: BaseConnectionConfig = {
    id: 'huawei-test',
    vendor: 'huawei',
    baseUrl,
    cacheTtlSeconds: 30,
    connectTimeoutMs: 2_000,
    totalTimeoutMs: 5_000,
  };
  return { ...base, ...creds };
}

export async function startFixture(
  options: Partial<HuaweiEmulatorOptions> = {},
  mode: 'password' | 'token' = 'password',
): Promise<Fixture> {
  const clock = { now: Date.parse('2025-03-01T08:00:00Z') };
  const emulator = await createHuaweiEmulator({
    users: [{ ...SAMPLE_USER, password: PASSWORD }],
    tokens: [STATIC_TOKEN],
    identityProviders: SAMPLE_IDENTITY_PROVIDERS,
    now: () => clock.now,
    ...options,
  });
  const secrets = new SecretRegistry();
  const creds = mode === 'token' ? { authToken: STATIC_TOKEN } : { domainName: DOMAIN, userName: USER, password: PASSWORD };
  const adapter = new HuaweiAdapter(
    connection(emulator.url, creds),
    { fingerprinter: new Fingerprinter(Buffer.from('test-key')), secrets },
    () => clock.now,
  );
  return {
    emulator,
    adapter,
    secrets,
    clock,
    close: async () => {
      await adapter.close();
      await emulator.close();
    },
  };
}

/** Each request as "METHOD path". */
export function calls(emulator: HuaweiEmulator): string[] {
  return emulator.requests.map((r) => `${r.method} ${r.path}${r.rawQuery ? `?${r.rawQuery}` : ''}`);
}

/** The requests without the token issue, as "METHOD path". */
export function apiCalls(emulator: HuaweiEmulator): string[] {
  return calls(emulator).filter((call) => call !== 'POST /v3/auth/tokens');
}

export function jsonBodies(emulator: HuaweiEmulator): unknown[] {
  return emulator.requests.map((r) => (r.body ? JSON.parse(r.body) : undefined));
}

/** Sends a raw request to the emulator, for tests of the emulator itself. */
export async function raw(
  emulator: HuaweiEmulator,
  method: string,
  path: string,
  options: { token?: string | null; body?: unknown; contentType?: string } = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const headers: Record<string, string> = {};
  if (options.token) headers['x-auth-token'] = options.token;
  if (options.body !== undefined) headers['content-type'] = options.contentType ?? 'application/json;charset=utf8';
  const res = await fetch(`${emulator.url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body };
}

const rsa = (kid: string) =>
  JSON.stringify({
    keys: [
      {
        kty: 'RSA',
        e: 'AQAB',
        use: 'sig',
        alg: 'RS256',
        kid,
        n: 'sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw',
      },
    ],
  });
/** A valid JWKS serialized as a JSON string, as signing_key wants it. */
export const JWKS = rsa('test-2025');

export const huaweiGatewayVendor: GatewayVendor<HuaweiEmulator, HuaweiEmulatorOptions> = {
  typeName: 'HuaweiIdentityProvider',
  connectionId: 'hw',
  secret: PASSWORD,
  secretEnv: 'HUAWEI_PASSWORD',
  startEmulator: (password, options = {}) =>
    createHuaweiEmulator({
      users: [{ domainName: DOMAIN, userName: USER, password }],
      identityProviders: SAMPLE_IDENTITY_PROVIDERS,
      ...options,
    }),
  connection: (emulator, id) => ({
    ...connection(emulator.url, { domainName: DOMAIN, userName: USER }),
    id,
    password: { env: 'HUAWEI_PASSWORD' },
  }),
};

/** A valid createHuaweiIdentityProvider input: an Entra ID provider for the console and APIs (OIDC, implicit flow). */
export const CONSOLE_IDP_INPUT = {
  name: 'azure-ad',
  description: 'Entra ID for the console',
  enabled: true,
  accessMode: 'program_console',
  idpUrl: 'https://login.microsoftonline.com/7f3c/v2.0',
  clientId: 'b1e4c0de-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  authorizationEndpoint: 'https://login.microsoftonline.com/7f3c/oauth2/v2.0/authorize',
  scope: 'openid profile',
  responseMode: 'fragment',
  signingKey: JWKS,
};
