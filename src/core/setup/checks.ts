// The configuration checklist of one identity provider (test: true, testIdentityProviderConfiguration): read-only
// checks over the vendor-neutral description, each a named PASS, WARN or FAIL saying what was found and what to
// do. Everything fetched goes through the guarded fetcher, in parallel, each URL fetched once; the longest chain
// is discovery (document, then JWKS) then an endpoint (HEAD, then GET), so the whole list takes at most four
// fetcher timeouts. Nothing is written and no secret is sent anywhere.
import type { FetchedDocument, FetchOptions, OutboundFetcher } from '../outbound/fetcher.js';
import { checkCertificates } from './check-certificates.js';
import { checkDiscovery, type DiscoveryOutcome } from './check-discovery.js';
import { checkEndpoint, type EndpointKind } from './check-endpoints.js';
import { checkKeys, type KeySources } from './check-keys.js';
import { shownUrl } from './check-kit.js';
import { checkClient, checkReplyUrl, checkScopes } from './check-settings.js';
import type { ConfigurationCheck, IdpConfiguration, IdpProtocol } from './configuration.js';
import { discoverOpenIdProvider, type OidcDiscovery } from './oidc-discovery.js';

export interface CheckDependencies {
  fetcher: OutboundFetcher;
  /** The time certificates are judged at (tests fix it). */
  now?: () => Date;
  /** OIDC discovery (oidc-discovery.ts unless a test replaces it). */
  discover?: (issuer: string, fetcher: OutboundFetcher) => Promise<OidcDiscovery>;
}

interface EndpointSpec {
  kind: EndpointKind;
  given: keyof IdpConfiguration & ('authorizationEndpoint' | 'tokenEndpoint' | 'userinfoEndpoint' | 'jwksUri' | 'ssoUrl' | 'sloUrl');
  discovered?: 'authorizationEndpoint' | 'tokenEndpoint' | 'userinfoEndpoint' | 'jwksUri';
  /** The protocols that cannot work without it. */
  requiredFor: IdpProtocol[];
  label: string;
}

const ENDPOINTS: EndpointSpec[] = [
  {
    kind: 'authorization',
    given: 'authorizationEndpoint',
    discovered: 'authorizationEndpoint',
    requiredFor: ['OIDC', 'OAUTH2'],
    label: 'authorization endpoint',
  },
  { kind: 'token', given: 'tokenEndpoint', discovered: 'tokenEndpoint', requiredFor: ['OIDC', 'OAUTH2'], label: 'token endpoint' },
  { kind: 'userinfo', given: 'userinfoEndpoint', discovered: 'userinfoEndpoint', requiredFor: [], label: 'userinfo endpoint' },
  { kind: 'jwks', given: 'jwksUri', discovered: 'jwksUri', requiredFor: [], label: 'JWKS URI' },
  { kind: 'sso', given: 'ssoUrl', requiredFor: ['SAML'], label: 'single sign-on URL' },
  { kind: 'slo', given: 'sloUrl', requiredFor: [], label: 'single logout URL' },
];

export async function checkConfiguration(config: IdpConfiguration, deps: CheckDependencies): Promise<ConfigurationCheck[]> {
  const fetcher = fetchingOnce(deps.fetcher);
  const now = (deps.now ?? (() => new Date()))();
  const discover = deps.discover ?? discoverOpenIdProvider;
  const discovering: Promise<DiscoveryOutcome> | null =
    config.protocol === 'OIDC' && config.issuer
      ? discover(config.issuer, fetcher).then(
          (discovery) => ({ discovery }),
          (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
        )
      : null;
  const discovered = async () => {
    const outcome = await discovering;
    return outcome && 'discovery' in outcome ? outcome.discovery : null;
  };

  const endpoints = ENDPOINTS.map(async (spec): Promise<ConfigurationCheck | null> => {
    const given = config[spec.given];
    if (given) return checkEndpoint(spec.kind, given, fetcher, now);
    const found = spec.discovered ? (await discovered())?.[spec.discovered] : null;
    if (found) return checkEndpoint(spec.kind, found, fetcher, now, ' (discovered)');
    if (!spec.requiredFor.includes(config.protocol)) return null;
    const how = spec.discovered
      ? `set it, or the issuer to discover it${discovering ? ' (the discovery failed: see discovery)' : ''}`
      : 'set it';
    return { name: `endpoint.${spec.kind}`, status: 'FAIL', message: `no ${spec.label} is configured: ${how}` };
  });

  const keys = (async (): Promise<ConfigurationCheck | null> => {
    // Keys are checked where the configuration holds some, or names where they are (an issuer to discover them
    // from): a vendor that verifies ID tokens itself from the token endpoint (Akamai) holds neither.
    if (!config.signingKeys && !config.jwksUri && !config.issuer) return null;
    return checkKeys({ inline: config.signingKeys, published: await publishedKeys(config, fetcher, discovering) });
  })();

  const [discovery, endpointChecks, keyCheck] = await Promise.all([
    discovering?.then((outcome) => checkDiscovery(config, outcome)) ?? null,
    Promise.all(endpoints),
    keys,
  ]);
  const checks = [
    discovery,
    ...endpointChecks,
    keyCheck,
    ...checkCertificates(config, now),
    checkScopes(config),
    checkClient(config),
    checkReplyUrl(config),
  ];
  return checks.filter((check): check is ConfigurationCheck => check !== null);
}

/** The JWKS the IdP publishes: at the configured URI, else the one discovery fetched. */
async function publishedKeys(
  config: IdpConfiguration,
  fetcher: OutboundFetcher,
  discovering: Promise<DiscoveryOutcome> | null,
): Promise<KeySources['published']> {
  if (config.jwksUri) {
    const url = shownUrl(config.jwksUri);
    try {
      return { url, text: (await fetcher.fetch(config.jwksUri, { method: 'GET' })).body };
    } catch (error) {
      return { problem: `the JWKS could not be fetched: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  const outcome = await discovering;
  if (!outcome) return null;
  if ('error' in outcome) return { problem: 'no signing keys could be read: the issuer could not be discovered (see discovery)' };
  return { url: shownUrl(outcome.discovery.jwksUri), text: outcome.discovery.jwks };
}

/**
 * The fetcher, each URL fetched once per method during one checklist: discovery, the key check and the JWKS
 * endpoint check all read the same JWKS, and a failed fetch is not tried again.
 */
function fetchingOnce(fetcher: OutboundFetcher): OutboundFetcher {
  const fetched = new Map<string, Promise<FetchedDocument>>();
  return {
    fetch(url: string, options?: FetchOptions) {
      const key = `${options?.method ?? 'GET'} ${url}`;
      let answer = fetched.get(key);
      if (!answer) fetched.set(key, (answer = fetcher.fetch(url, options)));
      return answer;
    },
  };
}
