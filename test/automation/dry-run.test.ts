// Dry run: validated, planned against the live state, exact requests shown with secrets redacted, nothing written.
import { beforeEach, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/store/audit.js';
import { dumpTables } from '../support/harness.js';
import { STORE_KINDS } from '../support/stores.js';
import { vendorGateway } from '../support/vendor-gateway.js';
import { cpanelId, WHM_TOKEN, whmWrites } from '../cpanel/support.js';
import { CLIENT, DISPLAY, EVERY_REFRESH_READS } from './support.js';

const SECRET = 'dry-run-secret-value-8c1f2b';

describe.each(STORE_KINDS)('dry run on $name', (kind) => {
  const h = vendorGateway('cpanel', { kind, ...EVERY_REFRESH_READS });
  beforeEach(() => h.emulator.clearRequests());

  it('returns the plan: changes, the exact request with the secret redacted, the predicted provider, a DRY_RUN audit row', async () => {
    const res = await h.gql(CLIENT, {
      input: { id: cpanelId('slack'), service: 'CPANELD', clientId: 'planned-client', clientSecret: SECRET, dryRun: true },
    });
    const payload = res.data.setCpanelClientConfiguration;
    expect(payload).toMatchObject({
      __typename: 'SetCpanelClientConfigurationPayload',
      dryRun: true,
      replayed: false,
      auditEvent: { status: 'DRY_RUN' },
    });
    expect(payload.provider).toMatchObject({ clientId: 'planned-client', hasClientSecret: true });
    expect(payload.changes).toContainEqual({ path: 'clientId', before: '000000000.sandbox', after: 'planned-client', secret: false });
    expect(payload.changes).toContainEqual({ path: 'clientSecret', before: null, after: null, secret: true });
    // A WHM write is a POST with its arguments form-encoded in the body: the secret shows as [REDACTED] there.
    expect(payload.vendorRequests).toEqual([
      {
        method: 'POST',
        path: '/json-api/set_provider_client_configurations',
        query: {},
        headers: { authorization: '[REDACTED]', accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
        body: 'api.version=1&service_name=cpaneld&provider_id=slack&configurations=%7B%22client_id%22%3A%22planned-client%22%2C%22client_secret%22%3A%22[REDACTED]%22%7D',
        purpose: expect.any(String),
      },
    ]);
    expect(Object.fromEntries(new URLSearchParams(payload.vendorRequests[0].body))).toEqual({
      'api.version': '1',
      service_name: 'cpaneld',
      provider_id: 'slack',
      configurations: '{"client_id":"planned-client","client_secret":"[REDACTED]"}',
    });
    expect(whmWrites(h.emulator)).toHaveLength(0);
    expect(h.emulator.module('slack')!.clientConfig!.client_id).toBe('000000000.sandbox');
    const [row] = await listAuditEvents(h.store.db, { connectionId: 'whm', limit: 1 });
    expect(row).toMatchObject({ status: 'DRY_RUN', operation: 'setCpanelClientConfiguration' });
    expect(row!.plannedRequests).toHaveLength(1);
  });

  it('plans exactly what the real run then sends', async () => {
    const input = { id: cpanelId('google'), service: 'WEBMAILD', color: '123abc', displayName: 'Workspace' };
    const plan = (await h.gql(DISPLAY, { input: { ...input, dryRun: true } })).data.setCpanelDisplayConfiguration;
    expect(whmWrites(h.emulator)).toHaveLength(0);
    const real = (await h.gql(DISPLAY, { input })).data.setCpanelDisplayConfiguration;
    expect(real.dryRun).toBe(false);
    expect(real.vendorRequests).toEqual(plan.vendorRequests);
    expect(real.changes).toEqual(plan.changes);
    expect(real.provider.version).toBe(plan.provider.version);
    const [sent] = whmWrites(h.emulator);
    expect(sent!.query).toEqual(plan.vendorRequests[0].query);
    expect(sent!.body).toEqual(plan.vendorRequests[0].body);
    expect(sent!.headers.authorization).toBe(`whm root:${WHM_TOKEN}`);
  });

  it('still validates: a bad input is a ValidationError, not a plan', async () => {
    const res = await h.gql(DISPLAY, { input: { id: cpanelId('google'), service: 'CPANELD', color: 'not-hex', dryRun: true } });
    expect(res.data.setCpanelDisplayConfiguration.__typename).toBe('ValidationError');
  });

  it('keeps the secret out of every response, row and log line', async () => {
    const everything = [...h.responses, ...h.logLines, await dumpTables(h.store)].join('\n');
    expect(everything).not.toContain(SECRET);
  });
});
