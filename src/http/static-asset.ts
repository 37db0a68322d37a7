// A fixed response body (GraphiQL's page and its scripts, styles, fonts) kept in memory once in each content
// coding a browser may ask for (br, gzip, identity), answered with an ETag, a 304 to a matching If-None-Match,
// the chosen coding per the request's Accept-Encoding, and HEAD without a body. Compressing is done once: gzip
// before the first answer, brotli at its best quality (seconds for GraphiQL's 5 MB script) in the background,
// one body at a time on libuv's thread pool, kept on disk for the next process (compressed-cache.ts); until a
// body's brotli is ready, a browser that takes gzip gets gzip.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';
import { sharedBrotli } from './compressed-cache.js';

export type ContentCoding = 'br' | 'gzip' | 'identity';

export interface StaticAssetOptions {
  contentType: string;
  cacheControl: string;
  /** False for bodies that are compressed already (woff, woff2): served as they are. */
  compressible: boolean;
  /** Further headers on every answer (the page's security headers). */
  headers?: Record<string, string>;
}

/** Long-lived and never revalidated: for URLs that carry the hash of their content. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Below this size both codings are made at once, synchronously (milliseconds). */
const SMALL_BYTES = 64 * 1024;

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** The best brotli quality, with the window of a 16 MB body (what browsers accept). */
function brotliOptions(size: number) {
  return {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_LGWIN]: constants.BROTLI_MAX_WINDOW_BITS,
      [constants.BROTLI_PARAM_SIZE_HINT]: size,
    },
  };
}
const GZIP_OPTIONS = { level: constants.Z_BEST_COMPRESSION };

/** Brotli of a large body: from the disk cache when a process made it or is making it (compressed-cache.ts), else made and kept. */
function cachedOrCompressed(identity: Uint8Array): Promise<Uint8Array> {
  const settings = `q${constants.BROTLI_MAX_QUALITY}w${constants.BROTLI_MAX_WINDOW_BITS}`;
  return sharedBrotli(identity, settings, () => brotliAsync(identity, brotliOptions(identity.byteLength)));
}

/** Brotli runs one body at a time: at most one thread-pool thread busy, and one encoder's memory. */
let brotliQueue: Promise<unknown> = Promise.resolve();

