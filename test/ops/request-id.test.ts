// The request id ties a mutation's log line to its audit row: both carry the id the response names in
// X-Request-Id (a new UUID, or the caller's own plain one).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startSandbox, type Sandbox } from '../../src/emulation/sandbox.js';
import type { Store } from '../../src/store/open.js';
import { auditEvents } from '../../src/store/tables.js';
import { STORE_KINDS } from '../support/stores.js';
import { type OpsGateway, startOpsGateway } from './ops-gateway.js';

const MUTATION =
  'mutation Recolor($input: SetCpanelDisplayConfigurationInput!) { setCpanelDisplayConfiguration(input: $input) { __typename ... on SetCpanelDisplayConfigurationPayload { auditEvent { id } } } }';

describe.each(STORE_KINDS)('request id in the log and the audit trail ($name)', (kind) => {
  let store: Store;
  let sandbox: Sandbox;
  let gateway: OpsGateway;
  let googleId: string;

  beforeAll(async () => {
    [store, sandbox] = await Promise.all([kind.open(), startSandbox({})]);
    gateway = startOpsGateway({ store, config: sandbox.config });
    const { body } = await gateway.gql(
      '{ identityProviders(vendor: CPANEL, first: 20) { edges { node { ... on ManagedIdentityProvider { id key } } } } }',
    );
    googleId = body.data.identityProviders.edges.map((edge: any) => edge.node).find((node: any) => node.key === 'google').id;
  });
  afterAll(async () => {
    await gateway?.close();
    await sandbox?.close();
    await store?.close();
  });

  const recolor = async (color: string, headers: Record<string, string> = {}) => {
    const before = gateway.logLines.length;
    const { body, response } = await gateway.gql(MUTATION, { variables: { input: { id: googleId, service: 'CPANELD', color } }, headers });
    const auditId = body.data.setCpanelDisplayConfiguration.auditEvent.id as string;
    const [row] = await store.db
      .select({ requestId: auditEvents.requestId, status: auditEvents.status })
      .from(auditEvents)
      .where(eq(auditEvents.id, auditId));
    const logged = gateway.logLines
      .slice(before)
      .map((line) => JSON.parse(line))
      .filter((line) => line.msg === 'request');
    return { header: response.headers.get('x-request-id'), row: row!, logged };
  };

  it('gives the log line and the audit row of a mutation the same new request id', async () => {
    const { header, row, logged } = await recolor('0a0b0c');
    expect(header).toMatch(/^[0-9a-f-]{36}$/);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ operationName: 'Recolor', operationType: 'mutation', status: 200, requestId: header });
    expect(row).toEqual({ requestId: header, status: 'SUCCEEDED' });
  });

  it("carries a caller's own X-Request-Id into both", async () => {
    const { header, row, logged } = await recolor('0c0b0a', { 'x-request-id': 'edge-proxy.42:abc' });
    expect(header).toBe('edge-proxy.42:abc');
    expect(logged.map((line) => line.requestId)).toEqual(['edge-proxy.42:abc']);
    expect(row.requestId).toBe('edge-proxy.42:abc');
  });
});
