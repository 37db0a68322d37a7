// A mutation's own cost in SQL (issue 15.7): the statements one vendor mutation sends, and how many times it waits
// for the database. A "wait" is a batch of statements dispatched in one turn of the event loop, without awaiting
// each other (the store's query hook sees each as it is dispatched): on PostgreSQL the lock's session pipelines
// them on its one connection, and prepared statements need one round trip each, so a batch is one round trip.
// Fixed here so that a later change cannot add statements or round trips without this test saying so:
// The mutations here follow one of the same provider by the same gateway, so each reads the provider while its lock
// is being taken and checks under the lock that the provider's last PENDING change is still that one
// (core/mutations/early-read.ts): on PGlite one more read behind the lock, on PostgreSQL none (the PENDING check
// reads the provider's last PENDING change, which a PENDING row always is). Such a change is planned from the state
// the last one left, and its PENDING row goes with the lock too, written only if that change is still the last
// (core/mutations/planned-ahead.ts): the live read shows that state, so the row is sent as written.
//   PostgreSQL: [lock + PENDING check and last PENDING change + snapshot + PENDING insert (its trigger moves the
//   last PENDING change) + its notification] [snapshot + final row + key + its notification] (a notification is
//   sent only while another instance lives) and the unlock, which nothing waits for (the other instances hear of
//   both rows from the statements that write them: no statement of its own on the channel's connection);
//   PGlite: the last PENDING change, the snapshot, the PENDING insert, the finish (its lock is in-process; its
//   statements run in this process, so PGlite is checked for the statements only, not for waits).
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AuditEventRow, auditRowFromColumns } from '../../src/store/audit.js';
import { auditEvents, idempotencyKeys, providerSnapshots } from '../../src/store/tables.js';
import { OIDC_ID } from '../akamai/support.js';
import { STORE_KINDS } from '../support/stores.js';
import { vendorGateway } from '../support/vendor-gateway.js';

const RENAME = `mutation Rename($input: UpdateAkamaiCustomProviderInput!) {
  updateAkamaiCustomProvider(input: $input) {
    __typename
    ... on UpdateAkamaiCustomProviderPayload { replayed auditEvent { id status } }
  }
}`;

