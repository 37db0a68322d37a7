// The SlashID vendor module: connection keys (orgId, and apiKey as a secret from the environment), the
// adapter factory and the sandbox.
import { z } from 'zod';
import type { VendorModule } from '../../core/vendor-contract/vendor-module.js';
import type { VendorGraphQLKit } from '../../graphql/vendor-kit.js';
import { registerGraphQL } from './graphql.js';
import { SlashIdAdapter, type SlashIdConnectionConfig } from './adapter.js';
import { revertSlashIdChange } from './revert.js';
import { slashIdEstate } from './estate.js';
import { slashIdSetup } from './setup.js';

export const slashidModule: VendorModule<SlashIdConnectionConfig, VendorGraphQLKit> = {
  vendor: 'slashid',
  // The organization API key header.
  secretNames: ['SlashID-API-Key'],
  registerGraphQL,
  connectionShape: {
    orgId: z.string().min(1, 'orgId must name the SlashID organization (its id, sent as SlashID-OrgID)'),
  },
  connectionSecrets: ['apiKey'],
  createAdapter: (connection, deps) => new SlashIdAdapter(connection, deps),
  // The emulator is imported only when a sandbox starts: production never loads it.
  startSandbox: async (options) => (await import('./emulator/sandbox.js')).startSlashIdSandbox(options),
  revert: revertSlashIdChange,
  estate: slashIdEstate,
  setup: slashIdSetup,
};
