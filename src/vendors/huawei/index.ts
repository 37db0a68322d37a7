// The Huawei Cloud IAM vendor module. A connection authenticates with access keys (accessKey + secretKey +
// domainId, optionally a temporary key's securityToken: every request AK/SK-signed), a ready token
// (authToken) or an IAM user's domainName + userName + password; every secret is an optional key, and
// checkConnection refuses a config where not exactly one mode is complete. The config file's check hands it a secret key as
// given (never its value) even when its environment variable is unset, so both problems come in one run.
import { z } from 'zod';
import type { VendorModule } from '../../core/vendor-contract/vendor-module.js';
import type { VendorGraphQLKit } from '../../graphql/vendor-kit.js';
import { registerGraphQL } from './graphql.js';
import { HuaweiAdapter, type HuaweiConnection } from './adapter.js';
import { resolveCredentials } from './auth.js';
import { revertHuaweiChange } from './revert.js';
import { huaweiEstate } from './estate.js';
import { huaweiSetup } from './setup.js';

export const huaweiModule: VendorModule<HuaweiConnection, VendorGraphQLKit> = {
  vendor: 'huawei',
  // The IAM token header, the header a token is issued in, a temporary access key's token header and the
  // access-key config names (Authorization, which carries the signature, is a common name).
  secretNames: ['X-Auth-Token', 'X-Subject-Token', 'X-Security-Token', 'secretKey', 'securityToken'],
  registerGraphQL,
  connectionShape: {
    domainName: z.string().min(1, 'name the account (domain) of the IAM user').optional(),
    userName: z.string().min(1, 'name the IAM user').optional(),
    accessKey: z.string().min(1, 'give the access key ID (AK)').optional(),
    domainId: z.string().min(1, 'give the account ID (sent as X-Domain-Id)').optional(),
  },
  connectionSecrets: [],
  optionalConnectionSecrets: ['authToken', 'password', 'secretKey', 'securityToken'],
  checkConnection(connection) {
    try {
      resolveCredentials(connection);
      return null;
    } catch (error) {
      return (error as Error).message.replace(/^huawei connection: /, '');
    }
  },
  createAdapter: (connection, deps) => new HuaweiAdapter(connection, deps),
  // The emulator is imported only when a sandbox starts: production never loads it.
  startSandbox: async (options) => (await import('./emulator/sandbox.js')).startHuaweiSandbox(options),
  revert: revertHuaweiChange,
  estate: huaweiEstate,
  setup: huaweiSetup,
};
