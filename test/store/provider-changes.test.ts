// The last change of a provider that went PENDING (tables.ts providerChanges, moved by the trigger of
// drizzle/0006_provider_changes.sql): what a mutation's early live read is checked against under the lock. Every
// PENDING insert moves it, also one written by plain SQL as a gateway of an earlier version writes it; a row that
// never goes PENDING (REJECTED, DRY_RUN) leaves it alone.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastPendingChangeOf } from '../../src/store/audit.js';
import type { Store } from '../../src/store/open.js';
import { STORE_KINDS } from '../support/stores.js';

describe.each(STORE_KINDS)('the last PENDING change of a provider on $name', (kind) => {
  let store: Store;
  beforeAll(async () => {
    store = await kind.open();
  });
  afterAll(() => store?.close());

  const insertRow = async (status: 'PENDING' | 'REJECTED', serialKey: string | null) => {
    const id = randomUUID();
    await store.db.execute(sql`insert into audit_events (id, actor, operation, connection_id, vendor, provider_key, status, input,
      owner_instance, serial_key) values (${id}, 'test', 'updateAkamaiCustomProvider', 'akamai-test', 'akamai', 'p1', ${status}, '{}'::jsonb,
      ${randomUUID()}, ${serialKey})`);
    return id;
  };

  it('is moved by every PENDING insert, whoever writes it, and by nothing else', async () => {
    const key = `akamai-test/${randomUUID()}`;
    expect(await lastPendingChangeOf(store.db, key)).toBeNull();
    const first = await insertRow('PENDING', key);
    expect(await lastPendingChangeOf(store.db, key)).toBe(first);
    await store.db.execute(sql`update audit_events set status = 'SUCCEEDED', finished_at = now() where id = ${first}`);
    await insertRow('REJECTED', null);
    expect(await lastPendingChangeOf(store.db, key)).toBe(first);
    const second = await insertRow('PENDING', key);
    expect(await lastPendingChangeOf(store.db, key)).toBe(second);
    expect(await lastPendingChangeOf(store.db, `${key}-other`)).toBeNull();
  });
});
