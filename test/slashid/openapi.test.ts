// The OpenAPI check itself catches what it must, so that an empty violation list in the other tests means
// something: wrong status, leaked client_secret, missing headers, bad bodies.
import { describe, expect, it } from 'vitest';
import type { EmulatorExchange } from '../../src/vendors/slashid/emulator/server.js';
import { specViolations } from './openapi.js';
import { API_KEY, CREDENTIALS, ORG_ID } from './support.js';

const headers = { 'slashid-api-key': API_KEY, 'slashid-orgid': ORG_ID, 'content-type': 'application/json' };
const exchange = (over: Partial<EmulatorExchange>): EmulatorExchange => ({
  method: 'GET',
  path: CREDENTIALS,
  rawQuery: '',
  headers,
  body: '',
  status: 200,
  response: { result: [] },
  ...over,
});

const post = { client_id: 'a', client_secret: 'b', provider: 'google' };

describe('the OpenAPI check', () => {
  it('passes good exchanges', async () => {
    expect(
      await specViolations([
        exchange({}),
        exchange({ method: 'POST', body: JSON.stringify(post), status: 201, response: {} }),
        exchange({ method: 'PATCH', path: `${CREDENTIALS}/a`, body: '{"label":"x"}', status: 200, response: {} }),
        exchange({ method: 'DELETE', path: `${CREDENTIALS}/a`, status: 408, response: { errors: [{ httpcode: 408, message: 'later' }] } }),
      ]),
    ).toEqual([]);
  });

  it('catches a status the operation does not declare', async () => {
    const [problem] = await specViolations([exchange({ method: 'POST', body: JSON.stringify(post), status: 200, response: {} })]);
    expect(problem).toMatch(/response status 200 is not one PostOrganizationsSsoOidcProviderCredentials declares/);
  });

  it('catches a client_secret in a read and a missing required field', async () => {
    const leak = { result: { client_id: 'a', provider: 'google', client_secret: 's' } };
    expect(await specViolations([exchange({ path: `${CREDENTIALS}/a`, response: leak })])).toEqual([
      expect.stringMatching(/response 200 \/result must NOT have additional properties/),
    ]);
    expect((await specViolations([exchange({ response: { result: [{ client_id: 'a' }] } })]))[0]).toMatch(
      /must have required property 'provider'/,
    );
  });

  it('catches requests without the API key or org id, with bad consistency headers or bodies', async () => {
    const noKey = await specViolations([exchange({ headers: { 'slashid-orgid': ORG_ID } })]);
    expect(noKey).toEqual([expect.stringMatching(/missing SlashID-API-Key/)]);
    const noOrg = await specViolations([exchange({ headers: { 'slashid-api-key': API_KEY } })]);
    expect(noOrg).toEqual([expect.stringMatching(/must have required property 'slashid-orgid'/)]);
    const consistency = await specViolations([
      exchange({
        method: 'DELETE',
        path: `${CREDENTIALS}/a`,
        headers: { ...headers, 'slashid-required-consistency': 'soon', 'slashid-required-consistency-timeout': '121' },
        response: {},
      }),
    ]);
    expect(consistency).toHaveLength(2);
    const body = await specViolations([
      exchange({
        method: 'POST',
        body: JSON.stringify({ ...post, options: { apple: { team_id: 'x' } }, colour: 'red' }),
        status: 201,
        response: {},
      }),
    ]);
    expect(body.join('\n')).toMatch(/must NOT have additional properties/);
    expect(body.join('\n')).toMatch(/must have required property 'private_key'/);
  });
});
