// GET /audit.jsonl: JSON Lines, oldest first, filters, internal paging, 400 on a bad parameter.
import { beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_EXPORT_PAGE_SIZE } from '../../src/http/audit-export.js';
import { auditEvents } from '../../src/store/tables.js';
import { serve } from '../support/serve.js';
import { STORE_KINDS } from '../support/stores.js';
import { vendorGateway } from '../support/vendor-gateway.js';
import { at, seedEvent, TOKEN } from './support.js';

const LINE_KEYS = [
  'id',
  'occurredAt',
  'finishedAt',
  'kind',
  'status',
  'reason',
  'actor',
  'operation',
  'connectionId',
  'vendor',
  'providerKey',
  'requestId',
  'durationMs',
  'input',
  'before',
  'after',
  'planned',
  'changes',
  'plannedRequests',
  'vendorRequests',
  'error',
];
const SECRET = 'cpanel-client-secret-export-distinctive-77c1';

describe.each(STORE_KINDS)('GET /audit.jsonl on $name', (kind) => {
  const h = vendorGateway('cpanel', { kind, secret: TOKEN });
  const ids: string[] = [];

  const get = (query: string, init: { method?: string } = {}) => h.yoga.fetch(`http://gateway.test/audit.jsonl${query}`, init);
  const lines = async (query: string) => {
    const res = await get(query);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const text = await res.text();
    expect(text === '' || text.endsWith('\n')).toBe(true);
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  };
  const seededIds = async (query: string) => (await lines(query)).map((l) => ids.indexOf(l.id));

  beforeAll(async () => {
    const log = h.services.auditLog;
    // e0 .. e5, one minute apart, inserted out of order.
    const specs = [
      { minutes: 3, event: { connectionId: 'exp-a', status: 'SUCCEEDED' as const } },
      { minutes: 0, event: { connectionId: 'exp-a', actor: 'bob' } },
      {
        minutes: 5,
        event: { connectionId: 'exp-b', vendor: 'twosms' as const, status: 'FAILED' as const, kind: 'DRIFT_DETECTED' as const },
      },
      { minutes: 1, event: { connectionId: 'exp-b', status: 'REJECTED' as const, requestId: 'req-1' } },
      { minutes: 4, event: { connectionId: 'exp-a', status: 'DRY_RUN' as const, operation: 'other' } },
      { minutes: 2, event: { connectionId: 'exp-a', status: 'UNKNOWN' as const } },
    ];
    const byMinute: string[] = [];
    for (const spec of specs) {
      const row = await log.insert(h.store.db, seedEvent({ ...spec.event, startedAt: at(spec.minutes) }));
      byMinute[spec.minutes] = row.id;
    }
    ids.push(...byMinute);
  });

  it('streams every event oldest first, one JSON object per line, in the documented shape', async () => {
    const all = await lines('?since=2031-03-01T12:00:00Z&until=2031-03-02');
    expect(all.map((l) => ids.indexOf(l.id))).toEqual([0, 1, 2, 3, 4, 5]);
    for (const line of all) expect(Object.keys(line)).toEqual(LINE_KEYS);
    expect(all[1]).toMatchObject({
      occurredAt: '2031-03-01T12:01:00.000Z',
      finishedAt: null,
      kind: 'MUTATION',
      status: 'REJECTED',
      reason: null,
      actor: 'alice',
      operation: 'setCpanelClientConfiguration',
      connectionId: 'exp-b',
      vendor: 'cpanel',
      providerKey: 'google',
      requestId: 'req-1',
      durationMs: null,
      input: { clientId: 'x' },
      before: null,
      after: null,
      planned: null,
      changes: [],
      plannedRequests: [],
      vendorRequests: [],
      error: null,
    });
    expect(all[5]).toMatchObject({ vendor: 'twosms', kind: 'DRIFT_DETECTED', status: 'FAILED' });
  });

  it('filters: since inclusive, until exclusive, connection, vendor, actor, statuses, operation, kind', async () => {
    expect(await seededIds(`?since=${at(2).toISOString()}&until=2031-03-02T00:00:00Z`)).toEqual([2, 3, 4, 5]);
    expect(await seededIds(`?since=2031-03-01&until=${encodeURIComponent(at(2).toISOString())}`)).toEqual([0, 1]);
    // An offset, with "+" left unencoded (it arrives as a space).
    expect(await seededIds('?since=2031-03-01T14:03:00+02:00&until=2031-03-02')).toEqual([3, 4, 5]);
    expect(await seededIds('?connectionId=exp-a')).toEqual([0, 2, 3, 4]);
    expect(await seededIds('?connectionId=exp-a&status=SUCCEEDED,DRY_RUN')).toEqual([3, 4]);
    expect(await seededIds('?connectionId=exp-a&status=SUCCEEDED&status=PENDING')).toEqual([0, 3]);
    expect(await seededIds('?since=2031-01-01&vendor=TWOSMS')).toEqual([5]);
    expect(await seededIds('?since=2031-01-01&kind=DRIFT_DETECTED')).toEqual([5]);
    expect(await seededIds('?connectionId=exp-a&actor=bob')).toEqual([0]);
    expect(await seededIds('?connectionId=exp-a&operation=other')).toEqual([4]);
    expect(await lines('?connectionId=nobody')).toEqual([]);
  });

  it(`pages through the store internally (${AUDIT_EXPORT_PAGE_SIZE} rows at a time) without losing or repeating a row`, async () => {
    const total = AUDIT_EXPORT_PAGE_SIZE * 2 + 37;
    const base = Date.parse('2032-01-01T00:00:00Z');
    // Pairs of rows share a start time, so the id decides their order within it.
    const rows = Array.from({ length: total }, (_, i) => ({
      ...seedEvent({ connectionId: 'exp-bulk', providerKey: `p${i}` }),
      startedAt: new Date(base + Math.floor(i / 2) * 1000),
    }));
    await h.store.db.insert(auditEvents).values(rows);
    const exported = await lines('?connectionId=exp-bulk');
    expect(exported).toHaveLength(total);
    expect(new Set(exported.map((l) => l.id)).size).toBe(total);
    for (let i = 1; i < exported.length; i += 1) {
      const [prev, cur] = [exported[i - 1], exported[i]];
      expect(prev.occurredAt < cur.occurredAt || (prev.occurredAt === cur.occurredAt && prev.id < cur.id)).toBe(true);
    }
  });

  it('stops reading when the client goes away', async () => {
    const res = await get('?connectionId=exp-bulk');
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    // One store page per chunk, read only as the client asks for more.
    expect(new TextDecoder().decode(first.value).split('\n').filter(Boolean)).toHaveLength(AUDIT_EXPORT_PAGE_SIZE);
    await reader.cancel();
  });

  it('answers a bad parameter with 400 and a JSON error naming it, before reading anything', async () => {
    const cases: Array<[string, string]> = [
      ['?since=yesterday', 'since'],
      ['?since=2031-02-30T25:00:00Z', 'since'],
      ['?since=2031-03-01T12:00:00', 'since'],
      ['?since=', 'since'],
      ['?since=2031-01-01&since=2031-01-02', 'since'],
      ['?until=soon', 'until'],
      ['?status=DONE', 'status'],
      ['?vendor=okta', 'vendor'],
      ['?kind=OTHER', 'kind'],
      ['?sinse=2031-01-01', 'sinse'],
    ];
    for (const [query, parameter] of cases) {
      const res = await get(query);
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const body = await res.json();
      expect(body, query).toEqual({ error: { code: 'BAD_REQUEST', parameter, message: expect.stringContaining(parameter) } });
    }
    const post = await get('', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
  });

  it('exports a real mutation over real HTTP, without its secret', async () => {
    const res = await h.gql(
      `mutation($input: SetCpanelClientConfigurationInput!) { setCpanelClientConfiguration(input: $input) { __typename
        ... on SetCpanelClientConfigurationPayload { auditEvent { id } } } }`,
      { input: { id: h.globalId('slack'), service: 'WEBMAILD', clientId: 'slack-export-client', clientSecret: SECRET } },
    );
    expect(res.data.setCpanelClientConfiguration.__typename).toBe('SetCpanelClientConfigurationPayload');
    const server = await serve(h);
    try {
      const http = await fetch(`${server.url}/audit.jsonl?connectionId=whm&status=SUCCEEDED&since=2020-01-01T00:00:00Z`);
      expect(http.status).toBe(200);
      const text = await http.text();
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(TOKEN);
      const [line] = text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
      expect(line).toMatchObject({
        id: res.data.setCpanelClientConfiguration.auditEvent.id,
        status: 'SUCCEEDED',
        vendor: 'cpanel',
        providerKey: 'slack',
      });
      expect(line.changes).toContainEqual({ path: 'clientSecret', before: null, after: null, secret: true });
      expect(line.input.clientSecret).toMatch(/^hmac-sha256:/);
    } finally {
      await server.close();
    }
  });
});
