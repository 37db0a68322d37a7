// Akamai Identity Cloud: problem+json error bodies (or Engage's with errorStyle), OAuth bodies at the token
// endpoint; token-expiry expires the issued tokens, so the next configuration call gets 403.
import { describe, expect, it } from 'vitest';
import { createAkamaiEmulator } from '../../src/vendors/akamai/emulator/server.js';
import { SANDBOX_APP_ID, SANDBOX_CUSTOMER_ID, sampleProviders } from '../../src/vendors/akamai/emulator/sandbox.js';
import {
  customProviderList,
  engageErrorBody,
  oauthErrorBody,
  problemBody,
  providersPath,
  TOKEN_SCOPE,
  tokenPath,
  tokenResponse,
} from '../../src/vendors/akamai/wire.js';
import type { FaultSpec } from '../../src/emulation/faults.js';
import type { RunningEmulator } from '../../src/emulation/http.js';
import { faultSuite, http, json, type WireAnswer } from './support.js';

const CLIENT_ID = 'faults-client';
const CLIENT_SECRET = 'akamai-faults-secret-31';
const LIST_PATH = providersPath(SANDBOX_CUSTOMER_ID, SANDBOX_APP_ID);

const start = (faults?: FaultSpec[], errorStyle?: 'problem' | 'engage') =>
  createAkamaiEmulator({
    customerId: SANDBOX_CUSTOMER_ID,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    apps: { [SANDBOX_APP_ID]: sampleProviders() },
    faults,
    errorStyle,
  });

const tokenRequest = (emulator: RunningEmulator) =>
  http(`${emulator.url}${tokenPath(SANDBOX_CUSTOMER_ID)}`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: TOKEN_SCOPE }).toString(),
  });

const list = (emulator: RunningEmulator, token: string, options?: { headersTimeout?: number }) =>
  http(`${emulator.url}${LIST_PATH}`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, ...options });

const problem = (answer: WireAnswer) => problemBody.parse(json(answer)) as { type?: string; title?: string; status?: number };

faultSuite({
  vendor: 'akamai',
  start: (faults) => start(faults),
  credential: async (emulator) => tokenResponse.parse(json(await tokenRequest(emulator))).access_token,
  tokenRequest,
  list,
  listPath: '/custom-providers',
  isListBody: (text) => {
    try {
      return customProviderList.safeParse(JSON.parse(text)).success;
    } catch {
      return false;
    }
  },
  errorStatuses: [500, 503, 400, 404],
  expectError: (status, answer) => {
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(problem(answer)).toMatchObject({ status, type: expect.stringMatching(/^\/config\/error-types\/[a-z-]+$/) });
  },
  expectExpired: (answer) => {
    expect(answer.status).toBe(403);
    expect(problem(answer)).toMatchObject({ status: 403, type: '/config/error-types/access-denied' });
  },
  issuesTokens: true,
});

describe('akamai fault bodies by error style and endpoint', () => {
  it('uses Engage bodies when the emulator does, and OAuth bodies at the token endpoint', async () => {
    const emulator = await start(
      [
        { kind: 'status', status: 503, count: 1 },
        { kind: 'rate-limit', tokenEndpoint: 'only', count: 1 },
      ],
      'engage',
    );
    try {
      const limited = await tokenRequest(emulator);
      expect(limited.status).toBe(429);
      expect(limited.headers['retry-after']).toBe('1');
      expect(oauthErrorBody.parse(json(limited))).toMatchObject({ error: 'invalid_request' });
      const token = tokenResponse.parse(json(await tokenRequest(emulator))).access_token;
      const failed = await list(emulator, token);
      expect(failed.status).toBe(503);
      expect(engageErrorBody.parse(json(failed))).toMatchObject({ stat: 'fail', err: { code: 'service-unavailable' } });
    } finally {
      await emulator.close();
    }
  });
});
