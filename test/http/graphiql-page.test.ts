// GraphiQL light on the wire (issue 15): a live gateway over real HTTP (node:http, which leaves bodies as they
// came: the sizes here are the bytes on the wire) serves a small no-cache page with an ETag and GraphiQL's
// files under content-hashed names, immutable, br or gzip per Accept-Encoding, identity to a client that asks
// for nothing, 304 to a matching If-None-Match, and HEAD without a body. Every coding decodes to the bytes whose
// hash the file's name carries. A first visit (what a browser fetches for a page in Latin script) is at most
// 1.5 MB with brotli; the page was one 9 MB response before.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphiqlAssets } from '../../src/http/graphiql-assets.js';
import { apiToken } from '../support/harness.js';
import { decoded, wire } from '../support/wire.js';
import { type LiveGateway, startLiveGateway } from '../support/live-gateway.js';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);
const HTML = { accept: 'text/html,application/xhtml+xml' };
const BROWSER = 'gzip, deflate, br, zstd';

let live: LiveGateway;
let origin: string;
let html: string;
/** Absolute paths of the page's files (icon, stylesheet, script, workers). */
let pageFiles: string[];
/** The stylesheet's @font-face rules with their file path. */
let fontFaces: Array<{ rule: string; path: string }>;

beforeAll(async () => {
  live = await startLiveGateway();
  origin = new URL(live.url).origin;
  html = decoded(await wire(live.url, { headers: { ...HTML, 'accept-encoding': BROWSER } })).toString('utf8');
  pageFiles = [...html.matchAll(/(?:href|src)="([^"]+)"|getWorkerUrl: \(\) => "([^"]+)"/g)].map((match) => match[1] ?? match[2] ?? '');
  const stylesheet = pageFiles.find((path) => path.endsWith('.css')) ?? '';
  const css = decoded(await wire(origin + stylesheet, { headers: { 'accept-encoding': BROWSER } })).toString('utf8');
  const directory = stylesheet.slice(0, stylesheet.lastIndexOf('/') + 1);
  // (A font under 3 kB stays inline, as a data: URL.)
  fontFaces = [...css.matchAll(/@font-face\{[^}]*url\((font\.[^)]+)\)[^}]*\}/g)].map(([rule, file]) => ({ rule, path: directory + file }));
  // Brotli at its best quality runs in the background after the first request (about 10 s for the 5 MB script).
  await Promise.all([...(await graphiqlAssets()).files.values()].map((asset) => asset.complete));
}, 120_000);
afterAll(async () => {
  await live?.close();
});

