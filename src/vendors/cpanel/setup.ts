// What the configuration checks see of a cPanel OpenID Connect provider: its client (id, and whether the secret
// field has a value) and the redirect URI WHM computed, which the identity provider must be told. WHM knows the
// provider's endpoints from its module; cPanel creates no providers, so only changes can be tested.
import type { IdpConfiguration } from '../../core/setup/configuration.js';
import type { NormalizedProvider } from '../../core/vendor-contract/adapter.js';
import type { VendorSetup } from '../../core/vendor-contract/setup.js';
import type { CpanelDetails } from './normalize.js';

export const cpanelSetup: VendorSetup = {
  configurationOf(provider: NormalizedProvider): IdpConfiguration {
    const details = provider.details as Partial<CpanelDetails>;
    const secretFields = (details.configurationFields ?? []).filter((field) => field.secret);
    return {
      protocol: 'OIDC',
      clientId: provider.clientId,
      clientSecretSet: secretFields.length ? secretFields.some((field) => field.hasValue) : null,
      replyUrl: details.redirectUris?.[0] ?? null,
    };
  },
  testWith: { update: 'setCpanelClientConfiguration' },
};
