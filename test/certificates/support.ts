// What the certificate and scheduling tests share: two gateway instances on the sandbox over one store (one
// PGlite given twice, or two stores on one PostgreSQL database), the certificate notices of an instance on a clock
// the test moves, and the notices told so far, as the outbox holds them.
import { asc, like } from 'drizzle-orm';
import { CertificateNotices } from '../../src/core/certificates/notices.js';
import { certificateScannerOf } from '../../src/core/certificates/scanner.js';
import type { GatewayServices } from '../../src/core/services.js';
import { type Sandbox, startSandbox } from '../../src/emulation/sandbox.js';
import type { Db, Store } from '../../src/store/open.js';
import { outboxEvents } from '../../src/store/tables.js';
import { type Harness, startHarness, TEST_READ_BUDGET_MS } from '../support/harness.js';
import { oneStoreTwice, openPostgresPair, type StoreKind, TEST_DATABASE_URL } from '../support/stores.js';
import { suiteValue } from '../support/suite-value.js';

/** Two stores for two instances: the same PGlite twice, or two stores on one fresh PostgreSQL database (the second's close ends both). */
export function storePair(kind: StoreKind): () => Promise<[Store, Store]> {
  return kind.name === 'postgres' ? () => openPostgresPair(TEST_DATABASE_URL!) : oneStoreTwice(kind);
}

/** A clock the test moves: `now()` for the code under test, `set`/`advance` for the test. */
export function testClock(start = Date.now()) {
  let at = start;
  return {
    now: () => new Date(at),
    set(ms: number) {
      at = ms;
    },
    advanceDays(days: number) {
      at += days * 86_400_000;
    },
  };
}

/** An instance's certificate notices (its connections' shared scanner), on `now`. */
export function noticesOf(services: GatewayServices, now: () => Date): CertificateNotices {
  return new CertificateNotices({ db: services.db, connections: services.connections, scanner: certificateScannerOf(services), now });
}

export interface ToldNotice {
  type: string;
  connectionId: string | null;
  providerKey: string | null;
  dedupeKey: string | null;
  data: Record<string, any>;
}

/** Every certificate notice in the outbox, oldest first. */
export async function toldNotices(db: Db): Promise<ToldNotice[]> {
  const rows = await db
    .select()
    .from(outboxEvents)
    .where(like(outboxEvents.type, 'certificate.%'))
    .orderBy(asc(outboxEvents.occurredAt), asc(outboxEvents.dedupeKey));
  return rows.map(({ type, connectionId, providerKey, dedupeKey, data }) => ({
    type,
    connectionId,
    providerKey,
    dedupeKey,
    data: data ?? {},
  }));
}

/**
 * A notice in one line: type, vendor, role, threshold and the days its sandbox certificate was made for (its
 * subject says "expiring N days after start").
 */
export function describeNotice(notice: ToldNotice): string {
  const made = /expiring (\d+) days after start/.exec(String(notice.data.certificate?.subject))?.[1] ?? '?';
  return `${notice.type} ${notice.data.vendor} ${notice.data.certificate?.role} ${made}d threshold ${notice.data.threshold}`;
}

export interface SandboxPair {
  sandbox: Sandbox;
  stores: [Store, Store];
  first: Harness;
  second: Harness;
}

/** Two gateway instances on the sandbox over `openStores`, for the enclosing describe block; `connection` keys go on every connection. */
export function sandboxPair(openStores: () => Promise<[Store, Store]>, connection: Record<string, unknown> = {}): SandboxPair {
  return suiteValue(
    async () => {
      const [stores, sandbox] = await Promise.all([openStores(), startSandbox({})]);
      for (const entry of sandbox.config.connections) Object.assign(entry, { readBudgetMs: TEST_READ_BUDGET_MS, ...connection });
      const first = await startHarness({ store: stores[0], config: sandbox.config });
      const second = await startHarness({ store: stores[1], config: sandbox.config });
      return { sandbox, stores, first, second };
    },
    async ({ sandbox, stores, first, second }) => {
      await Promise.all([first.close(), second.close()]);
      await sandbox.close();
      await stores[1].close();
      if (stores[0] !== stores[1]) await stores[0].close().catch(() => {});
    },
  );
}
