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
import { trimSourceMaps } from './project-source-maps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = process.argv[2] ? resolve(process.argv[2]) : join(root, 'dist');
const outdir = join(dist, 'server');

const EXTERNAL = ['@electric-sql/pglite', '@opentelemetry/*', '@graphql-yoga/render-graphiql', 'pino', 'thread-stream', 'postgres'];

/**
 * graphql 16 ships every file twice (.js CommonJS, .mjs ES module) without an "exports" map, so a deep import
 * (`graphql/language/parser`, as graphql-armor's ES build writes it) would resolve to the CommonJS file beside the
 * ES one that `graphql` resolves to: two copies, whose classes fail each other's instanceof checks (a
 * GraphQLError of one is not one of the other). Every import of graphql here resolves to its ES module files.
 */
const graphqlAsModules = {
  name: 'graphql-as-es-modules',
  setup(builder) {
    const graphqlRoot = join(root, 'node_modules', 'graphql');
    builder.onResolve({ filter: /^graphql(\/.*)?$/ }, ({ path }) => {
      const below = path
        .slice('graphql'.length)
        .replace(/^\//, '')
        .replace(/\.m?js$/, '');
      const file = join(graphqlRoot, below);
      for (const candidate of [`${file}.mjs`, join(file, 'index.mjs')]) if (existsSync(candidate)) return { path: candidate };
      return undefined;
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
const { metafile } = await build({
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
  // A package's ES module build before its CommonJS one (esbuild's default for node is the reverse): a CommonJS
  // package imported from an ES module is wrapped, and each use of one of its exports is then a getter call
  // (graphql 16 ships both: as CommonJS its functions cost ~2 % of a fresh read's CPU in getters alone).
  mainFields: ['module', 'main'],
  plugins: [graphqlAsModules],
  // graphql's instanceOf looks for a second graphql copy (two getter reads per failed check) unless NODE_ENV is
  // production; the bundle holds exactly one copy (checked below), so its check is the plain `instanceof`. Only
  // the literal `process.env.NODE_ENV` is replaced (graphql's, today); the gateway's own production switch reads
  // its environment at run time (http/security-settings.ts).
  define: { 'process.env.NODE_ENV': '"production"' },
  metafile: true,
  // Bundled CommonJS packages call require(): give the ES module one.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  logLevel: 'error',
});
const commonJsGraphql = Object.keys(metafile.inputs).filter((input) => /node_modules\/graphql\/.*\.js$/.test(input));
if (commonJsGraphql.length)
  throw new Error(`the server bundle holds graphql's CommonJS files beside its ES modules: ${commonJsGraphql.slice(0, 3).join(', ')}`);
// What node parses when a stack passes through a chunk: our positions only (project-source-maps.mjs).
trimSourceMaps(outdir, root);
for (const file of ['pglite-template.tar.gz', 'pglite-template.json']) {
  const from = join(dist, 'store', file);
  if (existsSync(from)) copyFileSync(from, join(outdir, file));
}