/** The first 16 hex digits of the SHA-256 of the bytes: the name part and ETag of a content. */
export function contentHash(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

export class StaticAsset {
  readonly hash: string;
  private readonly bodies = new Map<ContentCoding, Uint8Array>();
  /** Settles once gzip is made (at once for a small body or one that is not compressed). */
  private readonly firstCoding: Promise<void>;
  /** Settles once every coding is made. */
  readonly complete: Promise<void>;

  constructor(
    identity: Uint8Array,
    readonly options: StaticAssetOptions,
  ) {
    this.hash = contentHash(identity);
    this.bodies.set('identity', identity);
    if (!options.compressible) {
      this.firstCoding = this.complete = Promise.resolve();
    } else if (identity.byteLength <= SMALL_BYTES) {
      this.bodies.set('gzip', gzipSync(identity, GZIP_OPTIONS));
      this.bodies.set('br', brotliCompressSync(identity, brotliOptions(identity.byteLength)));
      this.firstCoding = this.complete = Promise.resolve();
    } else {
      this.firstCoding = gzipAsync(identity, GZIP_OPTIONS).then((body) => {
        this.bodies.set('gzip', body);
      });
      const brotli = brotliQueue.then(() => cachedOrCompressed(identity));
      brotliQueue = brotli.catch(() => {});
      this.complete = Promise.all([this.firstCoding, brotli]).then(([, body]) => {
        this.bodies.set('br', body);
      });
      // A failed compression leaves that coding out (the others are still served); never an unhandled rejection.
      this.complete.catch(() => {});
    }
  }

  /** The size of the body in a coding, when that coding is made. */
  sizeOf(coding: ContentCoding): number | undefined {
    return this.bodies.get(coding)?.byteLength;
  }

  etagOf(coding: ContentCoding): string {
    return coding === 'identity' ? `"${this.hash}"` : `"${this.hash}-${coding}"`;
  }

  /** The answer to a GET or HEAD of this body. */
  async respond(request: Request, fetchAPI: { Response: typeof Response }): Promise<Response> {
    await this.firstCoding.catch(() => {});
    const headers: Record<string, string> = {
      'cache-control': this.options.cacheControl,
      'x-content-type-options': 'nosniff',
      ...this.options.headers,
    };
    if (this.options.compressible) headers.vary = 'Accept-Encoding';
    // Any coding's tag names the same content: a copy the client holds in another coding is still good.
    const held = this.heldTag(request.headers.get('if-none-match'));
    if (held) return new fetchAPI.Response(null, { status: 304, headers: { ...headers, etag: held } });

    const coding = this.chooseCoding(request.headers.get('accept-encoding'));
    const body = this.bodies.get(coding) ?? new Uint8Array();
    headers.etag = this.etagOf(coding);
    headers['content-type'] = this.options.contentType;
    headers['content-length'] = String(body.byteLength);
    if (coding !== 'identity') headers['content-encoding'] = coding;
    // (Node's Buffers and zlib's output live on plain ArrayBuffers, never on shared memory.)
    return new fetchAPI.Response(request.method === 'HEAD' ? null : (body as Uint8Array<ArrayBuffer>), { status: 200, headers });
  }

  /** The tag of If-None-Match that names this content (weak comparison), or null. */
  private heldTag(ifNoneMatch: string | null): string | null {
    if (!ifNoneMatch) return null;
    // Also a coding not made yet in this process (brotli still running after a restart): the content is the same.
    const codings: ContentCoding[] = this.options.compressible ? ['br', 'gzip', 'identity'] : ['identity'];
    const ours = new Set(codings.map((coding) => this.etagOf(coding)));
    for (const raw of ifNoneMatch.split(',')) {
      const tag = raw.trim().replace(/^W\//, '');
      if (tag === '*') return this.etagOf('identity');
      if (ours.has(tag)) return tag;
    }
    return null;
  }

  /** The coding made so far that the request accepts with the highest q (br before gzip before identity on a tie). */
  private chooseCoding(acceptEncoding: string | null): ContentCoding {
    const accepted = parseAcceptEncoding(acceptEncoding);
    let best: ContentCoding = 'identity';
    let bestQ = -1;
    for (const coding of ['br', 'gzip', 'identity'] as const) {
      if (!this.bodies.has(coding)) continue;
      const q = qualityOf(accepted, coding);
      if (q > bestQ) {
        best = coding;
        bestQ = q;
      }
    }
    // Nothing acceptable (e.g. "identity;q=0" alone): the body as it is rather than a 406.
    return bestQ > 0 ? best : 'identity';
  }
}

/** Accept-Encoding as coding (lower case) -> q; an absent header accepts identity only. */
export function parseAcceptEncoding(header: string | null): Map<string, number> {
  const accepted = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...parameters] = part.split(';').map((piece) => piece.trim());
    if (!name) continue;
    let q = 1;
    for (const parameter of parameters) {
      const match = /^q=([0-9.]+)$/i.exec(parameter);
      if (match) q = Number(match[1]);
    }
    accepted.set(name.toLowerCase(), Number.isFinite(q) ? Math.min(Math.max(q, 0), 1) : 0);
  }
  return accepted;
}

function qualityOf(accepted: Map<string, number>, coding: ContentCoding): number {
  const named = accepted.get(coding) ?? accepted.get('*');
  if (named !== undefined) return named;
  // identity is acceptable unless refused by name or by "*;q=0" (RFC 9110, 12.5.3).
  return coding === 'identity' ? 1 : 0;
}
