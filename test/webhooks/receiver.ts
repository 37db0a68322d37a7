// A webhook receiver on loopback, as a customer would write one: every request verified with the
// `standardwebhooks` package (a request that does not verify is answered 400 and recorded as such), each
// webhook-id processed once (a repeat is acknowledged and dropped). It can be made unavailable (503, with or
// without Retry-After) to test retries.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedEvent {
  id: string;
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

export interface Receiver {
  url: string;
  /** Events processed, in order of arrival, each webhook-id once. */
  events: ReceivedEvent[];
  /** Every request by webhook-id (attempts, repeats included). */
  attempts: Map<string, number>;
  /** Requests that did not verify. */
  refused: number;
  /** 'up' processes; otherwise 503 with this Retry-After (null: none). */
  mode: 'up' | { unavailable: true; retryAfter: string | null };
  close(): Promise<void>;
}

export async function startReceiver(secret: string): Promise<Receiver> {
  const verifier = new Webhook(secret);
  const seen = new Set<string>();
  const receiver: Omit<Receiver, 'url' | 'close'> = { events: [], attempts: new Map(), refused: 0, mode: 'up' };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const id = String(request.headers['webhook-id'] ?? '');
      receiver.attempts.set(id, (receiver.attempts.get(id) ?? 0) + 1);
      if (receiver.mode !== 'up') {
        response.writeHead(503, receiver.mode.retryAfter ? { 'retry-after': receiver.mode.retryAfter } : {}).end();
        return;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      let payload: Omit<ReceivedEvent, 'id'>;
      try {
        payload = verifier.verify(body, request.headers as Record<string, string>) as Omit<ReceivedEvent, 'id'>;
      } catch {
        receiver.refused++;
        response.writeHead(400).end();
        return;
      }
      if (!seen.has(id)) {
        seen.add(id);
        receiver.events.push({ id, ...payload });
      }
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/hooks`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  }) as Receiver;
}
