// Sandbox mode (no config file): every vendor's emulator on loopback with sample data, and the connection
// configs that reach them. IDP_GATEWAY_SANDBOX_FAULTS injects faults into the emulators from the start, so a
// person can watch the gateway handle them in GraphiQL; each emulator's /__emulator/faults changes them live.
// IDP_GATEWAY_SANDBOX_CONNECTIONS and IDP_GATEWAY_SANDBOX_PROVIDERS make it N connections per vendor with M
// providers each (emulation/scale.ts); the faults apply to every emulator of their vendor.
import { z } from 'zod';
import type { RecordedRequest } from './http.js';
import { describeIssue, type FaultController, type FaultSpec, faultSpecSchema } from './faults.js';
import type { BaseConnectionConfig, SandboxVendor } from '../core/vendor-contract/vendor-module.js';
import type { VendorKey } from '../model/vendor-key.js';
import { ConfigError, parseConfig, type GatewayConfig } from '../config.js';
import type { VendorModule } from '../core/vendor-contract/vendor-module.js';
import { vendorModules } from '../vendors/index.js';
import { parseSandboxScale, startScaledVendor } from './scale.js';

type SandboxModule = VendorModule<never, unknown>;

export { EMULATOR_FAULTS_PATH } from './http.js';

export const SANDBOX_FAULTS_ENV = 'IDP_GATEWAY_SANDBOX_FAULTS';

export interface SandboxEmulator {
  vendor: VendorKey;
  connectionId: string;
  url: string;
  faults: FaultController;
  /** Every request the emulator received, oldest first. */
  requests: RecordedRequest[];
}

export interface Sandbox {
  config: GatewayConfig;
  /** The running emulators, one per connection (one per vendor unless scaled), with their fault controllers. */
  emulators: SandboxEmulator[];
  close(): Promise<void>;
}

function entryHead(vendorKeys: readonly string[]) {
  const error = `vendor must be one of ${vendorKeys.join(', ')}`;
  return z.looseObject({ vendor: z.string({ error }).refine((vendor) => vendorKeys.includes(vendor), { error }) });
}

/**
 * Reads IDP_GATEWAY_SANDBOX_FAULTS: a JSON list of fault specs (see core/emulator-faults.ts), each with the
 * `vendor` whose emulator gets it, e.g. `[{"vendor":"akamai","kind":"status","status":503,"share":0.3}]`.
 * A bad entry is a ConfigError that names it: `[1] (huawei hang): share: Too big: expected number to be <=1`.
 */
export function parseSandboxFaults(
  text: string | undefined,
  modules: readonly SandboxModule[] = vendorModules,
): Partial<Record<VendorKey, FaultSpec[]>> {
  if (text === undefined || text.trim() === '') return {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`not valid JSON: ${(error as Error).message}`], SANDBOX_FAULTS_ENV);
  }
  if (!Array.isArray(raw)) throw new ConfigError(['must be a JSON list of fault specs, each with a "vendor" key'], SANDBOX_FAULTS_ENV);
  const byVendor: Partial<Record<VendorKey, FaultSpec[]>> = {};
  const problems: string[] = [];
  raw.forEach((entry, index) => {
    const head = entryHead(modules.map((module) => module.vendor)).safeParse(entry);
    if (!head.success) {
      problems.push(...head.error.issues.map((issue) => `[${index}] ${describeIssue(issue).replace(/^\(spec\)/, '(entry)')}`));
      return;
    }
    const { vendor, ...spec } = head.data;
    const label = `[${index}] (${vendor}${typeof spec.kind === 'string' ? ` ${spec.kind}` : ''})`;
    const parsed = faultSpecSchema.safeParse(spec);
    if (!parsed.success) {
      problems.push(...parsed.error.issues.map((issue) => `${label} ${describeIssue(issue)}`));
      return;
    }
    const ids = (byVendor[vendor] ?? []).map((other) => other.id);
    if (parsed.data.id !== undefined && ids.includes(parsed.data.id)) {
      problems.push(`${label} id: another ${vendor} fault already has the id "${parsed.data.id}"`);
      return;
    }
    (byVendor[vendor] ??= []).push(spec as FaultSpec);
  });
  if (problems.length > 0) throw new ConfigError(problems, SANDBOX_FAULTS_ENV);
  return byVendor;
}

/**
 * A connection as a config file holds it: each secret key's value moved into `env` (under
 * `<PREFIX>_<CONNECTION>_<KEY>`) and replaced by its `{ "env": NAME }` reference.
 */
export function secretsAsEnvReferences(
  connection: { vendor: string; id: string },
  prefix: string,
  env: NodeJS.ProcessEnv,
  modules: readonly SandboxModule[] = vendorModules,
): Record<string, unknown> {
  const module = modules.find((m) => m.vendor === connection.vendor)!;
  const entry: Record<string, unknown> = { ...connection };
  for (const key of [...module.connectionSecrets, ...(module.optionalConnectionSecrets ?? [])]) {
    if (typeof entry[key] !== 'string') continue;
    const name = `${prefix}_${connection.id}_${key}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
    env[name] = entry[key] as string;
    entry[key] = { env: name };
  }
  return entry;
}

export interface SandboxStartOptions {
  /** At least this many providers in each emulator (the samples, then numbered copies); IDP_GATEWAY_SANDBOX_PROVIDERS wins. */
  providersPerVendor?: number;
  /** The vendors to start (default: every listed vendor module). */
  modules?: readonly SandboxModule[];
}

export async function startSandbox(env: NodeJS.ProcessEnv = process.env, options: SandboxStartOptions = {}): Promise<Sandbox> {
  const modules = options.modules ?? vendorModules;
  // Read before anything starts: a bad variable stops the gateway with the entry named.
  const faults = parseSandboxFaults(env[SANDBOX_FAULTS_ENV], modules);
  const scale = parseSandboxScale(env);
  const providers = scale.providersPerConnection ?? options.providersPerVendor;
  const started: SandboxVendor[] = (
    await Promise.all(
      modules.map((module) => startScaledVendor(module, scale.connectionsPerVendor, { faults: faults[module.vendor] ?? [], providers })),
    )
  ).flat();
  // Sandbox credentials are generated, so they go through the same schema by way of environment references.
  const secretEnv: NodeJS.ProcessEnv = {};
  const connections = started.map(({ connection }) => secretsAsEnvReferences(connection, 'SANDBOX', secretEnv, modules));
  const config = parseConfig({ connections }, 'the sandbox', secretEnv, modules);
  return {
    config: config as GatewayConfig & { connections: Array<BaseConnectionConfig & Record<string, unknown>> },
    emulators: started.map(({ connection, faults: controller, requests }) => ({
      vendor: connection.vendor,
      connectionId: connection.id,
      url: connection.baseUrl,
      faults: controller,
      requests,
    })),
    close: async () => {
      await Promise.all(started.map((vendor) => vendor.close()));
    },
  };
}
