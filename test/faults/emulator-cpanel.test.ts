// cPanel & WHM: HTTP errors come from cpsrvd as short text bodies (WHM API 1's own failures are 200 with
// result 0); the API token is static, so token-expiry is the 403 "Access denied" of a refused token.
import { expect } from 'vitest';
import { createCpanelEmulator } from '../../src/vendors/cpanel/emulator/server.js';
import { CPANEL_SAMPLE_MODULES } from '../../src/vendors/cpanel/emulator/sandbox.js';
import { availableProvidersData, whmEnvelope } from '../../src/vendors/cpanel/wire.js';
import { faultSuite, http } from './support.js';

const API_TOKEN = 'CPANEL-FAULTS-TOKEN-4F2A';
const LIST_PATH = '/json-api/get_available_authentication_providers';

faultSuite({
  vendor: 'cpanel',
  start: (faults) =>
    createCpanelEmulator({ username: 'root', apiToken: API_TOKEN, modules: structuredClone(CPANEL_SAMPLE_MODULES), faults }),
  credential: async () => API_TOKEN,
  list: (emulator, token, options) =>
    http(`${emulator.url}${LIST_PATH}?api.version=1`, { headers: { authorization: `whm root:${token}` }, ...options }),
  listPath: LIST_PATH,
  isListBody: (text) => {
    try {
      const parsed = whmEnvelope(availableProvidersData).safeParse(JSON.parse(text));
      return parsed.success && parsed.data.metadata.result === 1;
    } catch {
      return false;
    }
  },
  errorStatuses: [500, 503, 404],
  expectError: (status, answer) => {
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toMatch(/^text\/plain/);
    expect(answer.text).toBe(
      {
        403: 'Access denied',
        404: 'Not Found',
        429: 'Too Many Requests',
        500: 'Internal Server Error',
        502: 'Bad Gateway',
        503: 'Service Unavailable',
      }[status],
    );
  },
  expectExpired: (answer) => {
    expect(answer.status).toBe(403);
    expect(answer.text).toBe('Access denied');
  },
  issuesTokens: false,
});
