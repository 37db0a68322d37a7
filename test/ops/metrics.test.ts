// GET /metrics against the five vendor emulators (the sandbox) on a real store: the exposition parses; it
// counts GraphQL requests and vendor calls (vendor, operation, status), shows each connection's breaker and
// the PENDING audit rows, holds no secret, keeps gateways of one process apart, and only the right callers
// may read it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayConfig } from '../../src/config.js';
import { tokenSha256 } from '../../src/core/access.js';
import { VENDOR_KEYS } from '../../src/vendors/index.js';
import { startSandbox, type Sandbox } from '../../src/emulation/sandbox.js';
import type { Store } from '../../src/store/open.js';
import { vendorModules } from '../../src/vendors/index.js';
import { apiToken, TEST_READ_BUDGET_MS } from '../support/harness.js';
import { insertCrashedPendingRow, STORE_KINDS } from '../support/stores.js';
import { startHungPostgres } from './hung-postgres.js';
import { type OpsGateway, startOpsGateway } from './ops-gateway.js';
import { parsePrometheusText, type Sample, samplesOf, sumOf } from './prometheus-text.js';

const LIST = '{ identityProviders(first: 200, refresh: true) { edges { node { __typename } } connectionErrors { connectionId code } } }';

describe('/metrics', () => {
  let store: Store;
  let sandbox: Sandbox;
  let config: GatewayConfig;
  let gateway: OpsGateway;
  const admin = apiToken('metrics-admin', 'admin');
  const operator = apiToken('metrics-operator', 'operator');
  const scopedAdmin = apiToken('metrics-scoped-admin', 'admin', ['whm-sandbox']);
  const scraperToken = 'metrics-scraper-token-0123456789abcdef';
  const akamai = () => sandbox.emulators.find((emulator) => emulator.vendor === 'akamai')!;

  const scrape = async (
    target: OpsGateway = gateway,
    token: string | undefined = admin.token,
  ): Promise<{ text: string; samples: Sample[] }> => {
    const response = await target.fetch('/metrics', { token });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    return { text, samples: parsePrometheusText(text) };
  };

  beforeAll(async () => {
    [store, sandbox] = await Promise.all([STORE_KINDS[0]!.open(), startSandbox({})]);
    // Akamai's breaker opens on its first failed call, so the test needs one failure only.
    config = {
      connections: sandbox.config.connections.map((connection) =>
        connection.vendor === 'akamai'
          ? {
              ...connection,
              readBudgetMs: TEST_READ_BUDGET_MS,
              circuitFailureThreshold: 1,
              maxAttempts: 1,
              circuitCooldownMs: 60_000,
              minRefreshIntervalSeconds: 0,
            }
          : { ...connection, readBudgetMs: TEST_READ_BUDGET_MS },
      ),
    };
    gateway = startOpsGateway({
      store,
      config,
      tokens: [admin.config, operator.config, scopedAdmin.config],
      operations: { metricsTokenSha256: tokenSha256(scraperToken) },
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await sandbox?.close();
    await store?.close();
  });

  it('counts a GraphQL request and the vendor calls it caused, per vendor, operation and status', async () => {
    const { body } = await gateway.gql(LIST, { token: admin.token });
    expect(body.data.identityProviders.connectionErrors).toEqual([]);
    const { text, samples } = await scrape();
    expect(
      sumOf(samples, 'idp_gateway_graphql_requests_total', { operation_type: 'query', operation: 'identityProviders', outcome: 'success' }),
    ).toBe(1);
    expect(sumOf(samples, 'idp_gateway_graphql_request_duration_seconds_count', { operation: 'identityProviders' })).toBe(1);
    for (const vendor of VENDOR_KEYS) {
      const labels = { vendor, operation: 'identityProviders', status: '200' };
      const calls = sumOf(samples, 'idp_gateway_vendor_calls_total', labels);
      expect(calls, vendor).toBeGreaterThanOrEqual(1);
      expect(sumOf(samples, 'idp_gateway_vendor_call_duration_seconds_count', labels)).toBe(calls);
      expect(samplesOf(samples, 'idp_gateway_vendor_call_duration_seconds_bucket', { ...labels, le: '+Inf' })[0]?.value).toBe(calls);
    }
    expect(text).toContain('# TYPE idp_gateway_vendor_call_duration_seconds histogram');
    // The default process metrics are there too.
    expect(samplesOf(samples, 'process_cpu_user_seconds_total')).toHaveLength(1);
    expect(samplesOf(samples, 'nodejs_eventloop_lag_seconds')).toHaveLength(1);
  });

  it('labels the vendor calls of a mutation with the mutation, and a refused request as rejected', async () => {
    const { body: listed } = await gateway.gql(
      '{ identityProviders(vendor: CPANEL, first: 20) { edges { node { ... on ManagedIdentityProvider { id key } } } } }',
      { token: admin.token },
    );
    const google = listed.data.identityProviders.edges.map((edge: any) => edge.node).find((node: any) => node.key === 'google');
    const { body } = await gateway.gql(
      'mutation($input: SetCpanelDisplayConfigurationInput!) { setCpanelDisplayConfiguration(input: $input) { __typename } }',
      { token: operator.token, variables: { input: { id: google.id, service: 'CPANELD', color: '00aa00' } } },
    );
    expect(body.data.setCpanelDisplayConfiguration.__typename).toBe('SetCpanelDisplayConfigurationPayload');
    await gateway.gql('{ noSuchField }', { token: admin.token });
    await gateway.gql('{ __typename }');
    const { samples } = await scrape();
    expect(
      sumOf(samples, 'idp_gateway_vendor_calls_total', { vendor: 'cpanel', operation: 'setCpanelDisplayConfiguration' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sumOf(samples, 'idp_gateway_graphql_requests_total', {
        operation_type: 'mutation',
        operation: 'setCpanelDisplayConfiguration',
        outcome: 'success',
      }),
    ).toBe(1);
    // A validation error and a 401: refused before execution.
    expect(
      sumOf(samples, 'idp_gateway_graphql_requests_total', { operation_type: 'unknown', operation: 'none', outcome: 'rejected' }),
    ).toBe(2);
  });

  it("shows each connection's circuit breaker, and the failed calls that opened it", async () => {
    akamai().faults.add({ kind: 'status', status: 503 });
    try {
      const { body } = await gateway.gql(LIST, { token: admin.token });
      expect(body.data.identityProviders.connectionErrors).toEqual([expect.objectContaining({ connectionId: 'akamai-sandbox' })]);
      await gateway.gql(LIST, { token: admin.token }); // refused by the open circuit, nothing sent
      const { samples } = await scrape();
      const state = (connection: string, value: string) => sumOf(samples, 'idp_gateway_circuit_state', { connection, state: value });
      expect(state('akamai-sandbox', 'OPEN')).toBe(1);
      expect(state('akamai-sandbox', 'CLOSED')).toBe(0);
      expect(state('whm-sandbox', 'CLOSED')).toBe(1);
      expect(
        samplesOf(samples, 'idp_gateway_circuit_state', { state: 'CLOSED' })
          .map((s) => s.labels.connection)
          .sort(),
      ).toEqual(config.connections.map((c) => c.id).sort());
      expect(
        sumOf(samples, 'idp_gateway_circuit_consecutive_failures', { connection: 'akamai-sandbox', vendor: 'akamai' }),
      ).toBeGreaterThanOrEqual(1);
      expect(sumOf(samples, 'idp_gateway_vendor_calls_total', { vendor: 'akamai', status: '503' })).toBeGreaterThanOrEqual(1);
      expect(sumOf(samples, 'idp_gateway_vendor_calls_total', { vendor: 'akamai', status: 'CIRCUIT_OPEN' })).toBeGreaterThanOrEqual(1);
    } finally {
      akamai().faults.clear();
    }
  });

  it('counts the PENDING audit rows in the store at scrape time', async () => {
    const before = sumOf((await scrape()).samples, 'idp_gateway_audit_pending_events');
    await insertCrashedPendingRow(store.db, { actor: 'metrics-test', connectionId: 'whm-sandbox' });
    expect(sumOf((await scrape()).samples, 'idp_gateway_audit_pending_events')).toBe(before + 1);
    expect(before + 1).toBeGreaterThan(0);
  });

  it("shows how full the database's NOTIFY queue is (the writes that notify fail when it is full)", async () => {
    const [usage] = samplesOf((await scrape()).samples, 'idp_gateway_notify_queue_usage_ratio');
    expect(usage?.value).toBeGreaterThanOrEqual(0);
    expect(usage?.value).toBeLessThan(0.5);
  });

  it('holds no secret: no connection secret, no token', async () => {
    const { text } = await scrape();
    const secretValues = config.connections.flatMap((connection) => {
      const module = vendorModules.find((candidate) => candidate.vendor === connection.vendor)!;
      return [...module.connectionSecrets, ...(module.optionalConnectionSecrets ?? [])]
        .map((key) => connection[key])
        .filter((value): value is string => typeof value === 'string');
    });
    expect(secretValues.length).toBeGreaterThanOrEqual(5);
    for (const secret of [...secretValues, admin.token, scraperToken, 's3cr3t']) expect(text).not.toContain(secret);
    expect(gateway.services.secrets.scrub(text)).toBe(text);
  });

  it('answers an unrestricted admin token and the metrics token; refuses everyone else', async () => {
    const status = async (token?: string) => (await gateway.fetch('/metrics', { token })).status;
    expect(await status(admin.token)).toBe(200);
    expect(await status(scraperToken)).toBe(200);
    expect(await status()).toBe(401);
    expect(await status('not-a-token')).toBe(401);
    expect(await status(operator.token)).toBe(403);
    expect(await status(scopedAdmin.token)).toBe(403);
    // The metrics token opens /metrics only.
    expect((await gateway.gql('{ __typename }', { token: scraperToken })).response.status).toBe(401);
    expect(() =>
      startOpsGateway({ store, config: { connections: [] }, tokens: [admin.config], operations: { metricsTokenSha256: 'not-a-hash' } }),
    ).toThrow(/64 hex digits/);
  });

  it('keeps the metrics of two gateways in one process apart; a gateway without tokens serves them to anyone', async () => {
    const other = startOpsGateway({ store, config });
    try {
      const first = sumOf((await scrape()).samples, 'idp_gateway_vendor_calls_total');
      await other.gql(LIST);
      const { samples } = await scrape(other, undefined);
      expect(sumOf(samples, 'idp_gateway_graphql_requests_total')).toBe(1);
      expect(sumOf(samples, 'idp_gateway_vendor_calls_total', { operation: 'identityProviders' })).toBeGreaterThanOrEqual(5);
      expect(sumOf((await scrape()).samples, 'idp_gateway_vendor_calls_total')).toBe(first);
    } finally {
      await other.close();
    }
  });

  it('answers within the scrape timeout when the store hangs, the pending count NaN', async () => {
    const hung = await startHungPostgres('hung-db-password-9931');
    const slow = startOpsGateway({ store, config: { connections: [] }, services: { db: hung.db } });
    try {
      const started = performance.now();
      const { samples } = await scrape(slow, undefined);
      expect(performance.now() - started).toBeLessThan(3_000);
      expect(samplesOf(samples, 'idp_gateway_audit_pending_events')[0]?.value).toBeNaN();
      expect(samplesOf(samples, 'idp_gateway_notify_queue_usage_ratio')[0]?.value).toBeNaN();
    } finally {
      await hung.close();
    }
  });
});
