// The console's estate page in Chromium, offline, against the sandbox: every provider of the five vendors in one
// table, searched and filtered by the gateway, the connections shown as their vendors answer, no console error,
// no serious accessibility violation, screenshots at both widths.
import { describe, expect, it } from 'vitest';
import { consoleOnLiveGateway, screenshot, seriousAxeViolations } from './support.js';

describe('the console estate page', () => {
  const suite = consoleOnLiveGateway();

  // First, on the fresh gateway: nothing is cached yet, so the table waits for the vendors, at most their read budget.
  it('is not held back by a slow vendor: the others show first, the slow one says so', { timeout: 60_000 }, async (context) => {
    if (suite.missing) context.skip(suite.missing);
    const connections = suite.live.gateway.services.connections.all();
    for (const connection of connections) (connection.config as { readBudgetMs?: number }).readBudgetMs = 3_000;
    const slow = connections.find((c) => c.vendor === 'cpanel')!;
    const added = await fetch(`${new URL(slow.config.baseUrl).origin}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'latency', ms: 8_000, path: '/json-api/get_available_authentication_providers', count: 1, id: 'slow' }),
    });
    expect(added.status).toBe(201);
    const { page, errors } = await suite.open('/');
    // The four other vendors' rows while cPanel still has not answered.
    await expect.poll(() => page.locator('table.estate tbody tr').count(), { timeout: 15_000 }).toBeGreaterThan(5);
    const vendors = new Set(await page.locator('table.estate tbody tr td:nth-child(2)').allInnerTexts());
    expect(vendors.has('cPanel & WHM')).toBe(false);
    expect(vendors.size).toBe(4);
    expect(await page.locator('.notice').innerText()).toContain(`${slow.id} (TIMEOUT)`);
    expect(errors).toEqual([]);
    await page.close();
    for (const connection of connections) (connection.config as { readBudgetMs?: number }).readBudgetMs = 20_000;
  });

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

  it('follows a change made elsewhere without a reload (providerChanged)', async (context) => {
    if (suite.missing) context.skip(suite.missing);
    const { page, errors } = await suite.open('/');
    await page.getByRole('searchbox', { name: 'Search' }).fill('Contoso Workforce');
    const row = page.locator('table.estate tbody tr', { hasText: 'Contoso Workforce' });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    const id = (await row.locator('a').getAttribute('href'))!.split('/').pop()!;
    const renamed = await fetch(suite.live.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          'mutation($id: ID!) { updateAkamaiCustomProvider(input: { id: $id, title: "Contoso Workforce (renamed live)" }) { __typename } }',
        variables: { id: decodeURIComponent(id) },
      }),
    });
    expect((await renamed.json()).data.updateAkamaiCustomProvider.__typename).toBe('UpdateAkamaiCustomProviderPayload');
    await expect.poll(() => row.innerText(), { timeout: 10_000 }).toContain('Contoso Workforce (renamed live)');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('has no serious accessibility violation, and renders at 1280 and 390 px', async (context) => {
    if (suite.missing) context.skip(suite.missing);
    await suite.checkAtEveryWidth('/', 'estate', async (page) => {
      await expect.poll(() => page.locator('table.estate tbody tr').count(), { timeout: 20_000 }).toBeGreaterThan(5);
      await expect.poll(() => page.locator('.connection-strip [data-state="waiting"]').count(), { timeout: 20_000 }).toBe(0);
    });
  });

  it('follows prefers-color-scheme: dark, with no contrast violation', { timeout: 60_000 }, async (context) => {
    if (suite.missing) context.skip(suite.missing);
    const ready = {
      '/': 'table.estate tbody tr',
      '/activity': '#activity-title',
      '/connections': '.health-card',
      '/plans': '#plans-title',
    };
    for (const [path, selector] of Object.entries(ready)) {
      const { page, errors } = await suite.open(path, { colorScheme: 'dark' });
      await page.locator(selector).first().waitFor({ timeout: 15_000 });
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).toBe('rgb(13, 17, 23)');
      if (path === '/') await screenshot(page, 'estate-dark');
      expect(await seriousAxeViolations(page), path).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});
