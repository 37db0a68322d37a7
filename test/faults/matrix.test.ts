// The fault matrix: every vendor x every fault x (a list query, a mutation) against the sandbox emulators
// over real HTTP, with the expected outcome: retried to success, a typed error (audit row, snapshot
// unchanged), or a stale result with a connection error. Prints the matrix as a table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultSpec } from '../../src/emulation/faults.js';
import type { VendorKey } from '../../src/model/vendor-key.js';
import { getSnapshot } from '../../src/store/snapshots.js';
import { sandboxGateway } from '../support/sandbox-gateway.js';
import { STORE_KINDS } from '../support/stores.js';

type Outcome = 'success' | 'typed-error' | 'stale';

interface VendorCase {
  vendor: VendorKey;
  /** The update mutation and the input that changes something (given the provider's id and a fresh value). */
  mutation: string;
  input: (id: string, value: string) => Record<string, unknown>;
  /** Which requests are the mutation's write (faults on the mutation hit only those). */
  write: { method: string; path: string };
  /** Vendors whose credentials do not expire (static API token / key): an "expired" one is refused. */
  staticCredentials: boolean;
}

const VENDORS: VendorCase[] = [
  {
    vendor: 'cpanel',
    mutation: 'setCpanelDisplayConfiguration',
    input: (id, v) => ({ id, service: 'CPANELD', label: `Log in ${v}` }),
    write: { method: 'POST', path: 'set_provider_display' },
    staticCredentials: true,
  },
  {
    vendor: 'akamai',
    mutation: 'updateAkamaiCustomProvider',
    input: (id, v) => ({ id, title: `Provider ${v}` }),
    write: { method: 'PATCH', path: 'custom-providers/' },
    staticCredentials: false,
  },
  {
    vendor: 'twosms',
    mutation: 'updateTwoSmsIdentityProvider',
    input: (id, v) => ({ id, name: `SSO ${v}` }),
    write: { method: 'PUT', path: 'identityproviders/' },
    staticCredentials: false,
  },
  {
    vendor: 'huawei',
    mutation: 'updateHuaweiIdentityProvider',
    input: (id, v) => ({ id, description: `IdP ${v}` }),
    write: { method: 'PATCH', path: 'identity_providers/' },
    staticCredentials: false,
  },
  {
    vendor: 'slashid',
    mutation: 'updateSlashIdOidcCredential',
    input: (id, v) => ({ id, label: `Credential ${v}` }),
    write: { method: 'PATCH', path: 'provider-credentials' },
    staticCredentials: true,
  },
];

interface FaultCase {
  name: string;
  spec: FaultSpec;
  expect: (vendor: VendorCase, op: 'list' | 'mutation') => Outcome;
}

const always = (outcome: Outcome) => () => outcome;
const FAULTS: FaultCase[] = [
  { name: 'latency 300 ms', spec: { kind: 'latency', ms: 300, count: 1 }, expect: always('success') },
  { name: '503 once', spec: { kind: 'status', status: 503, count: 1 }, expect: always('success') },
  { name: '500 always', spec: { kind: 'status', status: 500 }, expect: (_v, op) => (op === 'list' ? 'stale' : 'typed-error') },
  { name: '429 Retry-After 1 s', spec: { kind: 'rate-limit', retryAfterSeconds: 1, count: 1 }, expect: always('success') },
  { name: 'malformed body', spec: { kind: 'malformed', count: 1 }, expect: (_v, op) => (op === 'list' ? 'stale' : 'typed-error') },
  { name: 'connection reset', spec: { kind: 'reset', count: 1 }, expect: always('success') },
  { name: 'hang (timeout)', spec: { kind: 'hang', count: 1 }, expect: always('success') },
  {
    name: 'token expired',
    spec: { kind: 'token-expiry', count: 1 },
    expect: (v, op) => (v.staticCredentials ? (op === 'list' ? 'stale' : 'typed-error') : 'success'),
  },
];

