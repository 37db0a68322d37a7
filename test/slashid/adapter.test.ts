// The SlashID adapter's reads over real HTTP to the emulator: exact requests, normalization without
// secrets, and every error shape mapped to a VendorError carrying SlashID's own code and text.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VendorError } from '../../src/core/errors.js';
import { SlashIdAdapter } from '../../src/vendors/slashid/adapter.js';
import { loadSpecChecker, specViolations } from './openapi.js';
import {
  APPLE_ID,
  APPLE_KEY,
  authHeaders,
  AZURE_ID,
  CREDENTIALS,
  GOOGLE_ID,
  type Fixture,
  OKTA_ID,
  SECRETS,
  sentHeaders,
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
  // Every request the adapter sent and every answer the emulator gave, against the official OpenAPI.
  expect(await specViolations(fx.emulator.exchanges)).toEqual([]);
  fx.emulator.clearRequests();
});

describe('reads', () => {
  it('lists every credential with one GET carrying the API key and org id', async () => {
    const providers = await fx.adapter.list();
    expect(fx.emulator.requests).toHaveLength(1);
    const [request] = fx.emulator.requests;
    expect(request).toMatchObject({ method: 'GET', path: CREDENTIALS, rawQuery: '', body: '' });
    expect(sentHeaders(request!)).toEqual(authHeaders);
    expect(providers.map((p) => p.key)).toEqual([GOOGLE_ID, AZURE_ID, OKTA_ID, APPLE_ID]);
  });

  it('filters by provider with oauth_provider', async () => {
    const credentials = await fx.adapter.listCredentials('okta');
    expect(fx.emulator.requests[0]).toMatchObject({ method: 'GET', path: CREDENTIALS, rawQuery: 'oauth_provider=okta' });
    expect(credentials.map((c) => c.client_id)).toEqual([OKTA_ID]);
  });

  it('gets one credential by its client id, percent-encoded in the path', async () => {
    const provider = await fx.adapter.get(GOOGLE_ID);
    expect(fx.emulator.requests.map((r) => [r.method, r.path])).toEqual([['GET', `${CREDENTIALS}/${GOOGLE_ID}`]]);
    expect(sentHeaders(fx.emulator.requests[0]!)).toEqual(authHeaders);
    expect(provider).toEqual({
      key: GOOGLE_ID,
      displayName: 'Google staff',
      protocol: 'OIDC',
      enabled: null,
      clientId: GOOGLE_ID,
      // SlashID never returns the client secret: no fingerprint at all, so the pipeline's stays.
      secretFingerprints: {},
      details: {
        provider: 'google',
        label: 'Google staff',
        externalCredId: null,
        enableInSlashidOidcAuthzServer: true,
        options: {
          authorizeScopes: ['https://www.googleapis.com/auth/calendar.readonly'],
          tenant: null,
          organizationUrl: null,
          teamId: null,
          keyId: null,
          secretLifetime: null,
        },
        requestedScopes: ['openid', 'email', 'profile', 'https://www.googleapis.com/auth/calendar.readonly'],
      },
    });
  });

  it('shows the provider options of azuread and okta, and a default name without a label', async () => {
    const azure = await fx.adapter.get(AZURE_ID);
    expect(azure?.displayName).toBe(`Azure AD (${AZURE_ID})`);
    expect(azure?.details).toMatchObject({ label: null, externalCredId: 'ext-azure-1', options: { tenant: 'contoso.onmicrosoft.com' } });
    expect((await fx.adapter.get(OKTA_ID))?.details).toMatchObject({ options: { organizationUrl: 'https://acme.okta.com' } });
  });

  it('fingerprints the Apple private key SlashID returns and never keeps it', async () => {
    const apple = await fx.adapter.get(APPLE_ID);
    expect(apple?.secretFingerprints).toEqual({ 'options.privateKey': fx.fingerprinter.fingerprint(APPLE_KEY) });
    expect(apple?.details).toMatchObject({ options: { teamId: 'TEAM123456', keyId: 'KEYID98765', secretLifetime: '2160h' } });
    const text = JSON.stringify(await fx.adapter.list());
    for (const secret of [APPLE_KEY, 'PRIVATE KEY', ...Object.values(SECRETS)]) expect(text).not.toContain(secret);
    // Seen, so scrubbed from any later error text.
    expect(fx.secrets.scrub(`echo ${APPLE_KEY}`)).toBe('echo [REDACTED]');
  });

  it('answers null for an unknown credential (404)', async () => {
    expect(await fx.adapter.get('no-such-client')).toBeNull();
    expect(fx.emulator.exchanges[0]).toMatchObject({ status: 404 });
  });
});

