// A live sandbox gateway and a headless Chromium for a describe block (made before its tests, closed after),
// or the reason there is no Chromium here (then every test of the block skips with it).
import { afterAll, beforeAll } from 'vitest';
import { findChromium, type HeadlessChromium, launchChromium } from '../support/chromium.js';
import { type LiveGateway, startLiveGateway } from '../support/live-gateway.js';

export interface BrowserSuite {
  /** Why there is no browser test here (no Chromium found), else null. */
  missing: string | null;
  live: LiveGateway;
  chromium: HeadlessChromium;
}

export function browserOnLiveGateway(): BrowserSuite {
  const browser = findChromium();
  const missing = 'missing' in browser ? browser.missing : null;
  let live: LiveGateway | undefined;
  let chromium: HeadlessChromium | undefined;
  beforeAll(async () => {
    if ('missing' in browser) {
      console.warn(`SKIPPING the browser test: ${browser.missing}`);
      return;
    }
    live = await startLiveGateway();
    chromium = await launchChromium(browser.path, { width: 1280, height: 2000 });
  });
  afterAll(async () => {
    await chromium?.close();
    await live?.close();
  });
  return {
    missing,
    get live() {
      if (!live) throw new Error('the live gateway is made before the tests (beforeAll)');
      return live;
    },
    get chromium() {
      if (!chromium) throw new Error('Chromium is launched before the tests (beforeAll)');
      return chromium;
    },
  };
}
