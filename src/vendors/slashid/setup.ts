// What the configuration checks see of a SlashID OIDC credential: SlashID knows each provider's endpoints
// itself, so only the client (id; the secret is never read back, so unknown) and the scopes are checked.
import type { IdpConfiguration } from '../../core/setup/configuration.js';
import type { NormalizedProvider } from '../../core/vendor-contract/adapter.js';
import type { VendorSetup } from '../../core/vendor-contract/setup.js';
import type { SlashIdDetails } from './normalize.js';

export const slashIdSetup: VendorSetup = {
  configurationOf(provider: NormalizedProvider): IdpConfiguration {
    const details = provider.details as Partial<SlashIdDetails>;
    return {
      protocol: 'OIDC',
      clientId: provider.clientId,
      // SlashID never returns the client secret: whether one is set is unknown, not "no".
      clientSecretSet: null,
      scopes: details.requestedScopes ?? null,
    };
  },
  testWith: { create: 'createSlashIdOidcCredential', update: 'updateSlashIdOidcCredential' },
};
