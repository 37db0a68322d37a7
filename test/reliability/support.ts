// Gateway processes for the reliability tests: a config file over the given connections with an admin token,
// GraphQL requests to the process, and the store a process runs on (a PGlite folder, or a fresh database on
// the real PostgreSQL when TEST_DATABASE_URL is set).
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededDataDir } from '../support/pglite-template.js';
import { spawnGateway } from '../support/process.js';
import { createTestDatabase, TEST_DATABASE_URL } from '../support/stores.js';

export const ADMIN_TOKEN = `idpgw_reliability_${randomBytes(12).toString('hex')}`;

/** A config file in a fresh folder; returns its path and the folder. */
export function writeProcessConfig(connections: unknown[]): { configFile: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'idpgw-reliability-'));
  const configFile = join(dir, 'gateway.json');
  const sha256 = createHash('sha256').update(ADMIN_TOKEN).digest('hex');
  writeFileSync(configFile, JSON.stringify({ connections, tokens: [{ name: 'reliability-test', sha256, role: 'admin' }] }));
  return { configFile, dir };
}

export async function gqlTo(url: string, query: string, variables?: Record<string, unknown>): Promise<any> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

/** Where gateway processes keep their state: environment for `spawnGateway`, and how to clean up. */
export interface ProcessStore {
  name: 'pglite' | 'postgres';
  env: NodeJS.ProcessEnv;
  drop(): Promise<void>;
}

export async function processStore(kind: 'pglite' | 'postgres', dir: string): Promise<ProcessStore> {
  if (kind === 'pglite') return { name: kind, env: { IDP_GATEWAY_DATA_DIR: seededDataDir(join(dir, '.data')) }, drop: async () => {} };
  const database = await createTestDatabase(TEST_DATABASE_URL!);
  return {
    name: kind,
    env: { DATABASE_URL: database.url, IDP_GATEWAY_SECRET_KEY: randomBytes(32).toString('hex') },
    drop: () => database.drop(),
  };
}

/** The store kinds a process test runs on: PGlite always, PostgreSQL with TEST_DATABASE_URL. */
export const PROCESS_STORE_KINDS: Array<'pglite' | 'postgres'> = ['pglite', ...(TEST_DATABASE_URL ? (['postgres'] as const) : [])];

export function startGatewayProcess(configFile: string, store: ProcessStore, env: NodeJS.ProcessEnv = {}) {
  return spawnGateway(['--config', configFile], { ...store.env, ...env });
}