describe('vendor errors', () => {
  it('a refused API key is a VendorError with SlashID code 401 and its message', async () => {
    const bad = new SlashIdAdapter(
      { ...fx.connection, apiKey: 'SLASHID-WRONG-KEY-123456' },
      { secrets: fx.secrets, fingerprinter: fx.fingerprinter },
    );
    const error = await bad.list().catch((e: unknown) => e);
    await bad.close();
    expect(error).toBeInstanceOf(VendorError);
    expect(error).toMatchObject({ vendor: 'slashid', httpStatus: 401, vendorCode: '401', retryable: false });
    expect((error as Error).message).toContain('invalid API key');
    expect((error as Error).message).not.toContain('SLASHID-WRONG-KEY-123456');
  });

  it('an org the key does not belong to is a 403 VendorError', async () => {
    const other = new SlashIdAdapter(
      { ...fx.connection, orgId: '1b7e0c4d-1111-4222-8333-944455556666' },
      { secrets: fx.secrets, fingerprinter: fx.fingerprinter },
    );
    const error = await other.get(GOOGLE_ID).catch((e: unknown) => e);
    await other.close();
    expect(error).toMatchObject({ httpStatus: 403, vendorCode: '403', retryable: false });
    expect((error as Error).message).toContain('does not grant access to organization');
  });

  it('a 400 keeps every message of the errors list', async () => {
    const error = await fx.adapter.listCredentials('myspace' as never).catch((e: unknown) => e);
    expect(error).toMatchObject({ httpStatus: 400, vendorCode: '400', retryable: false });
    expect((error as Error).message).toMatch(
      /^SlashID refused to list OIDC credentials \(HTTP 400\): parameter "oauth_provider" in query has an error/,
    );
    // (that request was wrong on purpose: the spec check below would flag it)
    fx.emulator.exchanges.length = 0;
  });
});

describe('answers that are not SlashID envelopes', () => {
  let server: ReturnType<typeof createServer>;
  let adapter: SlashIdAdapter;
  let reply: { status: number; type: string; body: string } = { status: 200, type: 'application/json', body: '{}' };
  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(reply.status, { 'content-type': reply.type }).end(reply.body));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    adapter = new SlashIdAdapter(
      { ...fx.connection, baseUrl: `http://127.0.0.1:${port}` },
      { secrets: fx.secrets, fingerprinter: fx.fingerprinter },
    );
  });
  afterAll(async () => {
    await adapter.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('a 502 from a proxy is retryable, with our UNAVAILABLE code', async () => {
    reply = { status: 502, type: 'text/html', body: '<html>Bad Gateway</html>' };
    await expect(adapter.list()).rejects.toMatchObject({ httpStatus: 502, vendorCode: 'UNAVAILABLE', retryable: true });
  });

  it('a list of the wrong shape is BAD_RESPONSE', async () => {
    reply = { status: 200, type: 'application/json', body: '{"result":[{"provider":"google"}]}' };
    await expect(adapter.list()).rejects.toMatchObject({ vendorCode: 'BAD_RESPONSE', retryable: false });
  });

  it('`result: null` (a Go nil slice) is an empty list', async () => {
    reply = { status: 200, type: 'application/json', body: '{"result":null}' };
    expect(await adapter.list()).toEqual([]);
  });

  it('a provider SlashID adds later does not break the list', async () => {
    reply = { status: 200, type: 'application/json', body: '{"result":[{"client_id":"x1","provider":"linkedin","label":""}]}' };
    const [provider] = await adapter.list();
    expect(provider).toMatchObject({ key: 'x1', displayName: 'linkedin (x1)', details: { provider: 'linkedin', requestedScopes: [] } });
  });

  it('a credential other than the one asked for is BAD_RESPONSE', async () => {
    reply = { status: 200, type: 'application/json', body: '{"result":{"client_id":"other","provider":"google"}}' };
    await expect(adapter.get('mine')).rejects.toMatchObject({ vendorCode: 'BAD_RESPONSE' });
  });

  it('a secret echoed in an error message is scrubbed', async () => {
    reply = {
      status: 400,
      type: 'application/json',
      body: JSON.stringify({ errors: [{ httpcode: 400, message: `bad secret ${SECRETS.google}` }] }),
    };
    fx.secrets.add(SECRETS.google);
    const error = await adapter.list().catch((e: unknown) => e as Error);
    expect((error as Error).message).toContain('bad secret [REDACTED]');
  });
});

describe('writes SlashID holds while it waits for consistency', () => {
  let slow: Fixture;
  beforeAll(async () => {
    // A gateway timeout (600 ms) shorter than SlashID's replication (1.2 s, waited in real time).
    slow = await startFixture({ replicationLagSeconds: 1.2, realTimeReplication: true, totalTimeoutMs: 600 });
  });
  afterAll(() => slow.close());

  it('waits for the consistency timeout asked for (plus a margin), so SlashID answers, not our timeout', async () => {
    const input = { label: 'Waited', requiredConsistency: 'all_regions' as const, requiredConsistencyTimeout: 2 };
    await slow.adapter.sendPlanned(slow.adapter.buildUpdateRequest(GOOGLE_ID, 'google', input, null));
    expect(slow.emulator.exchanges.map((e) => [e.method, e.status])).toEqual([['PATCH', 200]]);
    expect(slow.emulator.credential(GOOGLE_ID)?.label).toBe('Waited');
    expect(await specViolations(slow.emulator.exchanges)).toEqual([]);
  });

  it('a write without consistency headers keeps the connection timeout', async () => {
    slow.emulator.clearRequests();
    // local_region is reached at once: no wait, the ordinary client answers.
    await slow.adapter.sendPlanned(slow.adapter.buildDeleteRequest(OKTA_ID, {}));
    expect(slow.emulator.exchanges.map((e) => [e.method, e.status])).toEqual([['DELETE', 200]]);
  });
});
