// OpenID Connect Discovery 1.0: from an issuer to its endpoints and signing keys, the way an admin sets up an
// OIDC provider (type the issuer, the rest is published). The document at <issuer>/.well-known/openid-configuration
// (§4) must name the same issuer (§4.3) and https endpoints; its JWKS is fetched too and must hold public keys
// only (core/inputs/public-jwks.ts). Everything is fetched through the guarded OutboundFetcher; any problem is a
// SetupSourceError saying what is wrong with what the issuer publishes.
import { httpsUrlProblem } from '../inputs/https-url.js';
import { privateJwkProblems } from '../inputs/public-jwks.js';
import type { OutboundFetcher } from '../outbound/fetcher.js';
import { SetupSourceError } from './source-error.js';

/** What the discovery document says, checked. */
export interface OidcProviderMetadata {
  /** The issuer exactly as the document writes it (what ID tokens carry as `iss`). */
  issuer: string;
  authorizationEndpoint: string;
  /** Required here (no implicit-only providers), so never null from this file; nullable for the consumers' sake. */
  tokenEndpoint: string | null;
  userinfoEndpoint: string | null;
  jwksUri: string;
  endSessionEndpoint: string | null;
  scopesSupported: string[] | null;
  idTokenSigningAlgValuesSupported: string[] | null;
}

export interface OidcDiscovery extends OidcProviderMetadata {
  /** The JWKS fetched from jwksUri, as compact JSON ({"keys":[...]}, public keys only). */
  jwks: string;
  /** Where the discovery document was fetched from. */
  discoveryUrl: string;
}

const WELL_KNOWN = '/.well-known/openid-configuration';

/** The discovery document's URL (§4: the issuer's path kept, one trailing slash removed first), after the issuer's own rules. */
export function discoveryUrlOf(issuer: string): string {
  const problem = httpsUrlProblem(issuer);
  if (problem) throw new SetupSourceError(`the issuer ${problem}`);
  if (/[?#]/.test(issuer)) {
    throw new SetupSourceError(
      'the issuer must not contain a query or fragment ("?" or "#"): an issuer is https://host with an optional path',
    );
  }
  return `${issuer.endsWith('/') ? issuer.slice(0, -1) : issuer}${WELL_KNOWN}`;
}

/** The issuer's discovery document and JWKS, fetched through `fetcher` and checked; SetupSourceError on any problem. */
export async function discoverOpenIdProvider(issuer: string, fetcher: OutboundFetcher): Promise<OidcDiscovery> {
  const discoveryUrl = discoveryUrlOf(issuer);
  const document = await fetchText(
    fetcher,
    discoveryUrl,
    'application/json',
    `the discovery document could not be fetched from ${discoveryUrl}`,
  );
  const metadata = parseDiscoveryDocument(issuer, document);
  const jwksText = await fetchText(
    fetcher,
    metadata.jwksUri,
    'application/jwk-set+json, application/json;q=0.9',
    `the JWKS could not be fetched from ${metadata.jwksUri} (the jwks_uri of the discovery document)`,
  );
  return { ...metadata, jwks: parseJwks(jwksText, metadata.jwksUri), discoveryUrl };
}

async function fetchText(fetcher: OutboundFetcher, url: string, accept: string, failure: string): Promise<string> {
  try {
    return (await fetcher.fetch(url, { accept })).body;
  } catch (error) {
    throw new SetupSourceError(`${failure}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const hint = text.trimStart().startsWith('<') ? ' (it looks like HTML or XML: is the issuer right?)' : '';
    throw new SetupSourceError(`${what} is not JSON${hint}`);
  }
}

/**
 * The discovery document of `issuer`, checked (pure). Its `issuer` must be the given one; the only difference
 * tolerated is one trailing slash (issuer "https://idp.example" and a document saying "https://idp.example/"),
 * a common way of typing the same issuer that names the same document. The document's form is returned.
 */
export function parseDiscoveryDocument(issuer: string, text: string): OidcProviderMetadata {
  const document = parseJson(text, 'the discovery document');
  if (!isObject(document)) throw new SetupSourceError('the discovery document is not a JSON object');

  const published = document.issuer;
  if (typeof published !== 'string' || published === '') throw new SetupSourceError('the discovery document has no issuer');
  if (published !== issuer && published !== `${issuer}/` && `${published}/` !== issuer) {
    throw new SetupSourceError(
      `the discovery document names the issuer ${JSON.stringify(published)}, not ${JSON.stringify(issuer)}: ` +
        'give the issuer exactly as the provider publishes it (OpenID Connect Discovery 4.3)',
    );
  }

  return {
    issuer: published,
    authorizationEndpoint: endpoint(document, 'authorization_endpoint', true),
    tokenEndpoint: endpoint(document, 'token_endpoint', true),
    userinfoEndpoint: endpoint(document, 'userinfo_endpoint', false),
    jwksUri: endpoint(document, 'jwks_uri', true),
    endSessionEndpoint: endpoint(document, 'end_session_endpoint', false),
    scopesSupported: stringList(document, 'scopes_supported'),
    idTokenSigningAlgValuesSupported: stringList(document, 'id_token_signing_alg_values_supported'),
  };
}

function endpoint(document: Record<string, unknown>, member: string, required: true): string;
function endpoint(document: Record<string, unknown>, member: string, required: false): string | null;
function endpoint(document: Record<string, unknown>, member: string, required: boolean): string | null {
  const value = document[member];
  if (value === undefined || value === null) {
    if (required) throw new SetupSourceError(`the discovery document has no ${member}: the provider cannot be set up from it`);
    return null;
  }
  if (typeof value !== 'string') throw new SetupSourceError(`${member} in the discovery document is not a string`);
  const problem = httpsUrlProblem(value);
  if (problem) throw new SetupSourceError(`${member} in the discovery document ${problem}`);
  return value;
}

function stringList(document: Record<string, unknown>, member: string): string[] | null {
  const value = document[member];
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new SetupSourceError(`${member} in the discovery document is not a list of strings`);
  }
  return [...value];
}

/** The JWKS as compact JSON: a JWK Set with at least one key, every key public (the same rule as a JWKS given by hand). */
function parseJwks(text: string, jwksUri: string): string {
  const what = `the JWKS at ${jwksUri}`;
  const jwks = parseJson(text, what);
  if (!isObject(jwks) || !Array.isArray(jwks.keys)) throw new SetupSourceError(`${what} is not a JWK Set (a JSON object {"keys": [...]})`);
  if (!jwks.keys.length) throw new SetupSourceError(`${what} holds no keys: no ID token could be verified with it`);
  jwks.keys.forEach((key, index) => {
    if (!isObject(key) || typeof key.kty !== 'string') throw new SetupSourceError(`${what}: keys[${index}] is not a JWK (no "kty")`);
  });
  const problems = privateJwkProblems(jwks);
  if (problems.length) throw new SetupSourceError(`${what}: ${problems.join('; ')}`);
  return JSON.stringify(jwks);
}
