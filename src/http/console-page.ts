// The console (console/, README "Console") at /console: a page of a few hundred bytes (no-cache, ETag) that loads
// the bundle's content-hashed script and stylesheet from /console/assets/ (immutable, br or gzip). Every path below
// /console that is not an asset is the same page: the console routes in the browser (/console/providers/<id>).
// Answered before authentication, as GraphiQL's page is: the page and its files hold no data; what the console
// shows comes from /graphql with the caller's token, like any frontend's requests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'graphql-yoga';
import { type ConsoleBuild, consoleBuild } from './console-build.js';
import { IMMUTABLE, StaticAsset } from './static-asset.js';

export const CONSOLE_PATH = '/console';
const ASSETS = `${CONSOLE_PATH}/assets/`;

/** Same origin only, nothing inline, never framed: the console runs as whoever opened it. */
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

const CONTENT_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

function notFound(fetchAPI: { Response: typeof Response }, text: string): Response {
  return new fetchAPI.Response(text, { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

export interface ConsolePageOptions {
  graphqlEndpoint: string;
  /** Every request needs an API token: the console asks for one before it sends anything (no 401 to show). */
  tokenRequired: boolean;
}

/** The yoga plugin that serves the console's page and files. */
export function consolePagePlugin(options: ConsolePageOptions): Plugin {
  let page: StaticAsset | undefined;
  const assets = new Map<string, StaticAsset>();
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      const { pathname } = url;
      if (pathname !== CONSOLE_PATH && !pathname.startsWith(`${CONSOLE_PATH}/`)) return;
      const build = consoleBuild();
      if (!build) {
        endResponse(notFound(fetchAPI, 'The console is not built here: run `npm run build`.'));
        return;
      }
      if (pathname.startsWith(ASSETS)) {
        const name = pathname.slice(ASSETS.length);
        const asset = assetOf(build, name, assets);
        endResponse(asset ? await asset.respond(request, fetchAPI) : notFound(fetchAPI, 'Not found'));
        return;
      }
      page ??= new StaticAsset(Buffer.from(renderConsolePage(build, options), 'utf8'), {
        contentType: 'text/html; charset=utf-8',
        cacheControl: 'no-cache',
        compressible: true,
        headers: PAGE_HEADERS,
      });
      endResponse(await page.respond(request, fetchAPI));
    },
  };
}

/** One of the bundle's files by name (only the names the build wrote: no path walks out of the folder). */
function assetOf(build: ConsoleBuild, name: string, cache: Map<string, StaticAsset>): StaticAsset | undefined {
  if (name !== build.script && name !== build.stylesheet) return undefined;
  let asset = cache.get(name);
  if (!asset) {
    asset = new StaticAsset(readFileSync(join(build.assetDirectory, name)), {
      contentType: CONTENT_TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream',
      cacheControl: IMMUTABLE,
      compressible: true,
    });
    cache.set(name, asset);
  }
  return asset;
}

export function renderConsolePage(build: ConsoleBuild, options: ConsolePageOptions): string {
  const stylesheet = build.stylesheet ? `\n    <link rel="stylesheet" href="${ASSETS}${build.stylesheet}" />` : '';
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="color-scheme" content="light dark" />
    <title>IdP gateway console</title>
    <link rel="icon" href="data:," />${stylesheet}
    <script type="module" src="${ASSETS}${build.script}"></script>
  </head>
  <body>
    <noscript>The console needs JavaScript.</noscript>
    <div id="app" data-endpoint="${options.graphqlEndpoint.replace(/[^\w/-]/g, '')}" data-base="${CONSOLE_PATH}" data-token-required="${options.tokenRequired}"></div>
  </body>
</html>
`;
}
