// Brotli at its best quality costs seconds of CPU for GraphiQL's 5 MB script, in every process that serves it
// (each restart, each instance, each test worker). The result is kept on disk, named by the content's SHA-256,
// and used again by the next process. What is read back is trusted only after decompressing it to exactly the
// bytes it stands for, so a damaged or planted file is never served; any failure to read or write only means
// compressing again. Processes that start together (instances on one host, a test run's workers) compress a
// content once: the first takes a lock file beside the result, the others wait for that result while the lock's
// process lives (they serve gzip meanwhile: brotli is never on a request's path).
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
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

/** A lock older than this is taken to be left by a process that hung or whose pid was reused. */
const LOCK_STALE_MS = 5 * 60_000;
const POLL_MS = 250;

/**
 * The brotli body of `identity`: made earlier by any process (the cache), being made by another one (waited
 * for), or made here by `compress` and kept. A lock that cannot be taken or read only means compressing here.
 */
export async function sharedBrotli(identity: Uint8Array, settings: string, compress: () => Promise<Uint8Array>): Promise<Uint8Array> {
  const key = keyOf(identity, settings);
  const lock = join(CACHE_DIR, `${key}.lock`);
  for (;;) {
    const cached = readCachedBrotli(identity, settings);
    if (cached) return cached;
    if (takeLock(lock)) break;
    if (!lockIsLive(lock)) {
      rmSync(lock, { force: true });
      continue;
    }
    await sleep(POLL_MS);
  }
  try {
    const body = await compress();
    writeCachedBrotli(identity, settings, body);
    return body;
  } finally {
    rmSync(lock, { force: true });
  }
}

/** True when this process now holds `lock` (or there is nowhere to keep one: then nobody can share). */
function takeLock(lock: string): boolean {
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    writeFileSync(lock, String(process.pid), { flag: 'wx' });
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'EEXIST';
  }
}

/** Whether the process named in `lock` still runs and took it recently; a lock gone meanwhile is not live. */
function lockIsLive(lock: string): boolean {
  try {
    const pid = Number(readFileSync(lock, 'utf8'));
    if (Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS || !Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists (another user's); anything else (ENOENT, ESRCH): not live.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
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
