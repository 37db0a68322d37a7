// Shared fixture for the Akamai tests: the emulator with the sample app on loopback, and an adapter on it;
// and how a test gateway reaches the emulator (test/support/vendor-gateway.ts).
import type { RecordedRequest } from '../../src/emulation/http.js';
import { Fingerprinter, SecretRegistry } from '../../src/core/secrets.js';
import { AkamaiAdapter, type AkamaiConnectionConfig } from '../../src/vendors/akamai/adapter.js';
import { type AkamaiEmulator, type AkamaiEmulatorOptions, createAkamaiEmulator } from '../../src/vendors/akamai/emulator/server.js';
import { SANDBOX_APP_ID, SANDBOX_CUSTOMER_ID, sampleProviders } from '../../src/vendors/akamai/emulator/sandbox.js';
import { TRANSPORT_HEADERS } from '../support/planned-shape.js';
import type { GatewayVendor } from '../support/vendor-gateway.js';

export const CUSTOMER_ID = SANDBOX_CUSTOMER_ID;
export const APP_ID = SANDBOX_APP_ID;
export const CLIENT_ID = 'config-client-7c1d';
/** Distinctive, so a leak is easy to search for. */
export const CLIENT_SECRET = 'akm-C0NFIG-s3cret-walrus-9021';
export const OIDC_ID = '7fad4d59-5ad7-44ee-801a-6d126fa3737c';
export const SAML_ID = 'd284e861-d7f9-426e-93b0-56e01cf6d0ea';
export const OAUTH_ID = '0b6f3c9e-2d41-4a8f-9e57-c13a8d2f4b60';
export const OIDC_SECRET = 'sandbox-oidc-Wq3rT8vLk2pZ9xN4';

export const BASIC = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
export const PROVIDERS_PATH = `/${CUSTOMER_ID}/v2/config/low/services/engage-v2/apps/${APP_ID}/custom-providers`;
export const TOKEN_PATH = `/${CUSTOMER_ID}/login/token`;

export function connectionFor(emulator: AkamaiEmulator, id = 'akamai-test'): AkamaiConnectionConfig {
  return {
    id,
    vendor: 'akamai',
    baseUrl: emulator.url,
    customerId: CUSTOMER_ID,
    appId: APP_ID,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    cacheTtlSeconds: 30,
    connectTimeoutMs: 2_000,
    totalTimeoutMs: 5_000,
  };
}

export interface Fixture {
  emulator: AkamaiEmulator;
  adapter: AkamaiAdapter;
  secrets: SecretRegistry;
  fingerprinter: Fingerprinter;
  /** The shared clock of emulator and adapter, which tests may move. */
  clock: { now: number };
  close(): Promise<void>;
}

export async function startFixture(options: Partial<AkamaiEmulatorOptions> = {}): Promise<Fixture> {
  const clock = { now: Date.now() };
  const emulator = await createAkamaiEmulator({
    customerId: CUSTOMER_ID,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    apps: { [APP_ID]: sampleProviders(), emptyappxxxxxxxxxxx: [] },
    now: () => clock.now,
    ...options,
  });
  const secrets = new SecretRegistry();
  const fingerprinter = new Fingerprinter(Buffer.from('akamai-test-key'));
  const adapter = new AkamaiAdapter(connectionFor(emulator), { fingerprinter, secrets }, { now: () => clock.now });
  return {
    emulator,
    adapter,
    secrets,
    fingerprinter,
    clock,
    close: async () => {
      await adapter.close();
      await emulator.close();
    },
  };
}

/** A recorded request without transport headers, for exact comparison. */
export function sent(request: RecordedRequest) {
  const headers = Object.fromEntries(Object.entries(request.headers).filter(([key]) => !TRANSPORT_HEADERS.has(key)));
  return { method: request.method, path: request.path, query: request.rawQuery, headers, body: request.body };
}

export function tokenRequest() {
  return {
    method: 'POST',
    path: TOKEN_PATH,
    query: '',
    headers: { authorization: BASIC, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: 'grant_type=client_credentials&scope=*:**',
  };
}

/** The bearer token the emulator issued in the n-th token answer is not recorded; read it from the n-th call. */
export function bearerOf(request: RecordedRequest): string {
  return request.headers.authorization?.replace(/^Bearer /, '') ?? '';
}

export function summary(emulator: AkamaiEmulator): string[] {
  return emulator.requests.map((r) => `${r.method} ${r.path}${r.rawQuery ? `?${r.rawQuery}` : ''}`);
}

export const akamaiGatewayVendor: GatewayVendor<AkamaiEmulator, AkamaiEmulatorOptions> = {
  typeName: 'AkamaiCustomProvider',
  connectionId: 'idcloud',
  secret: CLIENT_SECRET,
  secretEnv: 'AKAMAI_CLIENT_SECRET',
  startEmulator: (clientSecret, options = {}) =>
    createAkamaiEmulator({ customerId: CUSTOMER_ID, clientId: CLIENT_ID, clientSecret, apps: { [APP_ID]: sampleProviders() }, ...options }),
  connection: (emulator, id) => ({ ...connectionFor(emulator, id), clientSecret: { env: 'AKAMAI_CLIENT_SECRET' } }),
};

/** A valid createAkamaiCustomProvider input: an OIDC provider with `clientSecret`. */
export const acmeOidcInput = (clientSecret: string) => ({
  title: 'Acme Workforce',
  protocol: 'openidconnect',
  ui: { title: 'Acme', iconUrl: 'https://acme.example/icon.png' },
  authUrl: 'https://login.acme.example/authorize',
  tokenUrl: 'https://login.acme.example/token',
  profileUrl: null,
  clientId: 'acme-client',
  clientSecret,
  scopes: ['openid', 'email'],
  attributeMap: [{ identityCloudAttribute: '/email', providerAttribute: '/mail' }],
});
