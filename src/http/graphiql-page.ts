// GraphiQL over HTTP, light on the wire: a page of a few kB (no-cache, ETag) that loads the bundle's files from
// this gateway (content-hashed names, cached for a year, br or gzip), in place of yoga's 9 MB page sent whole
// on every visit. Answered before any other plugin, as yoga's own GraphiQL was: the page and its files hold no
// data and need no token; the queries GraphiQL sends are requests like any other.
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';
import { GRAPHIQL_ASSET_DIRECTORY, type GraphiQLAssets, graphiqlAssets } from './graphiql-assets.js';
import { StaticAsset } from './static-asset.js';

/** The page may not be framed by another site (its buttons run queries as whoever opened it). */
const PAGE_HEADERS = {
  'x-frame-options': 'DENY',
  'content-security-policy': "frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
};

export interface GraphiQLPageOptions {
  /** The GraphQL endpoint path (/graphql): the page is GET <endpoint> with Accept: text/html, its files below it. */
  endpoint: string;
  /** What the page hands to GraphiQL (title, default query, headers). */
  graphiql: GraphiQLOptions;
}

/** The yoga plugin that serves GraphiQL's page and files; pass `graphiql: false` to yoga itself. */
export function graphiqlPagePlugin(options: GraphiQLPageOptions): Plugin {
  const directory = `${options.endpoint}/${GRAPHIQL_ASSET_DIRECTORY}/`;
  let page: Promise<StaticAsset> | undefined;
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      if (url.pathname.startsWith(directory)) {
        const asset = (await graphiqlAssets()).files.get(url.pathname.slice(directory.length));
        endResponse(
          asset
            ? await asset.respond(request, fetchAPI)
            : new fetchAPI.Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } }),
        );
        return;
      }
      const isPage = url.pathname === options.endpoint || url.pathname === `${options.endpoint}/`;
      if (!isPage || !request.headers.get('accept')?.includes('text/html')) return;
      page ??= graphiqlAssets().then(
        (assets) =>
          new StaticAsset(Buffer.from(renderGraphiQLPage(assets, directory, options.graphiql), 'utf8'), {
            contentType: 'text/html; charset=utf-8',
            cacheControl: 'no-cache',
            compressible: true,
            headers: PAGE_HEADERS,
          }),
      );
      endResponse(await (await page).respond(request, fetchAPI));
    },
  };
}

/** The page: GraphiQL's root element, its stylesheet and script from `directory`, the options inline. */
export function renderGraphiQLPage(assets: GraphiQLAssets, directory: string, graphiql: GraphiQLOptions): string {
  const file = (name: string) => escapeHtml(`${directory}${name}`);
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(graphiql.title ?? 'GraphiQL')}</title>
    <link rel="icon" href="${file(assets.icon)}" />
    <link rel="stylesheet" href="${file(assets.stylesheet)}" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run this app.</noscript>
    <div id="root"></div>
    <script>
      self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: () => ${scriptJson(`${directory}${assets.workers}`)} };
    </script>
    <script src="${file(assets.script)}"></script>
    <script>
      YogaGraphiQL.renderYogaGraphiQL(document.querySelector('#root'), ${scriptJson(graphiql)});
    </script>
  </body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** JSON that cannot end the <script> element it stands in (no "</" and no "<!--"). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/<\//g, '<\\/').replace(/<!--/g, '\\u003c!--');
}
