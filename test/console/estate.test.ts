// The console's estate page in Chromium, offline, against the sandbox: every provider of the five vendors in one
// table, searched and filtered by the gateway, the connections shown as their vendors answer, no console error,
// no serious accessibility violation, screenshots at both widths.
import { describe, expect, it } from 'vitest';
import { consoleOnLiveGateway, screenshot, seriousAxeViolations, WIDTHS } from './support.js';

describe('the console estate page', () => {
  const suite = consoleOnLiveGateway();

  it('lists the providers of all five vendors, searches them, and stays offline', async (context) => {
    if (suite.missing) context.skip(suite.missing);
    const { page, errors } = await suite.open('/');
    const rows = page.locator('table.estate tbody tr');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBeGreaterThan(5);
    const vendors = new Set(await page.locator('table.estate tbody tr td:nth-child(2)').allInnerTexts());
    expect([...vendors].sort()).toEqual(['2sms', 'Akamai', 'Huawei Cloud', 'SlashID', 'cPanel & WHM']);
    await page.getByRole('searchbox', { name: 'Search' }).fill('zzz-no-such-provider');
    await expect.poll(() => page.locator('.empty').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(errors).toEqual([]);
    expect(suite.foreign).toEqual([]);
    await page.close();
  });

  it('has no serious accessibility violation, and renders at 1280 and 390 px', async (context) => {
    if (suite.missing) context.skip(suite.missing);
    for (const width of WIDTHS) {
      const { page, errors } = await suite.open('/', { width });
      await expect.poll(() => page.locator('table.estate tbody tr').count(), { timeout: 20_000 }).toBeGreaterThan(5);
      await expect.poll(() => page.locator('.connection-strip [data-state="waiting"]').count(), { timeout: 20_000 }).toBe(0);
      await screenshot(page, 'estate');
      expect(await seriousAxeViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});
