// A headless Chromium for browser tests: Debian's `chromium` package (or CHROMIUM_PATH) driven by
// playwright-core, which ships no browser of its own. Flags keep it off the network (no updates, sync,
// field trials, QUIC) and a fresh profile per launch keeps runs independent.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

const DEBIAN_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** The browser to use, or why there is none (a message that says what to install). */
export function findChromium(env: NodeJS.ProcessEnv = process.env): { path: string } | { missing: string } {
  const given = env.CHROMIUM_PATH;
  if (given) {
    return existsSync(given)
      ? { path: given }
      : { missing: `CHROMIUM_PATH=${given} does not exist: point it at a Chromium or Chrome binary.` };
  }
  const found = DEBIAN_PATHS.find((path) => existsSync(path));
  return found
    ? { path: found }
    : { missing: `No Chromium found (looked at ${DEBIAN_PATHS.join(', ')}): install it (apt-get install chromium) or set CHROMIUM_PATH.` };
}

export interface HeadlessChromium {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(executablePath: string, viewport = { width: 1280, height: 800 }): Promise<HeadlessChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'idpgw-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: CHROMIUM_ARGS, viewport });
    return {
      context,
      async close() {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}
