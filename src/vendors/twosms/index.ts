// The 2sms vendor module: connection keys (clientId in the file, clientSecret by env reference), the
// adapter factory and the sandbox; importing it registers TwoSmsIdentityProvider and its mutations.
import { z } from 'zod';
import type { BaseConnectionConfig, VendorModule } from '../../core/vendor-module.js';
import { TwoSmsAdapter } from './adapter.js';
import { revertTwoSmsChange } from './revert.js';
import { startSandbox } from './sandbox.js';
import './graphql.js';

export interface TwoSmsConnectionConfig extends BaseConnectionConfig {
  clientId: string;
  clientSecret: string;
}

export const twosmsModule: VendorModule<TwoSmsConnectionConfig> = {
  vendor: 'twosms',
  connectionShape: {
    // 2sms API client names are at most 18 characters; the generated client id is not documented further.
    clientId: z.string().trim().min(1, 'give the API client id from Settings > API Clients'),
  },
  connectionSecrets: ['clientSecret'],
  createAdapter: (connection, deps) => new TwoSmsAdapter(connection, deps),
  startSandbox,
  revert: revertTwoSmsChange,
};
