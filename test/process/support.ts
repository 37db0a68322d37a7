// Gateway processes for the process tests: a config file over the given connections with an admin API
// token, GraphQL requests to the process with that token, and a process on a store (test/support/stores.ts'
// processStore: a PGlite folder, or a fresh PostgreSQL database). A cPanel connection is the common case.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CpanelEmulator } from '../../src/vendors/cpanel/emulator/server.js';
import { spawnGateway } from '../support/process.js';
import type { ProcessStore } from '../support/stores.js';

export const ADMIN_TOKEN = `idpgw_process_${randomBytes(12).toString('hex')}`;

/** A config file in a fresh folder (`more`: other top-level keys, such as webhooks); returns its path and the folder. */
export function writeProcessConfig(connections: unknown[], more: Record<string, unknown> = {}): { configFile: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'idpgw-process-'));
  const configFile = join(dir, 'gateway.json');
  const sha256 = createHash('sha256').update(ADMIN_TOKEN).digest('hex');
  writeFileSync(configFile, JSON.stringify({ connections, tokens: [{ name: 'process-test', sha256, role: 'admin' }], ...more }));
  return { configFile, dir };
}

/** The connection "whm" to a cPanel emulator, its API token from WHM_TOKEN (pass `{ WHM_TOKEN }` to the process). */
export const whmConnection = (emulator: CpanelEmulator) => ({
  id: 'whm',
  vendor: 'cpanel',
  baseUrl: emulator.url,
  username: 'root',
  apiToken: { env: 'WHM_TOKEN' },
});

/** A GraphQL request to a gateway process, with the admin token. */
export async function gqlTo(url: string, query: string, variables?: Record<string, unknown>): Promise<any> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

export function startGatewayProcess(configFile: string, store: ProcessStore, env: NodeJS.ProcessEnv = {}) {
  return spawnGateway(['--config', configFile], { ...store.env, ...env });
}
