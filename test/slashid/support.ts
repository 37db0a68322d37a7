// A SlashID emulator on loopback with known credentials, and an adapter pointed at it; and how a test gateway
// reaches the emulator (test/support/vendor-gateway.ts). The secret values are distinctive so that tests can
// search every output for them.
import { Fingerprinter, SecretRegistry } from '../../src/core/secrets.js';
import { SlashIdAdapter, type SlashIdConnectionConfig } from '../../src/vendors/slashid/adapter.js';
import { createSlashIdEmulator, type SlashIdEmulator, type SlashIdEmulatorOptions } from '../../src/vendors/slashid/emulator/server.js';
import { generateApplePrivateKey } from '../../src/vendors/slashid/emulator/sandbox.js';
import type { CredentialPostRequest } from '../../src/vendors/slashid/wire.js';
import type { RecordedRequest } from '../../src/emulation/http.js';
import type { GatewayVendor } from '../support/vendor-gateway.js';

export const ORG_ID = 'af5fbd30-7ce7-4548-8b30-4cd59cb2aba1';
export const API_KEY = 'SLASHID-APIKEY-distinct-4f1c9a7e2b';
export const OTHER_ORG_ID = '1b7e0c4d-1111-4222-8333-944455556666';
export const OTHER_API_KEY = 'SLASHID-APIKEY-other-org-8e2d6b';

export const GOOGLE_ID = '1029384756-abcdefg.apps.googleusercontent.com';
export const AZURE_ID = '5f0c1b2e-9a8d-4c7b-b6a5-0e1d2c3b4a59';
export const OKTA_ID = '0oaTESTclient123';
export const APPLE_ID = 'com.example.web.signin';

export const SECRETS = {
  google: 'GOOGLE-CLIENT-SECRET-distinct-91d7',
  azure: 'AZURE-CLIENT-SECRET-distinct-3c58',
  okta: 'OKTA-CLIENT-SECRET-distinct-77ab',
  apple: 'APPLE-CLIENT-SECRET-distinct-0e42',
};
/** One Apple key for the whole test run (generating one costs a few milliseconds). */
export const APPLE_KEY = generateApplePrivateKey();

export function seedCredentials(): CredentialPostRequest[] {
  return [
    {
      client_id: GOOGLE_ID,
      client_secret: SECRETS.google,
      provider: 'google',
      label: 'Google staff',
      enable_in_slashid_oidc_authz_server: true,
      options: { google: { authorize_scopes: ['https://www.googleapis.com/auth/calendar.readonly'] } },
    },
    {
      client_id: AZURE_ID,
      client_secret: SECRETS.azure,
      provider: 'azuread',
      external_cred_id: 'ext-azure-1',
      options: { azuread: { tenant: 'contoso.onmicrosoft.com' } },
    },
    {
      client_id: OKTA_ID,
      client_secret: SECRETS.okta,
      provider: 'okta',
      label: 'Okta',
      options: { okta: { organization_url: 'https://acme.okta.com' } },
    },
    {
      client_id: APPLE_ID,
      client_secret: SECRETS.apple,
      provider: 'apple',
      label: 'Apple',
      options: { apple: { private_key: APPLE_KEY, team_id: 'TEAM123456', key_id: 'KEYID98765', secret_lifetime: '2160h' } },
    },
  ];
}

export interface Fixture {
  emulator: SlashIdEmulator;
  adapter: SlashIdAdapter;
  secrets: SecretRegistry;
  fingerprinter: Fingerprinter;
  connection: SlashIdConnectionConfig;
  close(): Promise<void>;
}

export async function startFixture(options: Partial<SlashIdEmulatorOptions> & { totalTimeoutMs?: number } = {}): Promise<Fixture> {
  const emulator = await createSlashIdEmulator({
    orgId: ORG_ID,
    apiKey: API_KEY,
    credentials: seedCredentials(),
    otherOrganizations: [{ orgId: OTHER_ORG_ID, apiKey: OTHER_API_KEY }],
    ...options,
  });
  const secrets = new SecretRegistry();
  const fingerprinter = new Fingerprinter(Buffer.from('slashid-test-fingerprint-key'));
  const connection = { ...connectionFor(emulator), totalTimeoutMs: options.totalTimeoutMs ?? 5_000 };
  const adapter = new SlashIdAdapter(connection, { secrets, fingerprinter });
  return {
    emulator,
    adapter,
    secrets,
    fingerprinter,
    connection,
    async close() {
      await adapter.close();
      await emulator.close();
    },
  };
}

/** The headers a request carried, without the ones the HTTP transport adds by itself. */
export function sentHeaders(request: RecordedRequest): Record<string, string> {
  const { host: _host, connection: _connection, 'content-length': _length, ...rest } = request.headers;
  return rest;
}

export const authHeaders = { 'slashid-api-key': API_KEY, 'slashid-orgid': ORG_ID, accept: 'application/json' };
export const CREDENTIALS = '/organizations/sso/oidc/provider-credentials';

/** The connection config (as the config file resolves it) that reaches `emulator`. */
export function connectionFor(emulator: SlashIdEmulator, id = 'slashid-test'): SlashIdConnectionConfig & Record<string, unknown> {
  return {
    id,
    vendor: 'slashid',
    baseUrl: emulator.url,
    orgId: ORG_ID,
    apiKey: API_KEY,
    cacheTtlSeconds: 30,
    connectTimeoutMs: 1_000,
    totalTimeoutMs: 5_000,
  };
}

export const slashidGatewayVendor: GatewayVendor<SlashIdEmulator, SlashIdEmulatorOptions> = {
  typeName: 'SlashIdOidcCredential',
  connectionId: 'sid',
  secret: API_KEY,
  secretEnv: 'SLASHID_API_KEY',
  startEmulator: (apiKey, options = {}) => createSlashIdEmulator({ orgId: ORG_ID, apiKey, credentials: seedCredentials(), ...options }),
  connection: (emulator, id) => ({ ...connectionFor(emulator, id), apiKey: { env: 'SLASHID_API_KEY' } }),
};

/** A valid createSlashIdOidcCredential input: a GitLab credential with `clientSecret`, asking for consistency in every region. */
export const gitlabCreateInput = (clientSecret: string) => ({
  clientId: 'gitlab-client-001',
  clientSecret,
  provider: 'gitlab',
  label: 'GitLab (ops)',
  externalCredId: 'ext-77',
  enableInSlashidOidcAuthzServer: true,
  options: { authorizeScopes: ['read_api'] },
  requiredConsistency: 'all_regions',
  requiredConsistencyTimeout: 60,
});
