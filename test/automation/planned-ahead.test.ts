// A change of a provider this gateway changed last is planned from the state that change left, and its PENDING row
// goes with the lock statement (core/mutations/planned-ahead.ts). What must hold: the vendor is sent that plan only
// when its live read shows that state; an edit made outside the gateway is planned again from the live state in the
// same row; a refusal or a failed read ends that row (REJECTED, FAILED) as the attempt would have ended without it,
// one row per attempt; a row that went in and was not taken over is ended as not sent; and a lock batch sent again
// finds its own row instead of waiting for it.
import { randomUUID } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { APP_ID, OIDC_ID, PROVIDERS_PATH } from '../akamai/support.js';
import { PlannedAhead } from '../../src/core/mutations/planned-ahead.js';
import { REFUSED_VALUE } from '../../src/core/mutations/refused-input.js';
import { WriteRetries } from '../../src/core/mutations/write-retries.js';
import { type AuditEventRow, pendingRowOf } from '../../src/store/audit.js';
import { auditEvents, outboxEvents, providerChanges } from '../../src/store/tables.js';
import { STORE_KINDS } from '../support/stores.js';
import { vendorGateway } from '../support/vendor-gateway.js';
import { waitFor } from '../support/wait.js';

const RENAME = `mutation($input: UpdateAkamaiCustomProviderInput!) { updateAkamaiCustomProvider(input: $input) { __typename
  ... on UpdateAkamaiCustomProviderPayload { changes { path before after } auditEvent { id status } }
  ... on Error { message auditEvent { id status } } } }`;

