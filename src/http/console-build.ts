// The console as `npm run build` made it (scripts/build-console.mjs): dist/console/console.json names the bundle's
// content-hashed script and stylesheet and holds the console's persisted documents. Read once, on first use; a
// checkout that was never built has no console (its page says so) and no console documents.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageFile } from '../package-root.js';

export interface ConsoleBuild {
  /** The folder of the bundle's files (dist/console/assets). */
  assetDirectory: string;
  script: string;
  stylesheet: string | null;
  /** The console's persisted operations: "sha256:<hex>" -> document. */
  documents: Record<string, string>;
}

/** The build's folder: dist/console, or IDP_GATEWAY_CONSOLE_DIR (a console built elsewhere: `node scripts/build-console.mjs <dist>`). */
export function consoleBuildDirectory(): string {
  return process.env.IDP_GATEWAY_CONSOLE_DIR || packageFile('dist', 'console');
}

let loaded: ConsoleBuild | null | undefined;

/** The console build, or null when there is none (never built). */
export function consoleBuild(): ConsoleBuild | null {
  if (loaded !== undefined) return loaded;
  try {
    const directory = consoleBuildDirectory();
    const manifest = JSON.parse(readFileSync(join(directory, 'console.json'), 'utf8')) as Omit<ConsoleBuild, 'assetDirectory'>;
    loaded = { ...manifest, assetDirectory: join(directory, 'assets') };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    loaded = null;
  }
  return loaded;
}
