// The gateway's store for the benchmark: a PostgreSQL database of its own (created here, dropped at the end)
// when a server answers at BENCH_DATABASE_URL, TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test;
// otherwise the embedded PGlite in a temporary folder, and every figure says so.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import postgres from 'postgres';

export const DEFAULT_BENCH_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface BenchStore {
  kind: 'postgres' | 'pglite';
  /** For the table: "PostgreSQL 15.19" or "PGlite (no PostgreSQL answered at ...)". */
  label: string;
  /** What the gateway process needs in its environment to use this store. */
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export async function openBenchStore(workDir: string, env: NodeJS.ProcessEnv = process.env): Promise<BenchStore> {
  const url = env.BENCH_DATABASE_URL || env.TEST_DATABASE_URL || DEFAULT_BENCH_DATABASE_URL;
  const admin = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  let version: string;
  try {
    [{ server_version: version }] = (await admin`show server_version`) as unknown as [{ server_version: string }];
  } catch (error) {
    await admin.end({ timeout: 1 }).catch(() => {});
    const where = new URL(url);
    where.password = '';
    return {
      kind: 'pglite',
      label: `PGlite (no PostgreSQL answered at ${where.host}: ${(error as Error).message})`,
      env: { DATABASE_URL: '', IDP_GATEWAY_DATA_DIR: join(workDir, 'data') },
      close: async () => {},
    };
  }
  const name = `idpgw_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin.unsafe(`create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    kind: 'postgres',
    label: `PostgreSQL ${version.split(' ')[0]}`,
    env: { DATABASE_URL: target.toString() },
    async close() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}
