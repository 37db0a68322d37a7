// Idempotency keys: a replay returns the first result without touching the vendor; another input with the
// same key is refused; a second request while the first runs waits for it (or says it is in progress).
import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/open.js';
import { cpanelId, whmWrites } from '../cpanel/support.js';
import { oneStoreTwice, openPostgresPair, STORE_KINDS, TEST_DATABASE_URL } from '../support/stores.js';
import { vendorGatewayPair } from '../support/vendor-gateway.js';
import { DISPLAY, EVERY_REFRESH_READS } from './support.js';

const isDisplayWrite = (r: { path: string }) => r.path.endsWith('/set_provider_display_configurations');

function idempotencySuite(name: string, open: () => Promise<[Store, Store]>) {
  describe(`idempotency keys on ${name}`, () => {
    const { first, second, emulator, stores } = vendorGatewayPair('cpanel', open, { ...EVERY_REFRESH_READS, idempotencyWaitMs: 3_000 });
    beforeEach(() => emulator.clearRequests());

    it('replays the first result (same audit event, replayed: true) without a second vendor write', async () => {
      const input = { id: cpanelId('google'), service: 'CPANELD', color: 'aa0001', idempotencyKey: `key-replay-${name}` };
      const a = (await first.gql(DISPLAY, { input })).data.setCpanelDisplayConfiguration;
      const b = (await second.gql(DISPLAY, { input })).data.setCpanelDisplayConfiguration;
      expect(a).toMatchObject({ __typename: 'SetCpanelDisplayConfigurationPayload', replayed: false });
      expect(b).toMatchObject({ __typename: 'SetCpanelDisplayConfigurationPayload', replayed: true });
      expect(b.auditEvent.id).toBe(a.auditEvent.id);
      expect(b.changes).toEqual(a.changes);
      expect(whmWrites(emulator)).toHaveLength(1);
    });

    it('refuses the same key with a different input', async () => {
      const key = `key-reuse-${name}`;
      await first.gql(DISPLAY, { input: { id: cpanelId('google'), service: 'CPANELD', color: 'aa0002', idempotencyKey: key } });
      const res = (
        await second.gql(DISPLAY, { input: { id: cpanelId('google'), service: 'CPANELD', color: 'aa0003', idempotencyKey: key } })
      ).data.setCpanelDisplayConfiguration;
      expect(res).toMatchObject({ __typename: 'IdempotencyKeyReuseError', idempotencyKey: key });
      expect(whmWrites(emulator)).toHaveLength(1);
    });

    it('makes a second request wait for a first that is still running, then replays it', async () => {
      const input = { id: cpanelId('slack'), service: 'WEBMAILD', color: 'aa0004', idempotencyKey: `key-wait-${name}` };
      const held = emulator.hold(isDisplayWrite, 'before');
      const a = first.gql(DISPLAY, { input });
      await held.arrived;
      const b = second.gql(DISPLAY, { input });
      await new Promise((resolve) => setTimeout(resolve, 300));
      held.release();
      const [ra, rb] = [(await a).data.setCpanelDisplayConfiguration, (await b).data.setCpanelDisplayConfiguration];
      expect(rb.auditEvent.id).toBe(ra.auditEvent.id);
      expect(rb.replayed).toBe(true);
      expect(whmWrites(emulator)).toHaveLength(1);
    });

    it('says IdempotencyInProgressError when the first runs longer than the wait', async () => {
      const input = { id: cpanelId('slack'), service: 'CPANELD', color: 'aa0005', idempotencyKey: `key-busy-${name}` };
      const held = emulator.hold(isDisplayWrite, 'before');
      const a = first.gql(DISPLAY, { input });
      await held.arrived;
      const b = (await second.gql(DISPLAY, { input })).data.setCpanelDisplayConfiguration;
      expect(b).toMatchObject({ __typename: 'IdempotencyInProgressError' });
      held.release();
      expect((await a).data.setCpanelDisplayConfiguration.__typename).toBe('SetCpanelDisplayConfigurationPayload');
    });

    it('does not replay across callers: the key belongs to its actor', async () => {
      const other = await first.startInstance({ store: stores[1], actor: 'another-bot' });
      const input = { id: cpanelId('cpanelid'), service: 'CPANELD', color: 'aa0006', idempotencyKey: `key-actor-${name}` };
      const a = (await first.gql(DISPLAY, { input })).data.setCpanelDisplayConfiguration;
      const b = (await other.gql(DISPLAY, { input })).data.setCpanelDisplayConfiguration;
      expect(b.auditEvent.id).not.toBe(a.auditEvent.id);
      expect(b.replayed).toBe(false);
      await other.close();
    });
  });
}

for (const kind of STORE_KINDS) {
  // One store, two gateways on it: the same process, or (PostgreSQL) two instances below.
  idempotencySuite(`${kind.name}, one instance`, oneStoreTwice(kind));
}
const postgresUrl = TEST_DATABASE_URL;
if (postgresUrl) idempotencySuite('postgres, two instances', () => openPostgresPair(postgresUrl));
