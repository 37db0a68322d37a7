// Figures (g)-(i), issue 15.5: the sandbox as `npm start` runs it (the server bundle dist/server/main.js, no config), each start
// a process of its own. (g) idle RSS on PGlite (a first start, and one with the folder present) and on PostgreSQL, (h) time from spawn to GET /ready = 200 on a
// fresh data folder and with it present, (i) GraphiQL's first visit in bytes on the wire with brotli. The
// baseline of (g) and (h) is a bare node that loads nothing and answers HTTP with node:http, measured alike in
// the same run; of (i), the same files uncompressed. dist/ must be built (`npm run build`): the figure runs the
// code as shipped, not through tsx.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchContext } from './context.js';
import { residentBytes, START_NODE_FLAGS } from './processes.js';
import { type Figure, figure } from './report.js';
import { openBenchStore } from './store.js';

const ROOT = resolve(import.meta.dirname, '..');
const MAIN = join(ROOT, 'dist', 'server', 'main.js');
/** How long a started process is left alone before its resident memory is read. */
const SETTLE_MS = 2_000;
const mb = (bytes: number) => bytes / 1024 / 1024;

/** A bare HTTP server: what any node process costs before the gateway loads anything. */
const BARE_NODE = `require('node:http').createServer((q, s) => s.end('ok')).listen(0, '127.0.0.1', function () {
  console.log('GraphiQL: http://127.0.0.1:' + this.address().port + '/graphql');
});`;

interface Started {
  child: ChildProcess;
  origin: string;
  /** From spawn to the first 200 of `readyPath`. */
  readyMs: number;
  stop(): Promise<void>;
}

/** Spawns node with `args`, reads its address from the banner, and polls `readyPath` until it answers 200. */
async function start(args: string[], env: NodeJS.ProcessEnv, readyPath: string): Promise<Started> {
  const began = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let output = '';
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const origin = await new Promise<string>((found, failed) => {
      const timer = setTimeout(() => failed(new Error(`no address within 60 s:\n${output}`)), 60_000);
      const read = (chunk: Buffer) => {
        if (output.length < 20_000) output += chunk.toString();
        const match = /GraphiQL:\s+(http:\/\/[^/\s]+)/.exec(output) ?? /GraphQL:\s+(http:\/\/[^/\s]+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          found(match[1]!);
        }
      };
      child.stdout!.on('data', read);
      child.stderr!.on('data', read);
      void exited.then(() => failed(new Error(`exited before it listened:\n${output}`)));
    });
    while ((await status(origin + readyPath)) !== 200) {
      if (performance.now() - began > 60_000) throw new Error(`${readyPath} never answered 200:\n${output}`);
      await sleep(10);
    }
    return { child, origin, readyMs: performance.now() - began, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function status(url: string): Promise<number> {
  return fetchBytes(url, {}).then(
    (response) => response.status,
    () => 0,
  );
}

/** One GET; the body as it came over the socket (node:http leaves it compressed). */
function fetchBytes(url: string, headers: Record<string, string>): Promise<{ status: number; coding: string; body: Buffer }> {
  return new Promise((done, failed) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        done({ status: res.statusCode ?? 0, coding: String(res.headers['content-encoding'] ?? 'identity'), body: Buffer.concat(chunks) }),
      );
      res.on('error', failed);
    });
    req.on('error', failed);
    req.end();
  });
}

/** RSS once the process has been idle for SETTLE_MS (the lowest of a few readings). */
async function idleRssMb(child: ChildProcess): Promise<number> {
  await sleep(SETTLE_MS);
  const readings: number[] = [];
  for (let i = 0; i < 5; i++) {
    readings.push(mb(residentBytes(child.pid!)));
    await sleep(100);
  }
  return Math.min(...readings);
}

/**
 * GraphiQL's first visit as test/http/graphiql-page.test.ts counts it: the page, its files and the upright
 * Latin fonts, in `coding`. With br, waits (up to 60 s) until every file is served in brotli: it is made in
 * the background after the first request.
 */
async function graphiqlFirstVisit(origin: string, coding: 'br' | 'identity'): Promise<number> {
  const accept = coding === 'br' ? 'gzip, deflate, br, zstd' : '';
  const page = await fetchBytes(`${origin}/graphql`, { accept: 'text/html', 'accept-encoding': accept });
  const html = (
    coding === 'br' && page.coding === 'br' ? (await import('node:zlib')).brotliDecompressSync(page.body) : page.body
  ).toString();
  const files = [...html.matchAll(/(?:href|src)="([^"]+)"|getWorkerUrl: \(\) => "([^"]+)"/g)].map((m) => m[1] ?? m[2] ?? '');
  const css = (await fetchBytes(origin + (files.find((f) => f.endsWith('.css')) ?? ''), {})).body.toString();
  const cssDir = (files.find((f) => f.endsWith('.css')) ?? '').replace(/[^/]*$/, '');
  const fonts = [...css.matchAll(/@font-face\{[^}]*url\((font\.[^)]+)\)[^}]*\}/g)]
    .filter(([rule]) => !rule.includes('font-style:italic') && (!rule.includes('unicode-range') || rule.includes('unicode-range:U+0000')))
    .map(([, file]) => cssDir + file);
  const paths = [...files, ...new Set(fonts)];
  const deadline = performance.now() + 60_000;
  for (;;) {
    let total = page.body.length;
    let pending = false;
    for (const path of paths) {
      const answer = await fetchBytes(origin + path, { 'accept-encoding': accept });
      if (answer.status !== 200) throw new Error(`GraphiQL file ${path}: ${answer.status}`);
      // Fonts (woff2) are served as they are; anything else still in gzip has its brotli on the way.
      if (coding === 'br' && answer.coding === 'gzip') pending = true;
      total += answer.body.length;
    }
    if (!pending || performance.now() > deadline) return total;
    await sleep(1_000);
  }
}

