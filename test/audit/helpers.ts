// Shared by the audit trail tests: a gateway over a cPanel emulator on a real store, seeded audit rows, SSE.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NewAuditEvent } from '../../src/store/audit.js';
import type { Store } from '../../src/store/open.js';
import { type CpanelEmulator, startCpanelEmulator } from '../../src/vendors/cpanel/emulator.js';
import { CPANEL_SAMPLE_MODULES } from '../../src/vendors/cpanel/sandbox.js';
import { type Harness, startHarness } from '../support/harness.js';
import { crashedInstanceRow } from '../support/stores.js';

export const TOKEN = 'WHMTOKEN-audit-distinctive-5d1e';

export interface AuditHarness {
  h: Harness;
  emulator: CpanelEmulator;
  close(): Promise<void>;
}

export async function startAuditHarness(store: Store): Promise<AuditHarness> {
  const emulator = await startCpanelEmulator({ username: 'root', apiToken: TOKEN, modules: structuredClone(CPANEL_SAMPLE_MODULES) });
  const h = await startHarness({
    store,
    connections: [{ id: 'whm', vendor: 'cpanel', baseUrl: emulator.url, username: 'root', apiToken: { env: 'WHM_TOKEN' } }],
    env: { WHM_TOKEN: TOKEN },
  });
  return {
    h,
    emulator,
    async close() {
      await h.close();
      await emulator.close();
    },
  };
}

/** A fixed point in time, far from "now", so that seeded rows never mix with rows real mutations write. */
export const T0 = Date.parse('2031-03-01T12:00:00.000Z');
export const at = (minutes: number) => new Date(T0 + minutes * 60_000);

export function seedEvent(overrides: Partial<NewAuditEvent> = {}): NewAuditEvent {
  return {
    actor: 'alice',
    operation: 'setCpanelClientConfiguration',
    connectionId: 'seed',
    vendor: 'cpanel',
    providerKey: 'google',
    status: 'PENDING',
    input: { clientId: 'x' },
    ...(overrides.status === undefined || overrides.status === 'PENDING' ? crashedInstanceRow() : {}),
    ...overrides,
  };
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export async function waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The yoga instance on a real loopback HTTP server. */
export async function serve(h: Harness): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(h.yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface SseMessage {
  event: string;
  data: any;
}

/** Reads a text/event-stream body message by message (comments / keep-alive pings are skipped). */
export class SseReader {
  private buffer = '';
  private readonly decoder = new TextDecoder();
  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  async next(): Promise<SseMessage | null> {
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
        if (!data.length && event === 'message') continue; // a comment or ping
        const text = data.join('\n');
        return { event, data: text ? JSON.parse(text) : null };
      }
      const { value, done } = await this.reader.read();
      if (done) return null;
      this.buffer += this.decoder.decode(value, { stream: true });
    }
  }
}
