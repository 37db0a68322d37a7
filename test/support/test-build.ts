// The gateway compiled once per test run for the processes the tests start (the CLI, `npm start`'s entry):
// esbuild transpiles src/ file by file (no bundling, no type check: `npm run typecheck` does that) into a fresh
// folder under test-output/. Starting a process from it takes ~0.5 s less than through tsx's loader, which
// transforms every module again in each process, and the suite starts a few hundred of them. It is built from
// the files being tested, so it is never a stale dist/.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Builds src/ into test-output/build-<pid>/ (the same layout as dist/) and returns that folder and how to remove it. */
export async function buildForTests(root: string): Promise<{ dir: string; remove(): void }> {
  const dir = join(root, 'test-output', `build-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const source = join(root, 'src');
  await build({
    entryPoints: typeScriptFiles(source).map((file) => relative(root, file)),
    absWorkingDir: root,
    outbase: 'src',
    outdir: dir,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
