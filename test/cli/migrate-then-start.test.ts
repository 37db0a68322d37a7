// As a deployment runs it: `migrate` on a fresh PGlite folder (then again: nothing to do), a token from
// `hash-token`, then `start` on that folder with a config holding the token. The gateway accepts the token,
// serves /health, is the very process that was spawned (no wrapper), and stops on SIGTERM.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenSha256 } from '../../src/core/access.js';
import type { CpanelEmulator } from '../../src/vendors/cpanel/emulator/server.js';
import { startWhm } from '../cpanel/support.js';
import { type GatewayProcess, spawnGateway } from '../support/process.js';
import { BIN, MIGRATED_STATE, migrateOutput, parseHashTokenOutput, runCli } from './support.js';

const WHM_TOKEN = 'whm-secret-start-5c2e';

describe('idp-gateway migrate, hash-token and start on one PGlite folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'idpgw-cli-start-'));
  const dataDir = join(dir, '.data');
  let whm: CpanelEmulator;
  let made: ReturnType<typeof parseHashTokenOutput>;
  let gateway: GatewayProcess | undefined;

  beforeAll(async () => {
    const [emulator, hashed] = await Promise.all([
      startWhm(WHM_TOKEN),
      runCli(['hash-token', '--name', 'deploy-bot', '--role', 'operator']),
    ]);
    whm = emulator;
    expect(hashed).toMatchObject({ code: 0, stderr: '' });
    made = parseHashTokenOutput(hashed.stdout);
  });

  afterAll(async () => {
    if (gateway?.child.exitCode === null) gateway.child.kill('SIGKILL');
    await whm?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // A fresh folder runs initdb inside PGlite (7-9 s alone on 2 cores, more beside other process tests).
  it('migrate applies every migration to a fresh folder, then has nothing to apply, and releases the folder', {
    timeout: 60_000,
  }, async () => {
    const first = await runCli(['migrate'], { IDP_GATEWAY_DATA_DIR: dataDir });
    expect(first).toMatchObject({ code: 0, stderr: '', stdout: migrateOutput(`pglite (${dataDir})`, 'all') });
    const second = await runCli(['migrate'], { IDP_GATEWAY_DATA_DIR: dataDir });
    expect(second).toMatchObject({ code: 0, stderr: '', stdout: migrateOutput(`pglite (${dataDir})`, 'none') });
    // Opening the folder here also shows that migrate left it closed.
    const db = new PGlite(join(dataDir, 'pgdata'));
    const { rows } = await db.query<{ recorded: number; tables: number }>(MIGRATED_STATE.sql);
    await db.close();
    MIGRATED_STATE.check(rows[0]);
  });

  it('hash-token prints a random idpgw_ token, its sha256, and a config entry with that sha256', () => {
    expect(made.token).toMatch(/^idpgw_[A-Za-z0-9_-]{43}$/);
    expect(made.sha256).toBe(tokenSha256(made.token));
    expect(made.entry).toEqual({ name: 'deploy-bot', sha256: made.sha256, role: 'operator' });
  });

  it('start serves /health, and GraphQL to that token only', async () => {
    const config = join(dir, 'gateway.json');
    writeFileSync(
      config,
      JSON.stringify({
        connections: [{ id: 'whm', vendor: 'cpanel', baseUrl: whm.url, username: 'root', apiToken: { env: 'WHM_TOKEN' } }],
        tokens: [made.entry],
      }),
    );
    gateway = spawnGateway(['start', '--config', config], { IDP_GATEWAY_DATA_DIR: dataDir, WHM_TOKEN }, [BIN]);
    const url = await gateway.url;
    expect((await fetch(new URL('/health', url))).status).toBe(200);
    const caller = (token: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ caller { name role } }' }),
      });
    expect(await (await caller(made.token)).json()).toEqual({ data: { caller: { name: 'deploy-bot', role: 'OPERATOR' } } });
    expect((await caller(`${made.token}x`)).status).toBe(401);
  });

  it('runs the gateway in the spawned process itself, which stops cleanly on SIGTERM', async () => {
    // The PGlite folder lock holds the gateway's pid: the bin's own pid, so no wrapper process sits between.
    expect(Number(readFileSync(join(dataDir, 'gateway.pid'), 'utf8'))).toBe(gateway!.child.pid);
    gateway!.child.kill('SIGTERM');
    expect(await gateway!.exited).toBe(0);
    expect(gateway!.output()).toContain('SIGTERM: shutting down');
  });
});
