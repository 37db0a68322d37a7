// auditEventAdded over SSE (a real HTTP request to yoga), and the in-process feed behind it.
import { describe, expect, it } from 'vitest';
import { AuditFeed, AuditFeedOverflowError } from '../../src/core/audit/feed.js';
import { AuditLog } from '../../src/core/audit/log.js';
import { type AuditEventRow, insertAuditEvent } from '../../src/store/audit.js';
import { servedForSuite } from '../support/serve.js';
import { SseReader } from '../support/sse.js';
import { STORE_KINDS } from '../support/stores.js';
import { vendorGateway } from '../support/vendor-gateway.js';
import { waitFor, withTimeout } from '../support/wait.js';
import { seedEvent, TOKEN } from './support.js';

const row = (id: string, overrides: Partial<AuditEventRow> = {}): AuditEventRow =>
  ({ id, connectionId: 'c', status: 'PENDING', ...overrides }) as AuditEventRow;

describe('AuditFeed', () => {
  it('hands each subscriber the rows its filter accepts, in publish order', async () => {
    const feed = new AuditFeed();
    const all = feed.subscribe();
    const onlyB = feed.subscribe({ filter: (r) => r.connectionId === 'b' });
    feed.publish(row('1', { connectionId: 'a' }));
    feed.publish(row('2', { connectionId: 'b' }));
    feed.publish(row('3', { connectionId: 'b' }));
    expect((await all.next()).value.id).toBe('1');
    expect((await all.next()).value.id).toBe('2');
    expect((await onlyB.next()).value.id).toBe('2');
    expect((await onlyB.next()).value.id).toBe('3');
    // A reader waiting before the row is published gets it too.
    const waiting = onlyB.next();
    feed.publish(row('4', { connectionId: 'b' }));
    expect((await waiting).value.id).toBe('4');
  });

  it('forgets a subscriber on return() or abort, and ends a waiting read', async () => {
    const feed = new AuditFeed();
    const first = feed.subscribe();
    const controller = new AbortController();
    const second = feed.subscribe({ signal: controller.signal });
    expect(feed.subscriberCount).toBe(2);
    const pending = first.next();
    await first.return!();
    expect(await pending).toEqual({ value: undefined, done: true });
    controller.abort();
    expect(feed.subscriberCount).toBe(0);
    expect(await second.next()).toEqual({ value: undefined, done: true });
    feed.publish(row('x'));
    expect(await first.next()).toEqual({ value: undefined, done: true });
  });

  it('ends a subscriber that falls too far behind with an error, after what it had queued is dropped', async () => {
    const feed = new AuditFeed();
    const slow = feed.subscribe({ maxQueued: 3 });
    const fast = feed.subscribe();
    for (let i = 0; i < 5; i += 1) feed.publish(row(String(i)));
    expect(feed.subscriberCount).toBe(1);
    await expect(slow.next()).rejects.toBeInstanceOf(AuditFeedOverflowError);
    expect((await fast.next()).value.id).toBe('0');
  });

  it('survives a filter that throws (the row is skipped for that subscriber only)', async () => {
    const feed = new AuditFeed();
    const broken = feed.subscribe({
      filter: () => {
        throw new Error('bad filter');
      },
    });
    const fine = feed.subscribe();
    expect(() => feed.publish(row('1'))).not.toThrow();
    expect((await fine.next()).value.id).toBe('1');
    await broken.return!();
  });
});

