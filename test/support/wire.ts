// One HTTP request over node:http, its body as it came over the socket (still encoded): for tests of what is on
// the wire (sizes, content codings, cache headers) where fetch would decode.
import { type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { expect } from 'vitest';

export interface WireResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as sent (still encoded). */
  body: Buffer;
}

/** One request; the body is returned as it came over the socket. */
export function wire(url: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export function decoded(response: WireResponse): Buffer {
  const coding = response.headers['content-encoding'];
  if (coding === 'br') return brotliDecompressSync(response.body);
  if (coding === 'gzip') return gunzipSync(response.body);
  expect(coding).toBeUndefined();
  return response.body;
}
