// The 2sms vendor module: connection keys (clientId in the file, clientSecret by env reference), the
// adapter factory, the sandbox and its GraphQL registration (TwoSmsIdentityProvider and its mutations).
import { z } from 'zod';
import type { BaseConnectionConfig, VendorModule } from '../../core/vendor-contract/vendor-module.js';
import type { VendorGraphQLKit } from '../../graphql/vendor-kit.js';
import { registerGraphQL } from './graphql.js';
import { TwoSmsAdapter } from './adapter.js';
import { revertTwoSmsChange } from './revert.js';
import { twoSmsEstate } from './estate.js';
import { twoSmsSetup } from './setup.js';

export interface TwoSmsConnectionConfig extends BaseConnectionConfig {
  clientId: string;
  clientSecret: string;
}

export const twosmsModule: VendorModule<TwoSmsConnectionConfig, VendorGraphQLKit> = {
  vendor: 'twosms',
  // Bearer tokens go in Authorization, a common name.
  secretNames: [],
  registerGraphQL,
  connectionShape: {
    // 2sms API client names are at most 18 characters; the generated client id is not documented further.
    clientId: z.string().trim().min(1, 'give the API client id from Settings > API Clients'),
  },
  connectionSecrets: ['clientSecret'],
  createAdapter: (connection, deps) => new TwoSmsAdapter(connection, deps),
  // The emulator is imported only when a sandbox starts: production never loads it.
  startSandbox: async (options) => (await import('./emulator/sandbox.js')).startTwoSmsSandbox(options),
  revert: revertTwoSmsChange,
  estate: twoSmsEstate,
  setup: twoSmsSetup,
};