/** Starts per ready time (h): its figure is their median. */
const STARTS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function measureStartupAndMemory(context: BenchContext): Promise<Figure[]> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (the figure runs the compiled gateway)`);
  const dataDir = join(context.workDir, 'startup-data');
  mkdirSync(dataDir, { recursive: true });
  const sandboxEnv = { PORT: '0', HOST: '127.0.0.1', IDP_GATEWAY_DATA_DIR: dataDir, DATABASE_URL: '', IDP_GATEWAY_CONFIG: '' };
  // As `npm start` runs it: its node flags (source maps on, ...).
  const gateway = [...context.profileFlags, ...START_NODE_FLAGS, MAIN];

  const bare = await start(['-e', BARE_NODE], {}, '/');
  const bareRss = await idleRssMb(bare.child);
  await bare.stop();
  context.progress(`  startup: bare node ready in ${bare.readyMs.toFixed(0)} ms, idle RSS ${bareRss.toFixed(1)} MB`);

  // Each ready time is the median of STARTS starts (one start measures the machine's minute as much as the
  // gateway): a fresh folder, then the folder present (that start stays up for the idle RSS and GraphiQL's bytes,
  // as the second start of the run, like before), then the other starts, for their times only.
  const startFresh = async () => {
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    return start(gateway, sandboxEnv, '/ready');
  };
  const firstFresh = await startFresh();
  // A first `npm start` idles like the later ones (it once held ~120 MB more: the template loaded through PGlite).
  const freshRss = await idleRssMb(firstFresh.child).finally(() => firstFresh.stop());
  const present = await start(gateway, sandboxEnv, '/ready');
  const pgliteRss = await idleRssMb(present.child);
  const freshTimes = [firstFresh.readyMs];
  const presentTimes = [present.readyMs];
  let brotli: number;
  let identity: number;
  try {
    brotli = await graphiqlFirstVisit(present.origin, 'br');
    identity = await graphiqlFirstVisit(present.origin, 'identity');
  } finally {
    await present.stop();
  }
  for (let run = 1; run < STARTS; run++) {
    const again = await start(gateway, sandboxEnv, '/ready');
    presentTimes.push(again.readyMs);
    await again.stop();
  }
  for (let run = 1; run < STARTS; run++) {
    const fresh = await startFresh();
    freshTimes.push(fresh.readyMs);
    await fresh.stop();
  }
  const freshMs = median(freshTimes);
  const presentMs = median(presentTimes);
  const listed = (times: number[]) => times.map((ms) => ms.toFixed(0)).join(', ');
  context.progress(
    `  startup: sandbox on PGlite ready in ${freshMs.toFixed(0)} ms (fresh folder; ${listed(freshTimes)}), ${presentMs.toFixed(0)} ms (present; ${listed(presentTimes)}); idle RSS ${pgliteRss.toFixed(1)} MB (folder present), ${freshRss.toFixed(1)} MB (first start)`,
  );

  const figures = [
    figure('(g) sandbox idle RSS on PGlite, MB (vs bare node:http)', pgliteRss, bareRss, 'value <= 300', (_, v) => v <= 300),
    figure(
      '(g) sandbox idle RSS on PGlite, first start on a fresh folder, MB (vs bare node:http)',
      freshRss,
      bareRss,
      'value <= 300',
      (_, v) => v <= 300,
    ),
  ];
  const postgres = await openBenchStore(join(context.workDir, 'startup-postgres'));
  try {
    if (postgres.kind === 'postgres') {
      const onPostgres = await start(gateway, { ...sandboxEnv, ...postgres.env, IDP_GATEWAY_SECRET_KEY: 'b'.repeat(64) }, '/ready');
      try {
        const postgresRss = await idleRssMb(onPostgres.child);
        context.progress(
          `  startup: sandbox on ${postgres.label} ready in ${onPostgres.readyMs.toFixed(0)} ms; idle RSS ${postgresRss.toFixed(1)} MB`,
        );
        figures.push(
          figure('(g) sandbox idle RSS on PostgreSQL, MB (vs bare node:http)', postgresRss, bareRss, 'value <= 200', (_, v) => v <= 200),
        );
      } finally {
        await onPostgres.stop();
      }
    } else {
      context.progress(`  startup: no PostgreSQL row: ${postgres.label}`);
    }
  } finally {
    await postgres.close();
  }
  figures.push(
    figure('(h) sandbox ready, data folder present, ms (vs bare node:http)', presentMs, bare.readyMs, 'value <= 2000', (_, v) => v <= 2000),
    figure('(h) sandbox ready, fresh data folder, ms (vs bare node:http)', freshMs, bare.readyMs, 'value <= 5000', (_, v) => v <= 5000),
    figure(
      '(i) GraphiQL first visit, bytes on the wire with br (vs uncompressed)',
      brotli,
      identity,
      'value <= 1.5 MB',
      (_, v) => v <= 1_500_000,
    ),
  );
  return figures;
}
