// The disk cache of brotli bodies (src/http/compressed-cache.ts): what a process made is used by the next one,
// and a file that does not decompress to exactly the content it is named for is never used. Compressions that
// run at once (processes starting together) share one result through a lock file; a lock its process left
// behind (killed) does not hold anyone up.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readCachedBrotli, sharedBrotli, writeCachedBrotli } from '../../src/http/compressed-cache.js';
import { packageFile } from '../../src/package-root.js';

const DIR = packageFile('node_modules', '.cache', 'idp-gateway', 'brotli');
const keyOf = (identity: Uint8Array, settings: string) => createHash('sha256').update(settings).update('\0').update(identity).digest('hex');
const fileOf = (identity: Uint8Array, settings: string) => join(DIR, `${keyOf(identity, settings)}.br`);
const lockOf = (identity: Uint8Array, settings: string) => join(DIR, `${keyOf(identity, settings)}.lock`);

/** A compression that counts its runs and takes `ms` (so that others ask while it runs). */
function countedCompression(identity: Uint8Array, ms: number) {
  const counter = { runs: 0 };
  const compress = async () => {
    counter.runs++;
    await new Promise((resolve) => setTimeout(resolve, ms));
    return brotliCompressSync(identity);
  };
  return { counter, compress };
}

describe('the brotli cache on disk', () => {
  it('gives back what was kept for the same content and settings, and nothing for others', () => {
    const identity = randomBytes(4096);
    expect(readCachedBrotli(identity, 'q11')).toBeNull();
    const body = brotliCompressSync(identity);
    writeCachedBrotli(identity, 'q11', body);
    expect(Buffer.from(readCachedBrotli(identity, 'q11')!)).toEqual(body);
    expect(readCachedBrotli(identity, 'q5')).toBeNull();
    expect(readCachedBrotli(randomBytes(4096), 'q11')).toBeNull();
    // Written aside and renamed: no temporary file stays behind.
    expect(readdirSync(DIR).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('never uses a file that is damaged or holds another content under this name', () => {
    const identity = randomBytes(4096);
    writeFileSync(fileOf(identity, 'q11'), brotliCompressSync(Buffer.from('<script>planted()</script>')));
    expect(readCachedBrotli(identity, 'q11')).toBeNull();
    writeFileSync(fileOf(identity, 'q11'), Buffer.from('not brotli at all'));
    expect(readCachedBrotli(identity, 'q11')).toBeNull();
  });

  it('compresses a content once when several ask at the same time; the others get the same body', async () => {
    const identity = randomBytes(8192);
    const { counter, compress } = countedCompression(identity, 400);
    const bodies = await Promise.all([1, 2, 3].map(() => sharedBrotli(identity, 'q11', compress)));
    expect(counter.runs).toBe(1);
    for (const body of bodies) expect(Buffer.from(body)).toEqual(Buffer.from(bodies[0]!));
    expect(existsSync(lockOf(identity, 'q11'))).toBe(false);
  });

  it('takes over at once a lock whose process is gone, and compresses itself', async () => {
    const identity = randomBytes(8192);
    // A pid that no process has (above Linux's pid_max).
    writeFileSync(lockOf(identity, 'q11'), '99999999');
    const { counter, compress } = countedCompression(identity, 0);
    const started = Date.now();
    const body = await sharedBrotli(identity, 'q11', compress);
    expect(counter.runs).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(Buffer.from(readCachedBrotli(identity, 'q11')!)).toEqual(Buffer.from(body));
    expect(existsSync(lockOf(identity, 'q11'))).toBe(false);
  });

  it('gives the lock back when its compression fails, so the next one may try', async () => {
    const identity = randomBytes(8192);
    await expect(sharedBrotli(identity, 'q11', () => Promise.reject(new Error('out of memory')))).rejects.toThrow('out of memory');
    expect(existsSync(lockOf(identity, 'q11'))).toBe(false);
    const { counter, compress } = countedCompression(identity, 0);
    await sharedBrotli(identity, 'q11', compress);
    expect(counter.runs).toBe(1);
  });
});
