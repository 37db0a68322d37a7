// Sample data for the sandbox: one Identity Cloud app with an OpenID Connect, a SAML 2 and an OAuth 2.0
// custom provider, served by the emulator on a free loopback port. The SAML provider's certificates are made
// when the sandbox starts: its signing certificate expires in 5 days, the CA of its chain in 400. The fixed
// certificates below are what the emulator's own tests get (sampleProviders() without certificates).
import { randomBytes, randomUUID } from 'node:crypto';
import { issueCertificate } from '../../../emulation/certificate-factory.js';
import { fillSamples } from '../../../emulation/sample-fill.js';
import type { SandboxOptions, SandboxVendor } from '../../../core/vendor-contract/vendor-module.js';
import { type AkamaiEmulator, type AkamaiProviderSeed, createAkamaiEmulator } from './server.js';

export const SANDBOX_CUSTOMER_ID = '6f0c2a41-93b7-4d5e-8a1c-2f9d7e4b6c10';
export const SANDBOX_APP_ID = 'htb8fuhxnf8e38jrzub3';

/** A self-signed test CA and an IdP signing certificate it issued (EC P-256, valid 2026-2036). */
export const SAMPLE_CA_CERTIFICATE =
  'MIIB2TCCAX+gAwIBAgIUTDq7q+1CS0udS5pT7ON4TPb2zlkwCgYIKoZIzj0EAwIwQjEbMBkGA1UECgwSRXhhbXBsZSBGZWRlcmF0aW9uMSMwIQYDVQQDDBpFeGFtcGxlIEZlZGVyYXRpb24gUm9vdCBDQTAeFw0yNjExMjQwNDQwMTNaFw0zNjExMjEwNDQwMTNaMEIxGzAZBgNVBAoMEkV4YW1wbGUgRmVkZXJhdGlvbjEjMCEGA1UEAwwaRXhhbXBsZSBGZWRlcmF0aW9uIFJvb3QgQ0EwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATD9Gy5+NoBC0YRHVJUUb6H1a0KHItw1j2M7Ouw3hPiRxukF/fKoEay4p2p6YCfyxe/KzD5cScmWLA+qOnbjP0Xo1MwUTAdBgNVHQ4EFgQUNDXZpl7WyIfLg2vVO0D3owWBtagwHwYDVR0jBBgwFoAUNDXZpl7WyIfLg2vVO0D3owWBtagwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiEAkDt76XezzrjxZJehJic6Pya169xqOpPDJOF/quTtGPoCIC8OvSqiDfdRFqMpHNCJrqEq42hEWLgF6AbZmxlc+PPD';
export const SAMPLE_IDP_CERTIFICATE =
  'MIIBeTCCAR8CFBgEAaN0eZKtBz11cwYC3lrrALu4MAoGCCqGSM49BAMCMEIxGzAZBgNVBAoMEkV4YW1wbGUgRmVkZXJhdGlvbjEjMCEGA1UEAwwaRXhhbXBsZSBGZWRlcmF0aW9uIFJvb3QgQ0EwHhcNMjYxMTI0MDQ0MDEzWhcNMzYxMTIxMDQ0MDEzWjA8MRowGAYDVQQKDBFOb3J0aHdpbmQgVHJhZGVyczEeMBwGA1UEAwwVc3NvLm5vcnRod2luZC5leGFtcGxlMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEcf0/oQEYhkXO1r+j+lt5SufD4QdwmQwqSnNHHDM6rpK9jNKxEhOQGHHdYQ39wPwhSoqIKuZlg8JYzKWz5HGu9jAKBggqhkjOPQQDAgNIADBFAiEAzfaRSddKRp/7EagtIKj2BAPQPMtPnTTgamneZ1tUJ+ACIBFsMDVBTka9/Z736RtDwNmskR//e04Y3OrvPIeoSRDM';

/** The SAML sample's signing certificate and its chain, bare base64 DER (as Akamai stores them). */
export interface SampleCertificates {
  signing: string;
  chain: string[];
}

/** Made once per process, at the first start: the emulators of a scaled sandbox (1 000 connections) share them. */
let certificates: Promise<SampleCertificates> | undefined;

