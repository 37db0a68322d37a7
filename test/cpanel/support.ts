// cPanel & WHM in tests: the WHM emulator with the sample modules (a copy per emulator, so a test may change
// it), the calls it received, and how a test gateway reaches it (test/support/vendor-gateway.ts).
import { type CpanelEmulator, type CpanelEmulatorOptions, createCpanelEmulator } from '../../src/vendors/cpanel/emulator/server.js';
import { CPANEL_SAMPLE_MODULES } from '../../src/vendors/cpanel/emulator/sandbox.js';
import { globalId } from '../support/global-id.js';
import type { GatewayVendor } from '../support/vendor-gateway.js';

/** Distinctive, so a leak is easy to search for. */
export const WHM_TOKEN = 'WHMTOKEN-test-distinctive-6b2d';

/** The WHM emulator as user root with API token `apiToken`, holding the sample modules. */
export function startWhm(apiToken: string = WHM_TOKEN, options: Partial<CpanelEmulatorOptions> = {}): Promise<CpanelEmulator> {
  return createCpanelEmulator({ username: 'root', apiToken, modules: structuredClone(CPANEL_SAMPLE_MODULES), ...options });
}

/** The global id of cPanel provider `key` on connection `connectionId`. */
export const cpanelId = (key: string, connectionId = 'whm') => globalId('CpanelIdentityProvider', connectionId, key);

/** The WHM writes the emulator received (every function that changes state). */
export const whmWrites = (emulator: CpanelEmulator) =>
  emulator.requests.filter((r) => /set_provider|enable_auth|disable_auth/.test(r.path));

/**
 * Matches a received call of WHM function `fn` for `provider`, by its arguments wherever they travelled (a
 * write's are in its form body, a read's in its query string).
 */
export const isWhmCall = (fn: string, provider: string) => (r: { path: string; args: Record<string, string> }) =>
  r.path === `/json-api/${fn}` && r.args.provider_id === provider;

export const cpanelGatewayVendor: GatewayVendor<CpanelEmulator, CpanelEmulatorOptions> = {
  typeName: 'CpanelIdentityProvider',
  connectionId: 'whm',
  secret: WHM_TOKEN,
  secretEnv: 'WHM_TOKEN',
  startEmulator: startWhm,
  connection: (emulator, id) => ({ id, vendor: 'cpanel', baseUrl: emulator.url, username: 'root', apiToken: { env: 'WHM_TOKEN' } }),
};
