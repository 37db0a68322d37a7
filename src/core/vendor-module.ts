// What a vendor folder exports: its connection config schema, its adapter factory and its sandbox.
// src/vendors/index.ts lists one of these per vendor; core code only ever sees this interface.
import type { z } from 'zod';
import type { AdapterContext, MutationSpec, NormalizedProvider, VendorAdapter } from './adapter.js';
import type { SecretRegistry } from './secrets.js';
import type { VendorKey } from './vendor-key.js';

/** Keys every connection has, whatever its vendor. */
export interface BaseConnectionConfig {
  id: string;
  vendor: VendorKey;
  baseUrl: string;
  /** How long a full provider list read from the vendor is served from the snapshot cache. */
  cacheTtlSeconds: number;
  connectTimeoutMs: number;
  totalTimeoutMs: number;
}

export interface AdapterDeps extends AdapterContext {
  secrets: SecretRegistry;
}

/** A running emulator with sample data, and the (already resolved) connection config that reaches it. */
export interface SandboxVendor {
  connection: Record<string, unknown> & { id: string; vendor: VendorKey; baseUrl: string };
  close(): Promise<void>;
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
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec: MutationSpec<any, any>;
  /** null when the revert re-creates a deleted provider. */
  providerKey: string | null;
  input: Record<string, unknown>;
  /** Secret fields the change set that a revert cannot restore: the caller must supply them again. */
  secretsToResupply: string[];
}

export type RevertPlan = RevertCommand | { unsupported: string };

export interface VendorModule<Config extends BaseConnectionConfig = BaseConnectionConfig> {
  vendor: VendorKey;
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
  startSandbox(): Promise<SandboxVendor>;
  /** How to undo a succeeded change of this vendor; absent or `unsupported` when it cannot be undone. */
  revert?(request: RevertRequest): RevertPlan;
}
