// What production runs is the compiled JavaScript: src/ built as `npm run build` builds it (esbuild, file by
// file, as test/support/test-build.ts does for the processes tests start), copied into a temporary folder laid out as the Docker image is (package.json, dist/,
// drizzle/, bin/ and node_modules; no src/, no tsconfig), then the gateway started there as `npm start` starts it,
// in sandbox mode, and queried; and the bin, which has no source beside it to fall back on, run once. The build
// is the checkout's dist/ when it is newer than every source file (`npm ci` has just made it, as in CI), else a
// fresh one.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { SourceMap } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printGatewaySchema } from '../../src/graphql/schema.js';
import { seededDataDir } from '../support/pglite-template.js';
import { type GatewayProcess, spawnGateway } from '../support/process.js';
import { buildForTests } from '../support/test-build.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const runFile = promisify(execFile);

interface PackageJson {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

describe('package.json', () => {
  it('builds on npm install and npm ci (prepare), and npm start runs the build with source maps', () => {
    expect(packageJson.scripts.prepare).toBe('npm run build');
    // esbuild, file by file: a second, not tsc's half a minute on every install (`npm run typecheck` checks types).
    expect(packageJson.scripts.build).toMatch(
      /^rm -rf dist && esbuild "src\/\*\*\/\*\.ts" --outbase=src --outdir=dist --format=esm --platform=node .*--sourcemap=linked/,
    );
    // Last, the migrated PGlite a first start on an empty folder loads (store/pglite-template.ts).
    expect(packageJson.scripts.build).toContain(' && node dist/store/make-pglite-template.js');
    // Then the server bundle `npm start` runs (after the template, which it copies beside itself).
    expect(packageJson.scripts.build).toContain(' && node dist/store/make-pglite-template.js && node scripts/bundle-server.mjs');
    // Source maps on; V8's young generation capped at 2 x 8 MB (NOTES, Figures: idle RSS).
    expect(packageJson.scripts.start).toBe('node --enable-source-maps --max-semi-space-size=8 dist/server/main.js');
    expect(readFileSync(join(ROOT, '.gitignore'), 'utf8').split('\n')).toContain('dist/');
  });

  it('needs tsx and TypeScript for development only', () => {
    expect(Object.keys(packageJson.dependencies)).not.toContain('tsx');
    expect(Object.keys(packageJson.devDependencies)).toEqual(expect.arrayContaining(['tsx', 'typescript']));
  });
});

/** Whether dist/ holds every source file compiled after its last change. */
function distIsCurrent(): boolean {
  const dist = join(ROOT, 'dist');
  return filesUnder(join(ROOT, 'src'))
    .filter((file) => file.endsWith('.ts'))
    .every((file) => {
      const js = join(dist, file.replace(/\.ts$/, '.js'));
      return existsSync(js) && statSync(js).mtimeMs >= statSync(join(ROOT, 'src', file)).mtimeMs;
    });
}

describe('the compiled gateway, laid out as in the image', () => {
  const app = mkdtempSync(join(tmpdir(), 'idpgw-build-'));
  const dist = join(app, 'dist');
  /** Where the build was written (its source maps name the sources relative to there). */
  let built = join(ROOT, 'dist');
  let gateway: GatewayProcess | undefined;
  let removeFreshBuild = () => {};

  beforeAll(async () => {
    if (!distIsCurrent()) {
      const fresh = await buildForTests(ROOT);
      built = fresh.dir;
      removeFreshBuild = fresh.remove;
    }
    cpSync(built, dist, { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(app, 'package.json'));
    cpSync(join(ROOT, 'drizzle'), join(app, 'drizzle'), { recursive: true });
    cpSync(join(ROOT, 'bin'), join(app, 'bin'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules'), 'dir');
    // What `npm start` runs: the server bundle (scripts/bundle-server.mjs), made from the source as it is now.
    await runFile(process.execPath, [join(ROOT, 'scripts', 'bundle-server.mjs'), dist], { cwd: ROOT });
  }, 120_000);

  afterAll(() => {
    if (gateway?.child.exitCode === null) gateway.child.kill('SIGKILL');
    rmSync(app, { recursive: true, force: true });
    removeFreshBuild();
  });

  it('has every module of src/ as JavaScript with a source map naming its TypeScript file, and nothing that needs tsx', () => {
    const sources = filesUnder(join(ROOT, 'src')).filter((file) => file.endsWith('.ts'));
    const files = new Set(filesUnder(dist));
    for (const source of sources) {
      const js = source.replace(/\.ts$/, '.js');
      expect(files.has(js), js).toBe(true);
      const map = JSON.parse(readFileSync(join(built, `${js}.map`), 'utf8')) as { sources: string[] };
      // A module of types only compiles to no code, and its map names no source.
      const named = map.sources.map((file) => resolve(dirname(join(built, js)), file));
      expect(named, js).toEqual(
        readFileSync(join(built, js), 'utf8').trim().startsWith('//# sourceMappingURL') ? [] : [join(ROOT, 'src', source)],
      );
    }
    const importsTsx = [...files].filter(
      (file) => file.endsWith('.js') && /from ['"]tsx[/'"]|import\(['"]tsx/.test(readFileSync(join(dist, file), 'utf8')),
    );
    expect(importsTsx).toEqual([]);
  });

  it("maps the server bundle's positions in our code to src/ and leaves the packages' unmapped (their complete maps beside)", () => {
    const server = join(dist, 'server');
    const maps = readdirSync(server).filter((file) => file.endsWith('.js.map'));
    expect(maps.length).toBeGreaterThan(1);
    const loaded = (file: string) => JSON.parse(readFileSync(join(server, file), 'utf8')) as { sources: string[] };
    for (const file of maps) {
      const outside = loaded(file).sources.filter((source) => !relative(ROOT, resolve(server, source)).startsWith(`src${sep}`));
      expect(outside, file).toEqual([]);
      expect(existsSync(join(server, file.replace(/\.map$/, '.full.map'))), file).toBe(true);
    }
    expect(maps.some((file) => loaded(file.replace(/\.map$/, '.full.map')).sources.some((source) => source.includes('node_modules')))).toBe(
      true,
    );
    // Where node puts a line of ours and a line of undici's, as a stack through them shows it.
    const where = (text: string) => {
      const chunk = readdirSync(server).find((file) => file.endsWith('.js') && readFileSync(join(server, file), 'utf8').includes(text));
      if (!chunk) throw new Error(`no chunk of the server bundle holds "${text}"`);
      const line = readFileSync(join(server, chunk), 'utf8')
        .split('\n')
        .findIndex((row) => row.includes(text));
      const column = readFileSync(join(server, chunk), 'utf8').split('\n')[line]!.indexOf(text);
      return new SourceMap(JSON.parse(readFileSync(join(server, `${chunk}.map`), 'utf8'))).findEntry(line, column) as {
        originalSource?: string;
      };
    };
    expect(where('IdP gateway ready in').originalSource).toMatch(/src\/main\.ts$/);
    expect(where('function onParserTimeout').originalSource).toBeUndefined();
  });

  it('starts as `npm start` starts it (sandbox), answers a query across the five vendors and /ready, and stops on SIGTERM', async () => {
    const dataDir = seededDataDir(join(app, '.data'));
    gateway = spawnGateway([], { IDP_GATEWAY_DATA_DIR: dataDir }, ['--enable-source-maps', join(dist, 'server', 'main.js')]);
    const url = await gateway.url;
    const query =
      '{ identityProviders(first: 100) { connectionErrors { connectionId code } edges { node { ... on ManagedIdentityProvider { vendor } } } } }';
    type Page = {
      errors?: unknown;
      data: {
        identityProviders: { connectionErrors: Array<{ connectionId: string; code: string }>; edges: Array<{ node: { vendor: string } }> };
      };
    };
    const ask = async () =>
      (await (
        await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })
      ).json()) as Page;
    let body = await ask();
    // The first page of a cold process on a loaded machine may outlast the read budget (2 s): it answers TIMEOUT for
    // that vendor while the read goes on in the background, and a later page has it. Any other error fails at once.
    for (const deadline = Date.now() + 30_000; body.data?.identityProviders.connectionErrors.length && Date.now() < deadline; ) {
      expect(body.data.identityProviders.connectionErrors.filter((error) => error.code !== 'TIMEOUT')).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 500));
      body = await ask();
    }
    expect(body.errors).toBeUndefined();
    expect(body.data.identityProviders.connectionErrors).toEqual([]);
    const vendors = new Set(body.data.identityProviders.edges.map((edge) => edge.node.vendor));
    expect([...vendors].sort()).toEqual(['AKAMAI', 'CPANEL', 'HUAWEI', 'SLASHID', 'TWOSMS']);
    // One graphql in the bundle (scripts/bundle-server.mjs): an error made by graphql-armor's rule or by the parser
    // is graphql's own class to the server (one from a second copy would be masked as an unexpected error).
    const refusedBy = async (document: string) =>
      (await (
        await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: document }) })
      ).json()) as { errors?: Array<{ message: string; extensions?: { code?: string } }> };
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: caller { name }`).join(' ');
    expect((await refusedBy(`{ ${aliases} }`)).errors?.map((error) => error.extensions?.code)).toEqual(['QUERY_ALIAS_LIMIT']);
    expect((await refusedBy('{ identityProviders(')).errors?.[0]?.message).toMatch(/^Syntax Error: /);
    // /ready reads the migrations' journal: found from dist/ too.
    expect((await fetch(new URL('/ready', url))).status).toBe(200);
    gateway.child.kill('SIGTERM');
    expect(await gateway.exited).toBe(0);
  });

  it('runs the bin on the compiled CLI: print-schema prints the schema the source prints', async () => {
    expect(existsSync(join(app, 'src'))).toBe(false);
    const { stdout, stderr } = await runFile(process.execPath, [join(app, 'bin/idp-gateway.js'), 'print-schema'], {
      cwd: app,
      env: { ...process.env, IDP_GATEWAY_FROM_SOURCE: '', IDP_GATEWAY_BUILD: '' },
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(stderr).toBe('');
    expect(stdout).toBe(printGatewaySchema());
  });
});
