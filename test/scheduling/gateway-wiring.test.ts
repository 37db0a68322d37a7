// The scheduled work as `npm start` runs it (listenGateway on the sandbox): the certificate-notices job is claimed
// by the instance when it starts, and a filter that makes the certificate scan write rows sends the notices owed
// without waiting for the next hour; closing the gateway stops it all.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduledRuns } from '../../src/store/tables.js';
import { describeNotice, toldNotices } from '../certificates/support.js';
import { type LiveGateway, startLiveGateway } from '../support/live-gateway.js';

/** `read()` until `done` says its value will do, for at most `ms`. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('scheduled work in a running gateway', () => {
  let live: LiveGateway;
  beforeAll(async () => {
    live = await startLiveGateway();
  });
  afterAll(async () => {
    await live?.close();
  });

  it('claims the certificate notices at start and sends notices after a scan that wrote rows', async () => {
    const { services } = live.gateway;
    const [run] = await eventually(
      () => services.db.select().from(scheduledRuns).where(eq(scheduledRuns.name, 'certificate-notices')),
      (rows) => rows.length > 0,
      15_000,
    );
    expect(run?.lastInstance).toBe(services.lease.id);
    expect(run!.nextRunAt.getTime() - run!.lastRunAt!.getTime()).toBe(3_600_000);
    // Nothing read yet, so nothing told; the filter reads the vendors, scans, and the scan's rows send the notices.
    const res = await fetch(live.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ identityProviders(certificateExpiresWithinDays: 30) { totalCount } }' }),
    });
    expect(((await res.json()) as { data: { identityProviders: { totalCount: number } } }).data.identityProviders.totalCount).toBe(2);
    const told = await eventually(
      () => toldNotices(services.db),
      (notices) => notices.length >= 2,
      15_000,
    );
    expect(told.map(describeNotice).sort()).toEqual([
      'certificate.expiring akamai signing 5d threshold 7',
      'certificate.expiring twosms signing 25d threshold 30',
    ]);
  });
});
