// GraphiQL's bundle (@graphql-yoga/render-graphiql: script, styles, fonts, three Monaco workers, icon; 9 MB when
// inlined in one page) cut into files with content-hashed names, so that the page stays small and a browser
// keeps the rest for a year. The fonts leave the stylesheet (a browser then fetches only the subsets it uses);
// the three workers become one script (they share most of their code, which compresses once) that runs the
// worker named by `self.name`; the icon keeps its 16, 32 and 48 px images. Made on first use, once per process.
import { IMMUTABLE, StaticAsset } from './static-asset.js';

/** The URL path under which the files are served, after the GraphQL endpoint (/graphql/graphiql/<file>). */
export const GRAPHIQL_ASSET_DIRECTORY = 'graphiql';

export interface GraphiQLAssets {
  /** File name -> body. */
  files: Map<string, StaticAsset>;
  /** The file names the page refers to. */
  script: string;
  stylesheet: string;
  workers: string;
  icon: string;
}

/** Data URLs in the stylesheet at least this long become files (fonts); smaller ones (icons) stay inline. */
const INLINE_DATA_MAX_CHARS = 4096;

const CONTENT_TYPES: Record<string, { extension: string; compressible: boolean }> = {
  'font/woff2': { extension: 'woff2', compressible: false },
  'font/woff': { extension: 'woff', compressible: false },
  'font/ttf': { extension: 'ttf', compressible: true },
  'image/png': { extension: 'png', compressible: false },
  'image/svg+xml': { extension: 'svg', compressible: true },
};

/** The icon sizes kept (browser tabs and bookmarks); the 64-256 px ones are most of its 110 kB. */
const ICON_SIZES = new Set([16, 32, 48]);

let loading: Promise<GraphiQLAssets> | undefined;

/** The files, made once (the first GraphiQL request pays the cut and gzip; brotli follows in the background). */
export function graphiqlAssets(): Promise<GraphiQLAssets> {
  loading ??= import('@graphql-yoga/render-graphiql/graphiql').then(buildAssets);
  return loading;
}

interface Bundle {
  js: string;
  css: string;
  favicon: string;
  editorWorkerService: string;
  jsonWorker: string;
  graphqlWorker: string;
}

function buildAssets(bundle: Bundle): GraphiQLAssets {
  const files = new Map<string, StaticAsset>();
  const add = (stem: string, extension: string, body: Uint8Array, contentType: string, compressible: boolean): string => {
    const asset = new StaticAsset(body, { contentType, cacheControl: IMMUTABLE, compressible });
    const name = `${stem}.${asset.hash}.${extension}`;
    if (!files.has(name)) files.set(name, asset);
    return name;
  };
  const text = (value: string) => Buffer.from(value, 'utf8');

  // url(data:font/woff2;base64,...) -> url(font.<hash>.woff2): relative to the stylesheet, in the same folder.
  const css = bundle.css.replace(/url\(\s*(["']?)data:([a-z0-9.+/-]+);base64,([A-Za-z0-9+/=]+)\1\s*\)/gi, (whole, _quote, type, data) => {
    const kind = CONTENT_TYPES[String(type).toLowerCase()];
    if (!kind || data.length < INLINE_DATA_MAX_CHARS) return whole;
    return `url(${add('font', kind.extension, Buffer.from(data, 'base64'), type, kind.compressible)})`;
  });
  const workers = `// GraphiQL's Monaco workers; each runs the one its Worker was named for (self.name).
const workers = {
  editorWorkerService: () => {
${bundle.editorWorkerService}
  },
  json: () => {
${bundle.jsonWorker}
  },
  graphql: () => {
${bundle.graphqlWorker}
  },
};
(workers[self.name] ?? workers.editorWorkerService)();
`;
  // Made in this order, smallest first: their brotli (one at a time) is then ready soonest for most files.
  const stylesheet = add('graphiql', 'css', text(css), 'text/css; charset=utf-8', true);
  const icon = add('favicon', 'ico', smallerIcon(Buffer.from(bundle.favicon.replace(/^data:[^,]*,/, ''), 'base64')), 'image/x-icon', true);
  const workerScript = add('graphiql-workers', 'js', text(workers), 'text/javascript; charset=utf-8', true);
  const script = add('graphiql', 'js', text(bundle.js), 'text/javascript; charset=utf-8', true);
  return { files, stylesheet, script, workers: workerScript, icon };
}

/**
 * An ICO file with only the images of ICON_SIZES (the directory rewritten, the images copied). A file that is
 * not an ICO as expected is kept whole.
 */
export function smallerIcon(ico: Buffer): Buffer {
  const HEADER = 6;
  const ENTRY = 16;
  if (ico.length < HEADER || ico.readUInt16LE(0) !== 0 || ico.readUInt16LE(2) !== 1) return ico;
  const count = ico.readUInt16LE(4);
  if (ico.length < HEADER + count * ENTRY) return ico;
  const kept: Array<{ entry: Buffer; image: Buffer }> = [];
  for (let index = 0; index < count; index++) {
    const entry = ico.subarray(HEADER + index * ENTRY, HEADER + (index + 1) * ENTRY);
    const size = entry[0] || 256;
    const length = entry.readUInt32LE(8);
    const offset = entry.readUInt32LE(12);
    if (offset + length > ico.length) return ico;
    if (ICON_SIZES.has(size)) kept.push({ entry, image: ico.subarray(offset, offset + length) });
  }
  if (kept.length === 0) return ico;
  const header = Buffer.alloc(HEADER);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(kept.length, 4);
  let offset = HEADER + kept.length * ENTRY;
  const entries = kept.map(({ entry, image }) => {
    const copy = Buffer.from(entry);
    copy.writeUInt32LE(offset, 12);
    offset += image.length;
    return copy;
  });
  return Buffer.concat([header, ...entries, ...kept.map(({ image }) => image)]);
}
