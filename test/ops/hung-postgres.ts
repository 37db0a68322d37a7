// A "database" that accepts TCP connections and never answers, and a Drizzle handle on it (through
// postgres.js, as the gateway's own PostgreSQL store): every query hangs until the client gives up.
import { createServer, type Socket } from 'node:net';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Db } from '../../src/store/open.js';

export interface HungPostgres {
  db: Db;
  url: string;
  port: number;
  /** Connections the server has accepted. */
  connections(): number;
  close(): Promise<void>;
}

export async function startHungPostgres(password: string): Promise<HungPostgres> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const url = `postgres://gateway:${password}@127.0.0.1:${port}/idp`;
  const client = postgres(url, { max: 1, connect_timeout: 60, onnotice: () => {} });
  return {
    db: drizzle(client) as unknown as Db,
    url,
    port,
    connections: () => sockets.size,
    async close() {
      for (const socket of sockets) socket.destroy();
      await client.end({ timeout: 0 }).catch(() => {});
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
