// The gateway every figure measures is the one `npm start` runs: the server bundle of scripts/bundle-server.mjs,
// not src/main.ts through tsx. Why it matters: tsx compiles with esbuild's keepNames, which wraps every function
// a request creates in a __name() call (a defineProperty each); measured on the mutation of (c), the same code
// cost ~1.5 ms more gateway CPU per mutation through tsx (6.7 vs 5.2 ms, NOTES). The bundle is made from the
// checkout's sources at the start of each run (about 1 s), so a figure never measures a stale dist/.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Bundles `checkout`'s src/main.ts with its own bundle script and returns the bundle's entry. It is written below
 * the checkout's node_modules/.cache (ignored by git), where the packages it leaves external resolve as they do
 * from dist/. A checkout from before the bundle existed runs its src/main.ts (through tsx).
 */
export function bundleServer(checkout: string, name: string): string {
  const script = join(resolve(checkout), 'scripts', 'bundle-server.mjs');
  if (!existsSync(script)) return join(resolve(checkout), 'src', 'main.ts');
  const out = join(resolve(checkout), 'node_modules', '.cache', 'idp-gateway-bench', name);
  execFileSync(process.execPath, [script, out], { cwd: resolve(checkout), stdio: ['ignore', 'ignore', 'inherit'] });
  const main = join(out, 'server', 'main.js');
  if (!existsSync(main)) throw new Error(`${script} made no ${main}: does it take the output folder as its argument?`);
  return main;
}
