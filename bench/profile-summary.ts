// `node --import tsx bench/profile-summary.ts <file.cpuprofile> [rows]`: where a V8 CPU profile (node
// --cpu-prof; BENCH_CPU_PROF=<folder> npm run bench) spent its time: self time by function and by package or
// source file, and the total (self + callees) time of the gateway's own functions.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
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
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const selfByFunction = new Map<string, number>();
const selfByOwner = new Map<string, number>();
const totalByOwnFunction = new Map<string, number>();
let total = 0;
let idle = 0;
profile.samples.forEach((id, index) => {
  const micros = profile.timeDeltas[index] ?? 0;
  const node = byId.get(id)!;
  const { functionName, url, lineNumber, columnNumber } = node.callFrame;
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
    const frame = byId.get(at)!.callFrame;
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
