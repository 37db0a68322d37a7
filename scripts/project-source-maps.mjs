// The server bundle's source maps as node loads them: positions in the project's own sources only.
// Why: `npm start` runs with --enable-source-maps, and node parses a chunk's whole map the first time an error's
// stack passes through that chunk (undici formats one when an idle keep-alive socket times out, seconds after
// start), then keeps it for the life of the process: one array per mapped position. Four fifths of the positions
// are the bundled packages' (undici's chunk alone: ~160 000, 16 MB of heap and ~30 ms of CPU when it was parsed).
// A stack keeps our frames as src/ files and lines; a package's frame shows the bundle's file and line (the
// bundle is in dist/server/). The complete maps stay beside them as `<chunk>.js.full.map` for tools that want
// the packages' positions too (bench/profile-summary.ts).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { decode, encode } from '@jridgewell/sourcemap-codec';

/**
 * `map` (of a file in `folder`) with the positions of the packages' sources (under the project's node_modules/, or
 * outside the project at `root`) dropped, and only the sources still named listed. Node looks a position up as
 * the nearest mapped one before it, across lines: where a package's code follows ours, an unmapped mark (a segment
 * of one field) ends our code's last position, so a package's frame is never taken for the line of ours before it.
 */
export function keepProjectMappings(map, folder, root) {
  // Resolved first: a bundle written below node_modules/ (the bench's) names a package as ../../undici/...
  const fromPackage = map.sources.map((source) => {
    const [first] = relative(root, resolve(folder, map.sourceRoot ?? '', source)).split(sep);
    return first === 'node_modules' || first === '..';
  });
  const newIndex = new Map();
  const sources = [];
  const contents = [];
  let inProject = false;
  const lines = decode(map.mappings).map((segments) => {
    const kept = [];
    for (const segment of segments) {
      if (segment.length === 1 || fromPackage[segment[1]]) {
        if (inProject) kept.push([segment[0]]);
        inProject = false;
        continue;
      }
      if (!newIndex.has(segment[1])) {
        newIndex.set(segment[1], sources.length);
        sources.push(map.sources[segment[1]]);
        contents.push(map.sourcesContent?.[segment[1]] ?? null);
      }
      kept.push([segment[0], newIndex.get(segment[1]), ...segment.slice(2)]);
      inProject = true;
    }
    return kept;
  });
  const withContents = Array.isArray(map.sourcesContent) && map.sourcesContent.length > 0;
  return { ...map, sources, ...(withContents ? { sourcesContent: contents } : {}), mappings: encode(lines) };
}

/** Rewrites every `*.js.map` in `folder` to the positions in the project at `root`, the complete one kept as `*.js.full.map`. */
export function trimSourceMaps(folder, root) {
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.js.map'))) {
    const path = join(folder, file);
    const complete = readFileSync(path, 'utf8');
    writeFileSync(path.replace(/\.map$/, '.full.map'), complete);
    writeFileSync(path, JSON.stringify(keepProjectMappings(JSON.parse(complete), folder, root)));
  }
}
