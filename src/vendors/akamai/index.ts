// The Akamai Identity Cloud vendor module: connection keys, adapter factory and sandbox.
import { z } from 'zod';
import type { VendorModule } from '../../core/vendor-contract/vendor-module.js';
import type { VendorGraphQLKit } from '../../graphql/vendor-kit.js';
import { registerGraphQL } from './graphql.js';
import { AkamaiAdapter, type AkamaiConnectionConfig } from './adapter.js';
import { akamaiEstate } from './estate.js';
import { akamaiSetup } from './setup.js';
import { revertAkamaiChange } from './revert.js';

/** Ids go into URL paths: one non-empty segment. */
const pathSegment = (what: string) => z.string().regex(/^[^/?#\s]+$/, `must be the ${what}: one path segment, no "/", "?", "#" or spaces`);

export const akamaiModule: VendorModule<AkamaiConnectionConfig, VendorGraphQLKit> = {
  vendor: 'akamai',
  // Bearer tokens go in Authorization, a common name.
  secretNames: [],
  registerGraphQL,
  connectionShape: {
    customerId: pathSegment('Akamai customer id (customer_id in Console)'),
    appId: pathSegment('Identity Cloud application id'),
    clientId: z.string().min(1, 'must be the configuration client id'),
  },
  connectionSecrets: ['clientSecret'],
  createAdapter: (connection, deps) => new AkamaiAdapter(connection, deps),
  // The emulator is imported only when a sandbox starts: production never loads it.
  startSandbox: async (options) => (await import('./emulator/sandbox.js')).startAkamaiSandbox(options),
  revert: revertAkamaiChange,
  estate: akamaiEstate,
  setup: akamaiSetup,
};
