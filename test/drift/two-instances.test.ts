// Two gateway instances on one store refreshing the same connection at the same time record each drift once
// (the second one finds the snapshots the first one wrote). On PostgreSQL this goes through the advisory lock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/store/audit.js';
import type { Store } from '../../src/store/open.js';
import { type CpanelEmulator, startCpanelEmulator } from '../../src/vendors/cpanel/emulator.js';
import { CPANEL_SAMPLE_MODULES } from '../../src/vendors/cpanel/sandbox.js';
import { type Harness, startHarness } from '../support/harness.js';
import { STORE_KINDS } from '../support/stores.js';

const TOKEN = 'WHMTOKEN-two-instances-3e9b';

describe.each(STORE_KINDS)('drift with two gateway instances on $name', (kind) => {
  let store: Store;
  let emulator: CpanelEmulator;
  let a: Harness;
  let b: Harness;

  beforeAll(async () => {
    store = await kind.open();
    emulator = await startCpanelEmulator({ username: 'root', apiToken: TOKEN, modules: structuredClone(CPANEL_SAMPLE_MODULES) });
    const options = {
      store,
      connections: [{ id: 'whm', vendor: 'cpanel', baseUrl: emulator.url, username: 'root', apiToken: { env: 'WHM_TOKEN' } }],
      env: { WHM_TOKEN: TOKEN },
    };
    a = await startHarness(options);
    b = await startHarness(options);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await emulator?.close();
    await store?.close();
  });

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
    const rows = (await listAuditEvents(store.db, { connectionId: 'whm', limit: 100 })).filter((row) => row.kind === 'DRIFT_DETECTED');
    expect(rows.map((row) => row.providerKey).sort()).toEqual(['google', 'slack']);
    expect((await b.gql('query { drift(connectionId: "whm") { drifted } }')).data.drift.drifted).toBe(false);
  });
});
