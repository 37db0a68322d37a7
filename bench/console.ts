// The console's figures (issue 18): (p) what its first visit costs on the wire (the JavaScript and the stylesheet
// with brotli, against the same files uncompressed; the budget is 300 KB of JavaScript), and (q) the time from
// opening /console to the estate table's first rows in headless Chromium (bench/scale.ts: at 10 000 providers against
// the main run's 50). Without Chromium the figures are left out, and the progress log says so.
import type { BenchGateway } from './gateway.js';
import { percentile } from './load.js';
import { figure, type Figure } from './report.js';
import { findChromium, launchChromium } from '../test/support/chromium.js';
import type { BenchContext } from './context.js';

export const CONSOLE_JS_BUDGET_KB = 300;
const LOADS = 5;

async function wireBytes(url: string, coding: 'br' | 'identity'): Promise<{ bytes: number; body: string }> {
  const answer = await fetch(url, { headers: { 'accept-encoding': coding, accept: 'text/html' } });
  if (answer.status !== 200) throw new Error(`${url}: ${answer.status}`);
  const body = await answer.text();
  const length = Number(answer.headers.get('content-length'));
  return { bytes: Number.isFinite(length) && length > 0 ? length : Buffer.byteLength(body), body };
}

/** (p): the page, its script and its stylesheet in bytes on the wire with br, and uncompressed. */
export async function measureConsoleBundle(context: BenchContext): Promise<Figure[]> {
  const origin = new URL(context.gateway.url).origin;
  const page = await wireBytes(`${origin}/console`, 'identity');
  const files = [...page.body.matchAll(/(?:src|href)="(\/console\/assets\/[^"]+)"/g)].map((match) => match[1]!);
  let br = 0;
  let identity = 0;
  let scriptBr = 0;
  for (const file of files) {
    const compressed = (await wireBytes(origin + file, 'br')).bytes;
    br += compressed;
    identity += (await wireBytes(origin + file, 'identity')).bytes;
    if (file.endsWith('.js')) scriptBr += compressed;
  }
  context.progress(
    `  console: ${files.length} files, ${(br / 1024).toFixed(1)} KB with br (JavaScript ${(scriptBr / 1024).toFixed(1)} KB), ${(identity / 1024).toFixed(1)} KB uncompressed`,
  );
  return [
    figure(
      '(p) console first visit: JavaScript + CSS KB on the wire with br (vs uncompressed)',
      br / 1024,
      identity / 1024,
      `JavaScript <= ${CONSOLE_JS_BUDGET_KB} KB`,
      () => scriptBr / 1024 <= CONSOLE_JS_BUDGET_KB,
    ),
  ];
}

/**
 * Opening /console until the estate table shows its first rows, in ms (median of LOADS page loads in one browser:
 * the first pays for the files, the others find them cached, as a returning person does). Null without Chromium.
 */
export async function consoleFirstRowsMs(gateway: BenchGateway, progress: (line: string) => void): Promise<number | null> {
  const browser = findChromium();
  if ('missing' in browser) {
    progress(`  console: no Chromium, no figure (${browser.missing})`);
    return null;
  }
  const chromium = await launchChromium(browser.path, { width: 1280, height: 900 });
  try {
    const origin = new URL(gateway.url).origin;
    const token = gateway.headers.authorization?.replace(/^Bearer /, '');
    const times: number[] = [];
    for (let load = 0; load < LOADS; load++) {
      const page = await chromium.context.newPage();
      if (token) {
        await page.goto(`${origin}/console/activity-none`, { waitUntil: 'commit' });
        await page.evaluate((value) => sessionStorage.setItem('idp-gateway-console-token', value), token);
      }
      const started = performance.now();
      await page.goto(`${origin}/console`);
      await page.locator('table.estate tbody tr').first().waitFor({ timeout: 60_000 });
      times.push(performance.now() - started);
      await page.close();
    }
    return percentile(times, 50);
  } finally {
    await chromium.close();
  }
}

/** (q): the figure, when both loads could be measured. */
export function consoleFirstRowsFigure(total: number, bigMs: number | null, smallMs: number | null, storeName: string): Figure[] {
  if (bigMs === null || smallMs === null) return [];
  return [
    figure(
      `(q) console: ms from opening /console to the estate table's first rows at ${total} providers vs at 50 [${storeName}]`,
      bigMs,
      smallMs,
      'value <= 2000 ms',
      (_ratio, value) => value <= 2_000,
    ),
  ];
}
