// The whole checklist over real HTTPS on loopback: a test IdP (discovery, JWKS, endpoints) served by the https
// test server, reached through the real guarded fetcher that trusts the test CA and allows 127.0.0.1 only. A good
// OIDC configuration passes every check; each kind of breakage fails the check that names it; SAML certificates
// are judged at an injected time; refused addresses fail with the fetcher's own message.
import { generateKeyPairSync } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuardedFetcher } from '../../src/core/outbound/guarded-fetch.js';
import type { OutboundFetcher } from '../../src/core/outbound/fetcher.js';
import { checkConfiguration } from '../../src/core/setup/checks.js';
import type { ConfigurationCheck, IdpConfiguration } from '../../src/core/setup/configuration.js';
import { makeCertificate, makeTlsPair } from '../support/certificates.js';
import { type HttpsTestServer, startHttpsTestServer } from '../support/https-test-server.js';

const DAY_MS = 86_400_000;
const keyPair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const publicJwk = { ...keyPair.publicKey.export({ format: 'jwk' }), kid: 'idp-1', use: 'sig', alg: 'ES256' };
const privateJwk = { ...keyPair.privateKey.export({ format: 'jwk' }), kid: 'idp-1' };
const json = (value: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });

/** A token endpoint as IdPs have them: POST only, a bare GET or HEAD is refused with 405. */
const tokenEndpoint = (request: IncomingMessage, response: ServerResponse) => {
  response.writeHead(request.method === 'POST' ? 400 : 405, { allow: 'POST' }).end();
};
/** An authorization endpoint whose server refuses HEAD (405) but serves the login page to a GET. */
const authorizationEndpoint = (request: IncomingMessage, response: ServerResponse) => {
  if (request.method === 'HEAD') response.writeHead(405, { allow: 'GET' }).end();
  else response.writeHead(200, { 'content-type': 'text/html' }).end('<html>sign in</html>');
};

let idp: HttpsTestServer;
let fetcher: OutboundFetcher;

function goodOidc(): IdpConfiguration {
  return {
    protocol: 'OIDC',
    issuer: idp.origin,
    authorizationEndpoint: `${idp.origin}/authorize`,
    tokenEndpoint: `${idp.origin}/token`,
    userinfoEndpoint: `${idp.origin}/userinfo`,
    jwksUri: `${idp.origin}/jwks`,
    scopes: ['openid', 'email'],
    requiredScopes: ['openid'],
    clientId: 'gateway-app',
    clientSecretSet: true,
    replyUrl: 'https://sp.example/callback',
  };
}

const byName = (checks: ConfigurationCheck[]) => Object.fromEntries(checks.map((check) => [check.name, check]));
const statuses = (checks: ConfigurationCheck[]) => Object.fromEntries(checks.map((check) => [check.name, check.status]));

beforeAll(async () => {
  idp = await startHttpsTestServer();
  Object.assign(idp.routes, {
    '/.well-known/openid-configuration': json({
      issuer: idp.origin,
      authorization_endpoint: `${idp.origin}/authorize`,
      token_endpoint: `${idp.origin}/token`,
      userinfo_endpoint: `${idp.origin}/userinfo`,
      jwks_uri: `${idp.origin}/jwks`,
    }),
    '/jwks': json({ keys: [publicJwk] }),
    '/authorize': authorizationEndpoint,
    '/token': tokenEndpoint,
    '/userinfo': { status: 401, headers: { 'www-authenticate': 'Bearer' } },
    '/sso': { status: 200, body: 'saml' },
    '/slo': { status: 200, body: 'saml' },
    '/private-jwks': json({ keys: [privateJwk] }),
    '/other-issuer/.well-known/openid-configuration': json({
      issuer: 'https://someone-else.example',
      authorization_endpoint: `${idp.origin}/authorize`,
      token_endpoint: `${idp.origin}/token`,
      jwks_uri: `${idp.origin}/jwks`,
    }),
  });
  fetcher = createGuardedFetcher({ allowedHosts: ['127.0.0.1'], trustedCertificates: [idp.ca], timeoutMs: 3000 });
});

afterAll(async () => {
  await idp?.close();
});

