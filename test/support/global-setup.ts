// Once per test run: a PGlite store with every migration applied, kept two ways for the tests to start from
// instead of running PGlite's initdb and the migrations again in every file (seconds each, most of a
// store-touching file's set-up): a data folder to copy for gateway processes, and its dump for in-memory stores;
// and in the test build, the template `npm run build` writes (store/pglite-template.ts).
// And the gateway compiled for the processes tests start (test-build.ts). And GraphiQL's brotli bodies started at
// once in the background: a fresh checkout has none cached, and the test processes that serve GraphiQL then
// wait for these (http/compressed-cache.ts) instead of each spending ~17 s of CPU on the same bodies.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { graphiqlAssets } from '../../src/http/graphiql-assets.js';
import { openStore, writePgliteTemplate } from '../../src/store/open.js';
import { buildForTests } from './test-build.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A folder holding `pgdata`, a migrated PGlite data folder (see test/support/pglite-template.ts). */
    pgliteTemplate: string;
    /** The gateway compiled for the processes tests start (test/support/test-build.ts). */
    gatewayBuild: string;
  }
}

export default async function setup(project: TestProject) {
  void graphiqlAssets().catch(() => {});
  const build = await buildForTests(process.cwd());
  project.provide('gatewayBuild', build.dir);
  const dir = mkdtempSync(join(tmpdir(), 'idpgw-template-'));
  const dataDir = join(dir, 'data');
  const store = await openStore({ kind: 'pglite', dataDir, templateFile: null });
  await store.close();
  const pglite = new PGlite(join(dataDir, 'pgdata'));
  // The build's template, as `npm run build` makes it: a process started on an empty folder loads it.
  await writePgliteTemplate(pglite, join(build.dir, 'store', 'pglite-template.tar.gz'));
  const dump = await pglite.dumpDataDir('none');
  await pglite.close();
  writeFileSync(join(dir, 'pgdata.tar'), Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', dir);
  return () => {
    rmSync(dir, { recursive: true, force: true });
    build.remove();
  };
}
