// The store on PGlite and (with TEST_DATABASE_URL) on PostgreSQL: migrations, audit rows, snapshots.
import { mkdtempSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NormalizedProvider } from '../../src/core/vendor-contract/adapter.js';
import { finishAuditEvent, insertAuditEvent, listAuditEvents } from '../../src/store/audit.js';
import { openStore } from '../../src/store/open.js';
import { getSnapshot, listSnapshots, replaceConnectionSnapshots, saveSnapshot } from '../../src/store/snapshots.js';
import { crashedInstanceRow, STORE_KINDS } from '../support/stores.js';
import { storeForSuite } from '../support/suite-store.js';

const provider = (key: string, clientId = 'cid'): NormalizedProvider => ({
  key,
  displayName: key,
  protocol: 'OIDC',
  enabled: true,
  clientId,
  secretFingerprints: { clientSecret: 'hmac-sha256:abc' },
  details: { a: 1 },
});

describe.each(STORE_KINDS)('store on $name', (kind) => {
  const store = storeForSuite(kind);

  it('writes an audit row pending, then finishes it with a duration', async () => {
    const row = await insertAuditEvent(store.db, {
      actor: 'a',
      operation: 'op',
      connectionId: 'c1',
      vendor: 'cpanel',
      providerKey: 'google',
      status: 'PENDING',
      input: { x: 1 },
      ...crashedInstanceRow(),
    });
    expect(row.status).toBe('PENDING');
    expect(row.finishedAt).toBeNull();
    const done = await finishAuditEvent(store.db, row.id, {
      status: 'SUCCEEDED',
      changes: [{ path: 'clientId', before: 'a', after: 'b', secret: false }],
    });
    expect(done.status).toBe('SUCCEEDED');
    expect(done.durationMs).toBeGreaterThanOrEqual(0);
    expect(done.changes).toEqual([{ path: 'clientId', before: 'a', after: 'b', secret: false }]);
  });

  it('filters audit rows by connection and provider, newest first', async () => {
    for (const key of ['p1', 'p2', 'p1']) {
      await insertAuditEvent(store.db, {
        actor: 'a',
        operation: 'op',
        connectionId: 'c2',
        vendor: 'cpanel',
        providerKey: key,
        status: 'REJECTED',
        input: {},
      });
    }
    const rows = await listAuditEvents(store.db, { connectionId: 'c2', providerKey: 'p1', limit: 10 });
    expect(rows).toHaveLength(2);
    expect(rows[0]!.startedAt.getTime()).toBeGreaterThanOrEqual(rows[1]!.startedAt.getTime());
  });

  it('keeps one snapshot per provider, versioned, and replaces a connection list whole', async () => {
    const first = await saveSnapshot(store.db, 'c3', 'cpanel', provider('google'));
    const again = await saveSnapshot(store.db, 'c3', 'cpanel', provider('google', 'other'));
    expect(again.version).not.toBe(first.version);
    expect((await getSnapshot(store.db, 'c3', 'google'))!.provider.clientId).toBe('other');
    await replaceConnectionSnapshots(store.db, 'c3', 'cpanel', [provider('slack')]);
    expect((await listSnapshots(store.db, ['c3'])).map((s) => s.provider.key)).toEqual(['slack']);
  });
});

describe('PGlite data folder', () => {
  it('is created when missing, and refused while another live process holds it', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'idpgw-data-')), 'nested', '.data');
    const store = await openStore({ kind: 'pglite', dataDir });
    expect(existsSync(join(dataDir, 'pgdata'))).toBe(true);
    expect(existsSync(join(dataDir, 'gateway.pid'))).toBe(true);
    await store.close();
    expect(existsSync(join(dataDir, 'gateway.pid'))).toBe(false);

    writeFileSync(join(dataDir, 'gateway.pid'), String(process.ppid));
    await expect(openStore({ kind: 'pglite', dataDir })).rejects.toThrow(/in use by another gateway process \(pid \d+\)/);

    writeFileSync(join(dataDir, 'gateway.pid'), '999999999'); // a process that is gone: taken over
    const reopened = await openStore({ kind: 'pglite', dataDir });
    await reopened.close();
  });
});
