// Scheduled drift checks (issue 17.5): a cPanel connection with `driftCheckIntervalSeconds`, two gateway instances
// over one store (on PostgreSQL: stores of their own on one database), both ticking their schedulers at the same
// moments of a clock the test moves. A provider changed at the emulator is found by exactly one check after the
// interval: one list read at the vendor per period, one DRIFT_DETECTED row and one drift.detected outbox row.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayJobs, gatewayJobs } from '../../src/core/scheduling/gateway-jobs.js';
import { listAuditEvents } from '../../src/store/audit.js';
import { outboxEvents, scheduledRuns } from '../../src/store/tables.js';
import { STORE_KINDS } from '../support/stores.js';
import { vendorGatewayPair } from '../support/vendor-gateway.js';
import { storePair, testClock } from '../certificates/support.js';

const LIST_PATH = '/json-api/get_available_authentication_providers';

describe.each(STORE_KINDS)('scheduled drift checks with two instances on $name', (kind) => {
  const {
    first: a,
    second: b,
    emulator,
  } = vendorGatewayPair('cpanel', storePair(kind), {
    secret: 'WHMTOKEN-scheduled-drift-7d21',
    // No floor between refreshes: the clock here moves faster than performance.now().
    connection: { minRefreshIntervalSeconds: 0, driftCheckIntervalSeconds: 60 },
  });
  const clock = testClock(Date.parse('2032-03-01T00:00:00Z'));
  let jobs: GatewayJobs[] = [];
  beforeAll(() => {
    jobs = [gatewayJobs({ services: a.services, now: clock.now }), gatewayJobs({ services: b.services, now: clock.now })];
  });
  afterAll(async () => {
    await Promise.all(jobs.map((j) => j.stop()));
  });

  const tickBoth = async () => (await Promise.all(jobs.map((j) => j.scheduler.tick()))).flat();
  const listReads = () => emulator.requests.filter((request) => request.path === LIST_PATH).length;
  const driftRows = async () =>
    (await listAuditEvents(a.store.db, { connectionId: 'whm', limit: 100 })).filter((row) => row.kind === 'DRIFT_DETECTED');
  const driftEvents = () =>
    a.store.db
      .select()
      .from(outboxEvents)
      .where(and(eq(outboxEvents.type, 'drift.detected'), eq(outboxEvents.connectionId, 'whm')));

  it('checks once per interval, whichever instance, and records a drift once', async () => {
    // The first period: one check (the baseline read: nothing to compare yet), by one of the two.
    const ran = await tickBoth();
    expect(ran.filter((name) => name === 'drift-check:whm')).toHaveLength(1);
    expect(listReads()).toBe(1);
    expect(await driftRows()).toEqual([]);

    emulator.module('google')!.enabled.add('webmaild');
    clock.set(clock.now().getTime() + 59_000);
    expect(await tickBoth()).toEqual([]);
    expect(listReads()).toBe(1);

    clock.set(clock.now().getTime() + 1_000);
    expect(await tickBoth()).toEqual(['drift-check:whm']);
    expect(listReads()).toBe(2);
    const rows = await driftRows();
    expect(rows.map((row) => [row.providerKey, row.actor, row.status])).toEqual([['google', 'drift-detector', 'SUCCEEDED']]);
    const events = await driftEvents();
    expect(events.map((event) => [event.providerKey, event.auditEventId])).toEqual([['google', rows[0]!.id]]);

    // The next period: one more check, nothing new drifted.
    clock.set(clock.now().getTime() + 60_000);
    expect(await tickBoth()).toEqual(['drift-check:whm']);
    expect(listReads()).toBe(3);
    expect(await driftRows()).toHaveLength(1);
    expect(await driftEvents()).toHaveLength(1);
    const [run] = await a.store.db.select().from(scheduledRuns).where(eq(scheduledRuns.name, 'drift-check:whm'));
    expect(run!.lastRunAt).toEqual(clock.now());
    expect([a.services.lease.id, b.services.lease.id]).toContain(run!.lastInstance);
  });
});
