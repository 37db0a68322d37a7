// The Huawei Cloud IAM vendor module. A connection authenticates with either a ready token (authToken) or
// an IAM user's domainName + userName + password; both secrets are optional keys, and checkConnection
// refuses a config where not exactly one mode is complete. The config file's check hands it a secret key as
// given (never its value) even when its environment variable is unset, so both problems come in one run.
import { z } from 'zod';
import type { VendorModule } from '../../core/vendor-module.js';
import { HuaweiAdapter, type HuaweiConnection } from './adapter.js';
import { resolveCredentials } from './auth.js';
import { revertHuaweiChange } from './revert.js';
import { startHuaweiSandbox } from './sandbox.js';
import './graphql.js';

export const huaweiModule: VendorModule<HuaweiConnection> = {
  vendor: 'huawei',
  connectionShape: {
    domainName: z.string().min(1, 'name the account (domain) of the IAM user').optional(),
    userName: z.string().min(1, 'name the IAM user').optional(),
  },
  connectionSecrets: [],
  optionalConnectionSecrets: ['authToken', 'password'],
  checkConnection(connection) {
    try {
      resolveCredentials(connection);
      return null;
    } catch (error) {
      return (error as Error).message.replace(/^huawei connection: /, '');
    }
  },
  createAdapter: (connection, deps) => new HuaweiAdapter(connection, deps),
  startSandbox: startHuaweiSandbox,
  revert: revertHuaweiChange,
};
