// The emulator refuses what SlashID refuses, over raw HTTP: auth, headers, content type, body shape, the
// Apple rules, unknown credentials; and it keeps SlashID's status codes, envelope and 408 behaviour.
// Every answer is checked against the official OpenAPI; the requests here are often wrong on purpose.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadSpecChecker, specViolations } from './openapi.js';
import {
  API_KEY,
  APPLE_ID,
  APPLE_KEY,
  CREDENTIALS,
  GOOGLE_ID,
  type Fixture,
  ORG_ID,
  OTHER_API_KEY,
  SECRETS,
  startFixture,
} from './support.js';

let fx: Fixture;
beforeAll(async () => {
  // The OpenAPI checker takes seconds of CPU to build: built before any request, it cannot stall the event loop
  // between two requests long enough for the emulator to drop a kept-alive connection under the client.
  await loadSpecChecker();
  fx = await startFixture();
});
afterAll(() => fx.close());
afterEach(async () => {
  expect(await specViolations(fx.emulator.exchanges, { checkRequests: false })).toEqual([]);
  fx.emulator.clearRequests();
  fx.emulator.setReplicationLag(0);
});

interface Call {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: unknown;
}

async function call({ method = 'GET', path = CREDENTIALS, headers, body }: Call) {
  const res = await fetch(`${fx.emulator.url}${path}`, {
    method,
    headers: headers ?? {
      'SlashID-API-Key': API_KEY,
      'SlashID-OrgID': ORG_ID,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
  };
}

const errorOf = (status: number, message: RegExp | string) => ({
  status,
  body: { errors: [{ httpcode: status, message: typeof message === 'string' ? message : expect.stringMatching(message) }] },
});

const newGoogle = { client_id: 'new-google-client', client_secret: 'NEW-SECRET-abcdef', provider: 'google' };

describe('auth', () => {
  it('401 without an API key, 401 with an unknown one', async () => {
    expect(await call({ headers: { 'SlashID-OrgID': ORG_ID } })).toMatchObject(errorOf(401, /missing API key/));
    expect(await call({ headers: { 'SlashID-API-Key': 'nope', 'SlashID-OrgID': ORG_ID } })).toMatchObject(errorOf(401, 'invalid API key'));
  });

  it('400 without SlashID-OrgID, 403 for an org the key is not for', async () => {
    expect(await call({ headers: { 'SlashID-API-Key': API_KEY } })).toMatchObject(errorOf(400, /SlashID-OrgID/));
    expect(await call({ headers: { 'SlashID-API-Key': OTHER_API_KEY, 'SlashID-OrgID': ORG_ID } })).toMatchObject(
      errorOf(403, /does not grant access/),
    );
  });
});

describe('reads', () => {
  it('answers JSON with `result` and never the client secret', async () => {
    const list = await call({});
    expect(list.status).toBe(200);
    expect(list.type).toMatch(/^application\/json/);
    const text = JSON.stringify(list.body);
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    expect(text).not.toContain('client_secret');
    const one = await call({ path: `${CREDENTIALS}/${GOOGLE_ID}` });
    expect(one.body).toEqual({
      result: {
        client_id: GOOGLE_ID,
        provider: 'google',
        label: 'Google staff',
        enable_in_slashid_oidc_authz_server: true,
        options: { google: { authorize_scopes: ['https://www.googleapis.com/auth/calendar.readonly'] } },
      },
    });
  });

  it('returns the Apple options whole, as the spec read schema has them', async () => {
    const apple = await call({ path: `${CREDENTIALS}/${APPLE_ID}` });
    expect((apple.body!.result as { options: unknown }).options).toEqual({
      apple: { private_key: APPLE_KEY, team_id: 'TEAM123456', key_id: 'KEYID98765', secret_lifetime: '2160h' },
    });
  });

  it('400 for an unknown oauth_provider, 404 for an unknown credential or path, 405 for another method', async () => {
    expect(await call({ path: `${CREDENTIALS}?oauth_provider=myspace` })).toMatchObject(errorOf(400, /oauth_provider/));
    expect(await call({ path: `${CREDENTIALS}/unknown` })).toMatchObject(errorOf(404, /unknown not found/));
    // A path the API does not have: Go's default answer, outside the envelope.
    const unknownPath = await fetch(`${fx.emulator.url}/organizations/sso/oidc/other`, {
      headers: { 'SlashID-API-Key': API_KEY, 'SlashID-OrgID': ORG_ID },
    });
    expect([unknownPath.status, await unknownPath.text()]).toEqual([404, '404 page not found\n']);
    expect(await call({ method: 'PUT', path: `${CREDENTIALS}/${GOOGLE_ID}`, body: {} })).toMatchObject(errorOf(405, 'Method Not Allowed'));
  });
});

describe('create', () => {
  it('201 with an envelope and no result; the secret is stored, not shown', async () => {
    expect(await call({ method: 'POST', body: newGoogle })).toEqual({ status: 201, type: expect.stringMatching(/json/), body: {} });
    expect(fx.emulator.credential('new-google-client')).toMatchObject({ client_secret: 'NEW-SECRET-abcdef', label: '' });
    expect(await call({ method: 'DELETE', path: `${CREDENTIALS}/new-google-client` })).toEqual({
      status: 200,
      type: expect.any(String),
      body: {},
    });
  });

  it('refuses a missing field, a wrong type, an unknown provider, an empty secret, a duplicate', async () => {
    expect(await call({ method: 'POST', body: { client_id: 'x', provider: 'google' } })).toMatchObject(errorOf(400, /client_secret/));
    expect(await call({ method: 'POST', body: { ...newGoogle, label: 5 } })).toMatchObject(errorOf(400, /label/));
    expect(await call({ method: 'POST', body: { ...newGoogle, provider: 'myspace' } })).toMatchObject(errorOf(400, /provider/));
    expect(await call({ method: 'POST', body: { ...newGoogle, client_secret: '' } })).toMatchObject(
      errorOf(400, /client_secret must not be empty/),
    );
    expect(await call({ method: 'POST', body: { ...newGoogle, client_id: GOOGLE_ID } })).toMatchObject(errorOf(400, /already exist/));
    expect(await call({ method: 'POST', body: { ...newGoogle, options: { google: { authorize_scopes: 'email' } } } })).toMatchObject(
      errorOf(400, /authorize_scopes/),
    );
    expect(fx.emulator.credentials()).toHaveLength(4);
  });

  it('ignores unknown fields, as a Go JSON decoder does', async () => {
    expect((await call({ method: 'POST', body: { ...newGoogle, client_id: 'extra-field', colour: 'red' } })).status).toBe(201);
    expect(fx.emulator.credential('extra-field')).not.toHaveProperty('colour');
    await call({ method: 'DELETE', path: `${CREDENTIALS}/extra-field` });
  });

  it('refuses another content type, an empty body and broken JSON', async () => {
    const headers = { 'SlashID-API-Key': API_KEY, 'SlashID-OrgID': ORG_ID };
    expect(
      await call({ method: 'POST', headers: { ...headers, 'content-type': 'text/plain' }, body: JSON.stringify(newGoogle) }),
    ).toMatchObject(errorOf(400, /Content-Type has unexpected value "text\/plain"/));
    expect(await call({ method: 'POST', headers: { ...headers, 'content-type': 'application/json' } })).toMatchObject(
      errorOf(400, /required but missing/),
    );
    expect(await call({ method: 'POST', body: '{"client_id":' })).toMatchObject(errorOf(400, /invalid JSON/));
  });

  it('applies the Apple rules: PKCS#8 ES256 key, 10-character ids, lifetime from 300 s to 15 777 000 s', async () => {
    const apple = { client_id: 'apple-2', client_secret: 'x-secret-123', provider: 'apple' };
    const good = { private_key: APPLE_KEY, team_id: 'ABCDE12345', key_id: 'KEY1234567', secret_lifetime: '24h' };
    const post = (options: Record<string, unknown>) =>
      call({ method: 'POST', body: { ...apple, options: { apple: { ...good, ...options } } } });
    expect(await post({ private_key: 'not a key' })).toMatchObject(errorOf(400, /private_key must be a PKCS#8 PEM key/));
    expect(await post({ team_id: 'SHORT' })).toMatchObject(errorOf(400, /team_id must be exactly 10 characters/));
    expect(await post({ key_id: 'KEY12345678' })).toMatchObject(errorOf(400, /key_id must be exactly 10 characters/));
    expect(await post({ secret_lifetime: '299s' })).toMatchObject(errorOf(400, /secret_lifetime must be between 300 s/));
    expect(await post({ secret_lifetime: '15777001s' })).toMatchObject(errorOf(400, /secret_lifetime must be between/));
    expect(await post({ secret_lifetime: '30 days' })).toMatchObject(errorOf(400, /Go duration/));
    expect(
      (await call({ method: 'POST', body: { ...apple, options: { apple: { team_id: 'ABCDE12345', key_id: 'KEY1234567' } } } })).status,
    ).toBe(400);
    expect((await post({ secret_lifetime: '15777000s' })).status).toBe(201);
    await call({ method: 'DELETE', path: `${CREDENTIALS}/apple-2` });
  });

  it('lets secret_lifetime be left out and uses 30 days (the spec both requires and defaults it)', async () => {
    const body = {
      client_id: 'apple-3',
      client_secret: 'x-secret-123',
      provider: 'apple',
      options: { apple: { private_key: APPLE_KEY, team_id: 'ABCDE12345', key_id: 'KEY1234567' } },
    };
    expect((await call({ method: 'POST', body })).status).toBe(201);
    expect(fx.emulator.credential('apple-3')?.options.apple).toMatchObject({ secret_lifetime: '720h0m0s' });
    await call({ method: 'DELETE', path: `${CREDENTIALS}/apple-3` });
  });
});

describe('modify and delete', () => {
  it('PATCH 200 changes only what it names; a provider options object is replaced whole', async () => {
    expect(
      await call({ method: 'PATCH', path: `${CREDENTIALS}/${GOOGLE_ID}`, body: { label: 'Renamed', options: { google: {} } } }),
    ).toEqual({
      status: 200,
      type: expect.any(String),
      body: {},
    });
    expect(fx.emulator.credential(GOOGLE_ID)).toMatchObject({
      label: 'Renamed',
      client_secret: SECRETS.google,
      enable_in_slashid_oidc_authz_server: true,
      options: { google: {} },
    });
  });

  it('PATCH refuses bad fields and an incomplete Apple object, 404 for an unknown credential', async () => {
    expect(
      await call({ method: 'PATCH', path: `${CREDENTIALS}/${GOOGLE_ID}`, body: { enable_in_slashid_oidc_authz_server: 'yes' } }),
    ).toMatchObject(errorOf(400, /enable_in_slashid_oidc_authz_server/));
    expect(
      await call({ method: 'PATCH', path: `${CREDENTIALS}/${APPLE_ID}`, body: { options: { apple: { team_id: 'ABCDE12345' } } } }),
    ).toMatchObject(errorOf(400, /private_key/));
    expect(await call({ method: 'PATCH', path: `${CREDENTIALS}/nope`, body: { label: 'x' } })).toMatchObject(errorOf(404, /not found/));
    expect(await call({ method: 'DELETE', path: `${CREDENTIALS}/nope` })).toMatchObject(errorOf(404, /not found/));
  });
});

describe('consistency', () => {
  const write = (headers: Record<string, string>, body: unknown = { label: 'L' }) =>
    call({
      method: 'PATCH',
      path: `${CREDENTIALS}/${GOOGLE_ID}`,
      headers: { 'SlashID-API-Key': API_KEY, 'SlashID-OrgID': ORG_ID, 'content-type': 'application/json', ...headers },
      body,
    });

  it('refuses an unknown level and a timeout outside 1-120 s', async () => {
    expect(await write({ 'SlashID-Required-Consistency': 'everywhere' })).toMatchObject(
      errorOf(400, /SlashID-Required-Consistency" in header/),
    );
    for (const timeout of ['0', '121', '2.5', 'soon']) {
      expect(await write({ 'SlashID-Required-Consistency-Timeout': timeout })).toMatchObject(
        errorOf(400, /SlashID-Required-Consistency-Timeout/),
      );
    }
    expect((await write({ 'SlashID-Required-Consistency': 'all_regions', 'SlashID-Required-Consistency-Timeout': '120' })).status).toBe(
      200,
    );
  });

  it('answers 408 when all regions are not reached in time, and the write still lands', async () => {
    fx.emulator.setReplicationLag(10);
    expect(
      await write(
        { 'SlashID-Required-Consistency': 'all_regions', 'SlashID-Required-Consistency-Timeout': '5' },
        { label: 'Landed anyway' },
      ),
    ).toMatchObject(errorOf(408, /did not reach consistency level all_regions within 5s/));
    expect(fx.emulator.credential(GOOGLE_ID)?.label).toBe('Landed anyway');
    // local_region (the default) is reached at once.
    expect((await write({}, { label: 'Local' })).status).toBe(200);
  });
});
