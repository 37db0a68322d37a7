// Runs the real `idp-gateway` bin (node bin/idp-gateway.js ...) and collects what it printed.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

export const BIN = 'bin/idp-gateway.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A process to its end (stdin closed), with what it printed and its exit code. */
export function runProcess(command: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd?: string }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** One command to its end; the gateway's store and config variables are cleared unless `env` sets them. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runProcess(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: '', IDP_GATEWAY_CONFIG: '', ...env } });
}

/** What `hash-token` printed: the token, its sha256 and the config entry. */
export function parseHashTokenOutput(stdout: string): {
  token: string;
  sha256: string;
  entry: { name: string; sha256: string; role: string };
} {
  const token = /^token:\s+(\S+)$/m.exec(stdout)?.[1];
  const sha256 = /^sha256:\s+(\S+)$/m.exec(stdout)?.[1];
  const entryLine = stdout.split('\n').find((line) => line.startsWith('{'));
  if (!token || !sha256 || !entryLine) throw new Error(`unexpected hash-token output:\n${stdout}`);
  return { token, sha256, entry: JSON.parse(entryLine) };
}

const MIGRATION_TAGS = (JSON.parse(readFileSync('drizzle/meta/_journal.json', 'utf8')) as { entries: Array<{ tag: string }> }).entries.map(
  (entry) => entry.tag,
);

/** What `migrate` prints on this store: every migration of drizzle/ applied now, or none (up to date). */
export function migrateOutput(store: string, applied: 'all' | 'none'): string {
  const result =
    applied === 'all'
      ? `Applied ${MIGRATION_TAGS.length} migrations: ${MIGRATION_TAGS.join(', ')}`
      : `Nothing to apply: the schema is up to date (${MIGRATION_TAGS.length} migrations, latest ${MIGRATION_TAGS.at(-1)})`;
  return `Store: ${store}\n${result}\n`;
}

/** A migrated database: drizzle's record of every migration, and the gateway's tables. */
export const MIGRATED_STATE = {
  sql: "select (select count(*) from drizzle.__drizzle_migrations)::int as recorded, (select count(*) from pg_tables where schemaname = 'public')::int as tables",
  check(row: Record<string, unknown> | undefined): void {
    expect(row).toMatchObject({ recorded: MIGRATION_TAGS.length });
    expect(row!.tables).toBeGreaterThan(0);
  },
};
