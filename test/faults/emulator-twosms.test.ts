// 2sms (ASP.NET Web API + OWIN): a 5xx is Web API's {Message: "An error has occurred."}, a 401 the
// [Authorize] refusal, other 4xx the {Error, ResponseData} envelope; token-expiry expires the access tokens.
import { expect } from 'vitest';
import { startSampleEmulator } from '../twosms/support.js';
import { anyEnvelope, aspNetMessage, envelope, listDetail, tokenResponse } from '../../src/vendors/twosms/wire.js';
import type { RunningEmulator } from '../../src/emulation/http.js';
import { faultSuite, http, json } from './support.js';

const CLIENT_ID = 'faults-gateway';
const CLIENT_SECRET = 'twosms-faults-secret-88';
const LIST_PATH = '/api/v1/admin/identityproviders';

const tokenRequest = (emulator: RunningEmulator) =>
  http(`${emulator.url}/Token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }).toString(),
  });

faultSuite({
  vendor: 'twosms',
  start: (faults) => startSampleEmulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, faults }),
  credential: async (emulator) => tokenResponse.parse(json(await tokenRequest(emulator))).access_token,
  tokenRequest,
  list: (emulator, token, options) =>
    http(`${emulator.url}${LIST_PATH}?Name=`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, ...options }),
  listPath: LIST_PATH,
  isListBody: (text) => {
    try {
      const parsed = envelope(listDetail).safeParse(JSON.parse(text));
      return parsed.success && parsed.data.ResponseData?.Result === 'Success';
    } catch {
      return false;
    }
  },
  errorStatuses: [500, 503, 409, 404],
  expectError: (status, answer) => {
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    if (status >= 500) {
      expect(aspNetMessage.parse(json(answer))).toEqual({ Message: 'An error has occurred.' });
    } else if (status === 404) {
      expect(aspNetMessage.parse(json(answer)).Message).toMatch(/^No HTTP resource was found/);
    } else {
      const body = anyEnvelope.parse(json(answer));
      expect(body.ResponseData?.Result).toBe('Failed');
      expect(body.Error?.ErrorCode).toBe({ 409: 'Conflict', 429: 'TooManyRequests', 502: 'BadGateway' }[status]);
    }
  },
  expectExpired: (answer) => {
    expect(answer.status).toBe(401);
    expect(json(answer)).toEqual({ Message: 'Authorization has been denied for this request.' });
  },
  issuesTokens: true,
});
