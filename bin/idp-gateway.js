#!/usr/bin/env node
// `idp-gateway <command>`: runs the CLI (src/cli/main.ts) in this very process. No wrapper child process (as the
// `tsx` command would start), so SIGINT/SIGTERM/SIGKILL sent to this pid reach the gateway itself, and its exit
// code is this process's.
// It runs the compiled dist/cli/main.js when there is one (`npm run build`, which `npm install` and `npm ci` run,
// and the Docker image), or the build in the folder IDP_GATEWAY_BUILD names (the test suite's, compiled from the
// files being tested). In a checkout without a build, or with IDP_GATEWAY_FROM_SOURCE=1, it runs the TypeScript
// through tsx's loader, a devDependency.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const build = process.env.IDP_GATEWAY_BUILD;
const compiled = build ? pathToFileURL(join(build, 'cli/main.js')) : new URL('../dist/cli/main.js', import.meta.url);

if (process.env.IDP_GATEWAY_FROM_SOURCE !== '1' && existsSync(compiled)) {
  // What `node --enable-source-maps` does: stack traces name the TypeScript files and lines.
  process.setSourceMapsEnabled(true);
  await import(compiled.href);
} else {
  const tsx = await import('tsx/esm/api').catch((error) => {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    console.error('idp-gateway: there is no build (dist/) and no tsx to run the source with: run `npm install` or `npm run build`.');
    process.exit(1);
  });
  tsx.register();
  await import('../src/cli/main.ts');
}
