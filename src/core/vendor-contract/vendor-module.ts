// What a vendor folder exports: its connection config schema, its adapter factory and its sandbox.
// src/vendors/index.ts lists one of these per vendor; core code only ever sees this interface.
import type { z } from 'zod';
import type { AdapterContext, MutationSpec, NormalizedProvider, VendorAdapter } from './adapter.js';
import type { FaultController, FaultSpec } from '../../emulation/faults.js';
import type { RecordedRequest } from '../../emulation/http.js';
import type { SecretRegistry } from '../secrets.js';
import type { VendorCircuit } from '../vendor-http/circuit.js';
import type { VendorKey } from '../../model/vendor-key.js';
import type { ConnectionReliability } from '../vendor-http/reliability.js';
import type { VendorEstate } from './estate.js';
import type { VendorSetup } from './setup.js';

export type { ConnectionReliability } from '../vendor-http/reliability.js';

/** Keys every connection has, whatever its vendor. */
export interface BaseConnectionConfig extends ConnectionReliability {
  id: string;
  vendor: VendorKey;
  baseUrl: string;
  /** How long a full provider list read from the vendor is served from the snapshot cache. */
  cacheTtlSeconds: number;
  /** The vendor's list is read at most once per this many seconds, `refresh: true` or not (default 5). */
  minRefreshIntervalSeconds?: number;
  /** How long a page waits for the vendor's list before it is served the stale snapshots (default 2000). */
  readBudgetMs?: number;
  /** Every this many seconds one instance reads the vendor and records drift (core/scheduling/gateway-jobs.ts); absent: never. */
  driftCheckIntervalSeconds?: number;
  connectTimeoutMs: number;
  totalTimeoutMs: number;
}

export interface AdapterDeps extends AdapterContext {
  secrets: SecretRegistry;
  /**
   * The connection's breaker and concurrency cap: every VendorHttpClient the adapter makes must get this one
   * (ConnectionRegistry makes one per connection). Absent when a test builds an adapter by hand: the adapter
   * then makes its own, from the connection's config.
   */
  circuit?: VendorCircuit;
}

/** A running emulator with sample data, and the (already resolved) connection config that reaches it. */
export interface SandboxVendor {
  connection: Record<string, unknown> & { id: string; vendor: VendorKey; baseUrl: string };
  /** The emulator's injected faults (also at `${connection.baseUrl}/__emulator/faults`). */
  faults: FaultController;
  /** Every request the emulator received, oldest first (tests and benchmarks count vendor calls with it). */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export interface SandboxOptions {
  /** Faults the emulator starts with (sandbox mode: from IDP_GATEWAY_SANDBOX_FAULTS). */
  faults?: FaultSpec[];
  /** At least this many providers: the samples, then numbered copies of them (core/sample-fill.ts). */
  providers?: number;
}

/** A succeeded change, as the audit trail holds it, to be undone. */
export interface RevertRequest {
  operation: string;
  providerKey: string;
  /** The input of the change (secrets as fingerprints). */
  input: Record<string, unknown>;
  before: NormalizedProvider | null;
  after: NormalizedProvider | null;
}

/** The mutation that brings the provider back to `before` (its non-secret state). */
export interface RevertCommand {
  // The spec's adapter and input types are the vendor's own; the pipeline only passes them through.
  // biome-ignore lint/suspicious/noExplicitAny: the spec types are the vendor's own (see above)
  spec: MutationSpec<any, any>;
  /** null when the revert re-creates a deleted provider. */
  providerKey: string | null;
  input: Record<string, unknown>;
  /** Secret fields the change set that a revert cannot restore: the caller must supply them again. */
  secretsToResupply: string[];
}

export type RevertPlan = RevertCommand | { unsupported: string };

/**
 * Everything the gateway needs of one vendor, declared in one place (src/vendors/<v>/index.ts) and listed once
 * (src/vendors/index.ts): the vendor keys, the secret names, the GraphQL schema and the sandbox are derived from
 * that list. `GraphQLKit` is what `registerGraphQL` is handed: the GraphQL layer names its type (core does not
 * know GraphQL; see src/graphql/vendor-kit.ts).
 */
export interface VendorModule<Config extends BaseConnectionConfig = BaseConnectionConfig, GraphQLKit = never> {
  /** The vendor's key: the `vendor` of its connections in the config, its Vendor enum value, its metrics label. */
  vendor: VendorKey;
  /**
   * Names that hold a secret at this vendor beyond the common ones (core/secrets.ts): its auth headers and wire
   * fields as spelled on the wire (e.g. "X-Auth-Token"). Logs, plans and the audit trail redact them.
   */
  secretNames: readonly string[];
  /** Registers the vendor's GraphQL types and mutations (no side-effect imports: the schema calls this). */
  registerGraphQL(kit: GraphQLKit): void;
  /**
   * The vendor-specific connection keys, as zod object shape. Secret keys use `secretRef()` so the file
   * holds `{ "env": "NAME" }` and the parsed config holds the resolved value.
   */
  connectionShape: z.ZodRawShape;
  /** Names of the connection keys that are secrets (registered for scrubbing at start-up). */
  connectionSecrets: readonly string[];
  /** Secret keys that may be left out (e.g. Huawei: authToken, or password with user name). */
  optionalConnectionSecrets?: readonly string[];
  /** Rules across keys (e.g. Huawei: a token or a password login, not both); returns the problem or null. */
  checkConnection?(connection: Record<string, unknown>): string | null;
  createAdapter(connection: Config, deps: AdapterDeps): VendorAdapter;
  startSandbox(options?: SandboxOptions): Promise<SandboxVendor>;
  /** How to undo a succeeded change of this vendor; absent or `unsupported` when it cannot be undone. */
  revert?(request: RevertRequest): RevertPlan;
  /** How its providers are written in an estate document and brought to it (core/estate/). */
  estate?: VendorEstate;
  /** How its providers' configuration is checked (test: true, testIdentityProviderConfiguration). */
  setup?: VendorSetup;
}
