// Revert (the non-secret `before` of a succeeded change, through the pipeline) and batches across vendors.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/open.js';
import type { CpanelEmulator } from '../../src/vendors/cpanel/emulator/server.js';
import { startTwoSmsSandbox } from '../../src/vendors/twosms/emulator/sandbox.js';
import type { SandboxVendor } from '../../src/core/vendor-contract/vendor-module.js';
import { type Harness, startHarness } from '../support/harness.js';
import { STORE_KINDS } from '../support/stores.js';
import { cpanelId, startWhm, WHM_TOKEN, whmWrites } from '../cpanel/support.js';
import { globalId } from '../support/global-id.js';
import { CLIENT, DISPLAY } from './support.js';

const REVERT = `mutation($input: RevertAuditEventInput!) { revertAuditEvent(input: $input) { __typename
  ... on Error { message } ... on ValidationError { fieldErrors { path message } }
  ... on VersionConflictError { currentVersion }
  ... on RevertAuditEventPayload { dryRun revertOf secretsToResupply auditEvent { id status operation } changes { path before after }
    vendorRequests { method path query body } } } }`;

const BATCH = `mutation($input: ApplyIdentityProviderChangesInput!) { applyIdentityProviderChanges(input: $input) {
  __typename ... on Error { message }
  ... on ApplyIdentityProviderChangesPayload { succeeded dryRun results { index operation status error { code message fieldErrors { path } } auditEvent { status } revertAuditEvent { status operation }
    changes { path after } provider { ... on ManagedIdentityProvider { key vendor } } } } } }`;

const NORTHWIND = '3b0f6c1e-8d2a-4f5b-9c7e-1a2b3c4d5e6f';
const twoSmsId = (key: string) => globalId('TwoSmsIdentityProvider', 'sms', key);

