// `npm start` killed (SIGKILL) during its first start, while it unpacks the build's PGlite template into the fresh
// data folder, and again once the folder holds the database and PGlite opens it: the next start comes up whole,
// serves the sandbox, and leaves nothing of the unpacking behind (store/pglite-template.ts unpacks beside the
// folder, then renames).
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type GatewayProcess, spawnGateway } from '../support/process.js';

const running: GatewayProcess[] = [];
afterEach(() => {
  for (const gateway of running.splice(0)) if (gateway.child.exitCode === null) gateway.child.kill('SIGKILL');
});

function start(dataDir: string): GatewayProcess {
  const gateway = spawnGateway([], { IDP_GATEWAY_DATA_DIR: dataDir });
  running.push(gateway);
  return gateway;
}

/** Polls every few ms until `seen()` holds, then SIGKILLs the process; false when it exited or the wait ran out first. */
async function killWhen(gateway: GatewayProcess, seen: () => boolean, withinMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline && gateway.child.exitCode === null) {
    if (seen()) {
      gateway.child.kill('SIGKILL');
      await gateway.exited;
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return false;
}

describe('a first start killed half-way', () => {
  it('starts whole the next time, after a kill while unpacking and one while opening the unpacked folder', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'idpgw-first-killed-')), '.data');
    const pgdata = join(dataDir, 'pgdata');

    const unpacking = start(dataDir);
    expect(await killWhen(unpacking, () => existsSync(`${pgdata}.unpacking`)), unpacking.output()).toBe(true);
    // Killed while unpacking (the folder beside it still there: the kill came before the rename), the data folder
    // holds no database, whatever the folder beside it holds.
    if (existsSync(`${pgdata}.unpacking`)) expect(existsSync(join(pgdata, 'PG_VERSION'))).toBe(false);

    const opening = start(dataDir);
    expect(await killWhen(opening, () => existsSync(join(pgdata, 'PG_VERSION'))), opening.output()).toBe(true);

    const whole = start(dataDir);
    const url = await whole.url;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ identityProviders(first: 200) { totalCount edges { node { __typename } } } }' }),
    });
    const body = (await res.json()) as {
      errors?: unknown;
      data: { identityProviders: { totalCount: number; edges: Array<{ node: { __typename: string } }> } };
    };
    expect(body.errors).toBeUndefined();
    const types = new Set(body.data.identityProviders.edges.map((edge) => edge.node.__typename));
    expect(types.size).toBe(5);
    expect(readdirSync(dataDir)).not.toContain('pgdata.unpacking');
  }, 120_000);
});
