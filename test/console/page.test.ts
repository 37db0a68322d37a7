// The console over HTTP (src/http/console-page.ts), on a gateway with API tokens and trusted documents only: the
// page (no token needed: it holds no data) with a strict CSP, no-cache and an ETag; every console path is that
// page; the bundle's files immutable, br or gzip, and nothing else under /console/assets; the console's documents run
// by id on a gateway that runs trusted documents only, with the caller's token and not without.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consoleBuild } from '../../src/http/console-build.js';
import { apiToken } from '../support/harness.js';
import { persistedGateway } from '../support/persisted-gateway.js';
import { decoded, wire } from '../support/wire.js';

const admin = apiToken('console-admin', 'admin');
const viewer = apiToken('console-viewer', 'viewer');
const manifest = join(mkdtempSync(join(tmpdir(), 'idpgw-console-page-')), 'manifest.json');
writeFileSync(manifest, '{}');
const HTML = { accept: 'text/html,application/xhtml+xml', 'accept-encoding': 'gzip, deflate, br' };

describe('the console over HTTP', () => {
  const gateway = persistedGateway({
    persistedOperations: { manifest, allowArbitraryOperations: false },
    tokens: [admin.config, viewer.config],
  });
  const build = consoleBuild();
  const origin = () => new URL(gateway.url).origin;

  it('serves a small page without a token: strict CSP, not framed, no-cache, an ETag and 304', async () => {
    expect(build).not.toBeNull();
    const page = await wire(`${origin()}/console`, { headers: HTML });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
    const html = decoded(page).toString('utf8');
    expect(html).toContain(`<script type="module" src="/console/assets/${build!.script}"></script>`);
    expect(html).toContain('data-endpoint="/graphql"');
    // The console asks for a token before sending anything.
    expect(html).toContain('data-token-required="true"');
    expect(html.length).toBeLessThan(2_000);
    const again = await wire(`${origin()}/console`, { headers: { ...HTML, 'if-none-match': String(page.headers.etag) } });
    expect(again.status).toBe(304);
  });

  it('answers every console path with the same page (the console routes in the browser)', async () => {
    const home = decoded(await wire(`${origin()}/console/`, { headers: HTML })).toString('utf8');
    for (const path of ['/console/providers/UHJvdmlkZXI6eA%3D%3D', '/console/activity', '/console/plans?x=1']) {
      const response = await wire(origin() + path, { headers: HTML });
      expect(response.status, path).toBe(200);
      expect(decoded(response).toString('utf8')).toBe(home);
    }
  });

  it('serves the bundle immutable and compressed, and nothing else under /console/assets', async () => {
    const script = await wire(`${origin()}/console/assets/${build!.script}`, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(script.status).toBe(200);
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(['br', 'gzip']).toContain(script.headers['content-encoding']);
    expect(decoded(script).equals(readFileSync(join(build!.assetDirectory, build!.script)))).toBe(true);
    for (const path of [
      '/console/assets/main-NOPE.js',
      '/console/assets/..%2Fconsole.json',
      '/console/assets/%2E%2E%2F%2E%2E%2Fpackage.json',
    ]) {
      expect((await wire(origin() + path)).status, path).toBe(404);
    }
    // A dot segment is resolved by the URL parser: /console/console.json is a console path, so the page, not the build's file.
    const dotted = await wire(`${origin()}/console/assets/%2e%2e/console.json`, { headers: HTML });
    expect(dotted.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it("runs the console's documents by id on a gateway that runs trusted documents only, with a token and not without", async () => {
    const [id, text] = Object.entries(build!.documents).find(([, document]) => document.startsWith('query ConsoleCaller'))!;
    const send = (token?: string) =>
      fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ documentId: id }),
      });
    const answer = await send(viewer.token);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ data: { caller: expect.objectContaining({ name: 'console-viewer', role: 'VIEWER' }) } });
    expect((await send()).status).toBe(401);
    // The text itself is trusted too (byte for byte); any other document is not.
    const byText = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
      body: JSON.stringify({ query: text }),
    });
    expect(byText.status).toBe(200);
    const other = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
      body: JSON.stringify({ query: '{ caller { name } }' }),
    });
    expect(other.status).toBe(400);
  });
});
