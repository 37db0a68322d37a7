import { z } from 'zod';
import type { VendorModule } from '../../core/vendor-module.js';
import { CpanelAdapter, type CpanelConnectionConfig } from './adapter.js';
import { revertCpanelChange } from './revert.js';
import { startCpanelSandbox } from './sandbox.js';
import './graphql.js';

export const cpanelModule: VendorModule<CpanelConnectionConfig> = {
  vendor: 'cpanel',
  connectionShape: {
    username: z.string().min(1, 'the WHM user the API token belongs to, e.g. "root"'),
  },
  connectionSecrets: ['apiToken'],
  createAdapter: (connection, deps) => new CpanelAdapter(connection, deps),
  startSandbox: startCpanelSandbox,
  revert: revertCpanelChange,
};
