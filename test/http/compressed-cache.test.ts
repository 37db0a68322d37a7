// The disk cache of brotli bodies (src/http/compressed-cache.ts): what a process made is used by the next one,
// and a file that does not decompress to exactly the content it is named for is never used.
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readCachedBrotli, writeCachedBrotli } from '../../src/http/compressed-cache.js';
import { packageFile } from '../../src/package-root.js';

const DIR = packageFile('node_modules', '.cache', 'idp-gateway', 'brotli');
const fileOf = (identity: Uint8Array, settings: string) =>
  join(DIR, `${createHash('sha256').update(settings).update('\0').update(identity).digest('hex')}.br`);

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
});