describe('OIDC', () => {
  it('a good configuration: every check PASSes, each URL is fetched once, nothing secret is sent', async () => {
    const before = idp.requests.length;
    const checks = await checkConfiguration(goodOidc(), { fetcher });
    expect(statuses(checks)).toEqual({
      discovery: 'PASS',
      'endpoint.authorization': 'PASS',
      'endpoint.token': 'PASS',
      'endpoint.userinfo': 'PASS',
      'endpoint.jwks': 'PASS',
      jwks: 'PASS',
      scopes: 'PASS',
      client: 'PASS',
      'reply-url': 'PASS',
    });
    const named = byName(checks);
    expect(named.discovery!.message).toContain('agrees with the configured endpoints');
    expect(named['endpoint.token']!.message).toBe(`${idp.origin}/token: answered 405 to a GET over TLS: reachable`);
    expect(named['endpoint.authorization']!.message).toContain('answered 200 to a GET');
    expect(named['endpoint.userinfo']!.message).toContain('answered 401 to a HEAD');
    expect(named.jwks!.message).toContain('1 public signing key (EC kid "idp-1")');

    const seen = idp.requests.slice(before);
    // Discovery, the key check and the JWKS endpoint check share one GET of the JWKS.
    expect(seen.filter((request) => request.path === '/jwks')).toHaveLength(1);
    expect(seen.filter((request) => request.path === '/.well-known/openid-configuration')).toHaveLength(1);
    for (const request of seen) {
      expect(['GET', 'HEAD']).toContain(request.method);
      expect(request.headers.authorization).toBeUndefined();
      expect(request.headers.cookie).toBeUndefined();
    }
  });

  it('only the issuer: the endpoints and keys are taken from discovery and checked', async () => {
    const { issuer, scopes, requiredScopes, clientId, clientSecretSet } = goodOidc();
    const checks = await checkConfiguration({ protocol: 'OIDC', issuer, scopes, requiredScopes, clientId, clientSecretSet }, { fetcher });
    expect(statuses(checks)).toMatchObject({ discovery: 'PASS', 'endpoint.token': 'PASS', 'endpoint.jwks': 'PASS', jwks: 'PASS' });
    expect(byName(checks)['endpoint.token']!.message).toContain('(discovered)');
  });

  it('a broken configuration: unreachable token endpoint, private key, missing openid scope and no secret FAIL', async () => {
    const broken = {
      ...goodOidc(),
      tokenEndpoint: 'https://127.0.0.1:1/token',
      jwksUri: `${idp.origin}/private-jwks`,
      scopes: ['profile', 'email'],
      clientSecretSet: false,
    };
    const named = byName(await checkConfiguration(broken, { fetcher }));
    expect(named['endpoint.token']).toMatchObject({ status: 'FAIL', message: expect.stringContaining('could not be reached') });
    expect(named['endpoint.token']!.message).toMatch(/^not reachable: https:\/\/127\.0\.0\.1:1\/token/);
    expect(named.jwks).toMatchObject({ status: 'FAIL', message: expect.stringContaining('keys[0] has the private-key member "d"') });
    expect(named.jwks!.message).not.toContain(String(privateJwk.d));
    // The JWKS URI answers: reachable; it is what it serves that fails.
    expect(named['endpoint.jwks']!.status).toBe('PASS');
    expect(named.scopes).toMatchObject({ status: 'FAIL', message: expect.stringContaining('lack openid') });
    expect(named.client).toMatchObject({ status: 'FAIL', message: expect.stringContaining('no client secret is set') });
    // Endpoints that differ from the discovered ones are named, both of them.
    expect(named.discovery).toMatchObject({ status: 'WARN' });
    expect(named.discovery!.message).toContain(
      `the token endpoint is https://127.0.0.1:1/token but the issuer publishes ${idp.origin}/token`,
    );
  });

  it('an issuer whose discovery document names another issuer FAILs discovery', async () => {
    const checks = await checkConfiguration({ ...goodOidc(), issuer: `${idp.origin}/other-issuer` }, { fetcher });
    expect(byName(checks).discovery).toMatchObject({ status: 'FAIL', message: expect.stringContaining('"https://someone-else.example"') });
    // With nothing but the issuer, what discovery would have given is missing and says why.
    const issuerOnly = byName(await checkConfiguration({ protocol: 'OIDC', issuer: `${idp.origin}/other-issuer` }, { fetcher }));
    expect(issuerOnly.jwks).toMatchObject({
      status: 'FAIL',
      message: expect.stringContaining('the issuer could not be discovered (see discovery)'),
    });
    expect(issuerOnly['endpoint.token']).toMatchObject({
      status: 'FAIL',
      message: expect.stringContaining('(the discovery failed: see discovery)'),
    });
  });

  it('no endpoints, no issuer: the missing ones FAIL and say what to set', async () => {
    const named = byName(await checkConfiguration({ protocol: 'OAUTH2', clientId: 'x', clientSecretSet: true }, { fetcher }));
    expect(named['endpoint.authorization']).toEqual({
      name: 'endpoint.authorization',
      status: 'FAIL',
      message: 'no authorization endpoint is configured: set it, or the issuer to discover it',
    });
    expect(named['endpoint.token']!.status).toBe('FAIL');
    expect(named.jwks).toBeUndefined();
    expect(named.discovery).toBeUndefined();
  });

  it('an endpoint that redirects where the fetcher will not follow, or has nothing at its path, WARNs', async () => {
    idp.routes['/to-http'] = { redirect: 'http://127.0.0.1/login' };
    const named = byName(
      await checkConfiguration({ protocol: 'SAML', ssoUrl: `${idp.origin}/to-http`, sloUrl: `${idp.origin}/missing` }, { fetcher }),
    );
    expect(named['endpoint.sso']).toMatchObject({
      status: 'WARN',
      message: expect.stringMatching(/^answered with a redirect that was not followed: .*http:/),
    });
    expect(named['endpoint.slo']).toMatchObject({
      status: 'WARN',
      message: expect.stringContaining('answered 404 to a HEAD over TLS: nothing is there'),
    });
  });

  it('independent fetches run at once: two endpoints that answer only when both were asked PASS', async () => {
    const waiting: ServerResponse[] = [];
    const together = (_request: IncomingMessage, response: ServerResponse) => {
      waiting.push(response);
      if (waiting.length === 2) for (const held of waiting.splice(0)) held.writeHead(204).end();
    };
    idp.routes['/together-a'] = together;
    idp.routes['/together-b'] = together;
    const checks = await checkConfiguration(
      { protocol: 'SAML', ssoUrl: `${idp.origin}/together-a`, sloUrl: `${idp.origin}/together-b` },
      { fetcher },
    );
    expect(statuses(checks)).toMatchObject({ 'endpoint.sso': 'PASS', 'endpoint.slo': 'PASS' });
  });
});

