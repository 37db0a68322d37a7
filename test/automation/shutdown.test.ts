// Graceful shutdown: SIGTERM stops taking requests, lets a running mutation finish within the deadline,
// and leaves one that cannot finish PENDING (reason "shutdown") for the reconciliation at the next start.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CpanelEmulator } from '../../src/vendors/cpanel/emulator.js';
import { cpanelId, processConfig, processGql, startWhm, WHM_TOKEN } from './support.js';

function startGateway(configFile: string, dataDir: string, deadlineMs: number): { child: ChildProcess; url: Promise<string>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--config', configFile], {
    env: { ...process.env, PORT: '0', IDP_GATEWAY_DATA_DIR: dataDir, DATABASE_URL: '', WHM_TOKEN, IDP_GATEWAY_SHUTDOWN_DEADLINE_MS: String(deadlineMs) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /GraphiQL:\s+(\S+)/.exec(out);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`gateway exited with ${code}:\n${out}`)));
  });
  url.catch(() => {});
  return { child, url, exited };
}

const gql = processGql;

const ENABLE = `mutation($input: SetCpanelProviderEnabledInput!) { setCpanelProviderEnabled(input: $input) { __typename ... on SetCpanelProviderEnabledPayload { auditEvent { status } } } }`;
const enableWrite = (provider: string) => (r: { path: string; query: Record<string, string> }) =>
  r.path === '/json-api/enable_authentication_provider' && r.query.provider_id === provider;

describe('graceful shutdown', () => {
  let emulator: CpanelEmulator;
  let configFile: string;
  let dir: string;

  beforeAll(async () => {
    emulator = await startWhm();
    dir = mkdtempSync(join(tmpdir(), 'idpgw-shutdown-'));
    configFile = join(dir, 'gateway.json');
    writeFileSync(configFile, processConfig(emulator.url));
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
    expect((await result).data.setCpanelProviderEnabled).toEqual({ __typename: 'SetCpanelProviderEnabledPayload', auditEvent: { status: 'SUCCEEDED' } });
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
    const rows = (await gql(again, `{ auditEvents(first: 10, operation: "setCpanelProviderEnabled") { edges { node { providerKey status reason } } } }`)).data.auditEvents.edges;
    expect(rows.map((e: any) => e.node)).toEqual([{ providerKey: 'facebook', status: 'SUCCEEDED', reason: 'interrupted' }]);
    restarted.child.kill('SIGTERM');
    await restarted.exited;
  }, 60_000);
});
