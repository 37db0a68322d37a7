// `node --import tsx bench/profile-summary.ts <file.cpuprofile> [rows]`: where a V8 CPU profile (node
// --cpu-prof; BENCH_CPU_PROF=<folder> npm run bench) spent its time: self time by function and by package or
// source file, and the total (self + callees) time of the gateway's own functions.
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: Frame;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

interface Frame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

const sourceMaps = new Map<string, SourceMap | null>();

/**
 * The frame in the file it was written in: the bench runs the server bundle (bench/server-bundle.ts), whose
 * chunks carry source maps (the complete `.full.map`, which also places the packages' frames, when there is one:
 * scripts/project-source-maps.mjs); a frame of a file without one is left as it is.
 */
function original(frame: Frame): Frame {
  if (!frame.url.startsWith('file://')) return frame;
  let map = sourceMaps.get(frame.url);
  if (map === undefined) {
    const file = fileURLToPath(frame.url);
    const mapFile = [`${file}.full.map`, `${file}.map`].find((candidate) => existsSync(candidate));
    map = mapFile ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))) : null;
    sourceMaps.set(frame.url, map);
  }
  const entry = map?.findEntry(frame.lineNumber, frame.columnNumber);
  if (!entry || !('originalSource' in entry)) return frame;
  const url = new URL(entry.originalSource, frame.url).href;
  return {
    functionName: frame.functionName,
    // A dependency whose own maps name files it does not ship (drizzle-orm's name src/...): told as such.
    url: existsSync(fileURLToPath(url)) ? url : `(a dependency's source map) ${url.replace(/^.*node_modules\//, '')}`,
    lineNumber: entry.originalLine,
    columnNumber: entry.originalColumn,
  };
}

/** node_modules/<package> or the path below the repository, so that a row names who is responsible. */
function owner(url: string): string {
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dependency) return dependency[1]!;
  const own = /\/(src\/.+|bench\/.+)$/.exec(url);
  if (own) return own[1]!;
  return url === '' ? '(native / V8)' : url.replace(/^node:/, 'node:');
}

function top(counts: Map<string, number>, total: number, rows: number): string[] {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, rows)
    .map(([name, micros]) => `${((100 * micros) / total).toFixed(1).padStart(5)} %  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${name}`);
}

const [file, rowsArg] = process.argv.slice(2);
if (!file) throw new Error('usage: bench/profile-summary.ts <file.cpuprofile> [rows]');
const rows = Number(rowsArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const frames = new Map(profile.nodes.map((node) => [node.id, original(node.callFrame)]));

const selfByFunction = new Map<string, number>();
const selfByOwner = new Map<string, number>();
const totalByOwnFunction = new Map<string, number>();
let total = 0;
let idle = 0;
profile.samples.forEach((id, index) => {
  const micros = profile.timeDeltas[index] ?? 0;
  const { functionName, url, lineNumber, columnNumber } = frames.get(id)!;
  if (functionName === '(idle)' || functionName === '(program)') {
    idle += functionName === '(idle)' ? micros : 0;
    if (functionName === '(idle)') return;
  }
  total += micros;
  const name = `${functionName || '(anonymous)'} ${owner(url)}:${lineNumber + 1}:${columnNumber + 1}`;
  selfByFunction.set(name, (selfByFunction.get(name) ?? 0) + micros);
  selfByOwner.set(owner(url), (selfByOwner.get(owner(url)) ?? 0) + micros);
  // Total time of the gateway's own functions: each counted once per sample, however deep the recursion.
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const frame = frames.get(at)!;
    if (!/\/src\//.test(frame.url) || /node_modules/.test(frame.url)) continue;
    const own = `${frame.functionName || '(anonymous)'} ${owner(frame.url)}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;
    if (seen.has(own)) continue;
    seen.add(own);
    totalByOwnFunction.set(own, (totalByOwnFunction.get(own) ?? 0) + micros);
  }
});

console.log(`busy ${(total / 1000).toFixed(0)} ms, idle ${(idle / 1000).toFixed(0)} ms`);
console.log('\nself time by package or file:');
console.log(top(selfByOwner, total, rows).join('\n'));
console.log('\nself time by function:');
console.log(top(selfByFunction, total, rows).join('\n'));
console.log("\ntotal time (self + callees) of the gateway's own functions:");
console.log(top(totalByOwnFunction, total, rows).join('\n'));
