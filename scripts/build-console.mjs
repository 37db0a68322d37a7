// `npm run build`'s console step: bundles console/ (Preact, TypeScript) for browsers into dist/console/, and
// writes the console's persisted documents. Plain JavaScript so that the build needs nothing but esbuild.
//
// The console sends its GraphQL documents by id only. The modules under console/documents/ are typed with gql.tada
// in the source; here each is first run in Node to print its documents (the manifest: "sha256:<hex of the printed
// document>" -> document), then replaced in the browser bundle by a module of `{ documentId }` objects. So the ids
// can never drift from the documents, and no document text is shipped.
//
// Output: dist/console/assets/<name>-<hash>.{js,css} (content-hashed, served immutable) and dist/console/console.json
// ({ script, stylesheet, documents }), which src/http/console-page.ts reads.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { print } from 'graphql';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const documentsDir = join(root, 'console', 'documents');
// `node scripts/build-console.mjs [folder]`: into <folder>/console (default dist/console).
const outDir = join(process.argv[2] ? resolve(process.argv[2]) : join(root, 'dist'), 'console');

/** Every document module's persisted operations: module file -> export name -> { id, text } (fragments omitted). */
async function persistedDocuments() {
  const files = readdirSync(documentsDir).filter((name) => name.endsWith('.ts'));
  const scratch = mkdtempSync(join(tmpdir(), 'idpgw-console-documents-'));
  try {
    await build({
      entryPoints: files.map((name) => join(documentsDir, name)),
      outdir: scratch,
      bundle: true,
      format: 'esm',
      platform: 'node',
      outExtension: { '.js': '.mjs' },
      logLevel: 'warning',
    });
    const byFile = new Map();
    for (const name of files) {
      const module = await import(pathToFileURL(join(scratch, `${basename(name, '.ts')}.mjs`)).href);
      const operations = {};
      for (const [exported, value] of Object.entries(module)) {
        if (value?.kind !== 'Document') continue;
        if (!value.definitions.some((definition) => definition.kind === 'OperationDefinition')) continue;
        const text = print(value);
        operations[exported] = { id: `sha256:${createHash('sha256').update(text).digest('hex')}`, text };
      }
      byFile.set(join(documentsDir, name), operations);
    }
    return byFile;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The esbuild plugin that swaps a document module for its ids (a fragment export becomes an empty object). */
function idsOnly(byFile) {
  return {
    name: 'persisted-documents-by-id',
    setup(plugin) {
      plugin.onLoad({ filter: /[\\/]console[\\/]documents[\\/][^\\/]+\.ts$/ }, async (args) => {
        const operations = byFile.get(args.path);
        if (!operations) throw new Error(`${relative(root, args.path)}: not a document module seen by the build`);
        const source = readFileSync(args.path, 'utf8');
        const exported = [...source.matchAll(/export const (\w+)/g)].map((match) => match[1]);
        const lines = exported.map((name) =>
          operations[name]
            ? `export const ${name} = { documentId: ${JSON.stringify(operations[name].id)} };`
            : `export const ${name} = {};`,
        );
        return { contents: lines.join('\n'), loader: 'js' };
      });
    },
  };
}

const byFile = await persistedDocuments();
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const bundle = await build({
  entryPoints: [join(root, 'console', 'main.tsx')],
  outdir: join(outDir, 'assets'),
  entryNames: '[name]-[hash]',
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome110', 'firefox110', 'safari16'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [idsOnly(byFile)],
});
const outputs = Object.keys(bundle.metafile.outputs).map((file) => basename(file));
const documents = {};
for (const operations of byFile.values()) for (const { id, text } of Object.values(operations)) documents[id] = text;
const manifest = {
  script: outputs.find((name) => name.endsWith('.js')),
  stylesheet: outputs.find((name) => name.endsWith('.css')) ?? null,
  documents,
};
writeFileSync(join(outDir, 'console.json'), `${JSON.stringify(manifest, null, 2)}\n`);
