// Graceful shutdown: SIGTERM stops taking requests, lets a running mutation finish within the deadline,
// and leaves one that cannot finish PENDING (reason "shutdown") for the reconciliation at the next start.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CpanelEmulator } from '../../src/vendors/cpanel/emulator/server.js';
import { isWhmCall, startWhm, WHM_TOKEN } from '../cpanel/support.js';
import { globalId } from '../support/global-id.js';
import { seededDataDir } from '../support/pglite-template.js';
import { spawnGateway } from '../support/process.js';
import { gqlTo as gql, whmConnection, writeProcessConfig } from './support.js';

function startGateway(configFile: string, dataDir: string, deadlineMs: number) {
  return spawnGateway(['--config', configFile], {
    IDP_GATEWAY_DATA_DIR: seededDataDir(dataDir),
    WHM_TOKEN,
    IDP_GATEWAY_SHUTDOWN_DEADLINE_MS: String(deadlineMs),
  });
}

const cpanelId = (key: string) => globalId('CpanelIdentityProvider', 'whm', key);

const ENABLE = `mutation($input: SetCpanelProviderEnabledInput!) { setCpanelProviderEnabled(input: $input) { __typename ... on SetCpanelProviderEnabledPayload { auditEvent { status } } } }`;
const enableWrite = (provider: string) => isWhmCall('enable_authentication_provider', provider);

describe('graceful shutdown', () => {
  let emulator: CpanelEmulator;
  let configFile: string;
  let dir: string;

  beforeAll(async () => {
    emulator = await startWhm();
    ({ configFile, dir } = writeProcessConfig([whmConnection(emulator)]));
  });
  afterAll(() => emulator.close());

  it('lets a running mutation finish before exiting', async () => {
    const gateway = startGateway(configFile, join(dir, 'a'), 5_000);
    const url = await gateway.url;
    const held = emulator.hold(enableWrite('slack'), 'before');
    const result = gql(url, ENABLE, { input: { id: cpanelId('slack'), service: 'CPANELD', enabled: true } });
    await held.arrived;
    gateway.child.kill('SIGTERM');
    setTimeout(() => held.release(), 500);
    expect((await result).data.setCpanelProviderEnabled).toEqual({
      __typename: 'SetCpanelProviderEnabledPayload',
      auditEvent: { status: 'SUCCEEDED' },
    });
    expect(await gateway.exited).toBe(0);
    expect(emulator.module('slack')!.enabled.has('cpaneld')).toBe(true);
  }, 60_000);

  it('leaves a change that outlives the deadline PENDING for reconciliation', async () => {
    const dataDir = join(dir, 'b');
    const gateway = startGateway(configFile, dataDir, 300);
    const url = await gateway.url;
    const held = emulator.hold(enableWrite('facebook'), 'after');
    void gql(url, ENABLE, { input: { id: cpanelId('facebook'), service: 'CPANELD', enabled: true } }).catch(() => {});
    await held.arrived;
    gateway.child.kill('SIGTERM');
    expect(await gateway.exited).toBe(0);
    held.release();

    const restarted = startGateway(configFile, dataDir, 5_000);
    const again = await restarted.url;
    const rows = (
      await gql(again, `{ auditEvents(first: 10, operation: "setCpanelProviderEnabled") { edges { node { providerKey status reason } } } }`)
    ).data.auditEvents.edges;
    expect(rows.map((e: any) => e.node)).toEqual([{ providerKey: 'facebook', status: 'SUCCEEDED', reason: 'interrupted' }]);
    restarted.child.kill('SIGTERM');
    await restarted.exited;
  }, 60_000);
});
