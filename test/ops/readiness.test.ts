// GET /ready (store reachable, migrations applied, connections configured) and GET /health, on real stores:
// 200 when all holds, 503 naming the failed checks when the store is closed, hung or missing a migration, or a
// connection is misconfigured; never an error text, a connection id or a secret in the answer.
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayConfig } from '../../src/config.js';
import { STORE_KINDS } from '../support/stores.js';
import { storeForSuite } from '../support/suite-store.js';
import { type HungPostgres, startHungPostgres } from './hung-postgres.js';
import { startOpsGateway } from './ops-gateway.js';

const JOURNAL = (JSON.parse(readFileSync('drizzle/meta/_journal.json', 'utf8')) as { entries: Array<{ tag: string; when: number }> })
  .entries;
const LATEST = JOURNAL.at(-1)!;
const NO_CONNECTIONS: GatewayConfig = { connections: [] };

/** A PGlite store for the tests that do not close or change theirs (services are built on it; a test may swap its db). */
const store = storeForSuite();

async function readyOf(gateway: ReturnType<typeof startOpsGateway>) {
  const response = await gateway.fetch('/ready');
  return { status: response.status, text: await response.text(), type: response.headers.get('content-type') };
}

describe.each(STORE_KINDS)('/ready on $name', (kind) => {
  const queries: string[] = [];
  const store = storeForSuite(kind, { onQuery: (text) => queries.push(text) });

  it('answers 200 with every check ok, and /health answers 200, without a token', async () => {
    const gateway = startOpsGateway({ store, config: NO_CONNECTIONS, tokens: [{ name: 'admin', sha256: 'a'.repeat(64), role: 'admin' }] });
    const ready = await readyOf(gateway);
    expect(ready.status).toBe(200);
    expect(ready.type).toMatch(/^application\/json/);
    expect(JSON.parse(ready.text)).toEqual({
      status: 'ready',
      ready: true,
      failed: [],
      checks: {
        store: { ok: true },
        migrations: { ok: true },
        connections: { ok: true, configured: 0, misconfigured: 0, openCircuits: 0 },
      },
    });
    expect((await gateway.fetch('/health')).status).toBe(200);
    // The token requirement still holds everywhere else.
    expect(
      (
        await gateway.fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"query":"{ __typename }"}',
        })
      ).status,
    ).toBe(401);
    // Probes that pass are not logged at "info" (they come every few seconds); the refused request is.
    const paths = gateway.logLines
      .map((line) => JSON.parse(line))
      .filter((line) => line.msg === 'request')
      .map((line) => `${line.path} ${line.status}`);
    expect(paths).toEqual(['/graphql 401']);
  });

  it('reuses a result for about a second: probes in a burst cost one store query', async () => {
    const gateway = startOpsGateway({ store, config: NO_CONNECTIONS });
    const before = queries.filter((q) => q === 'select 1').length;
    const statuses = await Promise.all(Array.from({ length: 5 }, async () => (await gateway.fetch('/ready')).status));
    await gateway.fetch('/ready');
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expect(queries.filter((q) => q === 'select 1').length - before).toBe(1);
  });

  it('answers 503 naming the migration missing from drizzle.__drizzle_migrations', async () => {
    const gateway = startOpsGateway({ store, config: NO_CONNECTIONS });
    const deleted: unknown = await store.db.execute(
      sql`delete from drizzle.__drizzle_migrations where created_at = ${LATEST.when} returning id, hash, created_at`,
    );
    // PGlite answers { rows }, postgres.js the rows themselves.
    const [row] = (Array.isArray(deleted) ? deleted : (deleted as { rows: unknown[] }).rows) as Array<{
      id: number;
      hash: string;
      created_at: string;
    }>;
    expect(row).toBeDefined();
    try {
      const ready = await readyOf(gateway);
      expect(ready.status).toBe(503);
      expect(JSON.parse(ready.text)).toMatchObject({
        status: 'not ready',
        ready: false,
        failed: ['migrations'],
        checks: { store: { ok: true }, migrations: { ok: false, missing: [LATEST.tag] } },
      });
      const logged = gateway.logLines.map((line) => JSON.parse(line)).find((line) => line.msg === 'not ready');
      expect(logged).toMatchObject({ level: 'warn', failed: ['migrations'] });
    } finally {
      await store.db.execute(
        sql`insert into drizzle.__drizzle_migrations (id, hash, created_at) values (${row!.id}, ${row!.hash}, ${row!.created_at})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // past the cached answer
    expect((await readyOf(gateway)).status).toBe(200);
    expect(gateway.logLines.map((line) => JSON.parse(line).msg)).toContain('ready');
  });
});

describe('/ready when the store fails', () => {
  it('answers 503 "unreachable" once the store is closed', async () => {
    const closing = await STORE_KINDS[0]!.open();
    const gateway = startOpsGateway({ store: closing, config: NO_CONNECTIONS });
    expect((await readyOf(gateway)).status).toBe(200);
    await closing.close();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const ready = await readyOf(gateway);
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.text)).toMatchObject({
      failed: ['store', 'migrations'],
      checks: { store: { ok: false, error: 'unreachable' }, migrations: { ok: false, error: 'store unavailable' } },
    });
  });

  describe('a hung store (accepts connections, never answers)', () => {
    const password = 'db-password-never-shown-4711';
    let hung: HungPostgres;
    beforeAll(async () => {
      hung = await startHungPostgres(password);
    });
    afterAll(async () => {
      await hung.close();
    });

    it('answers 503 "timeout" after the readiness timeout, and says nothing of the database URL', async () => {
      const gateway = startOpsGateway({
        store,
        config: NO_CONNECTIONS,
        services: { db: hung.db },
        operations: { readiness: { timeoutMs: 300, cacheMs: 0 } },
      });
      const started = performance.now();
      const ready = await readyOf(gateway);
      const first = performance.now() - started;
      expect(ready.status).toBe(503);
      expect(first).toBeGreaterThanOrEqual(290);
      expect(first).toBeLessThan(2_000);
      expect(JSON.parse(ready.text)).toMatchObject({ failed: ['store', 'migrations'], checks: { store: { ok: false, error: 'timeout' } } });
      // The query still hangs: the next probe waits for it (bounded again) instead of piling up another.
      expect((await readyOf(gateway)).status).toBe(503);
      expect(hung.connections()).toBe(1);
      const everything = ready.text + gateway.logLines.join('');
      expect(everything).not.toContain(password);
      expect(everything).not.toContain(String(hung.port));
    });
  });
});

describe('/ready and the connections', () => {
  const base = { cacheTtlSeconds: 30, connectTimeoutMs: 2_000, totalTimeoutMs: 10_000 };
  const secrets = { cpanel: 'cpanel-token-SECRET-1' };

  it('answers 503 "connections" for connections without their secrets; the log names them, the answer does not', async () => {
    const config = {
      connections: [
        { ...base, id: 'whm-good', vendor: 'cpanel', baseUrl: 'https://whm.example.com:2087', username: 'root', apiToken: secrets.cpanel },
        { ...base, id: 'slashid-nokey', vendor: 'slashid', baseUrl: 'https://api.slashid.com', orgId: 'org-1', apiKey: '' },
        {
          ...base,
          id: 'akamai-nosecret',
          vendor: 'akamai',
          baseUrl: 'https://v1.api.us.janrain.com',
          customerId: 'c',
          appId: 'a',
          clientId: 'akamai-client',
        },
      ],
    } as unknown as GatewayConfig;
    const gateway = startOpsGateway({ store, config });
    const ready = await readyOf(gateway);
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.text)).toMatchObject({
      failed: ['connections'],
      checks: { store: { ok: true }, connections: { ok: false, configured: 3, misconfigured: 2 } },
    });
    for (const hidden of ['slashid-nokey', 'akamai-nosecret', 'whm-good', ...Object.values(secrets)])
      expect(ready.text).not.toContain(hidden);
    const logged = gateway.logLines.map((line) => JSON.parse(line)).find((line) => line.msg === 'not ready');
    expect(logged.details.connections).toEqual(
      expect.arrayContaining([
        { connectionId: 'slashid-nokey', problem: 'secret apiKey is not set' },
        { connectionId: 'akamai-nosecret', problem: 'secret clientSecret is not set' },
      ]),
    );
    for (const secret of Object.values(secrets)) expect(gateway.logLines.join('')).not.toContain(secret);
    await gateway.close();
  });

  it('answers 405 to a method other than GET or HEAD, and HEAD without a body', async () => {
    const gateway = startOpsGateway({ store, config: NO_CONNECTIONS });
    expect((await gateway.fetch('/ready', { method: 'POST' })).status).toBe(405);
    const head = await gateway.fetch('/ready', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
