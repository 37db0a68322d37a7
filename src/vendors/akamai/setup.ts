// Akamai set up the way people do it: a saml2 provider from the IdP's SAML metadata (metadataXml or
// metadataUrl: authUrl and idpCertificate), an openid_connect one from its issuer's discovery document (`issuer`
// with `discover: true`: authUrl, tokenUrl, profileUrl); and what the configuration checks see of a provider.
// Akamai stores no issuer, so `issuer` only names what to discover.
import type { IdpConfiguration } from '../../core/setup/configuration.js';
import { preferredSsoUrl } from '../../core/setup/saml-metadata.js';
import type { NormalizedProvider } from '../../core/vendor-contract/adapter.js';
import type { SetupSources, VendorSetup } from '../../core/vendor-contract/setup.js';
import { protocolFamily } from './inputs.js';
import { storedAkamaiDetails } from './normalize.js';

export const akamaiSources: SetupSources = {
  samlMetadata: (metadata) => ({
    authUrl: preferredSsoUrl(metadata) ?? undefined,
    idpCertificate: metadata.signingCertificates[0],
  }),
  oidcDiscovery: {
    issuerField: 'issuer',
    sendsIssuer: false,
    fields: (discovery) => ({
      authUrl: discovery.authorizationEndpoint,
      tokenUrl: discovery.tokenEndpoint ?? undefined,
      profileUrl: discovery.userinfoEndpoint ?? undefined,
    }),
  },
};

export const akamaiSetup: VendorSetup = {
  configurationOf(provider: NormalizedProvider): IdpConfiguration | null {
    const details = storedAkamaiDetails(provider);
    const family = protocolFamily(details.wireProtocol ?? '');
    if (family === 'saml2') {
      return {
        protocol: 'SAML',
        ssoUrl: details.authUrl ?? null,
        certificates: [details.idpCertificate, ...(details.idpCertificateChain ?? [])].filter((c): c is string => typeof c === 'string'),
      };
    }
    if (family === null) return null;
    return {
      protocol: family === 'openidconnect' ? 'OIDC' : 'OAUTH2',
      authorizationEndpoint: details.authUrl ?? null,
      tokenEndpoint: details.tokenUrl ?? null,
      userinfoEndpoint: details.profileUrl ?? null,
      scopes: details.scopes ?? null,
      requiredScopes: family === 'openidconnect' ? ['openid'] : [],
      clientId: provider.clientId,
      clientSecretSet: provider.secretFingerprints.clientSecret !== undefined,
    };
  },
  testWith: { create: 'createAkamaiCustomProvider', update: 'updateAkamaiCustomProvider' },
};
