// Huawei Cloud IAM: Keystone bodies on /v3/OS-FEDERATION, IAM bodies on /v3.0, the API gateway's for 401
// and 429; token-expiry expires every token, so the next call gets 401 APIGW.0301 "token expires".
import { describe, expect, it } from 'vitest';
import { createHuaweiEmulator } from '../../src/vendors/huawei/emulator/server.js';
import { SAMPLE_IDENTITY_PROVIDERS, SAMPLE_USER } from '../../src/vendors/huawei/emulator/sandbox.js';
import { iamError, identityProviderList, keystoneError } from '../../src/vendors/huawei/wire.js';
import type { FaultSpec } from '../../src/emulation/faults.js';
import type { RunningEmulator } from '../../src/emulation/http.js';
import { faultSuite, http, json, type WireAnswer } from './support.js';

const PASSWORD = 'hw-faults-Passw0rd-12';
const LIST_PATH = '/v3/OS-FEDERATION/identity_providers';

const start = (faults?: FaultSpec[]) =>
  createHuaweiEmulator({ users: [{ ...SAMPLE_USER, password: PASSWORD }], identityProviders: SAMPLE_IDENTITY_PROVIDERS, faults });

const tokenRequest = (emulator: RunningEmulator) =>
  http(`${emulator.url}/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: SAMPLE_USER.userName, password: PASSWORD, domain: { name: SAMPLE_USER.domainName } } },
        },
        scope: { domain: { name: SAMPLE_USER.domainName } },
      },
    }),
  });

const credential = async (emulator: RunningEmulator) => {
  const answer = await tokenRequest(emulator);
  expect(answer.status).toBe(201);
  return answer.headers['x-subject-token']!;
};

const get = (emulator: RunningEmulator, path: string, token: string, options?: { headersTimeout?: number }) =>
  http(`${emulator.url}${path}`, { headers: { 'x-auth-token': token }, ...options });

const gatewayError = (answer: WireAnswer, status: number, code: string) => {
  expect(answer.status).toBe(status);
  const body = iamError.parse(json(answer));
  expect(body.error_code).toBe(code);
  return body;
};

faultSuite({
  vendor: 'huawei',
  start,
  credential,
  tokenRequest,
  list: (emulator, token, options) => get(emulator, LIST_PATH, token, options),
  listPath: LIST_PATH,
  isListBody: (text) => {
    try {
      return identityProviderList.safeParse(JSON.parse(text)).success;
    } catch {
      return false;
    }
  },
  errorStatuses: [500, 503, 403],
  expectError: (status, answer) => {
    if (status === 429) return void gatewayError(answer, 429, 'APIGW.0308');
    expect(answer.status).toBe(status);
    expect(keystoneError.parse(json(answer)).error).toMatchObject({ code: status, title: expect.any(String), message: expect.any(String) });
  },
  expectExpired: (answer) => {
    expect(gatewayError(answer, 401, 'APIGW.0301').error_msg).toMatch(/token expires/);
  },
  issuesTokens: true,
});

describe('huawei fault bodies by API family', () => {
  it('answers the v3.0 OIDC configuration with IAM bodies', async () => {
    const emulator = await start([
      { kind: 'status', status: 500, path: '/v3.0/', count: 1 },
      { kind: 'status', status: 404, path: '/v3.0/', count: 1 },
    ]);
    try {
      const token = await credential(emulator);
      const path = '/v3.0/OS-FEDERATION/identity-providers/okta-workforce/openid-connect-config';
      expect(gatewayError(await get(emulator, path, token), 500, 'IAM.0006').error_msg).toMatch(/unexpected error/);
      gatewayError(await get(emulator, path, token), 404, 'IAM.0004');
      expect((await get(emulator, path, token)).status).toBe(200);
    } finally {
      await emulator.close();
    }
  });
});
