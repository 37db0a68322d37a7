// An estate apply killed half-way: the gateway process is killed (SIGKILL) while the second of two creates
// is at the vendor (SlashID has created it, the answer never comes back). Applying the same plan again on the
// restarted gateway finishes it: no second create of either provider, exactly one SUCCEEDED audit event per
// change, all under the plan's change set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlashIdEmulator, type SlashIdEmulator } from '../../src/vendors/slashid/emulator/server.js';
import { SANDBOX_ORG_ID } from '../../src/vendors/slashid/emulator/sandbox.js';
import type { GatewayProcess } from '../support/process.js';
import { PROCESS_STORE_KINDS, processStore, type ProcessStore } from '../support/stores.js';
import { gqlTo, startGatewayProcess, writeProcessConfig } from './support.js';

const API_KEY = 'SLASHID-estate-crash-key-41c2';
/** Short, so that the dead instance's change settles in seconds (PostgreSQL knows a dead instance by its lease only). */
const LEASE_MS = 4_000;

const PLAN = `mutation($input: PlanEstateInput!) { planEstate(input: $input) { __typename
  ... on EstatePlan { id items { key action operations } } ... on EstateDocumentError { problems { path message } } ... on Error { message } } }`;
const APPLY = `mutation($input: ApplyEstatePlanInput!) { applyEstatePlan(input: $input) { __typename
  ... on EstateApplyReport { changeSetId succeeded items { key status error { code } } } ... on Error { message } } }`;
const AUDIT = `query($changeSetId: ID!) { auditEvents(first: 50, changeSetId: $changeSetId) { edges { node { operation providerKey status reason } } } }`;

const DOCUMENT = `version: 1
connections:
  slashid:
    providers:
      existing-client:
        provider: GOOGLE
        label: Renamed by the estate
      first-new-client:
        provider: GITHUB
        label: First
        clientSecret: { env: FIRST_SECRET }
      second-new-client:
        provider: GITLAB
        label: Second
        clientSecret: { env: SECOND_SECRET }
`;
const SECRETS = [
  { reference: 'env:FIRST_SECRET', value: 'first-new-client-secret-1' },
  { reference: 'env:SECOND_SECRET', value: 'second-new-client-secret-2' },
];

describe.each(PROCESS_STORE_KINDS)('an estate apply killed half-way, applied again, on %s', (kind) => {
  let slashid: SlashIdEmulator;
  let store: ProcessStore;
  let configFile: string;
  let gateway: GatewayProcess | undefined;
  const env = { ESTATE_SLASHID_KEY: API_KEY, IDP_GATEWAY_LEASE_MS: String(LEASE_MS) };

  beforeAll(async () => {
    slashid = await createSlashIdEmulator({
      orgId: SANDBOX_ORG_ID,
      apiKey: API_KEY,
      credentials: [{ provider: 'google', client_id: 'existing-client', client_secret: 'existing-secret-value', label: 'Before' }],
    });
    const written = writeProcessConfig([
      { id: 'slashid', vendor: 'slashid', baseUrl: slashid.url, orgId: SANDBOX_ORG_ID, apiKey: { env: 'ESTATE_SLASHID_KEY' } },
    ]);
    configFile = written.configFile;
    store = await processStore(kind, written.dir);
  });
  afterAll(async () => {
    gateway?.child.kill('SIGKILL');
    await gateway?.exited;
    await slashid?.close();
    await store?.drop();
  });

  // Two gateway processes and two CLI applies: more than the default 30 s on two busy cores.
  it('finishes with no duplicate create and one audit event per change', { timeout: 90_000 }, async () => {
    const first = startGatewayProcess(configFile, store, env);
    const url = await first.url;
    const planned = (await gqlTo(url, PLAN, { input: { document: DOCUMENT, secrets: SECRETS } })).data.planEstate;
    expect(planned.__typename).toBe('EstatePlan');
    const changes = planned.items.filter((item: { action: string }) => item.action !== 'NO_OP');
    expect(changes.map((item: { key: string; action: string }) => `${item.action} ${item.key}`)).toEqual([
      'UPDATE existing-client',
      'CREATE first-new-client',
      'CREATE second-new-client',
    ]);

    const secondCreated = slashid.hold((r) => r.method === 'POST' && (r.body ?? '').includes('second-new-client'), 'after');
    void gqlTo(url, APPLY, { input: { planId: planned.id, secrets: SECRETS } }).catch(() => {});
    await secondCreated.arrived;
    first.child.kill('SIGKILL');
    await first.exited;
    secondCreated.release();
    expect(
      slashid
        .credentials()
        .map((c) => c.client_id)
        .sort(),
    ).toEqual(['existing-client', 'first-new-client', 'second-new-client']);

    gateway = startGatewayProcess(configFile, store, env);
    const again = await gateway.url;
    let report: any;
    for (let round = 0; round < 30; round++) {
      report = (await gqlTo(again, APPLY, { input: { planId: planned.id, secrets: SECRETS } })).data.applyEstatePlan;
      if (report.__typename === 'EstateApplyReport' && report.succeeded) break;
      // The dead instance's change is in progress until the reconciler settles it (one lease later).
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    expect(report).toMatchObject({ __typename: 'EstateApplyReport', succeeded: true, changeSetId: planned.id });

    const posts = slashid.requests.filter((r) => r.method === 'POST');
    expect(posts.filter((r) => (r.body ?? '').includes('first-new-client'))).toHaveLength(1);
    expect(posts.filter((r) => (r.body ?? '').includes('second-new-client'))).toHaveLength(1);
    expect(
      slashid
        .credentials()
        .map((c) => c.client_id)
        .sort(),
    ).toEqual(['existing-client', 'first-new-client', 'second-new-client']);

    const events = (await gqlTo(again, AUDIT, { changeSetId: planned.id })).data.auditEvents.edges.map((e: any) => e.node);
    const succeeded = events.filter((e: { status: string }) => e.status === 'SUCCEEDED');
    expect(succeeded.map((e: { operation: string; providerKey: string }) => `${e.operation} ${e.providerKey}`).sort()).toEqual(
      [
        'createSlashIdOidcCredential first-new-client',
        'createSlashIdOidcCredential second-new-client',
        'updateSlashIdOidcCredential existing-client',
      ].sort(),
    );
    // The interrupted create was settled from the vendor's state, not sent again.
    expect(succeeded.find((e: { providerKey: string }) => e.providerKey === 'second-new-client').reason).toBe('interrupted');
  });
});
