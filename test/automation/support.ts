// A cPanel emulator and gateways over one store, for the automation tests.
import { providerRef } from '../../src/core/loaders.js';
import type { Store } from '../../src/store/open.js';
import { type CpanelEmulator, startCpanelEmulator } from '../../src/vendors/cpanel/emulator.js';
import { CPANEL_SAMPLE_MODULES } from '../../src/vendors/cpanel/sandbox.js';
import { type Harness, startHarness } from '../support/harness.js';

export const WHM_TOKEN = 'WHMTOKEN-automation-5d1e';

export const cpanelId = (key: string) => Buffer.from(`CpanelIdentityProvider:${providerRef('whm', key)}`).toString('base64');

export function startWhm(): Promise<CpanelEmulator> {
  return startCpanelEmulator({ username: 'root', apiToken: WHM_TOKEN, modules: structuredClone(CPANEL_SAMPLE_MODULES) });
}

export function gatewayFor(store: Store, emulator: CpanelEmulator, options: { idempotencyWaitMs?: number; actor?: string } = {}): Promise<Harness> {
  return startHarness({
    store,
    connections: [{ id: 'whm', vendor: 'cpanel', baseUrl: emulator.url, username: 'root', apiToken: { env: 'WHM_TOKEN' } }],
    env: { WHM_TOKEN },
    ...options,
  });
}

/** The WHM writes the emulator received (every function that changes state). */
export const whmWrites = (emulator: CpanelEmulator) => emulator.requests.filter((r) => /set_provider|enable_auth|disable_auth/.test(r.path));

export const DISPLAY = `mutation($input: SetCpanelDisplayConfigurationInput!) { setCpanelDisplayConfiguration(input: $input) { __typename
  ... on Error { message }
  ... on SetCpanelDisplayConfigurationPayload { dryRun replayed changes { path before after secret }
    vendorRequests { method path query headers body purpose }
    auditEvent { id status } provider { ... on ManagedIdentityProvider { version } ... on CpanelIdentityProvider { display { service color } } } }
  ... on VersionConflictError { currentVersion expectedVersion changes { path before after } }
  ... on IdempotencyKeyReuseError { idempotencyKey } ... on IdempotencyInProgressError { idempotencyKey } } }`;

export const CLIENT = `mutation($input: SetCpanelClientConfigurationInput!) { setCpanelClientConfiguration(input: $input) { __typename
  ... on Error { message }
  ... on SetCpanelClientConfigurationPayload { dryRun replayed changes { path before after secret }
    vendorRequests { method path query headers body purpose } auditEvent { id status }
    provider { ... on ManagedIdentityProvider { clientId hasClientSecret version } } } } }`;

export async function versionOf(h: Harness, key: string): Promise<string> {
  const res = await h.gql(`query($id: ID!) { identityProvider(id: $id) { ... on ManagedIdentityProvider { version } } }`, { id: cpanelId(key) });
  return res.data.identityProvider.version;
}
