// Certificate notices from two gateway instances over one store, running at the same moment, again and again:
// each notice is in the outbox once (its dedupe key). On PostgreSQL the two instances have stores of their own on
// one database, as two processes would, so the uniqueness is the database's, not one process's.
import { describe, expect, it } from 'vitest';
import { STORE_KINDS } from '../support/stores.js';
import { describeNotice, noticesOf, sandboxPair, storePair, testClock, toldNotices } from './support.js';

describe.each(STORE_KINDS)('certificate notices from two instances on $name', (kind) => {
  const pair = sandboxPair(storePair(kind));
  const clock = testClock();

  it('tells each notice once when both instances run them concurrently', async () => {
    expect((await pair.first.gql('{ identityProviders { totalCount } }')).errors).toBeUndefined();
    const [a, b] = [noticesOf(pair.first.services, clock.now), noticesOf(pair.second.services, clock.now)];
    const both = async () => (await Promise.all([a.run(), b.run(), a.run(), b.run()])).flat();
    // Each notice is written by exactly one of the runs.
    expect((await both()).length).toBe(2);
    clock.advanceDays(6);
    expect((await both()).length).toBe(1);
    clock.advanceDays(315);
    expect((await both()).length).toBe(3);
    expect(await both()).toEqual([]);
    const told = await toldNotices(pair.stores[0].db);
    expect(told.map(describeNotice).sort()).toEqual([
      'certificate.expired akamai signing 5d threshold 0',
      'certificate.expired twosms signing 25d threshold 0',
      'certificate.expiring akamai chain 400d threshold 90',
      'certificate.expiring akamai signing 5d threshold 7',
      'certificate.expiring twosms signing 25d threshold 30',
      'certificate.expiring twosms signing 400d threshold 90',
    ]);
    expect(new Set(told.map((notice) => notice.dedupeKey)).size).toBe(told.length);
  });
});
