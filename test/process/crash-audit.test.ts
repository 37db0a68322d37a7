// Crash-safe audit: a real gateway process is killed (SIGKILL) while the emulator holds its vendor calls
// open; after a restart every attempted mutation has exactly one audit row, with a final status that
// matches what the vendor really holds.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CpanelEmulator } from '../../src/vendors/cpanel/emulator/server.js';
import { isWhmCall, startWhm, WHM_TOKEN } from '../cpanel/support.js';
import { globalId } from '../support/global-id.js';
import { seededDataDir } from '../support/pglite-template.js';
import { spawnGateway } from '../support/process.js';
import { gqlTo as gql, whmConnection, writeProcessConfig } from './support.js';

function startGateway(configFile: string, dataDir: string) {
  return spawnGateway(['--config', configFile], { IDP_GATEWAY_DATA_DIR: seededDataDir(dataDir), WHM_TOKEN });
}

const cpanelId = (key: string) => globalId('CpanelIdentityProvider', 'whm', key);

const DISPLAY = `mutation($input: SetCpanelDisplayConfigurationInput!) { setCpanelDisplayConfiguration(input: $input) { __typename } }`;
const ENABLE = `mutation($input: SetCpanelProviderEnabledInput!) { setCpanelProviderEnabled(input: $input) { __typename } }`;

describe('a gateway killed in the middle of vendor calls', () => {
  let emulator: CpanelEmulator;
  let configFile: string;
  let dataDir: string;
  let restarted: ReturnType<typeof startGateway> | undefined;

  beforeAll(async () => {
    emulator = await startWhm();
    const written = writeProcessConfig([whmConnection(emulator)]);
    configFile = written.configFile;
    dataDir = join(written.dir, '.data');
  });
  afterAll(async () => {
    restarted?.child.kill('SIGKILL');
    await emulator.close();
  });

  it('reconciles every interrupted mutation at restart to the vendor’s real state', async () => {
    const first = startGateway(configFile, dataDir);
    const url = await first.url;
    await gql(url, '{ identityProviders { totalCount } }');

    // landed: WHM applied it, the answer never came back
    const landed = emulator.hold(isWhmCall('set_provider_display_configurations', 'google'), 'after');
    // lost: the request never reached WHM's handler
    const lost = emulator.hold(isWhmCall('enable_authentication_provider', 'slack'), 'before');
    // overtaken: applied, then changed again by someone else before the gateway could look
    const overtaken = emulator.hold(isWhmCall('set_provider_display_configurations', 'cpanelid'), 'after');
    void gql(url, DISPLAY, { input: { id: cpanelId('google'), service: 'CPANELD', color: 'c0ffee' } }).catch(() => {});
    void gql(url, ENABLE, { input: { id: cpanelId('slack'), service: 'WEBMAILD', enabled: true } }).catch(() => {});
    void gql(url, DISPLAY, { input: { id: cpanelId('cpanelid'), service: 'CPANELD', color: 'abcdef' } }).catch(() => {});
    await Promise.all([landed.arrived, lost.arrived, overtaken.arrived]);

    first.child.kill('SIGKILL');
    await first.exited;
    emulator.module('cpanelid')!.displayOverrides.cpaneld.color = '123123';

    restarted = startGateway(configFile, dataDir);
    const again = await restarted.url;
    const res = await gql(again, `{ auditEvents(first: 50) { edges { node { operation providerKey status reason error } } } }`);
    const rows = res.data.auditEvents.edges.map((e: any) => e.node);
    const mutations = rows.filter((r: any) => r.operation !== 'driftDetected');
    expect(mutations).toHaveLength(3);
    const byProvider = Object.fromEntries(mutations.map((r: any) => [r.providerKey, r]));
    expect(byProvider.google).toMatchObject({ status: 'SUCCEEDED', reason: 'interrupted' });
    expect(byProvider.slack).toMatchObject({ status: 'FAILED', reason: 'interrupted' });
    expect(byProvider.cpanelid).toMatchObject({ status: 'UNKNOWN', reason: 'interrupted' });

    // ...and those statuses are the vendor's truth.
    expect(emulator.module('google')!.displayOverrides.cpaneld.color).toBe('c0ffee');
    expect(emulator.module('slack')!.enabled.has('webmaild')).toBe(false);
    const google = await gql(
      again,
      `query($id: ID!) { identityProvider(id: $id) { ... on CpanelIdentityProvider { display { service color } } } }`,
      { id: cpanelId('google') },
    );
    expect(google.data.identityProvider.display[0]).toEqual({ service: 'CPANELD', color: 'c0ffee' });
  }, 90_000);
});
