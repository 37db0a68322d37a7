// 2sms service-provider settings (issue 16.2): the EntityID and ReplyURL that 2sms answers a create or update
// with are shown as TwoSmsIdentityProvider.serviceProvider, kept through later reads (no list returns them),
// and never reported as drift. Real HTTP to the emulator, real PGlite store.
import { describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/store/audit.js';
import { getSnapshot } from '../../src/store/snapshots.js';
import { FABRIKAM_CERT } from '../../src/vendors/twosms/emulator/sample-data.js';
import { NORTHWIND_ID } from '../twosms/support.js';
import { vendorGateway } from '../support/vendor-gateway.js';

const SP = '... on TwoSmsIdentityProvider { key name serviceProvider { entityId replyUrl } }';
const LIST = `query { identityProviders(vendor: TWOSMS, first: 20, refresh: true) { edges { node { ${SP} } } connectionErrors { code } } }`;
const DRIFT = 'query { drift(connectionId: "sms") { drifted providers { key kind } } }';
// Another instance (or a restart) knows the settings only from the snapshots: core carries details a read lacks,
// as it carries secret fingerprints (core/reads/drift.ts withKnownDetails).

describe('2sms service-provider settings', () => {
  const h = vendorGateway('twosms', { connection: { minRefreshIntervalSeconds: 0 } });
  const expected = () => ({ entityId: `${h.emulator.url}/Saml2`, replyUrl: `${h.emulator.url}/Saml2/Acs` });
  const driftRows = async () =>
    (await listAuditEvents(h.store.db, { connectionId: 'sms', limit: 100 })).filter((row) => row.kind === 'DRIFT_DETECTED');
  let key = '';

  it('a provider no write of the gateway touched has none: null, not a guess', async () => {
    const res = await h.gql(LIST);
    expect(res.errors).toBeUndefined();
    const northwind = res.data.identityProviders.edges.map((e: any) => e.node).find((n: any) => n.key === NORTHWIND_ID);
    expect(northwind.serviceProvider).toBeNull();
  });

  it('create shows what 2sms answered, and the snapshot keeps it', async () => {
    const res = await h.gql(
      `mutation($input: CreateTwoSmsIdentityProviderInput!) { createTwoSmsIdentityProvider(input: $input) { __typename
        ... on CreateTwoSmsIdentityProviderPayload { provider { ${SP} } changes { path } } } }`,
      {
        input: {
          connectionId: 'sms',
          name: 'Tailwind SSO',
          provider: 'https://tailwind.example',
          loginUrl: 'https://login.tailwind.example/sso',
          logoutUrl: 'https://login.tailwind.example/slo',
          certificate: FABRIKAM_CERT,
        },
      },
    );
    expect(res.errors).toBeUndefined();
    const payload = res.data.createTwoSmsIdentityProvider;
    expect(payload.__typename).toBe('CreateTwoSmsIdentityProviderPayload');
    key = payload.provider.key;
    expect(payload.provider.serviceProvider).toEqual(expected());
    expect(payload.changes.map((c: any) => c.path)).toEqual(
      expect.arrayContaining(['details.serviceProvider.entityId', 'details.serviceProvider.replyUrl']),
    );
    expect((await getSnapshot(h.store.db, 'sms', key))!.provider.details.serviceProvider).toEqual(expected());
  });

  it('update shows it again; a dry run predicts no change of it', async () => {
    const dry = await h.gql(
      `mutation($id: ID!) { updateTwoSmsIdentityProvider(input: { id: $id, name: "Tailwind staff", dryRun: true }) { __typename
        ... on UpdateTwoSmsIdentityProviderPayload { changes { path } } } }`,
      { id: h.globalId(key) },
    );
    expect(dry.errors).toBeUndefined();
    expect(dry.data.updateTwoSmsIdentityProvider.changes.map((c: any) => c.path)).toEqual(['details.name', 'displayName']);
    const res = await h.gql(
      `mutation($id: ID!) { updateTwoSmsIdentityProvider(input: { id: $id, name: "Tailwind staff" }) { __typename
        ... on UpdateTwoSmsIdentityProviderPayload { provider { ${SP} } changes { path } } } }`,
      { id: h.globalId(key) },
    );
    expect(res.data.updateTwoSmsIdentityProvider.provider).toEqual({ key, name: 'Tailwind staff', serviceProvider: expected() });
    expect(res.data.updateTwoSmsIdentityProvider.changes.map((c: any) => c.path)).toEqual(['details.name', 'displayName']);
  });

  it('a refresh afterwards keeps it, and nothing is reported as drift', async () => {
    const res = await h.gql(LIST);
    expect(res.data.identityProviders.connectionErrors).toEqual([]);
    const node = res.data.identityProviders.edges.map((e: any) => e.node).find((n: any) => n.key === key);
    expect(node.serviceProvider).toEqual(expected());
    expect((await h.gql(DRIFT)).data.drift).toEqual({ drifted: false, providers: [] });
    expect(await driftRows()).toEqual([]);
  });

  it('an instance that did not make the write (a restart) keeps it too, with no drift', async () => {
    const second = await h.startInstance();
    try {
      const res = await second.gql(LIST);
      const node = res.data.identityProviders.edges.map((e: any) => e.node).find((n: any) => n.key === key);
      expect(node.serviceProvider).toEqual(expected());
      expect((await second.gql(DRIFT)).data.drift).toEqual({ drifted: false, providers: [] });
      expect(await driftRows()).toEqual([]);
    } finally {
      await second.close();
    }
  });
});
