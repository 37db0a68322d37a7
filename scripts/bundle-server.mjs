// `npm run build`'s server step: what `npm start` runs, src/main.ts and the modules it loads bundled into
// dist/server/ (esbuild, code splitting for the lazily loaded ones). Why: a start spent ~0.7 s resolving, reading
// and compiling hundreds of small module files (ours and the packages'); one bundle is ready in ~1.5 s instead of
// ~2.1 s with the data folder present (NOTES, Figures). Packages that find their own files at run time stay
// external: PGlite (its WASM and data), OpenTelemetry (loaded only when tracing is on), GraphiQL's assets, pino's
// worker, postgres. The per-file build in dist/ stays: the CLI and the tests' processes run it.
// The migrated PGlite the first start loads is found next to the module that looks for it: copied here too.
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = process.argv[2] ? resolve(process.argv[2]) : join(root, 'dist');
const outdir = join(dist, 'server');

const EXTERNAL = ['@electric-sql/pglite', '@opentelemetry/*', '@graphql-yoga/render-graphiql', 'pino', 'thread-stream', 'postgres'];

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [join(root, 'src', 'main.ts')],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  // Positions only: the sources are on disk (ours in src/, the packages' in node_modules); a map without them parses faster at start.
  sourcesContent: false,
  external: EXTERNAL,
  // Bundled CommonJS packages call require(): give the ES module one.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  logLevel: 'error',
});
for (const file of ['pglite-template.tar.gz', 'pglite-template.json']) {
  const from = join(dist, 'store', file);
  if (existsSync(from)) copyFileSync(from, join(outdir, file));
}