function sandboxCertificates(): Promise<SampleCertificates> {
  certificates ??= (async () => {
    const ca = await issueCertificate({
      subject: 'CN=Example Federation Root CA, O=Example Federation, OU=Sandbox certificate expiring 400 days after start',
      expiresInDays: 400,
      ca: true,
    });
    const signing = await issueCertificate({
      subject: 'CN=sso.northwind.example, O=Northwind Traders, OU=Sandbox certificate expiring 5 days after start',
      expiresInDays: 5,
      issuer: ca,
    });
    return { signing: signing.base64, chain: [ca.base64] };
  })();
  return certificates;
}

export function sampleProviders(
  certificates: SampleCertificates = { signing: SAMPLE_IDP_CERTIFICATE, chain: [SAMPLE_CA_CERTIFICATE] },
): AkamaiProviderSeed[] {
  return [
    {
      id: '7fad4d59-5ad7-44ee-801a-6d126fa3737c',
      createdAt: '2021-01-23T00:00:00.000000000Z',
      updatedAt: '2021-02-14T00:00:00.000000000Z',
      title: 'Contoso Workforce OIDC',
      protocol: 'openidconnect',
      ui: { title: 'Contoso', icon_url: 'https://assets.contoso.example/brand/icon-128.png' },
      auth_url: 'https://login.contoso.example/oauth2/v2.0/authorize',
      token_url: 'https://login.contoso.example/oauth2/v2.0/token',
      profile_url: 'https://graph.contoso.example/oidc/userinfo',
      client_id: '339fdbdb-f17c-4ce6-a7d8-0b2c770412de',
      client_secret: 'sandbox-oidc-Wq3rT8vLk2pZ9xN4',
      scopes: ['openid', 'profile', 'email'],
      attribute_map: { '/email': '/email', '/name/givenName': '/given_name', '/name/familyName': '/family_name' },
    },
    {
      id: 'd284e861-d7f9-426e-93b0-56e01cf6d0ea',
      createdAt: '2022-06-01T09:30:00.000000000Z',
      updatedAt: '2022-06-01T09:30:00.000000000Z',
      title: 'Northwind SAML',
      protocol: 'saml2',
      ui: { title: 'Northwind', icon_url: 'https://static.northwind.example/logo-square.svg' },
      auth_url: 'https://sso.northwind.example/saml/idp/sso',
      idp_certificate: certificates.signing,
      idp_certificate_chain: certificates.chain,
      attribute_map: { '/displayName': '/full_name', '/email': '/email_address', '/verifiedEmail': '/email_address' },
    },
    {
      id: '0b6f3c9e-2d41-4a8f-9e57-c13a8d2f4b60',
      createdAt: '2023-03-15T14:05:00.000000000Z',
      updatedAt: '2024-01-09T08:12:00.000000000Z',
      title: 'Fabrikam Community OAuth',
      protocol: 'oauth2',
      ui: { title: 'Fabrikam Community' },
      auth_url: 'https://community.fabrikam.example/oauth/authorize',
      token_url: 'https://community.fabrikam.example/oauth/token',
      profile_url: 'https://api.fabrikam.example/v1/me',
      client_id: 'fabrikam-idcloud-client',
      client_secret: 'sandbox-oauth-Hn5sV1cJ7mQ2',
      token_auth_method: 'client_secret_basic',
      scopes: ['read:profile', 'read:email'],
      identifier_attribute: '/user/id',
      attribute_map: { '/email': '/user/email', '/displayName': '/user/name' },
    },
  ];
}

export async function startAkamaiSandbox(options: SandboxOptions = {}): Promise<SandboxVendor & { emulator: AkamaiEmulator }> {
  const clientId = 'sandbox-config-client';
  const clientSecret = randomBytes(24).toString('base64url');
  const emulator = await createAkamaiEmulator({
    customerId: SANDBOX_CUSTOMER_ID,
    clientId,
    clientSecret,
    apps: {
      [SANDBOX_APP_ID]: fillSamples(sampleProviders(await sandboxCertificates()), options.providers, (p, n) => ({
        ...p,
        id: randomUUID(),
        title: `${p.title} ${n}`,
      })),
    },
    faults: options.faults,
  });
  return {
    emulator,
    connection: {
      id: 'akamai-sandbox',
      vendor: 'akamai',
      baseUrl: emulator.url,
      customerId: SANDBOX_CUSTOMER_ID,
      appId: SANDBOX_APP_ID,
      clientId,
      clientSecret,
    },
    faults: emulator.faults,
    requests: emulator.requests,
    close: () => emulator.close(),
  };
}
