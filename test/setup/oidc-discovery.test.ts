// OpenID Connect discovery from an issuer: the document's URL, the issuer it must name, the https endpoints it
// must publish, the JWKS fetched from jwks_uri (public keys only), and each failure as a clear SetupSourceError.
// The rules run over a fetcher serving a map of URLs (an unknown URL answers as the guarded fetcher does on a
// 404); the last tests fetch for real, through the guarded fetcher from a loopback https server.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FetchOptions, OutboundFetchError, type OutboundFetcher } from '../../src/core/outbound/fetcher.js';
import { createGuardedFetcher } from '../../src/core/outbound/guarded-fetch.js';
import { discoverOpenIdProvider, discoveryUrlOf, parseDiscoveryDocument } from '../../src/core/setup/oidc-discovery.js';
import { SetupSourceError } from '../../src/core/setup/source-error.js';
import { type HttpsTestServer, startHttpsTestServer } from '../support/https-test-server.js';

const ISSUER = 'https://login.example.com/tenant-1';
const DISCOVERY_URL = 'https://login.example.com/tenant-1/.well-known/openid-configuration';
const JWKS_URI = 'https://login.example.com/tenant-1/keys';

const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const PUBLIC_JWK = { ...publicKey.export({ format: 'jwk' }), kid: 'key-1', use: 'sig', alg: 'ES256' };
const PRIVATE_JWK = { ...privateKey.export({ format: 'jwk' }), kid: 'key-1' };

const document = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    issuer: ISSUER,
    authorization_endpoint: `${ISSUER}/authorize`,
    token_endpoint: `${ISSUER}/token`,
    userinfo_endpoint: `${ISSUER}/userinfo`,
    jwks_uri: JWKS_URI,
    end_session_endpoint: `${ISSUER}/logout`,
    response_types_supported: ['code', 'id_token'],
    subject_types_supported: ['public'],
    scopes_supported: ['openid', 'profile', 'email'],
    id_token_signing_alg_values_supported: ['ES256', 'RS256'],
    ...overrides,
  });

interface MapFetcher extends OutboundFetcher {
  requests: { url: string; options?: FetchOptions }[];
}

/** Serves `pages` (URL -> body); any other URL is a 404, as the guarded fetcher reports it. */
function mapFetcher(pages: Record<string, string>): MapFetcher {
  const requests: MapFetcher['requests'] = [];
  return {
    requests,
    async fetch(url, options) {
      requests.push({ url, options });
      const body = pages[url];
      if (body === undefined) throw new OutboundFetchError('HTTP_STATUS', `the server answered 404 Not Found (${url})`, url);
      return { url, status: 200, contentType: 'application/json', body };
    },
  };
}

const goodPages = (overrides: Record<string, unknown> = {}, jwks: unknown = { keys: [PUBLIC_JWK] }) => ({
  [DISCOVERY_URL]: document(overrides),
  [JWKS_URI]: typeof jwks === 'string' ? jwks : JSON.stringify(jwks, null, 2),
});

async function refusal(promise: Promise<unknown>): Promise<SetupSourceError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SetupSourceError);
  return error as SetupSourceError;
}

function parseRefusal(issuer: string, text: string): SetupSourceError {
  try {
    parseDiscoveryDocument(issuer, text);
  } catch (error) {
    expect(error).toBeInstanceOf(SetupSourceError);
    return error as SetupSourceError;
  }
  throw new Error('the document was accepted');
}