describe('SAML', () => {
  const saml = (certificates: string[]): IdpConfiguration => ({
    protocol: 'SAML',
    samlEntityId: 'https://idp.example/saml',
    ssoUrl: `${idp.origin}/sso`,
    sloUrl: `${idp.origin}/slo`,
    certificates,
    replyUrl: 'https://sp.example/acs',
    serviceProviderEntityId: 'https://sp.example',
  });

  it('a good certificate PASSes, one expiring in 5 days WARNs, an expired one FAILs, a broken chain FAILs', async () => {
    const ca = await makeCertificate({ commonName: 'IdP CA', ca: true, notAfterDays: 3650 });
    const good = await makeCertificate({ commonName: 'IdP signing', issuer: ca });
    const ending = await makeCertificate({ commonName: 'ending', notAfterDays: 5 });
    const expired = await makeCertificate({ commonName: 'expired', notBeforeDays: -400, notAfterDays: -1 });
    const stranger = await makeCertificate({ commonName: 'Stranger CA', ca: true });
    const now = new Date();
    const run = async (certificates: string[]) => byName(await checkConfiguration(saml(certificates), { fetcher, now: () => now }));

    const pass = await run([good.certPem, ca.certBase64]);
    expect(Object.values(pass).map((check) => [check.name, check.status])).toEqual([
      ['endpoint.sso', 'PASS'],
      ['endpoint.slo', 'PASS'],
      ['certificate.signing', 'PASS'],
      ['certificate.chain[1]', 'PASS'],
      ['reply-url', 'PASS'],
    ]);
    expect(pass['reply-url']!.message).toContain('register https://sp.example/acs as the Assertion Consumer Service (reply) URL');
    expect(await run([ending.certBase64])).toMatchObject({
      'certificate.signing': { status: 'WARN', message: expect.stringContaining('(5 days left)') },
    });
    expect(await run([expired.certPem])).toMatchObject({
      'certificate.signing': { status: 'FAIL', message: expect.stringContaining('expired on') },
    });
    expect(await run([good.certPem, stranger.certPem])).toMatchObject({
      'certificate.signing': { status: 'FAIL', message: expect.stringContaining('not issued by certificate.chain[1]') },
    });
  });

  it('without certificate or SSO URL: both FAIL', async () => {
    const named = byName(await checkConfiguration({ protocol: 'SAML' }, { fetcher }));
    expect(named['certificate.signing']!.status).toBe('FAIL');
    expect(named['endpoint.sso']).toMatchObject({ status: 'FAIL', message: 'no single sign-on URL is configured: set it' });
  });
});

