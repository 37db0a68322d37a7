// Brotli at its best quality costs seconds of CPU for GraphiQL's 5 MB script, in every process that serves it
// (each restart, each instance, each test worker). The result is kept on disk, named by the content's SHA-256,
// and used again by the next process. What is read back is trusted only after decompressing it to exactly the
// bytes it stands for, so a damaged or planted file is never served; any failure to read or write only means
// compressing again.
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { packageFile } from '../package-root.js';

/** npm's conventional place for a package's caches (node_modules/.cache/<name>). */
const CACHE_DIR = packageFile('node_modules', '.cache', 'idp-gateway', 'brotli');

const keyOf = (identity: Uint8Array, settings: string): string =>
  createHash('sha256').update(settings).update('\0').update(identity).digest('hex');

/** The brotli body of `identity` made earlier with the same settings, or null. */
export function readCachedBrotli(identity: Uint8Array, settings: string): Uint8Array | null {
  try {
    const body = readFileSync(join(CACHE_DIR, `${keyOf(identity, settings)}.br`));
    return Buffer.compare(brotliDecompressSync(body), identity) === 0 ? body : null;
  } catch {
    return null;
  }
}

/** Keeps `body` for the next process; written aside and renamed, so a reader never sees half a file. */
export function writeCachedBrotli(identity: Uint8Array, settings: string, body: Uint8Array): void {
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    const file = join(CACHE_DIR, `${keyOf(identity, settings)}.br`);
    const aside = `${file}.${randomUUID()}.tmp`;
    writeFileSync(aside, body);
    renameSync(aside, file);
  } catch {
    // A read-only install (an image's node_modules): compressing again next time is all it costs.
  }
}
