// SlashID: every status in the {errors: [{httpcode, message}]} envelope; the API key is static, so
// token-expiry is the 401 of a revoked key.
import { expect } from 'vitest';
import { createSlashIdEmulator } from '../../src/vendors/slashid/emulator/server.js';
import { sampleCredentials } from '../../src/vendors/slashid/emulator/sandbox.js';
import { apiResponseBase, CREDENTIALS_PATH, listResponse } from '../../src/vendors/slashid/wire.js';
import { faultSuite, http, json } from './support.js';

const ORG_ID = '2c1b7a9e-4d3f-4e6a-9b8c-7d6e5f4a3b21';
const API_KEY = 'SLASHID-FAULTS-KEY-5e7d';

faultSuite({
  vendor: 'slashid',
  start: (faults) => createSlashIdEmulator({ orgId: ORG_ID, apiKey: API_KEY, credentials: sampleCredentials(), faults }),
  credential: async () => API_KEY,
  list: (emulator, key, options) =>
    http(`${emulator.url}${CREDENTIALS_PATH}`, { headers: { 'slashid-api-key': key, 'slashid-orgid': ORG_ID }, ...options }),
  listPath: CREDENTIALS_PATH,
  isListBody: (text) => {
    try {
      const parsed = listResponse.safeParse(JSON.parse(text));
      return parsed.success && Array.isArray(parsed.data.result);
    } catch {
      return false;
    }
  },
  errorStatuses: [500, 503, 400, 404],
  expectError: (status, answer) => {
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(apiResponseBase.parse(json(answer)).errors).toEqual([{ httpcode: status, message: expect.any(String) }]);
  },
  expectExpired: (answer) => {
    expect(answer.status).toBe(401);
    expect(json(answer)).toEqual({ errors: [{ httpcode: 401, message: 'invalid API key' }] });
  },
  issuesTokens: false,
});
