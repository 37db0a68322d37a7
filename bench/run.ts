// `npm run bench` [-- cached memory cold fresh mutation estate startup scale console scrub]: starts the emulators, a store and the gateway, each in a
// process of its own, measures the figures asked for (all by default), prints the table and writes
// bench/results.json. BENCH_CPU_PROF=<folder> runs the gateway and the baseline server under `node --cpu-prof`
// (each writes its profile there when it stops; bench/profile-summary.ts reads them). See bench/README.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureCachedRead } from './cached-read.js';
import { measureColdFanOut } from './cold-fanout.js';
import { measureConsoleBundle } from './console.js';
import { measureScrub } from './scrub.js';
import { type BenchContext, profileFlagsFromEnvironment } from './context.js';
import { measureEstatePlan } from './estate-plan.js';
import { measureFreshRead } from './fresh-read.js';
import { type BenchGateway, startGateway } from './gateway.js';
import { measureMemory } from './memory.js';
import { measureMutation } from './mutation.js';
import { measureScale } from './scale.js';
import { bundleServer } from './server-bundle.js';
import { measureStartupAndMemory } from './startup-memory.js';
import { killAllChildren } from './processes.js';
import { type Figure, printTable, writeResults } from './report.js';
import { type BenchStore, openBenchStore } from './store.js';
import { startVendors, type Vendors } from './vendors.js';

/** 10 per vendor: 50 providers, the cached page's size. */
const PROVIDERS_PER_VENDOR = 10;

/**
 * In the order they run: memory first, on a gateway that has served nothing yet; mutations after the reads (they
 * change the page); the estate last (a gateway, emulators and store of its own: bench/estate-plan.ts).
 */
const FIGURES = {
  memory: measureMemory,
  cached: measureCachedRead,
  cold: measureColdFanOut,
  fresh: measureFreshRead,
  mutation: measureMutation,
  estate: measureEstatePlan,
  scale: measureScale,
  startup: measureStartupAndMemory,
  console: measureConsoleBundle,
  scrub: measureScrub,
} as const satisfies Record<string, (context: BenchContext) => Promise<Figure | Figure[]>>;
type FigureName = keyof typeof FIGURES;

const RESULTS_FILE = join(dirname(fileURLToPath(import.meta.url)), 'results.json');

/** The whole run, start-up included, is stopped (and fails) past this. */
const TIME_LIMIT_SECONDS = Number(process.env.BENCH_TIME_LIMIT_SECONDS ?? 420);

function chosenFigures(args: string[]): FigureName[] {
  const unknown = args.filter((arg) => !(arg in FIGURES));
  if (unknown.length) throw new Error(`unknown figure ${unknown.join(', ')}: choose from ${Object.keys(FIGURES).join(', ')}`);
  return (Object.keys(FIGURES) as FigureName[]).filter((name) => args.length === 0 || args.includes(name));
}

async function main(): Promise<void> {
  const started = performance.now();
  const chosen = chosenFigures(process.argv.slice(2));
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  const workDir = mkdtempSync(join(tmpdir(), 'idpgw-bench-'));
  const profileDir = process.env.BENCH_CPU_PROF ? resolve(process.env.BENCH_CPU_PROF) : null;
  const profileFlags = profileFlagsFromEnvironment();
  let vendors: Vendors | undefined;
  let store: BenchStore | undefined;
  let gateway: BenchGateway | undefined;
  let failed = false;
  const cleanUp = async () => {
    await gateway?.close();
    await vendors?.close();
    await store?.close();
  };
  const watchdog = setTimeout(() => {
    console.error(
      `The benchmark took longer than ${TIME_LIMIT_SECONDS} s: stopped. The gateway's log is in ${join(workDir, 'gateway.log')}.`,
    );
    killAllChildren();
    void store?.close().finally(() => process.exit(1));
  }, TIME_LIMIT_SECONDS * 1000);
  try {
    const gatewayScript = bundleServer('.', 'gateway');
    const [vendorsStarted, storeOpened] = await Promise.allSettled([startVendors(PROVIDERS_PER_VENDOR), openBenchStore(workDir)]);
    // Kept before any failure is thrown, so that cleanUp stops or drops whichever did start.
    if (vendorsStarted.status === 'fulfilled') vendors = vendorsStarted.value;
    if (storeOpened.status === 'fulfilled') store = storeOpened.value;
    if (vendorsStarted.status === 'rejected') throw vendorsStarted.reason;
    if (storeOpened.status === 'rejected') throw storeOpened.reason;
    const [emulators, database] = [vendorsStarted.value, storeOpened.value];
    progress(`store: ${database.label}`);
    gateway = await startGateway({
      connections: emulators.connections,
      store: database,
      workDir,
      script: gatewayScript,
      nodeFlags: profileFlags,
    });
    progress(
      `gateway pid ${gateway.process.pid} at ${gateway.url}${profileDir ? `, CPU profile into ${profileDir}` : ''} (started in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
    const context: BenchContext = { gateway, vendors: emulators, store: database, workDir, gatewayScript, profileFlags, progress };
    const figures: Figure[] = [];
    for (const name of chosen) {
      const at = performance.now();
      progress(`${name}...`);
      figures.push(...[await FIGURES[name](context)].flat());
      progress(`${name}: ${((performance.now() - at) / 1000).toFixed(1)} s`);
    }
    figures.sort((a, b) => a.name.localeCompare(b.name));
    // A partial run (some figures only, e.g. to profile one) leaves the last full results as they are.
    const complete = chosen.length === Object.keys(FIGURES).length;
    if (complete) writeResults(RESULTS_FILE, figures);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      printTable(figures, [
        `IdP gateway benchmark, ${new Date().toISOString()}: node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), store ${database.label}`,
        `Each figure is measured against its baseline in this run; ${seconds.toFixed(0)} s in all (figures and start-up). ` +
          (complete ? `Written to ${RESULTS_FILE}.` : `Not written to ${RESULTS_FILE} (not every figure ran).`),
      ]),
    );
  } catch (error) {
    failed = true;
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    console.error(`The gateway's log is kept in ${join(workDir, 'gateway.log')}.`);
  } finally {
    clearTimeout(watchdog);
    await cleanUp();
    if (!failed) rmSync(workDir, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

void main();
