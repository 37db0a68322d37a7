// 2sms set up the way people do it: from the IdP's SAML metadata (metadataXml or metadataUrl) instead of typing
// its entity id, sign-on and logout URLs and certificate; and what the configuration checks see of a provider.
import type { IdpConfiguration } from '../../core/setup/configuration.js';
import { preferredSloUrl, preferredSsoUrl } from '../../core/setup/saml-metadata.js';
import type { NormalizedProvider } from '../../core/vendor-contract/adapter.js';
import type { SetupSources, VendorSetup } from '../../core/vendor-contract/setup.js';
import type { TwoSmsDetails } from './normalize.js';

/** Metadata -> the create/update input fields (Provider, LoginUrl, LogoutUrl, Certificate). */
export const twoSmsSources: SetupSources = {
  samlMetadata: (metadata) => ({
    provider: metadata.entityId,
    loginUrl: preferredSsoUrl(metadata) ?? undefined,
    logoutUrl: preferredSloUrl(metadata) ?? undefined,
    certificate: metadata.signingCertificates[0],
  }),
};

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

export const twoSmsSetup: VendorSetup = {
  configurationOf(provider: NormalizedProvider): IdpConfiguration {
    const details = provider.details as Partial<TwoSmsDetails>;
    const certificate = text(details.certificate);
    return {
      protocol: 'SAML',
      samlEntityId: text(details.provider),
      ssoUrl: text(details.signOnUrl),
      sloUrl: text(details.logoutUrl),
      certificates: certificate ? [certificate] : [],
      replyUrl: details.serviceProvider?.replyUrl ?? null,
      serviceProviderEntityId: details.serviceProvider?.entityId ?? null,
    };
  },
  testWith: { create: 'createTwoSmsIdentityProvider', update: 'updateTwoSmsIdentityProvider' },
};