/** The statement's kind: its verb and first table, or the function a raw statement calls. */
function kindOf(statement: string): string {
  const text = statement.replace(/\s+/g, ' ').trim();
  const call = /^select (pg_advisory_\w+)\(/.exec(text);
  if (call) return call[1]!;
  const notified = text.includes('pg_notify(') ? ' + notify' : '';
  if (text.startsWith('with "finished" as (update "audit_events"')) {
    const parts = ['finish audit_events'];
    if (text.includes('"snapshot" as (insert into "provider_snapshots"')) parts.push('save provider_snapshots');
    if (text.includes('"settled_key" as (update "idempotency_keys"')) parts.push('complete idempotency_keys');
    return parts.join(' + ') + notified;
  }
  const written = /^with "\w+" as \((insert|update|delete) (?:into )?"(\w+)"/.exec(text);
  if (written) return `${written[1]} ${written[2]}${notified}`;
  const verb = text.split(' ', 1)[0]!.toLowerCase();
  const table = /(?:from|into|update) "(\w+)"/.exec(text)?.[1] ?? '?';
  return `${verb} ${table}${notified}`;
}

interface Dispatched {
  kind: string;
  /** The event-loop turn it was dispatched in: statements of one turn did not wait for each other. */
  turn: number;
}

function statementLog() {
  const log: Dispatched[] = [];
  let turn = 0;
  let turnOpen = false;
  return {
    log,
    onQuery(statement: string) {
      // This instance's lease is renewed on a timer of its own, whatever the mutations do.
      if (statement.includes('"gateway_instances" set')) return;
      if (!turnOpen) {
        turnOpen = true;
        setImmediate(() => {
          turn++;
          turnOpen = false;
        });
      }
      log.push({ kind: kindOf(statement), turn });
    },
    /** The statements in their waits: one list per event-loop turn. */
    waits(): string[][] {
      const turns = new Map<number, string[]>();
      for (const { kind, turn: at } of log) turns.set(at, [...(turns.get(at) ?? []), kind]);
      return [...turns.values()];
    },
  };
}

describe.each(STORE_KINDS)('the SQL of one mutation on $name', (kind) => {
  const statements = statementLog();
  const h = vendorGateway('akamai', { kind, storeOptions: { onQuery: (sql) => statements.onQuery(sql) } });
  let count = 0;
  const rename = async (more: Record<string, unknown> = {}) => {
    const input = { id: h.globalId(OIDC_ID), title: `Renamed ${++count}`, ...more };
    statements.log.length = 0;
    const result = (await h.gql(RENAME, { input })).data.updateAkamaiCustomProvider;
    expect(result.auditEvent.status).toBe('SUCCEEDED');
    // The unlock is sent after the answer is settled; let it be dispatched.
    await new Promise((resolve) => setTimeout(resolve, 20));
    return result;
  };

  beforeAll(async () => {
    // The first mutation registers this instance's lease and prepares the statements.
    await rename();
  });

  const postgres = kind.name === 'postgres';

  it('waits for the database twice: lock, reads and the PENDING row, and the finish in one statement', async () => {
    await rename();
    const finish = 'finish audit_events + save provider_snapshots';
    if (postgres) {
      const lockAndReads = ['pg_advisory_lock', 'select provider_changes', 'select provider_snapshots', 'insert audit_events + notify'];
      expect(statements.waits()).toEqual([lockAndReads, [`${finish} + notify`], ['pg_advisory_unlock']]);
    } else {
      expect(statements.log.map((s) => s.kind)).toEqual([
        'select provider_changes',
        'select provider_snapshots',
        'insert audit_events',
        finish,
      ]);
    }
  });

  it('settles an idempotency key in the finishing statement, not in one of its own', async () => {
    const idempotencyKey = `statements-${kind.name}`;
    const first = await rename({ idempotencyKey });
    // Claiming the key: an expired claim is dropped, then the claim inserted (unchanged by issue 15.7).
    const claim = ['delete idempotency_keys', 'insert idempotency_keys'];
    const finish = 'finish audit_events + save provider_snapshots + complete idempotency_keys';
    const kinds = statements.log.map((s) => s.kind);
    expect(kinds.slice(0, 2)).toEqual(claim);
    expect(kinds.at(postgres ? -2 : -1)).toEqual(postgres ? `${finish} + notify` : finish);
    expect(kinds).toHaveLength(postgres ? 8 : 6);
    if (postgres) expect(statements.waits()).toHaveLength(5);
    const [key] = await h.store.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, idempotencyKey));
    expect(key?.completedAt).toBeInstanceOf(Date);
    expect(key?.outcome).toMatchObject({ ok: true, auditEventId: first.auditEvent.id });
    const again = await rename({ idempotencyKey, title: `Renamed ${count}` });
    expect(again).toMatchObject({ replayed: true, auditEvent: { id: first.auditEvent.id } });
  });

  it('publishes, without reading them back, the rows the database holds', async () => {
    const published: AuditEventRow[] = [];
    const stop = h.services.auditFeed.watch((row) => published.push(row));
    try {
      const result = await rename();
      const [row] = await h.store.db.select().from(auditEvents).where(eq(auditEvents.id, result.auditEvent.id));
      expect(published.map((p) => p.status)).toEqual(['PENDING', 'SUCCEEDED']);
      expect(published[1]).toEqual(row);
      // What the other instances get: the row as the statement's notification holds it (to_jsonb), read back.
      const asJson = await h.store.db.execute(sql`select to_jsonb(a) as columns from audit_events a where a.id = ${row!.id}`);
      const [found] = (Array.isArray(asJson) ? asJson : (asJson as unknown as { rows: unknown[] }).rows) as Array<{
        columns: Record<string, unknown>;
      }>;
      expect(auditRowFromColumns(found!.columns)).toEqual(row);
      expect(published[0]).toEqual({
        ...row,
        status: 'PENDING',
        finishedAt: null,
        durationMs: null,
        after: null,
        changes: [],
        vendorRequests: [],
      });
    } finally {
      stop();
    }
  });

  it('leaves the snapshot and the finished row as the separate statements did', async () => {
    const result = await rename();
    const [row] = await h.store.db.select().from(auditEvents).where(eq(auditEvents.id, result.auditEvent.id));
    expect(row).toMatchObject({ status: 'SUCCEEDED', providerKey: OIDC_ID, serialKey: expect.any(String) });
    expect(row?.finishedAt).toBeInstanceOf(Date);
    expect(row?.durationMs).toBeGreaterThanOrEqual(0);
    const [snapshot] = await h.store.db.select().from(providerSnapshots).where(eq(providerSnapshots.providerKey, OIDC_ID));
    expect(snapshot?.displayName).toBe(`Renamed ${count}`);
    expect(snapshot?.fetchedAt.getTime()).toBe(row?.finishedAt?.getTime());
    expect(snapshot?.state).toEqual(row?.after);
    // The hot statements are prepared with every value sent as given: a null stays SQL NULL in a jsonb column
    // (drizzle's own placeholders there would send JSON null).
    const [nulls] = await h.store.db
      .select({ error: sql<boolean>`${auditEvents.error} is null`, reason: sql<boolean>`${auditEvents.reason} is null` })
      .from(auditEvents)
      .where(eq(auditEvents.id, row!.id));
    expect(nulls).toEqual({ error: true, reason: true });
  });
});
