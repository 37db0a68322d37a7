// Two gateway instances on one store refreshing the same connection at the same time record each drift once
// (the second one finds the snapshots the first one wrote). On PostgreSQL this goes through the advisory lock.
import { describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/store/audit.js';
import { oneStoreTwice, STORE_KINDS } from '../support/stores.js';
import { vendorGatewayPair } from '../support/vendor-gateway.js';

const TOKEN = 'WHMTOKEN-two-instances-3e9b';

describe.each(STORE_KINDS)('drift with two gateway instances on $name', (kind) => {
  const { first: a, second: b, emulator } = vendorGatewayPair('cpanel', oneStoreTwice(kind), { secret: TOKEN });

  it('records each drifted provider once when both refresh at once', async () => {
    await a.gql('{ identityProviders(refresh: true) { totalCount } }');
    emulator.module('google')!.enabled.add('webmaild');
    emulator.module('slack')!.enabled.add('cpaneld');
    const [ra, rb] = await Promise.all([
      a.gql('{ identityProviders(refresh: true) { totalCount } }'),
      b.gql('{ identityProviders(refresh: true) { totalCount } }'),
    ]);
    expect(ra.errors).toBeUndefined();
    expect(rb.errors).toBeUndefined();
    const rows = (await listAuditEvents(a.store.db, { connectionId: 'whm', limit: 100 })).filter((row) => row.kind === 'DRIFT_DETECTED');
    expect(rows.map((row) => row.providerKey).sort()).toEqual(['google', 'slack']);
    expect((await b.gql('query { drift(connectionId: "whm") { drifted } }')).data.drift.drifted).toBe(false);
  });
});
