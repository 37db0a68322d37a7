// The vendor side of the benchmark, seen from the load generator: the emulators' child process, the
// connections that reach them, their request counts and their latency faults (set through each emulator's
// own admin endpoint, /__emulator/faults, as a person would with the sandbox).
import { EMULATOR_FAULTS_PATH } from '../src/emulation/http.js';
import { type BenchChild, spawnChild } from './processes.js';
import type { VendorsAnswer, VendorsQuestion } from './vendors-process.js';

export type VendorConnection = Extract<VendorsAnswer, { kind: 'connections' }>['connections'][number];

export interface Vendors {
  process: BenchChild;
  /** As the sandbox config holds them: credentials resolved. */
  connections: VendorConnection[];
  /** Requests each emulator has received so far, by connection id. */
  requestCounts(): Promise<Record<string, number>>;
  /** Every emulator delays every answer by `ms` (a `latency` fault); `clearFaults` ends it. */
  addLatency(ms: number): Promise<void>;
  clearFaults(): Promise<void>;
  close(): Promise<void>;
}

/** One question to a vendors child process (vendors-process.ts, estate-vendors-process.ts) and its answer. */
export function ask<K extends VendorsQuestion['kind']>(child: BenchChild, kind: K): Promise<Extract<VendorsAnswer, { kind: K }>> {
  return new Promise((resolve) => {
    const onMessage = (answer: VendorsAnswer) => {
      if (answer.kind !== kind) return;
      child.child.off('message', onMessage);
      resolve(answer as Extract<VendorsAnswer, { kind: K }>);
    };
    child.child.on('message', onMessage);
    child.child.send({ kind } satisfies VendorsQuestion);
  });
}

async function adminCall(url: string, method: 'POST' | 'DELETE', body?: unknown): Promise<void> {
  const res = await fetch(`${url}${EMULATOR_FAULTS_PATH}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${url}${EMULATOR_FAULTS_PATH}: ${res.status} ${await res.text()}`);
}

export async function startVendors(providersPerVendor: number): Promise<Vendors> {
  const child = await spawnChild({
    script: 'bench/vendors-process.ts',
    args: [String(providersPerVendor)],
    ready: /^vendors ready/,
    ipc: true,
  });
  const { connections } = await ask(child, 'connections');
  const urls = connections.map((connection) => connection.baseUrl);
  return {
    process: child,
    connections,
    requestCounts: async () => (await ask(child, 'requests')).byConnection,
    async addLatency(ms) {
      await Promise.all(urls.map((url) => adminCall(url, 'POST', { kind: 'latency', ms })));
    },
    async clearFaults() {
      await Promise.all(urls.map((url) => adminCall(url, 'DELETE')));
    },
    close: () => child.stop(),
  };
}
