// Optimistic concurrency: expectedVersion refuses a change to a provider that moved on, and mutations of one
// provider are serialized (across instances on PostgreSQL), so concurrent changes never silently overwrite.
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/open.js';
import { cpanelId, whmWrites } from '../cpanel/support.js';
import { oneStoreTwice, openPostgresPair, STORE_KINDS, TEST_DATABASE_URL } from '../support/stores.js';
import { vendorGatewayPair } from '../support/vendor-gateway.js';
import { DISPLAY, EVERY_REFRESH_READS, versionOf } from './support.js';

function concurrencySuite(name: string, open: () => Promise<[Store, Store]>) {
  describe(`optimistic concurrency on ${name}`, () => {
    const { first, second, emulator } = vendorGatewayPair('cpanel', open, EVERY_REFRESH_READS);
    const gateways = [first, second] as const;

    it('refuses a stale expectedVersion with the current version and what changed, and sends nothing', async () => {
      const [g] = gateways;
      const read = await versionOf(g, 'facebook');
      const moved = (
        await g.gql(DISPLAY, { input: { id: cpanelId('facebook'), service: 'CPANELD', color: '0a0a0a', expectedVersion: read } })
      ).data.setCpanelDisplayConfiguration;
      expect(moved.__typename).toBe('SetCpanelDisplayConfigurationPayload');
      emulator.clearRequests();
      const stale = (
        await gateways[1].gql(DISPLAY, { input: { id: cpanelId('facebook'), service: 'CPANELD', color: '0b0b0b', expectedVersion: read } })
      ).data.setCpanelDisplayConfiguration;
      expect(stale).toMatchObject({ __typename: 'VersionConflictError', expectedVersion: read, currentVersion: moved.provider.version });
      expect(stale.changes).toEqual([{ path: 'details.display.0.color', before: '3b5998', after: '0a0a0a' }]);
      expect(whmWrites(emulator)).toHaveLength(0);
    });

    it('lets exactly one of 20 concurrent updates with the same expectedVersion through', async () => {
      const version = await versionOf(gateways[0], 'google');
      emulator.clearRequests();
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          gateways[i % 2]!.gql(DISPLAY, {
            input: { id: cpanelId('google'), service: 'WHOSTMGRD', color: (0x100000 + i).toString(16), expectedVersion: version },
          }),
        ),
      );
      const typenames = results.map((r) => r.data.setCpanelDisplayConfiguration.__typename);
      expect(typenames.filter((t) => t === 'SetCpanelDisplayConfigurationPayload')).toHaveLength(1);
      expect(typenames.filter((t) => t === 'VersionConflictError')).toHaveLength(19);
      expect(whmWrites(emulator)).toHaveLength(1);
      const winner = results.find((r) => r.data.setCpanelDisplayConfiguration.__typename.endsWith('Payload'))!;
      const color = winner.data.setCpanelDisplayConfiguration.provider.display.find((d: any) => d.service === 'WHOSTMGRD').color;
      expect(emulator.module('google')!.displayOverrides.whostmgrd.color).toBe(color);
    });

    it('serializes concurrent updates without expectedVersion: every one lands, none is lost', async () => {
      const results = await Promise.all(
        ['label-a', 'label-b', 'label-c', 'label-d'].map((label, i) =>
          gateways[i % 2]!.gql(DISPLAY, { input: { id: cpanelId('slack'), service: 'CPANELD', label } }),
        ),
      );
      expect(results.every((r) => r.data.setCpanelDisplayConfiguration.__typename.endsWith('Payload'))).toBe(true);
      // Each change saw the previous one as its "before": the befores form one chain.
      const befores = results.map((r) => r.data.setCpanelDisplayConfiguration.changes.find((c: any) => c.path.endsWith('.label')).before);
      expect(new Set(befores).size).toBe(4);
    });
  });
}

for (const kind of STORE_KINDS) {
  concurrencySuite(`${kind.name}, one instance`, oneStoreTwice(kind));
}
const postgresUrl = TEST_DATABASE_URL;
if (postgresUrl) concurrencySuite('postgres, two instances', () => openPostgresPair(postgresUrl));
