// The console in headless Chromium: a live sandbox gateway (optionally with API tokens), one browser for the
// describe block, every request to another origin refused and recorded (the console must work offline), and per
// page: its console errors and page errors collected, screenshots at the widths people use, and an axe-core check.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { ApiTokenConfig } from '../../src/core/access.js';
import { findChromium, type HeadlessChromium, launchChromium } from '../support/chromium.js';
import { type LiveGateway, startLiveGateway } from '../support/live-gateway.js';

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-output/console/', import.meta.url));
/** A laptop and a phone. */
export const WIDTHS = [1280, 390] as const;

export interface ConsolePage {
  page: Page;
  /** console.error lines and uncaught errors of the page so far. */
  errors: string[];
}

export interface ConsoleSuite {
  missing: string | null;
  live: LiveGateway;
  /** Requests the pages tried to send to another origin (refused). */
  foreign: string[];
  /** A new page at `width` px (default 1280) opened at the console path `path` ("/", "/activity", ...). */
  open(path: string, options?: { width?: number; token?: string; colorScheme?: 'light' | 'dark' }): Promise<ConsolePage>;
  /** The console's origin + /console + path. */
  url(path: string): string;
  /**
   * The page at `path` at each of WIDTHS: once `ready` says it shows what it is for, a screenshot `name`, and it must
   * have no serious or critical axe violation and no console error.
   */
  checkAtEveryWidth(path: string, name: string, ready: (page: Page) => Promise<void>): Promise<void>;
}

export function consoleOnLiveGateway(options: { tokens?: ApiTokenConfig[] } = {}): ConsoleSuite {
  const browser = findChromium();
  const missing = 'missing' in browser ? browser.missing : null;
  let live: LiveGateway | undefined;
  let chromium: HeadlessChromium | undefined;
  const foreign: string[] = [];
  beforeAll(async () => {
    if ('missing' in browser) {
      console.warn(`SKIPPING the console test: ${browser.missing}`);
      return;
    }
    live = await startLiveGateway({ tokens: options.tokens });
    chromium = await launchChromium(browser.path, { width: 1280, height: 900 });
    const origin = new URL(live.url).origin;
    await chromium.context.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).origin === origin) return route.continue();
      foreign.push(url);
      return route.abort('internetdisconnected');
    });
  }, 60_000);
  afterAll(async () => {
    await chromium?.close();
    await live?.close();
  });
  const suite: ConsoleSuite = {
    missing,
    foreign,
    get live() {
      if (!live) throw new Error('the live gateway is made before the tests (beforeAll)');
      return live;
    },
    url: (path) => `${new URL(suite.live.url).origin}/console${path === '/' ? '' : path}`,
    async open(path, { width = 1280, token, colorScheme = 'light' } = {}) {
      if (!chromium) throw new Error('Chromium is launched before the tests (beforeAll)');
      const page = await chromium.context.newPage();
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme });
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      if (token) {
        // Signed in as a person would be after pasting the token once (sessionStorage of this origin).
        await page.goto(suite.url('/'));
        await page.evaluate((value) => sessionStorage.setItem('idp-gateway-console-token', value), token);
      }
      await page.goto(suite.url(path));
      return { page, errors };
    },
    async checkAtEveryWidth(path, name, ready) {
      for (const width of WIDTHS) {
        const { page, errors } = await suite.open(path, { width });
        await ready(page);
        await screenshot(page, name);
        expect(await seriousAxeViolations(page), `${name} at ${width} px`).toEqual([]);
        expect(errors, `${name} at ${width} px`).toEqual([]);
        await page.close();
      }
    },
  };
  return suite;
}

/** Saves the page as test-output/console/<name>-<width>.png (the whole page). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  const path = `${SCREENSHOT_DIR}${name}-${width}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe-core run in the page (WCAG 2 A/AA rules); the violations whose impact is serious or critical. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  // Through the devtools protocol: the console's CSP allows no inline script, rightly.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as any).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((violation: any) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node: any) => String(node.target)),
    }));
  });
  return (violations as AxeViolation[]).filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** From the estate page: search for a provider by name and open it. */
export async function openFromEstate(page: Page, search: string): Promise<void> {
  await page.getByRole('searchbox', { name: 'Search' }).fill(search);
  const link = page.locator('table.estate tbody tr a', { hasText: search });
  await expect.poll(() => link.count(), { timeout: 15_000 }).toBe(1);
  await link.click();
  await page
    .locator('#provider-title')
    .waitFor({ timeout: 15_000 })
    .catch(async (error) => {
      console.log('DEBUG', page.url(), await page.locator('body').innerText());
      throw error;
    });
}
