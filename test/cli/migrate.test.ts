// migrate on a store that fails, and on a fresh PostgreSQL database of its own when TEST_DATABASE_URL is set
// (a fresh PGlite folder: migrate-then-start.test.ts).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL } from '../support/stores.js';
import { MIGRATED_STATE, migrateOutput, runCli } from './support.js';

describe('idp-gateway migrate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'idpgw-cli-migrate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says why and exits 1 when the store fails, never printing the database password', async () => {
    writeFileSync(join(dir, 'a-file'), '');
    const [pglite, postgresDown] = await Promise.all([
      runCli(['migrate'], { IDP_GATEWAY_DATA_DIR: join(dir, 'a-file', '.data') }),
      runCli(['migrate'], { DATABASE_URL: 'postgres://gateway:hunter2-secret@127.0.0.1:1/idp' }),
    ]);
    expect(pglite).toMatchObject({ code: 1, stdout: '' });
    expect(pglite.stderr).toMatch(/^The store could not be migrated: ENOTDIR/);
    expect(postgresDown).toMatchObject({ code: 1, stdout: '' });
    expect(postgresDown.stderr).toMatch(/^The store could not be migrated: .*ECONNREFUSED/);
    expect(postgresDown.stderr).not.toContain('hunter2-secret');
  });

  it.skipIf(!TEST_DATABASE_URL)('applies every migration to a fresh PostgreSQL database, then has nothing to apply', async () => {
    const admin = postgres(TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    const name = `idpgw_cli_migrate_${process.pid}_${randomBytes(4).toString('hex')}`;
    await admin.unsafe(`create database ${name}`);
    try {
      const url = new URL(TEST_DATABASE_URL!);
      url.pathname = `/${name}`;
      const first = await runCli(['migrate'], { DATABASE_URL: url.toString() });
      expect(first).toMatchObject({ code: 0, stderr: '', stdout: migrateOutput(`postgres (${url})`, 'all') });
      const second = await runCli(['migrate'], { DATABASE_URL: url.toString() });
      expect(second).toMatchObject({ code: 0, stderr: '', stdout: migrateOutput(`postgres (${url})`, 'none') });
      const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
      const [state] = await sql.unsafe(MIGRATED_STATE.sql);
      await sql.end();
      MIGRATED_STATE.check(state);
    } finally {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    }
  });
});