describe.each(STORE_KINDS)('auditEventAdded over SSE on $name', (kind) => {
  const h = vendorGateway('cpanel', { kind, secret: TOKEN });
  const server = servedForSuite(h);

  /** Opens the subscription as an SSE request and waits until the gateway has subscribed it to the feed. */
  async function subscribe(args: string) {
    const controller = new AbortController();
    const before = h.services.auditFeed.subscriberCount;
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({
        query: `subscription { auditEventAdded${args ? `(${args})` : ''} { id status kind connectionId actor operation finishedAt reason } }`,
      }),
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const sse = new SseReader(res.body!.getReader());
    await waitFor(() => h.services.auditFeed.subscriberCount > before, 5_000, 'the subscription to reach the feed');
    const next = async () => {
      const message = await withTimeout(sse.next(), 5_000, 'an SSE event');
      expect(message?.event).toBe('next');
      expect(message?.data.errors).toBeUndefined();
      return message!.data.data.auditEventAdded;
    };
    const close = async () => {
      const open = h.services.auditFeed.subscriberCount;
      controller.abort();
      await waitFor(() => h.services.auditFeed.subscriberCount < open, 5_000, 'the subscription to be released after the client left');
    };
    return { next, close };
  }

  it('streams a row when it is inserted (PENDING) and again when it is finished', async () => {
    const sub = await subscribe('connectionId: "sse-1"');
    const log = h.services.auditLog;
    const pending = await log.insert(h.store.db, seedEvent({ connectionId: 'sse-1', requestId: 'r-1' }));
    expect(await sub.next()).toMatchObject({
      id: pending.id,
      status: 'PENDING',
      kind: 'MUTATION',
      connectionId: 'sse-1',
      finishedAt: null,
    });
    await log.finish(h.store.db, pending.id, { status: 'FAILED', reason: 'interrupted' });
    const final = await sub.next();
    expect(final).toMatchObject({ id: pending.id, status: 'FAILED', reason: 'interrupted' });
    expect(final.finishedAt).toEqual(expect.any(String));
    await sub.close();
    expect(h.services.auditFeed.subscriberCount).toBe(0);
  });

  it('streams a real mutation: PENDING before the vendor call, then SUCCEEDED, same id', async () => {
    const sub = await subscribe('connectionId: "whm", providerKey: "slack"');
    const res = await h.gql(
      `mutation($input: SetCpanelClientConfigurationInput!) { setCpanelClientConfiguration(input: $input) { __typename
        ... on SetCpanelClientConfigurationPayload { auditEvent { id } } } }`,
      { input: { id: h.globalId('slack'), service: 'WEBMAILD', clientId: 'slack-sse-client' } },
    );
    const id = res.data.setCpanelClientConfiguration.auditEvent.id;
    expect(await sub.next()).toMatchObject({
      id,
      status: 'PENDING',
      actor: 'test-actor',
      operation: 'setCpanelClientConfiguration',
      finishedAt: null,
    });
    expect(await sub.next()).toMatchObject({ id, status: 'SUCCEEDED' });
    await sub.close();
  });

  it('applies the same filters as auditEvents: only matching rows reach the subscriber', async () => {
    const sub = await subscribe(
      'connectionId: "sse-2", vendor: AKAMAI, actor: "bob", status: [SUCCEEDED, REJECTED], operation: "op", kind: MUTATION, since: "2000-01-01T00:00:00Z"',
    );
    const log = h.services.auditLog;
    const db = h.store.db;
    const match = { connectionId: 'sse-2', vendor: 'akamai' as const, actor: 'bob', operation: 'op' };
    await log.insert(db, seedEvent({ ...match, connectionId: 'sse-other' }));
    await log.insert(db, seedEvent({ ...match, vendor: 'cpanel', status: 'SUCCEEDED' }));
    await log.insert(db, seedEvent({ ...match, actor: 'alice', status: 'SUCCEEDED' }));
    await log.insert(db, seedEvent({ ...match, operation: 'other', status: 'SUCCEEDED' }));
    await log.insert(db, seedEvent({ ...match, kind: 'DRIFT_DETECTED', status: 'SUCCEEDED' }));
    const pending = await log.insert(db, seedEvent(match)); // PENDING: not asked for
    const done = await log.finish(db, pending.id, { status: 'SUCCEEDED' });
    const rejected = await log.insert(db, seedEvent({ ...match, status: 'REJECTED' }));
    expect(await sub.next()).toMatchObject({ id: done.id, status: 'SUCCEEDED' });
    expect(await sub.next()).toMatchObject({ id: rejected.id, status: 'REJECTED' });
    await sub.close();
  });

  it('serves several subscribers at once, each with its own filter; plain store writes are not published', async () => {
    const a = await subscribe('connectionId: "sse-3a"');
    const b = await subscribe('connectionId: "sse-3b"');
    await insertAuditEvent(h.store.db, seedEvent({ connectionId: 'sse-3a', operation: 'unpublished' }));
    const rowB = await h.services.auditLog.insert(h.store.db, seedEvent({ connectionId: 'sse-3b' }));
    const rowA = await h.services.auditLog.insert(h.store.db, seedEvent({ connectionId: 'sse-3a' }));
    expect((await b.next()).id).toBe(rowB.id);
    expect((await a.next()).id).toBe(rowA.id);
    await a.close();
    await b.close();
  });

  it('publishes through AuditLog.publish a row written by other means (e.g. after a transaction commits)', async () => {
    const sub = await subscribe('connectionId: "sse-4"');
    const row = await h.store.db.transaction((tx) => insertAuditEvent(tx, seedEvent({ connectionId: 'sse-4' })));
    h.services.auditLog.publish(row);
    expect((await sub.next()).id).toBe(row.id);
    await sub.close();
    expect(new AuditLog(new AuditFeed()).feed.subscriberCount).toBe(0);
  });
});