describe('discoverOpenIdProvider', () => {
  it("a good document: its endpoints, lists and the JWKS (compact), fetched from the issuer's path", async () => {
    const fetcher = mapFetcher(goodPages());
    expect(await discoverOpenIdProvider(ISSUER, fetcher)).toEqual({
      issuer: ISSUER,
      authorizationEndpoint: `${ISSUER}/authorize`,
      tokenEndpoint: `${ISSUER}/token`,
      userinfoEndpoint: `${ISSUER}/userinfo`,
      jwksUri: JWKS_URI,
      endSessionEndpoint: `${ISSUER}/logout`,
      scopesSupported: ['openid', 'profile', 'email'],
      idTokenSigningAlgValuesSupported: ['ES256', 'RS256'],
      jwks: JSON.stringify({ keys: [PUBLIC_JWK] }),
      discoveryUrl: DISCOVERY_URL,
    });
    expect(fetcher.requests.map((r) => r.url)).toEqual([DISCOVERY_URL, JWKS_URI]);
    expect(fetcher.requests[0]!.options?.accept).toBe('application/json');
    expect(fetcher.requests[1]!.options?.accept).toContain('application/jwk-set+json');
  });

  it('optional members absent are null', async () => {
    const pages = goodPages({ userinfo_endpoint: undefined, end_session_endpoint: null, scopes_supported: undefined });
    const found = await discoverOpenIdProvider(ISSUER, mapFetcher(pages));
    expect(found).toMatchObject({ userinfoEndpoint: null, endSessionEndpoint: null, scopesSupported: null });
  });

  it('an issuer with a trailing slash: the slash removed before the well-known path, the issuer compared as given', async () => {
    const issuer = 'https://idp.example/';
    const pages = {
      'https://idp.example/.well-known/openid-configuration': document({ issuer, authorization_endpoint: 'https://idp.example/auth' }),
      [JWKS_URI]: JSON.stringify({ keys: [PUBLIC_JWK] }),
    };
    const found = await discoverOpenIdProvider(issuer, mapFetcher(pages));
    expect(found.issuer).toBe(issuer);
    expect(found.discoveryUrl).toBe('https://idp.example/.well-known/openid-configuration');
  });

  it("one trailing slash of difference is tolerated, and the document's form is returned (what tokens carry)", async () => {
    const found = await discoverOpenIdProvider(ISSUER, mapFetcher(goodPages({ issuer: `${ISSUER}/` })));
    expect(found.issuer).toBe(`${ISSUER}/`);
  });

  it('an issuer that is not https (or has a query) is refused before anything is fetched', async () => {
    const fetcher = mapFetcher(goodPages());
    expect((await refusal(discoverOpenIdProvider('http://login.example.com/tenant-1', fetcher))).message).toBe(
      'the issuer must be an https:// URL (http: is not accepted)',
    );
    expect((await refusal(discoverOpenIdProvider(`${ISSUER}?tenant=1`, fetcher))).message).toMatch(
      /^the issuer must not contain a query or fragment/,
    );
    expect(fetcher.requests).toEqual([]);
  });

  it('the document naming another issuer is refused, naming both', async () => {
    for (const published of [
      'https://evil.example/tenant-1',
      `${ISSUER}/other`,
      ISSUER.toUpperCase(),
      `${ISSUER}//`,
      'http://login.example.com/tenant-1',
    ]) {
      const error = await refusal(discoverOpenIdProvider(ISSUER, mapFetcher(goodPages({ issuer: published }))));
      expect(error.message).toBe(
        `the discovery document names the issuer ${JSON.stringify(published)}, not ${JSON.stringify(ISSUER)}: ` +
          'give the issuer exactly as the provider publishes it (OpenID Connect Discovery 4.3)',
      );
    }
  });

  it('an http endpoint is refused, naming the member', async () => {
    const auth = await refusal(
      discoverOpenIdProvider(ISSUER, mapFetcher(goodPages({ authorization_endpoint: 'http://login.example.com/authorize' }))),
    );
    expect(auth.message).toBe('authorization_endpoint in the discovery document must be an https:// URL (http: is not accepted)');
    const userinfo = await refusal(
      discoverOpenIdProvider(ISSUER, mapFetcher(goodPages({ userinfo_endpoint: 'http://login.example.com/me' }))),
    );
    expect(userinfo.message).toBe('userinfo_endpoint in the discovery document must be an https:// URL (http: is not accepted)');
  });

  it('a missing jwks_uri (or token_endpoint) is refused and no JWKS is fetched', async () => {
    const fetcher = mapFetcher(goodPages({ jwks_uri: undefined }));
    expect((await refusal(discoverOpenIdProvider(ISSUER, fetcher))).message).toBe(
      'the discovery document has no jwks_uri: the provider cannot be set up from it',
    );
    expect(fetcher.requests.map((r) => r.url)).toEqual([DISCOVERY_URL]);
    const noToken = await refusal(discoverOpenIdProvider(ISSUER, mapFetcher(goodPages({ token_endpoint: undefined }))));
    expect(noToken.message).toMatch(/^the discovery document has no token_endpoint/);
  });

  it('a JWKS holding a private key ("d") is refused without showing the key', async () => {
    const error = await refusal(discoverOpenIdProvider(ISSUER, mapFetcher(goodPages({}, { keys: [PUBLIC_JWK, PRIVATE_JWK] }))));
    expect(error.message).toMatch(new RegExp(`^the JWKS at ${JWKS_URI}: keys\\[1\\] has the private-key member "d": `));
    expect(error.message).not.toContain(PRIVATE_JWK.d!);
    const symmetric = await refusal(discoverOpenIdProvider(ISSUER, mapFetcher(goodPages({}, { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] }))));
    expect(symmetric.message).toContain('keys[0] is a symmetric key');
  });

  it('a JWKS that is not JSON, not a key set, empty, or of non-keys is refused', async () => {
    const cases: [unknown, string][] = [
      ['<html>keys</html>', `the JWKS at ${JWKS_URI} is not JSON (it looks like HTML or XML: is the issuer right?)`],
      ['{"keys": [', `the JWKS at ${JWKS_URI} is not JSON`],
      [[PUBLIC_JWK], `the JWKS at ${JWKS_URI} is not a JWK Set (a JSON object {"keys": [...]})`],
      [{ keys: [] }, `the JWKS at ${JWKS_URI} holds no keys: no ID token could be verified with it`],
      [{ keys: [PUBLIC_JWK, 'key'] }, `the JWKS at ${JWKS_URI}: keys[1] is not a JWK (no "kty")`],
    ];
    for (const [jwks, message] of cases) {
      expect((await refusal(discoverOpenIdProvider(ISSUER, mapFetcher(goodPages({}, jwks))))).message).toBe(message);
    }
  });

  it("a discovery document that cannot be fetched (404) says so with the fetcher's message", async () => {
    const error = await refusal(discoverOpenIdProvider(ISSUER, mapFetcher({})));
    expect(error.message).toBe(
      `the discovery document could not be fetched from ${DISCOVERY_URL}: the server answered 404 Not Found (${DISCOVERY_URL})`,
    );
    expect(error.cause).toBeInstanceOf(OutboundFetchError);
  });

  it('a JWKS that cannot be fetched says so, naming jwks_uri', async () => {
    const error = await refusal(discoverOpenIdProvider(ISSUER, mapFetcher({ [DISCOVERY_URL]: document() })));
    expect(error.message).toMatch(
      new RegExp(`^the JWKS could not be fetched from ${JWKS_URI} \\(the jwks_uri of the discovery document\\): the server answered 404`),
    );
  });
});

