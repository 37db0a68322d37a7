// The cPanel emulator refuses what WHM refuses, the way WHM does (VENDORS.md section 1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import type { CpanelEmulator } from '../../src/vendors/cpanel/emulator/server.js';
import { startWhm } from './support.js';

const TOKEN = 'EMULATORTESTTOKEN0001';
let emulator: CpanelEmulator;

async function whm(fn: string, args: Record<string, string> = {}, auth = `whm root:${TOKEN}`) {
  const query = new URLSearchParams({ 'api.version': '1', ...args });
  const res = await request(`${emulator.url}/json-api/${fn}?${query}`, { headers: { authorization: auth } });
  const text = await res.body.text();
  return { status: res.statusCode, text, json: () => JSON.parse(text) };
}

/** A POST with `body` of `contentType` (and `query`, when given, in the URL). */
async function whmPost(fn: string, body: string, contentType: string, query = '') {
  const res = await request(`${emulator.url}/json-api/${fn}${query ? `?${query}` : ''}`, {
    method: 'POST',
    headers: { authorization: `whm root:${TOKEN}`, 'content-type': contentType },
    body,
  });
  const text = await res.body.text();
  return { status: res.statusCode, json: () => JSON.parse(text) };
}

const form = (args: Record<string, string>) => new URLSearchParams(args).toString();

beforeAll(async () => {
  emulator = await startWhm(TOKEN);
});
afterAll(() => emulator.close());

