// Two gateway instances on one real PostgreSQL (each with its own pools, caches, feed and LISTEN connection,
// as two processes behind a load balancer have), over one cPanel emulator: each point of coherence shown.
// Needs TEST_DATABASE_URL: PGlite belongs to one process, so there is no second instance to be coherent with.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../support/serve.js';
import { SseReader } from '../support/sse.js';
import { waitFor, withTimeout } from '../support/wait.js';
import { DISPLAY, EVERY_REFRESH_READS, versionOf } from '../automation/support.js';
import { cpanelId, whmWrites } from '../cpanel/support.js';
import type { Harness } from '../support/harness.js';
import { openPostgresPair, TEST_DATABASE_URL } from '../support/stores.js';
import { vendorGatewayPair } from '../support/vendor-gateway.js';

const COLOR = `query($id: ID!) { identityProvider(id: $id) { ... on CpanelIdentityProvider { display { service color } } } }`;

describe.skipIf(!TEST_DATABASE_URL)('two instances on one PostgreSQL (set TEST_DATABASE_URL to run)', () => {
  const {
    first: a,
    second: b,
    emulator,
    stores,
  } = vendorGatewayPair('cpanel', () => openPostgresPair(TEST_DATABASE_URL!), { ...EVERY_REFRESH_READS, actor: 'robot' });

  const colorOn = async (h: Harness, key: string) =>
    (await h.gql(COLOR, { id: cpanelId(key) })).data.identityProvider.display.find((d: any) => d.service === 'CPANELD')?.color;
  /** The color `h` shows once it is `expected`, or after 3 s (a NOTIFY takes moments; the cache's entry age is 10 s). */
  const colorSoonOn = async (h: Harness, key: string, expected: string) => {
    const deadline = Date.now() + 3_000;
    let seen = await colorOn(h, key);
    while (seen !== expected && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen = await colorOn(h, key);
    }
    return seen;
  };
  const listCalls = () => emulator.requests.filter((r) => r.path.includes('get_provider')).length;

  beforeAll(async () => {
    expect(await Promise.all([a.services.clusterReady, b.services.clusterReady])).toEqual([null, null]);
    // Both caches warm: A reads the vendor, B takes A's snapshots from the store.
    await a.gql('{ identityProviders(refresh: true) { totalCount } }');
    await b.gql('{ identityProviders { totalCount } }');
  });

  it("drops the other instance's cached snapshots when one instance changes a provider", async () => {
    expect(await colorOn(b, 'facebook')).toBe('3b5998');
    emulator.clearRequests();
    const changed = (await a.gql(DISPLAY, { input: { id: cpanelId('facebook'), service: 'CPANELD', color: '123456' } })).data
      .setCpanelDisplayConfiguration;
    expect(changed.__typename).toBe('SetCpanelDisplayConfigurationPayload');
    const listsAfterWrite = listCalls();
    // B learns of it through NOTIFY and reads the store, not the vendor.
    expect(await colorSoonOn(b, 'facebook', '123456')).toBe('123456');
    expect(listCalls()).toBe(listsAfterWrite);
  });

  it("drops the other instance's cached snapshots when one instance refreshes from the vendor", async () => {
    // A change made at the vendor behind the gateway's back: B would serve its cache for as long as it is fresh.
    expect(await colorOn(b, 'slack')).not.toBe('abcdef');
    emulator.module('slack')!.displayOverrides.cpaneld = { ...emulator.module('slack')!.displayOverrides.cpaneld, color: 'abcdef' };
    await a.gql('{ identityProviders(refresh: true) { totalCount } }');
    expect(await colorSoonOn(b, 'slack', 'abcdef')).toBe('abcdef');
  });

  /** The audit rows of cPanel's google provider that B's subscribers see while `change` runs on A. */
  const rowsSeenOnB = async (change: () => Promise<{ auditEvent: { id: string } }>) => {
    const server = await serve(b);
    const controller = new AbortController();
    const before = b.services.auditFeed.subscriberCount;
    try {
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({
          query: 'subscription { auditEventAdded(connectionId: "whm", providerKey: "google") { id status actor operation input } }',
        }),
        signal: controller.signal,
      });
      const sse = new SseReader(res.body!.getReader());
      await waitFor(() => b.services.auditFeed.subscriberCount > before, 5_000, 'the subscription to reach the feed');
      const done = await change();
      const next = async () => (await withTimeout(sse.next(), 5_000, 'an audit row from the other instance'))!.data.data.auditEventAdded;
      // Until the final row: the PENDING one may not come (see the test of rows too long for a notification).
      const rows = [await next()];
      if (rows[0].status === 'PENDING') rows.push(await next());
      return { done, rows };
    } finally {
      controller.abort();
      await server.close();
      // Gone from the feed before the next test counts subscribers.
      await waitFor(() => b.services.auditFeed.subscriberCount === before, 5_000, 'the subscription to leave the feed');
    }
  };

  it('streams, on a subscription to one instance, the audit rows a mutation through the other writes', async () => {
    const { done, rows } = await rowsSeenOnB(
      async () =>
        (await a.gql(DISPLAY, { input: { id: cpanelId('google'), service: 'CPANELD', color: '0f0f0f' } })).data
          .setCpanelDisplayConfiguration,
    );
    expect(rows[0]).toMatchObject({
      id: done.auditEvent.id,
      status: 'PENDING',
      actor: 'robot',
      operation: 'setCpanelDisplayConfiguration',
    });
    expect(rows[1]).toMatchObject({ id: done.auditEvent.id, status: 'SUCCEEDED' });
  });

  it('streams rows too long for a notification too (the other instance reads them by id)', async () => {
    // 2 000 characters in the input, the plan, the requests, the state and the changes: over NOTIFY's 8 000 bytes.
    const documentationUrl = `https://docs.example/${'a'.repeat(1_970)}`;
    const { done, rows } = await rowsSeenOnB(
      async () =>
        (await a.gql(DISPLAY, { input: { id: cpanelId('google'), service: 'CPANELD', documentationUrl } })).data
          .setCpanelDisplayConfiguration,
    );
    expect(done.auditEvent.id).toEqual(expect.any(String));
    // The PENDING row too, when it was short enough to send or still PENDING when read; never the final row twice.
    const seen = rows.map((row: { id: string; status: string }) => [row.id, row.status]);
    expect([
      [[done.auditEvent.id, 'SUCCEEDED']],
      [
        [done.auditEvent.id, 'PENDING'],
        [done.auditEvent.id, 'SUCCEEDED'],
      ],
    ]).toContainEqual(seen);
    expect(rows.at(-1).input).toMatchObject({ documentationUrl });
  });

  it('hands on a row sent by id only while it still has the status it was sent with', async () => {
    const seen: Array<[string, string]> = [];
    const stop = b.services.auditFeed.watch((row) => seen.push([row.id, row.status]));
    try {
      const done = (await a.gql(DISPLAY, { input: { id: cpanelId('google'), service: 'CPANELD', color: '0e0e0e' } })).data
        .setCpanelDisplayConfiguration;
      // A's own messages about it reach B first.
      await waitFor(() => seen.some(([id, status]) => id === done.auditEvent.id && status === 'SUCCEEDED'), 5_000, "A's final row");
      seen.length = 0;
      const notify = (status: string) =>
        stores[0]!.db.execute(
          sql`select pg_notify('idp_gateway', ${JSON.stringify({ from: 'another-instance', auditId: done.auditEvent.id, status })})`,
        );
      // Written PENDING, read once final: told by the final row's own message instead.
      await notify('PENDING');
      await notify('SUCCEEDED');
      await waitFor(() => seen.length > 0, 5_000, 'the row read by id');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(seen).toEqual([[done.auditEvent.id, 'SUCCEEDED']]);
    } finally {
      stop();
    }
  });

  it('drops its whole cache when its LISTEN connection was lost and is back (messages may have been missed)', async () => {
    await b.gql('{ identityProviders { totalCount } }');
    expect(b.services.reader.cache.get('whm')).toBeDefined();
    const before = b.services.reader.cache.version;
    // What a network blip or a PostgreSQL restart does to the listening sessions of this test's database.
    await stores[0].db.execute(
      sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'listen%'`,
    );
    await waitFor(() => b.services.reader.cache.version > before, 10_000, 'the listener to reconnect and drop the cache');
    expect(b.services.reader.cache.get('whm')).toBeUndefined();
    // And it listens again: a change through A reaches B.
    await b.gql('{ identityProviders { totalCount } }');
    await a.gql(DISPLAY, { input: { id: cpanelId('slack'), service: 'CPANELD', color: '13579b' } });
    expect(await colorSoonOn(b, 'slack', '13579b')).toBe('13579b');
  });

  it('runs a request sent with one idempotency key to both instances at once exactly once', async () => {
    emulator.clearRequests();
    const input = { id: cpanelId('cpanelid'), service: 'CPANELD', color: '1a2b3c', idempotencyKey: 'two-instances-1' };
    const [first, second] = await Promise.all([a.gql(DISPLAY, { input }), b.gql(DISPLAY, { input })]);
    const answers = [first.data.setCpanelDisplayConfiguration, second.data.setCpanelDisplayConfiguration];
    expect(answers.map((x) => x.__typename)).toEqual(['SetCpanelDisplayConfigurationPayload', 'SetCpanelDisplayConfigurationPayload']);
    expect(answers[0].auditEvent.id).toBe(answers[1].auditEvent.id);
    expect(answers.map((x) => x.replayed).sort()).toEqual([false, true]);
    expect(whmWrites(emulator)).toHaveLength(1);
  });

  it('serializes changes of one provider across instances: of two with the same expectedVersion, one lands', async () => {
    const version = await versionOf(a, 'facebook');
    emulator.clearRequests();
    const [first, second] = await Promise.all([
      a.gql(DISPLAY, { input: { id: cpanelId('facebook'), service: 'CPANELD', color: 'aa0000', expectedVersion: version } }),
      b.gql(DISPLAY, { input: { id: cpanelId('facebook'), service: 'CPANELD', color: '00aa00', expectedVersion: version } }),
    ]);
    const kinds = [first.data.setCpanelDisplayConfiguration.__typename, second.data.setCpanelDisplayConfiguration.__typename].sort();
    expect(kinds).toEqual(['SetCpanelDisplayConfigurationPayload', 'VersionConflictError']);
    expect(whmWrites(emulator)).toHaveLength(1);
  });
});
