// The certificate scan (core/certificates/scanner.ts) on a gateway over the 2sms emulator: every snapshot of the
// configured connections is read once per version, in batches; a scan with nothing behind costs one statement; a
// result for a version the row has left is not written (the row stays for the next scan).
import { like, sql } from 'drizzle-orm';
import { providerSnapshots } from '../../src/store/tables.js';
import { describe, expect, it } from 'vitest';
import { certificateScannerOf } from '../../src/core/certificates/scanner.js';
import { listUnscannedSnapshots, recordCertificateScan } from '../../src/store/certificate-scan.js';
import { getSnapshot, saveSnapshot } from '../../src/store/snapshots.js';
import { STORE_KINDS } from '../support/stores.js';
import { vendorGateway } from '../support/vendor-gateway.js';
import { NORTHWIND_ID } from '../twosms/support.js';

describe.each(STORE_KINDS)('the certificate scan on $name', (kind) => {
  const statements: string[] = [];
  const h = vendorGateway('twosms', { kind, storeOptions: { onQuery: (text) => statements.push(text) } });
  const scanner = () => certificateScannerOf(h.services);
  const unscanned = async () => (await listUnscannedSnapshots(h.store.db, [h.connectionId], 1_000)).length;

  it('reads each snapshot once per version; with nothing behind it is one statement', async () => {
    expect((await h.gql('{ identityProviders { totalCount } }')).data.identityProviders.totalCount).toBe(3);
    expect(await unscanned()).toBe(3);
    expect(await scanner().scan()).toBe(3);
    expect(await unscanned()).toBe(0);
    statements.length = 0;
    expect(await scanner().scan()).toBe(0);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/is distinct from/);
  });

  it('scans a large estate in batches', async () => {
    // 450 copies of Northwind (its certificate included) under other keys: more than two batches.
    const northwind = (await getSnapshot(h.store.db, h.connectionId, NORTHWIND_ID))!;
    for (let index = 0; index < 450; index++)
      await saveSnapshot(h.store.db, h.connectionId, 'twosms', {
        ...northwind.provider,
        key: `copy-${index}`,
        displayName: `Copy ${index}`,
      });
    expect(await unscanned()).toBe(450);
    expect(await scanner().scan()).toBe(450);
    expect(await unscanned()).toBe(0);
    // Every copy holds Northwind's certificate: the same earliest notAfter.
    const [distinct] = await h.store.db
      .select({ n: sql<number>`count(distinct ${providerSnapshots.certificateNotAfter})::int` })
      .from(providerSnapshots)
      .where(like(providerSnapshots.providerKey, 'copy-%'));
    expect(distinct!.n).toBe(1);
  });

  it('does not write a result for a version the row has left', async () => {
    await h.store.db.execute(sql`update provider_snapshots set certificates_version = null where provider_key = ${NORTHWIND_ID}`);
    const written = await recordCertificateScan(h.store.db, [
      { connectionId: h.connectionId, providerKey: NORTHWIND_ID, version: 'an-older-version', earliestNotAfter: new Date() },
    ]);
    expect(written).toBe(0);
    expect(await unscanned()).toBe(1);
    expect(await scanner().scan()).toBe(1);
    expect(await unscanned()).toBe(0);
  });
});
