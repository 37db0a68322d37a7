// The vendor modules. Adding a vendor = one folder under src/vendors and one line in this list: the vendor keys,
// the secret names, the GraphQL schema (src/graphql/schema.ts) and the sandbox are all derived from it.
import { SecretRegistry } from '../core/secrets.js';
import type { VendorEstate } from '../core/vendor-contract/estate.js';
import type { GatewayVendorModule } from '../graphql/vendor-kit.js';
import { akamaiModule } from './akamai/index.js';
import { cpanelModule } from './cpanel/index.js';
import { huaweiModule } from './huawei/index.js';
import { slashidModule } from './slashid/index.js';
import { twosmsModule } from './twosms/index.js';

export const vendorModules: readonly GatewayVendorModule[] = [cpanelModule, akamaiModule, twosmsModule, huaweiModule, slashidModule];

/** The vendors the gateway speaks to, in the list's order. */
export const VENDOR_KEYS: readonly string[] = vendorModules.map((module) => module.vendor);

/** A SecretRegistry that knows every listed vendor's secret names (its auth headers) besides the common ones. */
export function vendorSecretRegistry(modules: readonly GatewayVendorModule[] = vendorModules): SecretRegistry {
  return new SecretRegistry(modules.flatMap((module) => module.secretNames));
}

/** Each listed vendor's estate mapping (how its providers are written in an estate document), by vendor key. */
export function vendorEstates(modules: readonly GatewayVendorModule[] = vendorModules): Map<string, VendorEstate> {
  return new Map(modules.flatMap((module) => (module.estate ? [[module.vendor, module.estate] as const] : [])));
}
