// The vendor modules. Adding a vendor = one folder under src/vendors and one line here.
import type { VendorModule } from '../core/vendor-module.js';
import { akamaiModule } from './akamai/index.js';
import { cpanelModule } from './cpanel/index.js';
import { huaweiModule } from './huawei/index.js';
import { slashidModule } from './slashid/index.js';
import { twosmsModule } from './twosms/index.js';

export const vendorModules: readonly VendorModule<never>[] = [cpanelModule, akamaiModule, twosmsModule, huaweiModule, slashidModule];
