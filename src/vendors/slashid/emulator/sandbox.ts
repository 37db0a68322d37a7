// Sample SlashID organization for the sandbox: five OIDC credentials of different providers (an Apple one
// with a freshly generated ES256 key), served by the emulator on a free loopback port.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { fillSamples } from '../../../emulation/sample-fill.js';
import type { SandboxOptions, SandboxVendor } from '../../../core/vendor-contract/vendor-module.js';
import { createSlashIdEmulator } from './server.js';
import type { CredentialPostRequest } from '../wire.js';

export const SANDBOX_ORG_ID = '0679e8b2-5b14-4b9c-a1f0-3c8e2d7f4a61';

const secret = () => randomBytes(24).toString('base64url');

/** A PKCS#8 ES256 key, as Apple hands it out for "Sign in with Apple". */
export function generateApplePrivateKey(): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

export function sampleCredentials(): CredentialPostRequest[] {
  return [
    {
      client_id: '318274958201-k2v9q7d1m3h5s8t0w4x6z2c4b6n8p0r1.apps.googleusercontent.com',
      client_secret: `GOCSPX-${secret()}`,
      provider: 'google',
      label: 'Google Workspace (staff)',
      enable_in_slashid_oidc_authz_server: true,
      options: { google: { authorize_scopes: ['https://www.googleapis.com/auth/admin.directory.group.readonly'] } },
    },
    {
      client_id: 'Iv1.8a61f9b3a7aba766',
      client_secret: secret(),
      provider: 'github',
      label: 'GitHub (engineering)',
      options: { github: { authorize_scopes: ['read:org'] } },
    },
    {
      client_id: '6731de76-14a6-49ae-97bc-6eba6914391e',
      client_secret: secret(),
      provider: 'azuread',
      label: 'Contoso Entra ID',
      external_cred_id: 'contoso-entra-prod',
      options: { azuread: { tenant: 'contoso.onmicrosoft.com' } },
    },
    {
      client_id: '0oa1b2c3d4E5F6g7H8i9',
      client_secret: secret(),
      provider: 'okta',
      label: 'Okta (partners)',
      options: { okta: { organization_url: 'https://example-partners.okta.com' } },
    },
    {
      client_id: 'com.example.signin',
      client_secret: secret(),
      provider: 'apple',
      label: 'Sign in with Apple',
      options: {
        apple: { private_key: generateApplePrivateKey(), team_id: 'A1B2C3D4E5', key_id: 'ZX9Y8W7V6U', secret_lifetime: '4320h' },
      },
    },
  ];
}

export async function startSlashIdSandbox(options: SandboxOptions = {}): Promise<SandboxVendor> {
  const apiKey = `sandbox-slashid-${secret()}`;
  const emulator = await createSlashIdEmulator({
    orgId: SANDBOX_ORG_ID,
    apiKey,
    credentials: fillSamples(sampleCredentials(), options.providers, (c, n) => ({
      ...c,
      client_id: `${c.client_id}-${n}`,
      ...(c.label ? { label: `${c.label} ${n}` } : {}),
    })),
    faults: options.faults,
  });
  return {
    connection: { id: 'slashid-sandbox', vendor: 'slashid', baseUrl: emulator.url, orgId: SANDBOX_ORG_ID, apiKey },
    faults: emulator.faults,
    requests: emulator.requests,
    close: () => emulator.close(),
  };
}
