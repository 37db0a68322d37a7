// A mutation of a provider this gateway changed last reads the provider while the provider's lock is being taken
// (core/mutations/early-read.ts): the read is sent before the lock is granted, and trusted only when the provider's
// last PENDING change, read under the lock, is still the change the gateway remembers. Another change in between
// (another instance's, or another gateway's on the same store) makes it read again under the lock, so the change
// is planned from the state the vendor has; and an input refused on the state the last change left costs no call.
import { describe, expect, it } from 'vitest';
import { OIDC_ID, PROVIDERS_PATH } from '../akamai/support.js';
import { SAMPLE_IDP_CERTIFICATE } from '../../src/vendors/akamai/emulator/sandbox.js';
import { oneStoreTwice, openPostgresPair, PGLITE, TEST_DATABASE_URL } from '../support/stores.js';
import type { Harness } from '../support/harness.js';
import { vendorGatewayPair } from '../support/vendor-gateway.js';
import { waitFor } from '../support/wait.js';
import type { Store } from '../../src/store/open.js';

const RENAME = `mutation($input: UpdateAkamaiCustomProviderInput!) { updateAkamaiCustomProvider(input: $input) { __typename
  ... on UpdateAkamaiCustomProviderPayload { changes { path before after } auditEvent { status } }
  ... on ValidationError { fieldErrors { path } } } }`;

function earlyReadSuite(name: string, open: () => Promise<[Store, Store]>, twoInstances: boolean) {
  describe(`the early live read on ${name}`, () => {
    const { first, second, emulator, stores } = vendorGatewayPair('akamai', open);
    const providerPath = `${PROVIDERS_PATH}/${OIDC_ID}`;
    const providerCalls = (method: string) => emulator.requests.filter((r) => r.method === method && r.path === providerPath).length;
    const rename = async (gateway: Harness, title: string) => {
      const result = (await gateway.gql(RENAME, { input: { id: first.globalId(OIDC_ID), title } })).data.updateAkamaiCustomProvider;
      expect(result.auditEvent?.status).toBe('SUCCEEDED');
      return result as { changes: Array<{ path: string; before: unknown; after: unknown }> };
    };
    const titleChange = (result: { changes: Array<{ path: string; before: unknown; after: unknown }> }) =>
      result.changes.find((change) => change.path === 'displayName');

    // Only another instance's lock can be held while this process's turn has come (one process queues its own).
    if (twoInstances)
      it('reads while another instance holds the lock, and not again once it is granted', async () => {
        await rename(first, 'Early 1');
        emulator.clearRequests();
        // Another instance holds the provider's lock (without changing it) until the test lets go.
        let release!: () => void;
        const released = new Promise<void>((resolve) => (release = resolve));
        let holding!: () => void;
        const heldNow = new Promise<void>((resolve) => (holding = resolve));
        const held = stores[1].locks.run(`${first.connectionId}/${OIDC_ID}`, async () => {
          holding();
          await released;
        });
        await heldNow;
        const renamed = rename(first, 'Early 2');
        await waitFor(() => providerCalls('GET') === 1, 10_000, 'the live read sent while the lock is held elsewhere');
        expect(providerCalls('PATCH')).toBe(0);
        release();
        await held;
        expect(titleChange(await renamed)).toEqual({ path: 'displayName', before: 'Early 1', after: 'Early 2' });
        // The live read made early, the write, the read-back.
        expect([providerCalls('GET'), providerCalls('PATCH')]).toEqual([2, 1]);
      });

    it('builds on the change it queued behind in this process: read once, early, and trusted', async () => {
      await rename(first, 'Queued 0');
      emulator.clearRequests();
      const [one, two] = await Promise.all([rename(first, 'Queued 1'), rename(first, 'Queued 2')]);
      const befores = [titleChange(one)?.before, titleChange(two)?.before];
      expect(befores.sort()).toEqual(['Queued 0', 'Queued 1']);
      // Two live reads and two read-backs: neither change read its provider twice.
      expect([providerCalls('GET'), providerCalls('PATCH')]).toEqual([4, 2]);
    });

    it('reads again under the lock when another change came between, and plans from what that change left', async () => {
      await rename(first, 'First before');
      emulator.clearRequests();
      // The other gateway's change holds the lock while its own live read is slow.
      emulator.faults.add({ kind: 'latency', ms: 600, method: 'GET', path: OIDC_ID, count: 1 });
      const other = rename(second, 'Second');
      await waitFor(() => providerCalls('GET') === 1, 10_000, "the other change's live read, under its lock");
      const mine = rename(first, 'First after');
      expect(titleChange(await other)).toMatchObject({ before: 'First before', after: 'Second' });
      expect(titleChange(await mine)).toEqual({ path: 'displayName', before: 'Second', after: 'First after' });
      // The other's live read and read-back; this one's early read, its read under the lock and its read-back.
      expect([providerCalls('GET'), providerCalls('PATCH')]).toEqual([5, 2]);
    });

    it('sends nothing for an input refused on the state the last change left', async () => {
      await rename(first, 'Refused next');
      emulator.clearRequests();
      const refused = await first.gql(RENAME, { input: { id: first.globalId(OIDC_ID), idpCertificate: SAMPLE_IDP_CERTIFICATE } });
      expect(refused.data.updateAkamaiCustomProvider).toEqual({
        __typename: 'ValidationError',
        fieldErrors: [{ path: ['idpCertificate'] }],
      });
      expect(emulator.requests).toEqual([]);
    });
  });
}

earlyReadSuite('pglite, two gateways on one store', oneStoreTwice(PGLITE), false);
const postgresUrl = TEST_DATABASE_URL;
if (postgresUrl) earlyReadSuite('postgres, two instances', () => openPostgresPair(postgresUrl), true);
