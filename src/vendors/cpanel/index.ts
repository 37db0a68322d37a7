// The cPanel & WHM vendor module: connection keys, adapter factory, GraphQL registration, revert and sandbox.
import { z } from 'zod';
import type { VendorModule } from '../../core/vendor-contract/vendor-module.js';
import type { VendorGraphQLKit } from '../../graphql/vendor-kit.js';
import { registerGraphQL } from './graphql.js';
import { CpanelAdapter, type CpanelConnectionConfig } from './adapter.js';
import { cpanelEstate } from './estate.js';
import { cpanelSetup } from './setup.js';
import { revertCpanelChange } from './revert.js';

export const cpanelModule: VendorModule<CpanelConnectionConfig, VendorGraphQLKit> = {
  vendor: 'cpanel',
  // WHM's `Authorization: whm USER:TOKEN` is a common name already.
  secretNames: [],
  registerGraphQL,
  connectionShape: {
    username: z.string().min(1, 'the WHM user the API token belongs to, e.g. "root"'),
  },
  connectionSecrets: ['apiToken'],
  createAdapter: (connection, deps) => new CpanelAdapter(connection, deps),
  // The emulator is imported only when a sandbox starts: production never loads it.
  startSandbox: async (options) => (await import('./emulator/sandbox.js')).startCpanelSandbox(options),
  revert: revertCpanelChange,
  estate: cpanelEstate,
  setup: cpanelSetup,
};
