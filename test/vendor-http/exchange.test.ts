// One exchange on an undici dispatcher (src/core/vendor-http/exchange.ts) against a real loopback server: what
// reaches the server, the answer as request() gave it (headers joined, body whole, no byte order mark), undici's
// own errors unchanged, and the deadline: a request still waiting for a connection at its deadline is never sent.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, Client } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { exchange } from '../../src/core/vendor-http/exchange.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(answer: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ origin: string; received: Received[] }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      answer(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  );
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

function agent(): Agent {
  const dispatcher = new Agent();
  cleanups.push(() => dispatcher.destroy());
  return dispatcher;
}

const noDeadline = { ms: 10_000, error: () => new Error('deadline') };

describe('exchange', () => {
  it('sends the method, path with query, headers and body as given, and answers status, headers and the whole body', async () => {
    const { origin, received } = await serve((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.setHeader('x-many', ['one', 'two']);
      res.statusCode = 409;
      // In pieces, the last one after a pause: the body is whatever arrived before the end.
      res.write('{"error":');
      setTimeout(() => res.end('"conflict","note":"é"}'), 20);
    });
    const answer = await exchange(
      agent(),
      { origin, path: '/v1/providers/a%20b?x=1&y=%C3%A9', method: 'PATCH', headers: { 'x-auth-token': 'abc' }, body: '{"title":"T"}' },
      noDeadline,
    );
    expect(received).toEqual([
      expect.objectContaining({ method: 'PATCH', url: '/v1/providers/a%20b?x=1&y=%C3%A9', body: '{"title":"T"}' }),
    ]);
    expect(received[0]!.headers['x-auth-token']).toBe('abc');
    expect(answer.status).toBe(409);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.headers['x-many']).toBe('one, two');
    expect(answer.text).toBe('{"error":"conflict","note":"é"}');
  });

  it('drops a leading byte order mark, keeps an empty body empty, and turns bad bytes into U+FFFD', async () => {
    const bodies = [Buffer.from('\uFEFF{"a":1}', 'utf8'), Buffer.alloc(0), Buffer.from([0x7b, 0xff, 0x7d])];
    const { origin } = await serve((req, res) => res.end(bodies[Number(req.url!.slice(1))]));
    const dispatcher = agent();
    const texts = await Promise.all(
      [0, 1, 2].map(async (n) => (await exchange(dispatcher, { origin, path: `/${n}`, method: 'GET' }, noDeadline)).text),
    );
    expect(texts).toEqual(['{"a":1}', '', '{\uFFFD}']);
  });

  it('rejects with undici’s own error when nothing listens (the code tells that nothing was sent)', async () => {
    const { origin } = await serve((_req, res) => res.end());
    await new Promise((resolve) => setTimeout(resolve, 0));
    // A port that was just free: close the server first.
    await cleanups.pop()!();
    const error = await exchange(agent(), { origin, path: '/', method: 'GET' }, noDeadline).catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('ECONNREFUSED');
  });

  it('rejects at the deadline with its error when no answer comes, and aborts the request', async () => {
    let closed = false;
    const { origin } = await serve((req) => {
      req.socket.on('close', () => {
        closed = true;
      });
    });
    const started = performance.now();
    const error = await exchange(
      agent(),
      { origin, path: '/hang', method: 'GET' },
      { ms: 150, error: () => new Error('no answer in time') },
    ).catch((e: unknown) => e);
    expect((error as Error).message).toBe('no answer in time');
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(performance.now() - started).toBeLessThan(2_000);
    // The aborted request's connection is closed (it cannot carry another request's answer).
    await expect.poll(() => closed).toBe(true);
  });

  it('never sends a request whose deadline passes while it waits for a connection', async () => {
    const { origin, received } = await serve((req, res) => {
      if (req.url === '/first') setTimeout(() => res.end('first'), 300);
      else res.end('second');
    });
    // One connection, one request at a time: the second waits behind the first.
    const client = new Client(origin, { pipelining: 1 });
    cleanups.push(() => client.destroy());
    const first = exchange(client, { origin, path: '/first', method: 'GET' }, noDeadline);
    const second = exchange(
      client,
      { origin, path: '/second', method: 'POST', body: 'x' },
      { ms: 50, error: () => new Error('queued too long') },
    );
    await expect(second).rejects.toThrow('queued too long');
    expect((await first).text).toBe('first');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received.map((r) => r.url)).toEqual(['/first']);
  });

  it('rejects a request undici refuses before sending (a header value with a line break) without throwing', async () => {
    const { origin, received } = await serve((_req, res) => res.end());
    const error = await exchange(agent(), { origin, path: '/', method: 'GET', headers: { 'x-bad': 'a\r\nb' } }, noDeadline).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(received).toEqual([]);
  });
});
