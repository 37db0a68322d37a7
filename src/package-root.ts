// Where the package's own files are (drizzle/ migrations, schema/): the nearest folder above this module that
// holds a package.json. Found by walking up rather than by a fixed "../..", so the same modules find them when
// run from src/ (tsx), dist/ (the build) or the test suite's build in a deeper folder.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function packageRootAbove(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`idp-gateway: no package.json above ${start}`);
  }
}

export const PACKAGE_ROOT = packageRootAbove(dirname(fileURLToPath(import.meta.url)));

/** A file or folder of the package, e.g. packageFile('drizzle'). */
export const packageFile = (...parts: string[]): string => resolve(PACKAGE_ROOT, ...parts);
