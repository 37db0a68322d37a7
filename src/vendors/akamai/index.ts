// The Akamai Identity Cloud vendor module: connection keys, adapter factory and sandbox.
import { z } from 'zod';
import type { VendorModule } from '../../core/vendor-module.js';
import { AkamaiAdapter, type AkamaiConnectionConfig } from './adapter.js';
import { revertAkamaiChange } from './revert.js';
import { startAkamaiSandbox } from './sandbox.js';
import './graphql.js';

/** Ids go into URL paths: one non-empty segment. */
const pathSegment = (what: string) => z.string().regex(/^[^/?#\s]+$/, `must be the ${what}: one path segment, no "/", "?", "#" or spaces`);

export const akamaiModule: VendorModule<AkamaiConnectionConfig> = {
  vendor: 'akamai',
  connectionShape: {
    customerId: pathSegment('Akamai customer id (customer_id in Console)'),
    appId: pathSegment('Identity Cloud application id'),
    clientId: z.string().min(1, 'must be the configuration client id'),
  },
  connectionSecrets: ['clientSecret'],
  createAdapter: (connection, deps) => new AkamaiAdapter(connection, deps),
  startSandbox: startAkamaiSandbox,
  revert: revertAkamaiChange,
};
