// The SlashID vendor module: connection keys (orgId, and apiKey as a secret from the environment), the
// adapter factory and the sandbox.
import { z } from 'zod';
import type { VendorModule } from '../../core/vendor-module.js';
import { SlashIdAdapter, type SlashIdConnectionConfig } from './adapter.js';
import { revertSlashIdChange } from './revert.js';
import { startSlashIdSandbox } from './sandbox.js';
import './graphql.js';

export const slashidModule: VendorModule<SlashIdConnectionConfig> = {
  vendor: 'slashid',
  connectionShape: {
    orgId: z.string().min(1, 'orgId must name the SlashID organization (its id, sent as SlashID-OrgID)'),
  },
  connectionSecrets: ['apiKey'],
  createAdapter: (connection, deps) => new SlashIdAdapter(connection, deps),
  startSandbox: startSlashIdSandbox,
  revert: revertSlashIdChange,
};
