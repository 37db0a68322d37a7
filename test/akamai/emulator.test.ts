// The emulator refuses what Akamai refuses (VENDORS.md 2.2-2.4), spoken to with plain HTTP requests.
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AkamaiEmulator, createAkamaiEmulator } from '../../src/vendors/akamai/emulator/server.js';
import { SAMPLE_IDP_CERTIFICATE, sampleProviders } from '../../src/vendors/akamai/emulator/sandbox.js';
import {
  APP_ID,
  BASIC,
  CLIENT_ID,
  CLIENT_SECRET,
  CUSTOMER_ID,
  OIDC_ID,
  OIDC_SECRET,
  PROVIDERS_PATH,
  SAML_ID,
  TOKEN_PATH,
} from './support.js';

let emulator: AkamaiEmulator;
let token: string;

async function call(method: string, path: string, options: { headers?: Record<string, string>; body?: unknown } = {}) {
  const res = await request(`${emulator.url}${path}`, {
    method: method as 'GET',
    headers: options.headers,
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

const auth = () => ({ authorization: `Bearer ${token}` });
const merge = () => ({ ...auth(), 'content-type': 'application/merge-patch+json' });

async function issue(
  headers: Record<string, string> = { authorization: BASIC, 'content-type': 'application/x-www-form-urlencoded' },
  body = 'grant_type=client_credentials&scope=*:**',
) {
  return call('POST', TOKEN_PATH, { headers, body });
}

beforeAll(async () => {
  emulator = await createAkamaiEmulator({
    customerId: CUSTOMER_ID,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    apps: { [APP_ID]: sampleProviders() },
  });
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  const res = await issue();
  token = res.json!.access_token as string;
});

describe('token endpoint', () => {
  it('issues a bearer token for the configuration client', async () => {
    const res = await issue();
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ access_token: expect.any(String), expires_in: 3600, token_type: 'Bearer', scope: '*:**' });
  });

  it('refuses bad client credentials, a wrong grant or scope, and an unknown customer', async () => {
    const wrong = `Basic ${Buffer.from(`${CLIENT_ID}:nope`).toString('base64')}`;
    expect(await issue({ authorization: wrong, 'content-type': 'application/x-www-form-urlencoded' })).toMatchObject({
      status: 401,
      json: { error: 'invalid_client', error_description: 'Client authentication failed.' },
    });
    expect((await issue(undefined, 'grant_type=password&scope=*:**')).json).toMatchObject({ error: 'unsupported_grant_type' });
    expect((await issue(undefined, 'grant_type=client_credentials&scope=*:config/**')).json).toMatchObject({ error: 'invalid_scope' });
    expect((await call('POST', '/another-customer/login/token', { headers: { authorization: BASIC } })).status).toBe(404);
  });
});

describe('custom providers', () => {
  it('answers 403 to a missing, unknown or expired token', async () => {
    expect((await call('GET', PROVIDERS_PATH)).status).toBe(403);
    expect((await call('GET', PROVIDERS_PATH, { headers: { authorization: 'Bearer forged' } })).status).toBe(403);
    emulator.expireTokens();
    const expired = await call('GET', PROVIDERS_PATH, { headers: auth() });
    expect(expired.status).toBe(403);
    expect(expired.headers['content-type']).toBe('application/problem+json');
    expect(expired.json).toEqual({
      type: '/config/error-types/access-denied',
      title: 'Forbidden',
      status: 403,
      detail: 'Access denied: the access token is missing, invalid or expired.',
    });
  });

  it('lists summaries only (no secrets, no endpoints) in a HAL envelope', async () => {
    const res = await call('GET', PROVIDERS_PATH, { headers: auth() });
    const entries = (res.json!._embedded as Record<string, Array<Record<string, unknown>>>)['custom-providers']!;
    expect(entries.map((e) => Object.keys(e).sort())).toEqual([
      ['_links', 'id', 'protocol', 'title', 'ui'],
      ['_links', 'id', 'protocol', 'title', 'ui'],
      ['_links', 'id', 'protocol', 'title', 'ui'],
    ]);
  });

  it('views a provider with client_secret in clear, links and an ETag honoured by If-None-Match', async () => {
    const res = await call('GET', `${PROVIDERS_PATH}/${OIDC_ID}`, { headers: auth() });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      _links: { self: { href: `${emulator.url}${PROVIDERS_PATH}/${OIDC_ID}` }, collection: { href: `${emulator.url}${PROVIDERS_PATH}` } },
      id: OIDC_ID,
      client_secret: OIDC_SECRET,
    });
    const again = await call('GET', `${PROVIDERS_PATH}/${OIDC_ID}`, {
      headers: { ...auth(), 'if-none-match': res.headers.etag as string },
    });
    expect(again.status).toBe(304);
  });

  it('answers 404 to an unknown app or provider', async () => {
    const app = await call('GET', PROVIDERS_PATH.replace(APP_ID, 'nosuchapp'), { headers: auth() });
    expect(app).toMatchObject({ status: 404, json: { type: '/config/error-types/app-not-found' } });
    const provider = await call('GET', `${PROVIDERS_PATH}/nope`, { headers: auth() });
    expect(provider).toMatchObject({ status: 404, json: { type: '/config/error-types/provider-not-found' } });
  });

  it('answers 415 to a modify with another content type, and to a create that is not JSON', async () => {
    const res = await call('PATCH', `${PROVIDERS_PATH}/${OIDC_ID}`, {
      headers: { ...auth(), 'content-type': 'application/json' },
      body: { title: 'x' },
    });
    expect(res).toMatchObject({
      status: 415,
      json: { detail: 'Content-Type must be application/merge-patch+json or application/json-patch+json.' },
    });
    expect((await call('POST', PROVIDERS_PATH, { headers: { ...auth(), 'content-type': 'text/plain' }, body: '{}' })).status).toBe(415);
  });

  it('answers 422 to an unknown or wrongly cased member, a read-only one, and one of another protocol', async () => {
    const path = `${PROVIDERS_PATH}/${OIDC_ID}`;
    expect((await call('PATCH', path, { headers: merge(), body: { auth_URL: 'https://x.example/a' } })).json).toMatchObject({
      status: 422,
      type: '/config/error-types/unknown-field',
      detail: 'The field "auth_URL" does not exist on a custom provider.',
    });
    expect((await call('PATCH', path, { headers: merge(), body: { id: 'other' } })).json).toMatchObject({
      status: 422,
      type: '/config/error-types/read-only-field',
    });
    expect((await call('PATCH', path, { headers: merge(), body: { idp_certificate: SAMPLE_IDP_CERTIFICATE } })).json).toMatchObject({
      status: 422,
      type: '/config/error-types/field-not-allowed',
    });
    expect((await call('PATCH', `${PROVIDERS_PATH}/${SAML_ID}`, { headers: merge(), body: { client_id: 'abc' } })).status).toBe(422);
    expect((await call('PATCH', path, { headers: merge(), body: { ui: { colour: 'red' } } })).status).toBe(422);
    expect((await call('PATCH', path, { headers: merge(), body: { protocol: 'saml2' } })).status).toBe(422);
  });

  it('answers 400 to invalid JSON, a non-HTTPS URL, a bad enum value and a missing title on create', async () => {
    const path = `${PROVIDERS_PATH}/${OIDC_ID}`;
    expect((await call('PATCH', path, { headers: merge(), body: '{"title":' })).json).toMatchObject({
      status: 400,
      type: '/config/error-types/invalid-json',
    });
    expect((await call('PATCH', path, { headers: merge(), body: { token_url: 'http://x.example/t' } })).json).toMatchObject({
      status: 400,
      type: '/config/error-types/invalid-url',
    });
    expect((await call('PATCH', path, { headers: merge(), body: { token_auth_method: 'private_key_jwt' } })).status).toBe(400);
    const create = await call('POST', PROVIDERS_PATH, {
      headers: { ...auth(), 'content-type': 'application/json' },
      body: { protocol: 'saml2' },
    });
    expect(create.json).toMatchObject({ status: 400, type: '/config/error-types/missing-field', detail: 'The field "title" is required.' });
  });

  it('creates with 201, the new provider and a Location', async () => {
    const body = { title: 'Acme', protocol: 'oauth2', auth_url: 'https://acme.example/authorize', identifier_attribute: '/uid' };
    const res = await call('POST', PROVIDERS_PATH, { headers: { ...auth(), 'content-type': 'application/json' }, body });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ ...body, id: expect.any(String), createdAt: expect.stringMatching(/\.\d{9}Z$/) });
    expect(res.headers.location).toBe(`${emulator.url}${PROVIDERS_PATH}/${res.json!.id as string}`);
  });

  it('modifies by merge patch (null removes) with 204, by PUT too, and replaces all with json-patch+json', async () => {
    const path = `${PROVIDERS_PATH}/${OIDC_ID}`;
    const patched = await call('PATCH', path, {
      headers: merge(),
      body: { profile_url: null, attribute_map: { '/email': null, '/nickname': '/nick' } },
    });
    expect(patched).toMatchObject({ status: 204, text: '' });
    const stored = emulator.provider(APP_ID, OIDC_ID)!;
    expect(stored.profile_url).toBeUndefined();
    expect(stored.attribute_map).toEqual({ '/name/givenName': '/given_name', '/name/familyName': '/family_name', '/nickname': '/nick' });
    expect((await call('PUT', path, { headers: merge(), body: { title: 'Put title' } })).status).toBe(204);
    expect(emulator.provider(APP_ID, OIDC_ID)!.title).toBe('Put title');
    const replaced = await call('PUT', path, {
      headers: { ...auth(), 'content-type': 'application/json-patch+json' },
      body: { title: 'Only this', protocol: 'openidconnect', auth_url: 'https://a.example/auth' },
    });
    expect(replaced.status).toBe(204);
    expect(Object.keys(emulator.provider(APP_ID, OIDC_ID)!).sort()).toEqual([
      'auth_url',
      'createdAt',
      'id',
      'protocol',
      'title',
      'updatedAt',
    ]);
  });

  it('has no delete', async () => {
    const res = await call('DELETE', `${PROVIDERS_PATH}/${SAML_ID}`, { headers: auth() });
    expect(res.status).toBe(405);
    expect(emulator.provider(APP_ID, SAML_ID)).toBeDefined();
  });
});
