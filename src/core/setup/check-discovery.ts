// The OIDC issuer's discovery document against the configuration: fetched and naming the same issuer (the
// discovery itself enforces that, oidc-discovery.ts), and each endpoint the vendor holds compared with the one
// the issuer publishes. A different endpoint is a warning, not a failure: some IdPs document other URLs (a
// regional token endpoint), but more often it is a copy-paste mistake or a tenant that moved.
import { sameUrl, shownUrl } from './check-kit.js';
import type { ConfigurationCheck, IdpConfiguration } from './configuration.js';
import type { OidcDiscovery } from './oidc-discovery.js';

/** The discovery's outcome, settled once and shared by the checks that use it. */
export type DiscoveryOutcome = { discovery: OidcDiscovery } | { error: string };

const COMPARED = [
  ['authorization endpoint', 'authorizationEndpoint'],
  ['token endpoint', 'tokenEndpoint'],
  ['userinfo endpoint', 'userinfoEndpoint'],
  ['JWKS URI', 'jwksUri'],
] as const;

export function checkDiscovery(config: IdpConfiguration, outcome: DiscoveryOutcome): ConfigurationCheck {
  if ('error' in outcome) {
    return { name: 'discovery', status: 'FAIL', message: `issuer ${config.issuer}: ${outcome.error}` };
  }
  const { discovery } = outcome;
  const differences = COMPARED.flatMap(([label, member]) => {
    const held = config[member];
    const discovered = discovery[member];
    if (!held || sameUrl(held, discovered ?? '')) return [];
    return discovered
      ? [`the ${label} is ${shownUrl(held)} but the issuer publishes ${shownUrl(discovered)}`]
      : [`the ${label} is ${shownUrl(held)} but the issuer publishes none`];
  });
  const found = `the discovery document at ${shownUrl(discovery.discoveryUrl)} names the issuer ${discovery.issuer}`;
  if (differences.length) {
    return {
      name: 'discovery',
      status: 'WARN',
      message: `${found}; ${differences.join('; ')}: use the published URLs unless the IdP documents otherwise`,
    };
  }
  return { name: 'discovery', status: 'PASS', message: `${found} and agrees with the configured endpoints` };
}