describe('cPanel emulator', () => {
  it('refuses a wrong token with 403, accepts whm and Basic auth', async () => {
    expect((await whm('get_available_authentication_providers', {}, 'whm root:WRONG')).status).toBe(403);
    expect((await whm('get_available_authentication_providers', {}, '')).status).toBe(403);
    const basic = `Basic ${Buffer.from(`root:${TOKEN}`).toString('base64')}`;
    expect((await whm('get_available_authentication_providers', {}, basic)).json().metadata.result).toBe(1);
  });

  it('answers an unknown function with HTTP 200 and result 0', async () => {
    const res = await whm('no_such_function');
    expect(res.status).toBe(200);
    expect(res.json().metadata).toMatchObject({ result: 0, command: 'no_such_function', version: 1 });
    expect(res.json().metadata.reason).toMatch(/Unknown app/);
  });

  it('requires api.version=1', async () => {
    const res = await request(`${emulator.url}/json-api/get_available_authentication_providers`, {
      headers: { authorization: `whm root:${TOKEN}` },
    });
    expect(JSON.parse(await res.body.text()).metadata.result).toBe(0);
  });

  it('names a missing argument with an XID-prefixed reason', async () => {
    const res = (await whm('get_provider_client_configurations', { service_name: 'cpaneld' })).json();
    expect(res.metadata.result).toBe(0);
    expect(res.metadata.reason).toMatch(/^API failure: \(XID [a-z0-9_-]{6}\) Provide the “provider_id” parameter\.$/);
    expect(res).not.toHaveProperty('data');
  });

  it('accepts only cpaneld, webmaild and whostmgrd (not the seed page’s cpanel / cpanelid)', async () => {
    for (const bad of ['cpanel', 'cpanelid', 'webmailid']) {
      const res = (await whm('enable_authentication_provider', { service_name: bad, provider_id: 'google' })).json();
      expect(res.metadata.reason).toMatch(/Currently, only “cpaneld”, “webmaild”, and “whostmgrd” can use External Authentication\./);
    }
  });

  it('emits whostmgrd_enabled (not the documented whostmgr_enabled) and relative links', async () => {
    const google = (await whm('get_available_authentication_providers')).json().data.providers.find((p: any) => p.id === 'google');
    expect(google).toMatchObject({
      whostmgrd_enabled: 1,
      cpaneld_enabled: 1,
      webmaild_enabled: 0,
      configured: 1,
      whostmgrd_link: '/openid_connect/google',
    });
    expect(google).not.toHaveProperty('whostmgr_enabled');
  });

  it('enforces set_provider_client_configurations rules and replaces the whole config', async () => {
    const set = (config: unknown) =>
      whm('set_provider_client_configurations', {
        service_name: 'webmaild',
        provider_id: 'facebook',
        configurations: typeof config === 'string' ? config : JSON.stringify(config),
      }).then((r) => r.json().metadata);
    expect((await set({ client_id: 'abc' })).reason).toMatch(/missing the required parameter key “client_secret”/);
    expect((await set({ client_id: 'abc', client_secret: 's', redirect_uris: 'x' })).reason).toMatch(
      /“redirect_uris” is not a valid configuration field/,
    );
    expect((await set({ client_id: 'abc', client_secret: 42 })).reason).toMatch(/must be a string/);
    expect((await set({ client_id: 'a'.repeat(1025), client_secret: 's' })).reason).toMatch(/invalid/);
    expect((await set('[1,2]')).reason).toMatch(/must be a JSON object/);
    expect((await set('{nope')).reason).toMatch(/parse the JSON/);
    expect((await set({ client_id: 'abc', client_secret: 'def' })).result).toBe(1);
    expect(emulator.module('facebook')!.clientConfig).toEqual({ client_id: 'abc', client_secret: 'def' });
    const read = (await whm('get_provider_client_configurations', { service_name: 'cpaneld', provider_id: 'facebook' })).json().data;
    expect(read.client_configurations.redirect_uris).toHaveLength(3);
  });

  it('enforces display rules: existing keys only, hex colours without #', async () => {
    const set = (config: unknown) =>
      whm('set_provider_display_configurations', {
        service_name: 'cpaneld',
        provider_id: 'slack',
        configurations: JSON.stringify(config),
      }).then((r) => r.json().metadata);
    expect((await set({ color: '#112233' })).reason).toMatch(/not a valid hexadecimal color/);
    expect((await set({ icon: 'abc' })).reason).toMatch(/only update display configurations that already exist/);
    expect((await set({ color: 'abc', display_name: 'Team chat' })).result).toBe(1);
    const configs = (await whm('get_provider_display_configurations', { provider_id: 'slack' })).json().data.configurations;
    expect(configs.map((c: any) => c.service)).toEqual(['cpaneld', 'webmaild', 'whostmgrd']);
    expect(configs[0]).toMatchObject({ color: 'abc', display_name: 'Team chat' });
    expect(configs[1]).toMatchObject({ color: '4A154B', display_name: 'Slack' });
  });

  it('takes the arguments of a POST from its form-encoded body, as WHM does, and records them as args', async () => {
    emulator.clearRequests();
    const config = { client_id: 'form-client', client_secret: 'form secret+&=%"' };
    const args = { 'api.version': '1', service_name: 'cpaneld', provider_id: 'slack', configurations: JSON.stringify(config) };
    const res = await whmPost('set_provider_client_configurations', form(args), 'application/x-www-form-urlencoded');
    expect(res.status).toBe(200);
    expect(res.json().metadata).toMatchObject({ result: 1, reason: 'OK' });
    expect(emulator.module('slack')!.clientConfig).toEqual(config);
    const [recorded] = emulator.requests;
    expect(recorded).toMatchObject({ method: 'POST', path: '/json-api/set_provider_client_configurations', rawQuery: '', query: {}, args });
    // A charset parameter is fine; reads work the same way.
    const read = await whmPost(
      'get_provider_display_configurations',
      form({ 'api.version': '1', provider_id: 'slack' }),
      'application/x-www-form-urlencoded; charset=utf-8',
    );
    expect(read.json().data.configurations).toHaveLength(3);
  });

  it('merges a POST’s query string with its form body (a name in both: the body’s value)', async () => {
    const res = await whmPost(
      'enable_authentication_provider',
      form({ service_name: 'webmaild', provider_id: 'slack' }),
      'application/x-www-form-urlencoded',
      'api.version=1&service_name=bogus',
    );
    expect(res.json().metadata.result).toBe(1);
    expect(emulator.module('slack')!.enabled.has('webmaild')).toBe(true);
    expect(emulator.requests.at(-1)!.args).toEqual({ 'api.version': '1', service_name: 'webmaild', provider_id: 'slack' });
  });

  it('does not read arguments from a POST body of another content type: the call fails as one without them', async () => {
    const args = { 'api.version': '1', service_name: 'cpaneld', provider_id: 'google' };
    const json = await whmPost('disable_authentication_provider', JSON.stringify(args), 'application/json');
    expect(json.status).toBe(200);
    expect(json.json().metadata).toMatchObject({ result: 0, reason: expect.stringMatching(/WHM API 1 only: pass api\.version=1/) });
    const text = await whmPost('disable_authentication_provider', form(args), 'text/plain', 'api.version=1');
    expect(text.json().metadata).toMatchObject({ result: 0, reason: expect.stringMatching(/Provide the “service_name” parameter\.$/) });
    expect(emulator.module('google')!.enabled.has('cpaneld')).toBe(true);
    expect(emulator.requests.at(-1)!.args).toEqual({ 'api.version': '1' });
  });

  it('refuses an unknown or invalid provider id', async () => {
    expect((await whm('enable_authentication_provider', { service_name: 'cpaneld', provider_id: 'okta' })).json().metadata.reason).toMatch(
      /could not load the “okta”/,
    );
    expect(
      (await whm('enable_authentication_provider', { service_name: 'cpaneld', provider_id: '../etc' })).json().metadata.reason,
    ).toMatch(/provider name “..\/etc” is invalid/);
  });
});
