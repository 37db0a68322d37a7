// The benchmark's child processes: every server under test runs in a process of its own (the gateway as its
// server bundle, the emulators and baselines with tsx as their loader), so that its CPU and resident memory are
// its own and not the load generator's.
import { type ChildProcess, spawn, type StdioOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * The node flags `npm start` gives the gateway (package.json's "start": `node <flags> dist/server/main.js`): every
 * gateway the bench starts runs with them, so that its figures are those of the gateway as shipped.
 */
export const START_NODE_FLAGS: string[] = (() => {
  const start = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } }).scripts
    .start;
  const words = start.split(/\s+/);
  if (words[0] !== 'node') throw new Error(`package.json's start script does not run node: ${start}`);
  return words.slice(1).filter((word) => word.startsWith('--'));
})();

export interface BenchChild {
  child: ChildProcess;
  pid: number;
  /** The first capture group of `ready` in the child's stdout. */
  address: string;
  /** Resident set size now, in bytes (Linux /proc). */
  rss(): number;
  /** CPU time used so far (user + system), in ms (Linux /proc). */
  cpuMs(): number;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnOptions {
  /** The script to run, relative to the repository root (the working directory). */
  script: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** Flags for node itself, before the script (e.g. --cpu-prof). */
  nodeFlags?: string[];
  /** A line on stdout that says the child is ready; its first group is the child's address. */
  ready: RegExp;
  /** Where the child's stderr goes (a file descriptor), or "pipe" to keep it for the error message. */
  stderr?: number | 'pipe';
  /** With an IPC channel (child.send / process.send). */
  ipc?: boolean;
  startTimeoutMs?: number;
}

/** Every child still running: the run's time limit stops them all, wherever the run is. */
const running = new Set<ChildProcess>();

/** SIGKILL to every child still running (the run is being abandoned). */
export function killAllChildren(): void {
  for (const child of running) child.kill('SIGKILL');
}

export async function spawnChild(options: SpawnOptions): Promise<BenchChild> {
  const stdio: StdioOptions = ['ignore', 'pipe', options.stderr ?? 'pipe', ...(options.ipc ? ['ipc' as const] : [])];
  // TypeScript runs through tsx; JavaScript (the server bundle) as node runs it.
  const loader = options.script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), ...loader, options.script, ...(options.args ?? [])], {
    env: options.env ?? process.env,
    stdio,
  });
  running.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => running.delete(child));
  let early = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    // Kept only up to a size: enough to say why a child did not start, never a growing buffer.
    if (early.length < 20_000) early += chunk.toString();
  });
  const lines = createInterface({ input: child.stdout! });
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${options.script} did not start within ${options.startTimeoutMs ?? 60_000} ms:\n${early}`)),
      options.startTimeoutMs ?? 60_000,
    );
    lines.on('line', (line) => {
      if (early.length < 20_000) early += `${line}\n`;
      const match = options.ready.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] ?? '');
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${options.script} exited with ${code} before it was ready:\n${early}`));
    });
  });
  const pid = child.pid!;
  return {
    child,
    pid,
    address,
    rss: () => residentBytes(pid),
    cpuMs: () => cpuMillis(pid),
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** VmRSS of a process, in bytes. */
export function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ): 100 on every Linux the benchmark runs on. */
const USER_HZ = 100;

/** utime + stime of a process, in ms. */
export function cpuMillis(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The fields after the command name (in parentheses, which may hold spaces): utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
}
