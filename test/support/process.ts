// A real gateway process: node running the suite's compiled build (test-build.ts) directly, so that signals reach
// the gateway itself.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { inject } from 'vitest';

export interface GatewayProcess {
  child: ChildProcess;
  /** The GraphiQL URL once the gateway says it is ready; rejects if it exits first. */
  url: Promise<string>;
  exited: Promise<number | null>;
  output(): string;
}

/** The suite's build of `npm start`'s entry (src/main.ts). */
export const MAIN_ENTRY = (): string[] => ['--enable-source-maps', join(inject('gatewayBuild'), 'main.js')];

/** `entry`: what node runs before `args`; `npm start`'s script by default, `['bin/idp-gateway.js', 'start']` for the CLI. */
export function spawnGateway(args: string[], env: NodeJS.ProcessEnv, entry: string[] = MAIN_ENTRY()): GatewayProcess {
  const child = spawn(process.execPath, [...entry, ...args], {
    env: { ...process.env, PORT: '0', DATABASE_URL: '', IDP_GATEWAY_CONFIG: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /GraphiQL:\s+(\S+)/.exec(out);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`gateway exited with ${code}:\n${out}`)));
  });
  url.catch(() => {}); // a test that expects the process to fail awaits `exited` instead
  return { child, url, exited, output: () => out };
}