describe.each(STORE_KINDS)('fault matrix on $name', (kind) => {
  const h = sandboxGateway({
    kind,
    actor: 'fault-matrix',
    // Short timeouts keep the matrix fast; a breaker that never opens and no refresh floor keep the cases independent.
    connection: {
      totalTimeoutMs: 700,
      maxAttempts: 3,
      maxRetryAfterMs: 2_000,
      circuitFailureThreshold: 1_000,
      cacheTtlSeconds: 3_600,
      minRefreshIntervalSeconds: 0,
    },
  });
  const gql = async (query: string, variables?: Record<string, unknown>): Promise<any> => {
    const res = await h.yoga.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    expect(res.status).toBeLessThan(500);
    return res.json();
  };
  const table: string[][] = [];

  beforeAll(async () => {
    await gql('{ identityProviders(first: 200, refresh: true) { totalCount } }');
  });
  afterAll(() => {
    console.log(`\nFault matrix (${kind.name}):\n${formatTable([['vendor', 'fault', 'list', 'mutation'], ...table])}`);
  });

  const faultsOf = (vendor: VendorKey) => h.sandbox.emulators.find((e) => e.vendor === vendor)!.faults;

  async function listOutcome(vendor: VendorCase): Promise<Outcome> {
    const res = await gql(
      `query($v: Vendor) { identityProviders(vendor: $v, first: 200, refresh: true) { totalCount connectionErrors { code } edges { node { ... on ManagedIdentityProvider { stale } } } } }`,
      { v: vendor.vendor.toUpperCase() },
    );
    expect(res.errors).toBeUndefined();
    const result = res.data.identityProviders;
    expect(result.totalCount).toBeGreaterThan(0);
    if (result.connectionErrors.length === 0) {
      expect(result.edges.every((e: any) => !e.node.stale)).toBe(true);
      return 'success';
    }
    expect(result.edges.every((e: any) => e.node.stale)).toBe(true);
    return 'stale';
  }

  async function mutationOutcome(vendor: VendorCase, value: string): Promise<Outcome> {
    const connection = h.sandbox.config.connections.find((c) => c.vendor === vendor.vendor)!;
    const listed = await gql(
      `query($v: Vendor) { identityProviders(vendor: $v, first: 1) { edges { node { ... on ManagedIdentityProvider { id key } } } } }`,
      {
        v: vendor.vendor.toUpperCase(),
      },
    );
    const { id, key } = listed.data.identityProviders.edges[0].node;
    const before = await getSnapshot(h.store.db, connection.id, key);
    const type = `${vendor.mutation.charAt(0).toUpperCase()}${vendor.mutation.slice(1)}`;
    const res = await gql(
      `mutation($input: ${type}Input!) { ${vendor.mutation}(input: $input) { __typename ... on Error { message } ... on VendorError { vendorCode retryable }
        ... on ${type}Payload { auditEvent { status } } } }`,
      { input: vendor.input(id, value) },
    );
    expect(res.errors).toBeUndefined();
    const result = res.data[vendor.mutation];
    if (result.__typename.endsWith('Payload')) {
      expect(result.auditEvent.status).toBe('SUCCEEDED');
      return 'success';
    }
    expect(result.__typename).toBe('VendorError');
    const audit = await gql(`query($c: String) { auditEvents(first: 1, connectionId: $c) { edges { node { status operation } } } }`, {
      c: connection.id,
    });
    expect(audit.data.auditEvents.edges[0].node).toMatchObject({
      operation: vendor.mutation,
      status: expect.stringMatching(/^(FAILED|UNKNOWN)$/),
    });
    expect((await getSnapshot(h.store.db, connection.id, key))!.version).toBe(before!.version);
    return 'typed-error';
  }

  for (const vendor of VENDORS) {
    for (const [index, fault] of FAULTS.entries()) {
      it(`${vendor.vendor}: ${fault.name}`, async () => {
        const faults = faultsOf(vendor.vendor);
        faults.clear();
        faults.add(fault.spec);
        const list = await listOutcome(vendor);
        faults.clear();
        faults.add({ ...fault.spec, method: vendor.write.method, path: vendor.write.path });
        const mutation = await mutationOutcome(vendor, `${kind.name}-${index}-${Date.now() % 100000}`);
        faults.clear();
        table.push([vendor.vendor, fault.name, list, mutation]);
        expect({ list, mutation }).toEqual({ list: fault.expect(vendor, 'list'), mutation: fault.expect(vendor, 'mutation') });
      });
    }
  }
});

function formatTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  return rows.map((row) => row.map((cell, col) => cell.padEnd(widths[col]!)).join('  ')).join('\n');
}