describe.each(STORE_KINDS)('a change planned ahead on $name', (kind) => {
  const h = vendorGateway('akamai', { kind });
  const providerPath = `${PROVIDERS_PATH}/${OIDC_ID}`;
  const calls = (method: string) => h.emulator.requests.filter((r) => r.method === method && r.path === providerPath).length;
  const rename = async (title: string, more: Record<string, unknown> = {}) =>
    (await h.gql(RENAME, { input: { id: h.globalId(OIDC_ID), title, ...more } })).data.updateAkamaiCustomProvider;
  /** The provider's audit rows written since `since`, oldest first. */
  const rowsSince = async (since: Date) =>
    (
      await h.store.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.providerKey, OIDC_ID), gt(auditEvents.startedAt, since)))
    ).sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  /** What the feed publishes during `work`: the rows as written, in order. */
  const published = async (work: () => Promise<unknown>) => {
    const rows: AuditEventRow[] = [];
    const stop = h.services.auditFeed.watch((row) => {
      if (row.providerKey === OIDC_ID) rows.push(row);
    });
    try {
      await work();
      return rows;
    } finally {
      stop();
    }
  };
  const displayName = (state: unknown) => (state as { displayName?: string } | null)?.displayName;

  it('sends the plan it wrote ahead when the vendor shows the state it was planned from', async () => {
    expect((await rename('Ahead 1')).auditEvent.status).toBe('SUCCEEDED');
    h.emulator.clearRequests();
    const since = new Date();
    const seen = await published(async () => {
      const result = await rename('Ahead 2');
      expect(result.changes).toContainEqual({ path: 'displayName', before: 'Ahead 1', after: 'Ahead 2' });
    });
    // Written once, PENDING, then finished: the plan was not made again.
    expect(seen.map((row) => row.status)).toEqual(['PENDING', 'SUCCEEDED']);
    const [row, ...more] = await rowsSince(since);
    expect(more).toEqual([]);
    expect([displayName(row?.before), displayName(row?.planned), displayName(row?.after)]).toEqual(['Ahead 1', 'Ahead 2', 'Ahead 2']);
    // The early live read, the write, the read-back.
    expect([calls('GET'), calls('PATCH')]).toEqual([2, 1]);
  });

  it('plans again, in the same row, from an edit made outside the gateway', async () => {
    await rename('Before the edit');
    h.emulator.provider(APP_ID, OIDC_ID)!.title = 'Edited outside';
    h.emulator.clearRequests();
    const since = new Date();
    const seen = await published(async () => {
      const result = await rename('After the edit');
      expect(result.auditEvent.status).toBe('SUCCEEDED');
      expect(result.changes).toContainEqual({ path: 'displayName', before: 'Edited outside', after: 'After the edit' });
    });
    // The row written ahead (from the state the gateway left), planned again from the vendor's, then finished.
    expect(seen.map((row) => [row.status, displayName(row.before)])).toEqual([
      ['PENDING', 'Before the edit'],
      ['PENDING', 'Edited outside'],
      ['SUCCEEDED', 'Edited outside'],
    ]);
    expect(new Set(seen.map((row) => row.id)).size).toBe(1);
    const rows = await rowsSince(since);
    expect(rows.map((row) => [row.status, displayName(row.before), displayName(row.planned)])).toEqual([
      ['SUCCEEDED', 'Edited outside', 'After the edit'],
    ]);
    expect(h.emulator.provider(APP_ID, OIDC_ID)!.title).toBe('After the edit');
    expect([calls('GET'), calls('PATCH')]).toEqual([2, 1]);
  });

  it('ends its row REJECTED, with nothing sent, when the input is refused on the live state', async () => {
    await rename('Protocol changes outside');
    const stored = h.emulator.provider(APP_ID, OIDC_ID)!;
    // An OIDC-only field is fine on the state the gateway left, refused once the provider is SAML at the vendor.
    stored.protocol = 'saml2';
    h.emulator.clearRequests();
    const since = new Date();
    try {
      const seen = await published(async () => {
        const result = await rename('Never sent', { tokenUrl: 'https://login.contoso.example/oauth2/v2.0/token' });
        expect(result.__typename).toBe('ValidationError');
      });
      expect(seen.map((row) => row.status)).toEqual(['PENDING', 'REJECTED']);
      const rows = await rowsSince(since);
      expect(rows.map((row) => [row.id, row.status, row.planned, row.plannedRequests])).toEqual([[seen[0]!.id, 'REJECTED', null, []]]);
      // As a refusal records it: the refused value is not kept, the state it was refused on is.
      expect(rows[0]!.input).toMatchObject({ title: 'Never sent', tokenUrl: REFUSED_VALUE });
      expect((rows[0]!.before as { details?: { wireProtocol?: string } }).details?.wireProtocol).toBe('saml2');
      expect(calls('PATCH')).toBe(0);
      // REJECTED: nothing changed at the vendor, so no event.
      expect(await h.store.db.select().from(outboxEvents).where(eq(outboxEvents.auditEventId, rows[0]!.id))).toEqual([]);
    } finally {
      stored.protocol = 'openidconnect';
    }
  });

  it('is not planned ahead for a version other than the state the last change left', async () => {
    await rename('Versioned');
    const since = new Date();
    const seen = await published(async () => {
      const result = await rename('Stale version', { expectedVersion: '0000000000000000' });
      expect(result.__typename).toBe('VersionConflictError');
    });
    // Refused under the lock on the live state: no PENDING row went in.
    expect(seen.map((row) => row.status)).toEqual(['REJECTED', 'REJECTED']);
    expect((await rowsSince(since)).map((row) => row.status)).toEqual(['REJECTED']);
  });

  it('ends a row that went in and was not taken over as not sent, and a batch sent again finds its own row', async () => {
    await rename('Last own change');
    const serialKey = `${h.connectionId}/${OIDC_ID}`;
    const [marker] = await h.store.db.select().from(providerChanges).where(eq(providerChanges.serialKey, serialKey));
    const row = pendingRowOf(
      {
        id: randomUUID(),
        actor: 'test',
        operation: 'updateAkamaiCustomProvider',
        connectionId: h.connectionId,
        vendor: 'akamai',
        providerKey: OIDC_ID,
        input: {},
      },
      { serialKey, ownerInstance: h.services.lease.id },
    );
    const before = { key: OIDC_ID, displayName: 'x', enabled: true, protocol: 'OIDC', details: {}, secretFingerprints: {} } as never;
    const plan = {
      basedOn: marker!.auditEventId,
      before,
      plan: { requests: [], after: null, providerKey: OIDC_ID },
      vendorRequests: [],
      row,
    };
    const deps = { db: h.store.db, auditLog: h.services.auditLog, retries: new WriteRetries() };
    const sent = new PlannedAhead(deps);
    const again = new PlannedAhead(deps);
    const elsewhere = new PlannedAhead(deps);
    sent.start(async () => plan);
    again.start(async () => plan);
    elsewhere.start(async () => ({ ...plan, basedOn: randomUUID(), row: { ...row, id: randomUUID() } }));
    await h.store.locks.run(serialKey, async (lock) => {
      expect(await sent.send(lock)).toBe(plan);
      // The same row sent again (a lock batch resent on a new connection): nothing written, no error; it is its own.
      expect(await again.send(lock)).toBeNull();
      expect(await again.adopt(row.id)).toBe(plan);
      // Based on a change that is not the last one: nothing written.
      expect(await elsewhere.send(lock)).toBeNull();
    });
    const [written] = await h.store.db.select().from(auditEvents).where(eq(auditEvents.id, row.id));
    expect(written).toEqual(row);
    expect(sent.holdsRow).toBe(true);
    sent.leftBehind();
    let ended: AuditEventRow | undefined;
    const ending = h.services.auditFeed.watch((published) => {
      if (published.id === row.id && published.status !== 'PENDING') ended = published;
    });
    try {
      await waitFor(() => ended !== undefined, 5_000, 'the row left behind ended');
    } finally {
      ending();
    }
    const [stored] = await h.store.db.select().from(auditEvents).where(eq(auditEvents.id, row.id));
    expect(stored).toMatchObject({ status: 'FAILED', error: { code: 'NOT_SENT' } });

    // Left behind while its send is still on the way (the lock batch failed on another statement): the row that
    // then goes in is ended too, not left PENDING under a live lease.
    const racing = new PlannedAhead(deps);
    const racingRow = { ...row, id: randomUUID() };
    racing.start(async () => ({ ...plan, basedOn: row.id, row: racingRow }));
    let raced: AuditEventRow | undefined;
    const watching = h.services.auditFeed.watch((published) => {
      if (published.id === racingRow.id && published.status !== 'PENDING') raced = published;
    });
    try {
      await h.store.locks.run(serialKey, async (lock) => {
        const sending = racing.send(lock);
        racing.leftBehind();
        expect(await sending).not.toBeNull();
      });
      await waitFor(() => raced !== undefined, 5_000, 'the row sent after it was left behind ended');
    } finally {
      watching();
    }
    expect(raced).toMatchObject({ status: 'FAILED', error: { code: 'NOT_SENT' } });
    // The provider is free again: the next change goes through.
    expect((await rename('After the left row')).auditEvent.status).toBe('SUCCEEDED');
  });

  it('ends its row FAILED, with one mutation.failed event, when the live read fails', async () => {
    await rename('Read fails next');
    h.emulator.clearRequests();
    const [fault] = h.emulator.faults.add({ kind: 'status', status: 503, method: 'GET', path: OIDC_ID });
    const since = new Date();
    try {
      const result = await rename('Not sent either');
      expect(result.auditEvent.status).toBe('FAILED');
      const rows = await rowsSince(since);
      expect(rows.map((row) => [row.id, row.status, row.before, row.planned])).toEqual([[result.auditEvent.id, 'FAILED', null, null]]);
      expect(calls('PATCH')).toBe(0);
      const events = await h.store.db.select().from(outboxEvents).where(eq(outboxEvents.auditEventId, result.auditEvent.id));
      expect(events.map((event) => event.type)).toEqual(['mutation.failed']);
    } finally {
      h.emulator.faults.clear(fault!.id);
    }
  });
});
