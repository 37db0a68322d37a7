// A cPanel emulator and gateways over one store, for the automation tests.
import { createHash } from 'node:crypto';
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
    // Every refresh: true of these tests reads WHM (no floor between them: test/performance/refresh-floor.test.ts has it).
    connections: [{ id: 'whm', vendor: 'cpanel', baseUrl: emulator.url, username: 'root', apiToken: { env: 'WHM_TOKEN' }, minRefreshIntervalSeconds: 0 }],
    env: { WHM_TOKEN },
    ...options,
  });
}

/** The WHM writes the emulator received (every function that changes state). */
export const whmWrites = (emulator: CpanelEmulator) => emulator.requests.filter((r) => /set_provider|enable_auth|disable_auth/.test(r.path));

/**
 * Matches a received call of WHM function `fn` for `provider`, by its arguments wherever they travelled (a
 * write's are in its form body, a read's in its query string).
 */
export const isWhmCall = (fn: string, provider: string) => (r: { path: string; args: Record<string, string> }) =>
  r.path === `/json-api/${fn}` && r.args.provider_id === provider;

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

/** A config file's content for one gateway process on the cPanel emulator, with an admin API token. */
export const PROCESS_TOKEN = 'process-test-token-3c9e1f';
export function processConfig(emulatorUrl: string): string {
  return JSON.stringify({
    connections: [{ id: 'whm', vendor: 'cpanel', baseUrl: emulatorUrl, username: 'root', apiToken: { env: 'WHM_TOKEN' } }],
    tokens: [{ name: 'automation-test', sha256: createHash('sha256').update(PROCESS_TOKEN).digest('hex'), role: 'admin' }],
  });
}

/** A GraphQL request to a gateway process, with the admin token. */
export async function processGql(url: string, query: string, variables?: Record<string, unknown>): Promise<any> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${PROCESS_TOKEN}` },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}
