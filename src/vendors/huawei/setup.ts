// Huawei set up the way people do it: `discover: true` takes the authorization endpoint and the signing key
// (the issuer's JWKS) from the discovery document of idpUrl, the issuer Huawei stores; and what the
// configuration checks see of an IdP (its OpenID Connect configuration).
import type { IdpConfiguration } from '../../core/setup/configuration.js';
import type { NormalizedProvider } from '../../core/vendor-contract/adapter.js';
import type { SetupSources, VendorSetup } from '../../core/vendor-contract/setup.js';
import { readDetails } from './normalize.js';

export const huaweiSources: SetupSources = {
  oidcDiscovery: {
    issuerField: 'idpUrl',
    sendsIssuer: true,
    // The authorization endpoint is for console sign-in only (the vendor refuses it under PROGRAM).
    fields: (discovery, input) => ({
      authorizationEndpoint: input.accessMode === 'program_console' ? discovery.authorizationEndpoint : undefined,
      signingKey: discovery.jwks,
    }),
  },
};

export const huaweiSetup: VendorSetup = {
  configurationOf(provider: NormalizedProvider): IdpConfiguration | null {
    const config = readDetails(provider).oidcConfig;
    if (!config) return null;
    return {
      protocol: 'OIDC',
      issuer: config.idpUrl,
      authorizationEndpoint: config.authorizationEndpoint,
      signingKeys: config.signingKey,
      clientId: config.clientId,
      // Huawei's id-token flow has no client secret: the ID token is verified with the signing key.
      scopes: config.scope ? config.scope.split(' ') : null,
      requiredScopes: config.accessMode === 'PROGRAM_CONSOLE' ? ['openid'] : [],
    };
  },
  testWith: { create: 'createHuaweiIdentityProvider', update: 'setHuaweiOidcConfig' },
};
