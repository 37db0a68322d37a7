// A real gateway process (node with tsx as its loader, so that signals reach the gateway itself).
import { type ChildProcess, spawn } from 'node:child_process';

export interface GatewayProcess {
  child: ChildProcess;
  /** The GraphiQL URL once the gateway says it is ready; rejects if it exits first. */
  url: Promise<string>;
  exited: Promise<number | null>;
  output(): string;
}

/** `entry`: what node runs before `args`; `npm start`'s script by default, `['bin/idp-gateway.js', 'start']` for the CLI. */
export function spawnGateway(args: string[], env: NodeJS.ProcessEnv, entry: string[] = ['--import', 'tsx', 'src/main.ts']): GatewayProcess {
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