describe('the endpoint server’s own certificate', () => {
  it('ending within 30 days WARNs with the days left; judged at the injected time', async () => {
    const { ca, server } = await makeTlsPair(10);
    const ending = await startHttpsTestServer(
      { '/sso': { status: 200 } },
      { tls: { certPem: server.certPem, keyPem: server.keyPem, ca: ca.certPem } },
    );
    try {
      const trusting = createGuardedFetcher({ allowedHosts: ['127.0.0.1'], trustedCertificates: [ending.ca], timeoutMs: 3000 });
      const [check] = await checkConfiguration({ protocol: 'SAML', ssoUrl: `${ending.origin}/sso` }, { fetcher: trusting });
      expect(check).toMatchObject({
        name: 'endpoint.sso',
        status: 'WARN',
        message: expect.stringContaining('its TLS certificate expires on'),
      });
      expect(check!.message).toContain('(10 days left)');
    } finally {
      await ending.close();
    }
    // The main IdP's certificate runs a year: fine today, ending 15 days before its end, past it afterwards.
    const at = async (days: number) => {
      const checks = await checkConfiguration(
        { protocol: 'SAML', ssoUrl: `${idp.origin}/sso` },
        { fetcher, now: () => new Date(Date.now() + days * DAY_MS) },
      );
      return checks[0]!;
    };
    expect((await at(0)).status).toBe('PASS');
    expect(await at(350)).toMatchObject({ status: 'WARN', message: expect.stringContaining('(15 days left)') });
    expect(await at(400)).toMatchObject({ status: 'FAIL', message: expect.stringContaining('its TLS certificate expired on') });
  });

  it('an untrusted certificate FAILs with the TLS failure', async () => {
    const untrusting = createGuardedFetcher({ allowedHosts: ['127.0.0.1'], timeoutMs: 3000 });
    const [check] = await checkConfiguration({ protocol: 'SAML', ssoUrl: `${idp.origin}/sso` }, { fetcher: untrusting });
    expect(check).toMatchObject({ name: 'endpoint.sso', status: 'FAIL', message: expect.stringContaining('TLS handshake failed') });
  });
});

describe('refused addresses (SSRF)', () => {
  it('an endpoint on a private or metadata address FAILs with the fetcher’s message, and nothing connects', async () => {
    const guarded = createGuardedFetcher({ timeoutMs: 3000 });
    const connections = idp.connections;
    const config: IdpConfiguration = {
      protocol: 'OIDC',
      authorizationEndpoint: 'https://10.0.0.1/authorize',
      tokenEndpoint: 'https://169.254.169.254/latest/meta-data',
      jwksUri: `${idp.origin}/jwks`,
      clientId: 'x',
      clientSecretSet: true,
    };
    const named = byName(await checkConfiguration(config, { fetcher: guarded }));
    for (const [name, url] of [
      ['endpoint.authorization', 'https://10.0.0.1/authorize'],
      ['endpoint.token', 'https://169.254.169.254/latest/meta-data'],
      ['endpoint.jwks', `${idp.origin}/jwks`],
    ] as const) {
      const refusal = await guarded
        .fetch(url, { method: name === 'endpoint.jwks' ? 'GET' : 'HEAD' })
        .catch((error: Error) => error.message);
      expect(named[name]).toEqual({ name, status: 'FAIL', message: `not reachable: ${refusal}` });
      expect(refusal).toContain('refused');
    }
    expect(named.jwks).toMatchObject({ status: 'FAIL', message: expect.stringContaining('the JWKS could not be fetched') });
    expect(idp.connections).toBe(connections);
  });
});