describe("GraphiQL's page", () => {
  it('is a small page that loads GraphiQL from this gateway only, no-cache with an ETag', async () => {
    const res = await wire(live.url, { headers: { ...HTML, 'accept-encoding': BROWSER } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(res.headers.etag).toMatch(/^"[0-9a-f]{16}-br"$/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(res.body.length).toBeLessThan(2_000);
    expect(decoded(res).length).toBeLessThan(4_000);

    expect(html).toContain('<div id="root">');
    expect(html).toContain('Identity providers across every configured vendor');
    expect(pageFiles).toHaveLength(4);
    for (const path of pageFiles) expect(path).toMatch(/^\/graphql\/graphiql\/[a-z-]+\.[0-9a-f]{16}\.(js|css|ico)$/);
    // Nothing from elsewhere: no scheme or protocol-relative address in the page or the stylesheet.
    expect(html).not.toMatch(/(?:src|href)="(?:[a-z]+:|\/\/)/i);
    for (const { path } of fontFaces) expect(path).toMatch(/^\/graphql\/graphiql\/font\.[0-9a-f]{16}\.(woff2|woff|ttf)$/);
  });

  it('answers 304 to If-None-Match with its ETag (also weak, also in a list), 200 to another tag', async () => {
    const first = await wire(live.url, { headers: { ...HTML, 'accept-encoding': 'gzip' } });
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/-gzip"$/);
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`]) {
      const again = await wire(live.url, { headers: { ...HTML, 'accept-encoding': 'gzip', 'if-none-match': ifNoneMatch } });
      expect(again.status, ifNoneMatch).toBe(304);
      expect(again.body.length).toBe(0);
      expect(again.headers.etag).toBe(etag);
      expect(again.headers['cache-control']).toBe('no-cache');
    }
    const other = await wire(live.url, { headers: { ...HTML, 'accept-encoding': 'gzip', 'if-none-match': '"0123456789abcdef-gzip"' } });
    expect(other.status).toBe(200);
    expect(decoded(other).toString('utf8')).toBe(html);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const get = await wire(live.url, { headers: { ...HTML, 'accept-encoding': 'br' } });
    const head = await wire(live.url, { method: 'HEAD', headers: { ...HTML, 'accept-encoding': 'br' } });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    for (const name of ['content-type', 'content-length', 'content-encoding', 'etag', 'cache-control'])
      expect(head.headers[name], name).toBe(get.headers[name]);
  });

  it('is served as it is to a client that asks for no coding, or refuses both', async () => {
    const clients: Array<Record<string, string>> = [{}, { 'accept-encoding': 'identity' }, { 'accept-encoding': 'br;q=0, gzip;q=0' }];
    for (const headers of clients) {
      const res = await wire(live.url, { headers: { ...HTML, ...headers } });
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.headers.etag).toMatch(/^"[0-9a-f]{16}"$/);
      expect(res.body.toString('utf8')).toBe(html);
    }
  });
});

describe("GraphiQL's files", () => {
  it('are immutable, named by the hash of their content, in every coding', async () => {
    const files = [...pageFiles, ...new Set(fontFaces.map(({ path }) => path))];
    for (const path of files) {
      const hash = /\.([0-9a-f]{16})\.[a-z0-9]+$/.exec(path)?.[1];
      for (const acceptEncoding of ['br', 'gzip', '']) {
        const res = await wire(origin + path, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });
        expect(res.status, path).toBe(200);
        expect(res.headers['cache-control'], path).toBe('public, max-age=31536000, immutable');
        expect(res.headers['x-content-type-options'], path).toBe('nosniff');
        expect(Number(res.headers['content-length']), path).toBe(res.body.length);
        // woff and woff2 are compressed already: sent as they are, whatever is asked.
        const coding = /\.woff2?$/.test(path) ? undefined : acceptEncoding || undefined;
        expect(res.headers['content-encoding'], `${path} ${acceptEncoding}`).toBe(coding);
        expect(sha(decoded(res)), `${path} ${acceptEncoding}`).toBe(hash);
      }
    }
  });

  it('answer 304 to If-None-Match and HEAD without a body; an unknown name is a 404', async () => {
    const script = origin + (pageFiles.find((path) => /\/graphiql\.[0-9a-f]+\.js$/.test(path)) ?? '');
    const get = await wire(script, { headers: { 'accept-encoding': BROWSER } });
    expect(get.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const cached = await wire(script, { headers: { 'accept-encoding': BROWSER, 'if-none-match': String(get.headers.etag) } });
    expect(cached.status).toBe(304);
    expect(cached.body.length).toBe(0);
    expect(cached.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    // A copy the client holds in another coding is the same content.
    const held = await wire(script, {
      headers: { 'accept-encoding': BROWSER, 'if-none-match': String(get.headers.etag).replace('-br', '-gzip') },
    });
    expect(held.status).toBe(304);

    const head = await wire(script, { method: 'HEAD', headers: { 'accept-encoding': BROWSER } });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(get.headers['content-length']);
    expect(head.headers.etag).toBe(get.headers.etag);

    expect((await wire(`${origin}/graphql/graphiql/graphiql.0000000000000000.js`)).status).toBe(404);
  });

  it('weigh at most 1.5 MB on a first visit with brotli (about 2.2 MB with gzip; 9 MB before)', async () => {
    // What a browser fetches for a page in Latin script: the page, its four files, the upright Latin fonts
    // (unicode-range from U+0000) and the icon font (no unicode-range). Chromium fetches the same.
    const fonts = fontFaces
      .filter(
        ({ rule }) => !rule.includes('font-style:italic') && (!rule.includes('unicode-range') || rule.includes('unicode-range:U+0000')),
      )
      .map(({ path }) => path);
    expect(new Set(fonts).size).toBe(4);
    const firstVisit = [...pageFiles, ...new Set(fonts)];
    const bytesOnWire = async (acceptEncoding: string) => {
      let total = (await wire(live.url, { headers: { ...HTML, 'accept-encoding': acceptEncoding } })).body.length;
      for (const path of firstVisit) total += (await wire(origin + path, { headers: { 'accept-encoding': acceptEncoding } })).body.length;
      return total;
    };
    const brotli = await bytesOnWire(BROWSER);
    const gzip = await bytesOnWire('gzip, deflate');
    const identity = await bytesOnWire('');
    console.log(`GraphiQL first visit on the wire: br ${brotli} B, gzip ${gzip} B, identity ${identity} B`);
    expect(brotli).toBeLessThanOrEqual(1_500_000);
    expect(gzip).toBeLessThanOrEqual(2_200_000);
    expect(identity).toBeGreaterThan(gzip);
    expect(gzip).toBeGreaterThan(brotli);
  });
});

describe('GraphiQL with API tokens', () => {
  let guarded: LiveGateway;
  const viewer = apiToken('graphiql-viewer', 'viewer');
  beforeAll(async () => {
    guarded = await startLiveGateway({ tokens: [viewer.config] });
  }, 60_000);
  afterAll(async () => {
    await guarded?.close();
  });

  it('serves the page and its files without a token (they hold no data); queries still need one', async () => {
    const page = await wire(guarded.url, { headers: { ...HTML, 'accept-encoding': 'gzip' } });
    expect(page.status).toBe(200);
    const text = decoded(page).toString('utf8');
    expect(text).toContain('Bearer <your API token>');
    const guardedOrigin = new URL(guarded.url).origin;
    for (const path of pageFiles) expect((await wire(guardedOrigin + path, { method: 'HEAD' })).status, path).toBe(200);
    const query = await wire(`${guarded.url}?query=${encodeURIComponent('{ caller { name } }')}`, { headers: { 'x-graphql-csrf': '1' } });
    expect(query.status).toBe(401);
  });
});