describe('parseDiscoveryDocument and discoveryUrlOf (pure)', () => {
  it("the well-known URL keeps the issuer's path and drops one trailing slash", () => {
    expect(discoveryUrlOf('https://idp.example')).toBe('https://idp.example/.well-known/openid-configuration');
    expect(discoveryUrlOf('https://idp.example/')).toBe('https://idp.example/.well-known/openid-configuration');
    expect(discoveryUrlOf('https://idp.example/realms/main/')).toBe('https://idp.example/realms/main/.well-known/openid-configuration');
  });

  it('text that is no JSON object, and members of the wrong type', () => {
    expect(parseRefusal(ISSUER, '<!DOCTYPE html><html></html>').message).toBe(
      'the discovery document is not JSON (it looks like HTML or XML: is the issuer right?)',
    );
    expect(parseRefusal(ISSUER, '[]').message).toBe('the discovery document is not a JSON object');
    expect(parseRefusal(ISSUER, document({ issuer: undefined })).message).toBe('the discovery document has no issuer');
    expect(parseRefusal(ISSUER, document({ jwks_uri: 42 })).message).toBe('jwks_uri in the discovery document is not a string');
    expect(parseRefusal(ISSUER, document({ scopes_supported: 'openid profile' })).message).toBe(
      'scopes_supported in the discovery document is not a list of strings',
    );
    expect(parseRefusal(ISSUER, document({ end_session_endpoint: 'https://user:pw@login.example.com/logout' })).message).toMatch(
      /^end_session_endpoint in the discovery document must not contain a user name or password/,
    );
  });
});

describe('discoverOpenIdProvider over https (guarded fetcher, loopback server)', () => {
  let server: HttpsTestServer;
  let fetcher: OutboundFetcher;

  beforeAll(async () => {
    server = await startHttpsTestServer();
    fetcher = createGuardedFetcher({ allowedHosts: ['127.0.0.1'], trustedCertificates: [server.ca], timeoutMs: 5000 });
  });
  afterAll(() => server.close());

  it("fetches the document from the issuer's path, then the JWKS it names", async () => {
    const issuer = `${server.origin}/realms/main`;
    const json = { 'content-type': 'application/json' };
    server.routes['/realms/main/.well-known/openid-configuration'] = {
      headers: json,
      body: JSON.stringify({
        issuer,
        authorization_endpoint: `${issuer}/auth`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/certs`,
      }),
    };
    server.routes['/realms/main/certs'] = { headers: json, body: JSON.stringify({ keys: [PUBLIC_JWK] }) };
    const found = await discoverOpenIdProvider(issuer, fetcher);
    expect(found).toMatchObject({
      issuer,
      authorizationEndpoint: `${issuer}/auth`,
      tokenEndpoint: `${issuer}/token`,
      jwksUri: `${issuer}/certs`,
      userinfoEndpoint: null,
      jwks: JSON.stringify({ keys: [PUBLIC_JWK] }),
      discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    });
    expect(server.requests.map((r) => r.path)).toEqual(['/realms/main/.well-known/openid-configuration', '/realms/main/certs']);
    expect(server.requests[0]!.headers.accept).toBe('application/json');
  });

  it("a 404 from the issuer is a SetupSourceError carrying the fetcher's message", async () => {
    const error = await refusal(discoverOpenIdProvider(`${server.origin}/missing`, fetcher));
    expect(error.message).toMatch(
      /^the discovery document could not be fetched from https:\/\/127\.0\.0\.1:\d+\/missing\/\.well-known\/openid-configuration: /,
    );
    expect(error.message).toContain('404');
    expect((error.cause as OutboundFetchError).code).toBe('HTTP_STATUS');
  });
});
