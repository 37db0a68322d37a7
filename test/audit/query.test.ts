// auditEvents: every filter, Relay paging (keyset on started_at, id; newest first) and the new fields,
// on every test store.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { finishAuditEvent, insertAuditEvent, listAuditEvents } from '../../src/store/audit.js';
import { STORE_KINDS } from '../support/stores.js';
import { vendorGateway } from '../support/vendor-gateway.js';
import { at, seedEvent, TOKEN } from './support.js';

const FIELDS = `id occurredAt finishedAt kind status reason requestId actor operation connectionId vendor providerKey
  plannedRequests { method path query headers body purpose } changes { path before after secret } vendorRequests { method path status }`;

/** The planned request seeded on r6 (a dry run), as it is stored and shown: secrets already redacted. */
const R6_PLANNED_REQUESTS = [
  {
    method: 'PATCH',
    path: '/organizations/sso/oidc/provider-credentials/okta',
    query: {},
    headers: { 'content-type': 'application/json', 'slashid-api-key': '[REDACTED]' },
    body: '{"client_id":"new","client_secret":"[REDACTED]"}',
    purpose: 'update the credentials',
  },
];

describe.each(STORE_KINDS)('auditEvents on $name', (kind) => {
  const h = vendorGateway('cpanel', { kind, secret: TOKEN });
  /** Seeded ids by name, r1 (oldest) .. r7 (newest). */
  const ids: Record<string, string> = {};

  const VARIABLE_TYPES: Record<string, string> = { since: 'DateTime', until: 'DateTime', after: 'String' };
  const query = async (args: string, vars: Record<string, unknown> = {}) => {
    const declared = Object.keys(vars).map((name) => `$${name}: ${VARIABLE_TYPES[name]}`);
    const res = await h.gql(
      `query${declared.length ? `(${declared.join(', ')})` : ''} { auditEvents(${args}) {
        edges { cursor node { ${FIELDS} } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
      vars,
    );
    expect(res.errors).toBeUndefined();
    return res.data.auditEvents;
  };
  const names = async (args: string, vars: Record<string, unknown> = {}) => {
    const byId = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
    const page = await query(args ? `first: 200, ${args}` : 'first: 200', vars);
    return page.edges.map((e: any) => byId[e.node.id] ?? `other:${e.node.connectionId}`);
  };
  // Seeded rows only (rows of other tests are in the same store).
  const SEEDED = 'since: "2031-01-01T00:00:00Z"';

  beforeAll(async () => {
    const log = h.services.auditLog;
    const db = h.store.db;
    const seed = async (
      name: string,
      minutes: number,
      event: Parameters<typeof seedEvent>[0],
      final?: Parameters<typeof finishAuditEvent>[2],
    ) => {
      const row = await log.insert(db, seedEvent({ ...event, startedAt: at(minutes) }));
      if (final) await log.finish(db, row.id, { finishedAt: at(minutes + 0.5), ...final });
      ids[name] = row.id;
    };
    await seed('r1', 1, { connectionId: 'seed-a', providerKey: 'google' }, { status: 'SUCCEEDED' });
    await seed(
      'r2',
      2,
      { connectionId: 'seed-a', providerKey: 'slack', actor: 'bob' },
      { status: 'FAILED', error: { code: 'VENDOR_ERROR', message: 'boom' } },
    );
    await seed(
      'r3',
      3,
      { connectionId: 'seed-b', vendor: 'akamai', providerKey: 'p1', operation: 'createAkamaiProvider', status: 'REJECTED' },
      { status: 'REJECTED' },
    );
    await seed('r4', 4, {
      connectionId: 'seed-b',
      vendor: 'akamai',
      providerKey: 'p1',
      actor: 'gateway',
      operation: 'refresh',
      kind: 'DRIFT_DETECTED',
      status: 'SUCCEEDED',
    });
    await seed('r5', 5, { connectionId: 'seed-a', vendor: 'huawei', providerKey: 'idp1', operation: 'createHuaweiIdentityProvider' });
    await seed('r6', 6, {
      connectionId: 'seed-b',
      vendor: 'slashid',
      providerKey: 'okta',
      actor: 'bob',
      operation: 'updateSlashIdOidcCredentials',
      status: 'DRY_RUN',
      requestId: 'req-66',
      plannedRequests: R6_PLANNED_REQUESTS,
    });
    await seed('r7', 7, { connectionId: 'seed-a', providerKey: 'google' }, { status: 'UNKNOWN', reason: 'interrupted' });
  });

  it('lists newest first, and filters by connection, vendor, provider, actor, operation and kind', async () => {
    expect(await names(SEEDED)).toEqual(['r7', 'r6', 'r5', 'r4', 'r3', 'r2', 'r1']);
    expect(await names('connectionId: "seed-a"')).toEqual(['r7', 'r5', 'r2', 'r1']);
    expect(await names(`${SEEDED}, vendor: AKAMAI`)).toEqual(['r4', 'r3']);
    expect(await names('connectionId: "seed-a", providerKey: "google"')).toEqual(['r7', 'r1']);
    expect(await names(`${SEEDED}, actor: "bob"`)).toEqual(['r6', 'r2']);
    expect(await names(`${SEEDED}, operation: "createAkamaiProvider"`)).toEqual(['r3']);
    expect(await names(`${SEEDED}, kind: DRIFT_DETECTED`)).toEqual(['r4']);
    expect(await names(`${SEEDED}, kind: MUTATION, vendor: AKAMAI`)).toEqual(['r3']);
    expect(await names('connectionId: "nowhere"')).toEqual([]);
  });

  it('filters by any of several statuses; an empty list filters nothing', async () => {
    expect(await names(`${SEEDED}, status: [SUCCEEDED, FAILED]`)).toEqual(['r4', 'r2', 'r1']);
    expect(await names(`${SEEDED}, status: [PENDING]`)).toEqual(['r5']);
    expect(await names(`${SEEDED}, status: DRY_RUN`)).toEqual(['r6']);
    expect(await names(`${SEEDED}, status: []`)).toHaveLength(7);
  });

  it('filters by a time range on occurredAt: since inclusive, until exclusive', async () => {
    expect(await names('since: $since', { since: at(2).toISOString() })).toEqual(['r7', 'r6', 'r5', 'r4', 'r3', 'r2']);
    expect(await names('since: $since, until: $until', { since: at(2).toISOString(), until: at(4).toISOString() })).toEqual(['r3', 'r2']);
    expect(await names('until: $until, connectionId: "seed-b"', { until: at(4).toISOString() })).toEqual(['r3']);
    expect(await names('since: "2031-03-01T12:03:00Z", until: "2031-03-01T12:03:00.001Z"')).toEqual(['r3']);
    const bad = await h.gql('{ auditEvents(since: "yesterday") { edges { cursor } } }');
    expect(bad.errors?.[0]?.message).toMatch(/since|DateTime/);
  });

  it('pages as a Relay connection: every row once, in order, with cursors that carry on', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: any = await query(`first: 3, after: $after, ${SEEDED}`, { after });
      pages += 1;
      seen.push(...page.edges.map((e: any) => e.node.id));
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(['r7', 'r6', 'r5', 'r4', 'r3', 'r2', 'r1'].map((n) => ids[n]));
    // Filters and paging together.
    const first = await query('first: 1, connectionId: "seed-a"');
    const second = await query('first: 1, connectionId: "seed-a", after: $after', { after: first.pageInfo.endCursor });
    expect([first.edges[0].node.id, second.edges[0].node.id]).toEqual([ids.r7, ids.r5]);
  });

  it('pages exactly through rows that started within one millisecond (microseconds and equal times)', async () => {
    // Postgres keeps microseconds; a cursor cut to a JS Date's milliseconds would skip or repeat these.
    const times = [
      '2031-04-01T00:00:00.000900Z',
      '2031-04-01T00:00:00.000100Z',
      '2031-04-01T00:00:00.000500Z',
      '2031-04-01T00:00:00.000500Z',
      '2031-04-01T00:00:00.000500Z',
    ];
    for (const time of times) {
      await h.store.db.execute(sql`insert into audit_events (actor, operation, connection_id, vendor, provider_key, status, input, started_at)
        values ('alice', 'op', 'micro', 'cpanel', 'k', 'SUCCEEDED', '{}'::jsonb, ${time}::timestamptz)`);
    }
    const all = await listAuditEvents(h.store.db, { connectionId: 'micro', limit: 10 });
    expect(all).toHaveLength(5);
    expect(all.map((r) => r.position.startedAt)).toEqual([
      '2031-04-01T00:00:00.000900Z',
      '2031-04-01T00:00:00.000500Z',
      '2031-04-01T00:00:00.000500Z',
      '2031-04-01T00:00:00.000500Z',
      '2031-04-01T00:00:00.000100Z',
    ]);
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i += 1) {
      const page: any = await query('first: 1, connectionId: "micro", after: $after', { after });
      seen.push(...page.edges.map((e: any) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.map((r) => r.id));
    // And forwards (the export's order).
    const forwards = [];
    let position;
    for (let i = 0; i < 10; i += 1) {
      const [row] = await listAuditEvents(h.store.db, { connectionId: 'micro', order: 'oldest-first', after: position, limit: 1 });
      if (!row) break;
      forwards.push(row.id);
      position = row.position;
    }
    expect(forwards).toEqual([...seen].reverse());
  });

  it('refuses a cursor it did not hand out, naming the argument', async () => {
    const res = await h.gql('{ auditEvents(after: "bm90LWEtY3Vyc29y") { edges { cursor } } }');
    expect(res.errors?.[0]).toMatchObject({ message: expect.stringMatching(/after/), extensions: { code: 'VALIDATION_FAILED' } });
  });

  it('shows kind, reason, requestId and the planned vendor requests', async () => {
    const [r6] = (await query('first: 1, connectionId: "seed-b", status: [DRY_RUN]')).edges.map((e: any) => e.node);
    expect(r6).toMatchObject({
      kind: 'MUTATION',
      status: 'DRY_RUN',
      requestId: 'req-66',
      vendor: 'SLASHID',
      finishedAt: null,
      reason: null,
      plannedRequests: R6_PLANNED_REQUESTS,
    });
    const [r7] = (await query('first: 1, connectionId: "seed-a"')).edges.map((e: any) => e.node);
    expect(r7).toMatchObject({
      id: ids.r7,
      status: 'UNKNOWN',
      reason: 'interrupted',
      kind: 'MUTATION',
      plannedRequests: [],
      finishedAt: '2031-03-01T12:07:30.000Z',
    });
    const [r4] = (await query('first: 1, kind: DRIFT_DETECTED, connectionId: "seed-b"')).edges.map((e: any) => e.node);
    expect(r4).toMatchObject({ id: ids.r4, kind: 'DRIFT_DETECTED', occurredAt: '2031-03-01T12:04:00.000Z' });
  });

  it('lists what a real mutation wrote, with its field changes and vendor requests', async () => {
    const res = await h.gql(
      `mutation($input: SetCpanelClientConfigurationInput!) { setCpanelClientConfiguration(input: $input) { __typename
        ... on SetCpanelClientConfigurationPayload { auditEvent { id } } } }`,
      { input: { id: h.globalId('slack'), service: 'WEBMAILD', clientId: 'slack-audit-client' } },
    );
    expect(res.errors).toBeUndefined();
    const id = res.data.setCpanelClientConfiguration.auditEvent.id;
    const page = await query(
      'first: 5, connectionId: "whm", vendor: CPANEL, providerKey: "slack", actor: "test-actor", operation: "setCpanelClientConfiguration", status: [SUCCEEDED], kind: MUTATION',
    );
    expect(page.edges[0].node).toMatchObject({ id, status: 'SUCCEEDED', connectionId: 'whm' });
    expect(page.edges[0].node.changes).toContainEqual({
      path: 'clientId',
      before: '000000000.sandbox',
      after: 'slack-audit-client',
      secret: false,
    });
    expect(page.edges[0].node.vendorRequests.map((r: any) => r.path)).toContain('/json-api/set_provider_client_configurations');
  });

  it('keeps the store functions as they were (insert, finish) for callers that do not publish', async () => {
    const row = await insertAuditEvent(h.store.db, seedEvent({ connectionId: 'plain' }));
    const done = await finishAuditEvent(h.store.db, row.id, { status: 'SUCCEEDED' });
    expect(done).toMatchObject({ id: row.id, status: 'SUCCEEDED', kind: 'MUTATION' });
    expect(await names('connectionId: "plain"')).toEqual(['other:plain']);
  });
});
