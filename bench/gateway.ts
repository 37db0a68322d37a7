// The gateway under test: its server bundle (bench/server-bundle.ts) with `npm start`'s node flags and
// `--config <file>`, in a process of its own, reached through its real authentication path (an admin API token from the config file). Its connections are the
// emulators', with a snapshot TTL long enough that no cached read of the run goes stale by itself.
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tokenSha256 } from '../src/core/access.js';
import { secretsAsEnvReferences } from '../src/emulation/sandbox.js';
import { type BenchChild, START_NODE_FLAGS, spawnChild } from './processes.js';
import type { BenchStore } from './store.js';
import type { VendorConnection } from './vendors.js';

/** Longer than the whole benchmark: snapshots read once stay fresh (cold reads ask for `refresh: true`). */
const CACHE_TTL_SECONDS = 3_600;

export interface BenchGateway {
  process: BenchChild;
  url: string;
  /** Headers every request sends: the API token. */
  headers: Record<string, string>;
  close(): Promise<void>;
}

/**
 * The config file (secrets as { "env": NAME }, as a real one holds them) and the environment that resolves them.
 */
export function gatewayConfig(connections: VendorConnection[], tokenDigest: string): { config: unknown; env: NodeJS.ProcessEnv } {
  const env: NodeJS.ProcessEnv = {};
  const entries = connections.map((connection) => ({
    ...secretsAsEnvReferences(connection, 'BENCH', env),
    cacheTtlSeconds: CACHE_TTL_SECONDS,
    // Every `refresh: true` read goes to the vendors (the cold fan-out figure measures exactly that), not to the
    // snapshots the refresh floor would serve within its 5 s.
    minRefreshIntervalSeconds: 0,
  }));
  return { config: { connections: entries, tokens: [{ name: 'bench', sha256: tokenDigest, role: 'admin' }] }, env };
}

export async function startGateway(options: {
  connections: VendorConnection[];
  store: BenchStore;
  workDir: string;
  /** node flags for the gateway process (e.g. --cpu-prof). */
  nodeFlags?: string[];
  /** The gateway to run: a server bundle (bench/server-bundle.ts; bench:ab runs another checkout's too). */
  script: string;
  /** Names its config and log files in workDir (default "gateway"). */
  name?: string;
}): Promise<BenchGateway> {
  const token = `idpgw_bench_${randomBytes(24).toString('base64url')}`;
  const { config, env } = gatewayConfig(options.connections, tokenSha256(token));
  const name = options.name ?? 'gateway';
  const configFile = join(options.workDir, `${name}.json`);
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  // One JSON log line per request, as in production: written to a file, not to a pipe nobody reads.
  const logFd = openSync(join(options.workDir, `${name}.log`), 'a');
  const child = await spawnChild({
    script: options.script,
    args: ['--config', configFile],
    // A full collection on SIGUSR2, for the memory figure (bench/gc-on-signal.mjs); nothing else changes.
    nodeFlags: ['--expose-gc', '--import', './bench/gc-on-signal.mjs', ...START_NODE_FLAGS, ...(options.nodeFlags ?? [])],
    env: {
      ...process.env,
      ...env,
      ...options.store.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      IDP_GATEWAY_CONFIG: '',
      IDP_GATEWAY_SECRET_KEY: randomBytes(32).toString('hex'),
    },
    ready: /^\s+GraphQL(?:iQL)?:\s+(\S+)/,
    stderr: logFd,
  });
  closeSync(logFd);
  return {
    process: child,
    url: child.address,
    headers: { authorization: `Bearer ${token}` },
    close: () => child.stop(),
  };
}
