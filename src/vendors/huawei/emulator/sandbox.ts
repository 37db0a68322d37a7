// Sample data for the Huawei emulator: an Okta IdP for console and API access, a GitHub Actions IdP for
// programmatic access only, and an older SAML IdP (ADFS) that the gateway shows but did not create.
import { randomBytes } from 'node:crypto';
import { fillSamples } from '../../../emulation/sample-fill.js';
import type { SandboxOptions, SandboxVendor } from '../../../core/vendor-contract/vendor-module.js';
import { createHuaweiEmulator, type HuaweiEmulatorUser, type HuaweiSeedIdentityProvider } from './server.js';

const rsaJwks = (kid: string, n: string) => JSON.stringify({ keys: [{ kty: 'RSA', e: 'AQAB', use: 'sig', alg: 'RS256', kid, n }] });

export const SAMPLE_OKTA_JWKS = rsaJwks(
  'okta-2024-09',
  'rISzbBpXbkjOD3T1UrXJIfTzZnn3zAiLu9szO_XnSkIK6hMejeb0kvSo054RcbDn7fWhF0AV-hFZzGmcbUgDm_W_v2OtHhCS-xmga-4iH1CJm5QipFNdFTQDeYKMJhA5zwX8PBmRiJoW5iXO8nVKO6A2GHg6h42_tHlrrIPaDAbyzk917avksNG6vMkPigtQrZJBxYCx_1mQGvdNF7QHuVwgttufCf1gVnyFcBgXDavxxQ8CzeJJFnn6-Y824_yQwkDzB7WbIRSFWmkKHjCGMZlQEzCSPuZXsqMJD70xfX2xs6DY1OXJfdLj8ag7RxKDz7v-An97XMXzgOkSWivujw',
);
export const SAMPLE_GITHUB_JWKS = rsaJwks(
  'gha-2024',
  'laQ-6vV6fmXk9hHrGFB_zqhAYqAgFHPWu9ogO_NhkN4ZItFGVD6Vqy7Rk-Jen66BRv8mlVmPMySNMi52AmghJzOBLg8js-g97jTdnCL-Q2n--UYj7BuAgLGoUMq1Bcf2QqrdmPNlK8LHcxmr3yFaO9UIyxw2bwkmTYi3H9sLkJ0XcJ92e_LAMaIu9JAIg5DLv7SbwiE7YHOIw0LKfM9mSD4LntkxCQJg-GRsFChi5Sgp9W40BF3uHLnS03RyCgiqN7wSGLSdqw4Ru2NTpHoCn_OqNBLLtDdqKrpNmhjRiP0JYcqDryjycCVXvgrTpNG2EQMqFUb7IBUw5DYwj3h2Ow',
);

export const SAMPLE_IDENTITY_PROVIDERS: HuaweiSeedIdentityProvider[] = [
  {
    id: 'okta-workforce',
    description: 'Okta workforce SSO for the console and APIs',
    enabled: true,
    protocol: { id: 'oidc', mapping_id: 'mapping_okta-workforce' },
    oidcConfig: {
      access_mode: 'program_console',
      idp_url: 'https://acme.okta.com',
      client_id: '0oa9x2kq7hVb1cD3e4F5',
      authorization_endpoint: 'https://acme.okta.com/oauth2/v1/authorize',
      scope: 'openid profile email',
      response_type: 'id_token',
      response_mode: 'form_post',
      signing_key: SAMPLE_OKTA_JWKS,
    },
  },
  {
    id: 'github-actions-ci',
    description: 'Deploy pipelines exchange GitHub OIDC tokens for IAM tokens',
    enabled: true,
    protocol: { id: 'oidc', mapping_id: 'mapping_github-actions-ci' },
    oidcConfig: {
      access_mode: 'program',
      idp_url: 'https://token.actions.githubusercontent.com',
      client_id: 'huaweicloud-iam-deploy',
      signing_key: SAMPLE_GITHUB_JWKS,
    },
  },
  {
    id: 'adfs-legacy',
    description: 'On-premises ADFS, being retired',
    enabled: false,
    protocol: { id: 'saml', mapping_id: 'mapping_adfs-legacy' },
  },
];

export const SAMPLE_USER: Omit<HuaweiEmulatorUser, 'password'> = { domainName: 'acme-cloud', userName: 'gateway-admin' };

export async function startHuaweiSandbox(options: SandboxOptions = {}): Promise<SandboxVendor> {
  // A fresh password per run: the sandbox still goes through the real token issue.
  const password = `Sbx-${randomBytes(12).toString('base64url')}`;
  const emulator = await createHuaweiEmulator({
    users: [{ ...SAMPLE_USER, password }],
    identityProviders: fillSamples(SAMPLE_IDENTITY_PROVIDERS, options.providers, (idp, n) => ({
      ...idp,
      id: `${idp.id}-${n}`,
      ...(idp.protocol ? { protocol: { ...idp.protocol, mapping_id: `mapping_${idp.id}-${n}` } } : {}),
    })),
    faults: options.faults,
  });
  return {
    connection: {
      id: 'huawei-sandbox',
      vendor: 'huawei',
      baseUrl: emulator.url,
      domainName: SAMPLE_USER.domainName,
      userName: SAMPLE_USER.userName,
      password,
    },
    faults: emulator.faults,
    requests: emulator.requests,
    close: () => emulator.close(),
  };
}