describe.each(STORE_KINDS)('revert and batch on $name', (kind) => {
  let store: Store;
  let emulator: CpanelEmulator;
  let twosms: SandboxVendor;
  let h: Harness;

  beforeAll(async () => {
    store = await kind.open();
    emulator = await startWhm();
    twosms = await startTwoSmsSandbox();
    const { clientSecret, ...sms } = twosms.connection;
    h = await startHarness({
      store,
      connections: [
        { id: 'whm', vendor: 'cpanel', baseUrl: emulator.url, username: 'root', apiToken: { env: 'WHM_TOKEN' } },
        { ...sms, id: 'sms', clientSecret: { env: 'SMS_SECRET' } },
      ],
      env: { WHM_TOKEN, SMS_SECRET: String(clientSecret) },
    });
  });
  afterAll(async () => {
    await h.close();
    await emulator.close();
    await twosms.close();
    await store.close();
  });
  beforeEach(() => emulator.clearRequests());

  const display = async (key: string, input: Record<string, unknown>) =>
    (await h.gql(DISPLAY, { input: { id: cpanelId(key), service: 'CPANELD', ...input } })).data.setCpanelDisplayConfiguration;
  const revert = async (input: Record<string, unknown>) => (await h.gql(REVERT, { input })).data.revertAuditEvent;

  it('reverts a display change through the pipeline: the vendor is back, the revert is audited', async () => {
    const change = await display('facebook', { color: '101010', label: 'Sign in with FB' });
    const planned = await revert({ auditEventId: change.auditEvent.id, dryRun: true });
    expect(planned).toMatchObject({ __typename: 'RevertAuditEventPayload', dryRun: true, revertOf: change.auditEvent.id });
    expect(emulator.module('facebook')!.displayOverrides.cpaneld.color).toBe('101010');
    const done = await revert({ auditEventId: change.auditEvent.id });
    expect(done).toMatchObject({
      dryRun: false,
      secretsToResupply: [],
      auditEvent: { status: 'SUCCEEDED', operation: 'setCpanelDisplayConfiguration' },
    });
    expect(emulator.module('facebook')!.displayOverrides.cpaneld).toMatchObject({ color: '3b5998', label: 'Log in via Facebook' });
    expect(new URLSearchParams(done.vendorRequests[0].body).get('configurations')).toBe('{"label":"Log in via Facebook","color":"3b5998"}');
  });

  it('names the secret a client-configuration revert cannot restore', async () => {
    const change = (
      await h.gql(CLIENT, {
        input: { id: cpanelId('slack'), service: 'CPANELD', clientId: 'rotated-id', clientSecret: 'rotated-secret-value-1' },
      })
    ).data.setCpanelClientConfiguration;
    const done = await revert({ auditEventId: change.auditEvent.id });
    expect(done.secretsToResupply).toEqual(['clientSecret']);
    expect(emulator.module('slack')!.clientConfig).toEqual({ client_id: '000000000.sandbox', client_secret: 'rotated-secret-value-1' });
  });

  it('refuses to revert over a later change (VersionConflictError, nothing sent)', async () => {
    const change = await display('google', { color: '202020' });
    await display('google', { color: '303030' });
    emulator.clearRequests();
    expect((await revert({ auditEventId: change.auditEvent.id })).__typename).toBe('VersionConflictError');
    expect(whmWrites(emulator)).toHaveLength(0);
  });

  it('refuses an event that did not succeed', async () => {
    const rejected = await h.gql(
      `mutation($id: ID!) { setCpanelDisplayConfiguration(input: { id: $id, service: CPANELD, color: "#bad" }) { __typename } }`,
      { id: cpanelId('google') },
    );
    expect(rejected.data.setCpanelDisplayConfiguration.__typename).toBe('ValidationError');
    const events = await h.gql(`{ auditEvents(first: 1, status: [REJECTED]) { edges { node { id } } } }`);
    const res = await revert({ auditEventId: events.data.auditEvents.edges[0].node.id });
    expect(res.fieldErrors[0].path).toEqual(['auditEventId']);
  });

  it('runs a best-effort batch across two vendors and reports each change', async () => {
    const res = await h.gql(BATCH, {
      input: {
        mode: 'BEST_EFFORT',
        changes: [
          { operation: 'setCpanelDisplayConfiguration', input: { id: cpanelId('cpanelid'), service: 'WEBMAILD', color: '404040' } },
          { operation: 'setCpanelDisplayConfiguration', input: { id: cpanelId('cpanelid'), service: 'WEBMAILD', color: 'nope' } },
          { operation: 'updateTwoSmsIdentityProvider', input: { id: twoSmsId(NORTHWIND), name: 'Northwind SSO (batch)' } },
        ],
      },
    });
    const batch = res.data.applyIdentityProviderChanges;
    expect(batch.succeeded).toBe(false);
    expect(batch.results.map((r: any) => r.status)).toEqual(['APPLIED', 'FAILED', 'APPLIED']);
    expect(batch.results[1].error).toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: [{ path: ['color'] }] });
    expect(batch.results[2].provider).toEqual({ key: NORTHWIND, vendor: 'TWOSMS' });
    expect(emulator.module('cpanelid')!.displayOverrides.webmaild.color).toBe('404040');
  });

  it('undoes the applied changes of an all-or-nothing batch when a later one fails', async () => {
    emulator.failNext('enable_authentication_provider', 'The provider module is locked.');
    const res = await h.gql(BATCH, {
      input: {
        mode: 'ALL_OR_NOTHING',
        changes: [
          { operation: 'setCpanelDisplayConfiguration', input: { id: cpanelId('slack'), service: 'WHOSTMGRD', color: '505050' } },
          { operation: 'updateTwoSmsIdentityProvider', input: { id: twoSmsId(NORTHWIND), name: 'Northwind SSO (to be undone)' } },
          { operation: 'setCpanelProviderEnabled', input: { id: cpanelId('slack'), service: 'WHOSTMGRD', enabled: true } },
          { operation: 'setCpanelProviderEnabled', input: { id: cpanelId('facebook'), service: 'CPANELD', enabled: true } },
        ],
      },
    });
    const batch = res.data.applyIdentityProviderChanges;
    expect(batch.results.map((r: any) => r.status)).toEqual(['REVERTED', 'REVERTED', 'FAILED', 'NOT_ATTEMPTED']);
    expect(batch.results[0].revertAuditEvent).toEqual({ status: 'SUCCEEDED', operation: 'setCpanelDisplayConfiguration' });
    expect(emulator.module('slack')!.displayOverrides.whostmgrd.color).toBe('4A154B');
    expect(emulator.module('facebook')!.enabled.has('cpaneld')).toBe(false);
    const northwind = await h.gql(`query($id: ID!) { identityProvider(id: $id) { ... on ManagedIdentityProvider { displayName } } }`, {
      id: twoSmsId(NORTHWIND),
    });
    expect(northwind.data.identityProvider.displayName).toBe('Northwind SSO (batch)');
  });

  it('refuses a malformed all-or-nothing batch before sending anything, and plans a dry-run batch', async () => {
    const bad = await h.gql(BATCH, {
      input: {
        mode: 'ALL_OR_NOTHING',
        changes: [
          { operation: 'setCpanelDisplayConfiguration', input: { id: cpanelId('google'), service: 'CPANELD', color: '606060' } },
          { operation: 'setCpanelProviderEnabled', input: { id: cpanelId('google'), service: 'NOT_A_SERVICE', enabled: true } },
        ],
      },
    });
    expect(bad.data.applyIdentityProviderChanges.results.map((r: any) => r.status)).toEqual(['NOT_ATTEMPTED', 'FAILED']);
    const dry = await h.gql(BATCH, {
      input: {
        mode: 'ALL_OR_NOTHING',
        dryRun: true,
        changes: [{ operation: 'setCpanelDisplayConfiguration', input: { id: cpanelId('google'), service: 'CPANELD', color: '707070' } }],
      },
    });
    expect(dry.data.applyIdentityProviderChanges).toMatchObject({
      succeeded: true,
      dryRun: true,
      results: [{ status: 'PLANNED', auditEvent: { status: 'DRY_RUN' } }],
    });
    expect(whmWrites(emulator)).toHaveLength(0);
  });
});
