// The console's estate page in Chromium, offline, against the sandbox: every provider of the five vendors in one
// table, searched and filtered by the gateway, the connections shown as their vendors answer, no console error,
// no serious accessibility violation, screenshots at both widths.
import { describe, expect, it } from 'vitest';
import { apiToken } from '../support/harness.js';
import { consoleOnLiveGateway, screenshot, seriousAxeViolations, WIDTHS } from './support.js';

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

describe('the console in dark mode', () => {
  const suite = consoleOnLiveGateway();

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

describe('the console on a gateway with API tokens', () => {
  const admin = apiToken('console-admin', 'admin');
  const suite = consoleOnLiveGateway({ tokens: [admin.config] });

  it('asks for a token once, keeps it in the tab, and is keyboard navigable from the skip link to a provider', async (context) => {
    if (suite.missing) context.skip(suite.missing);
    const { page, errors } = await suite.open('/');
    const token = page.getByLabel('API token');
    await token.waitFor({ timeout: 15_000 });
    // Asked before anything was sent: no 401 in the browser's console.
    expect(errors).toEqual([]);
    // A wrong token is refused with the gateway's own message, and the form stays.
    await token.fill('idpgw_wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').innerText(), { timeout: 10_000 }).toMatch(/token/i);
    await page.getByLabel('API token').fill(admin.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('table.estate tbody tr').count(), { timeout: 20_000 }).toBeGreaterThan(5);
    expect(await page.locator('.who').innerText()).toContain('console-admin');
    expect(await page.evaluate(() => sessionStorage.getItem('idp-gateway-console-token'))).toBe(admin.token);

    // The keyboard alone: the skip link comes first and moves focus to the content; the first row's link opens it.
    await page.reload();
    await page.locator('table.estate tbody tr').first().waitFor({ timeout: 20_000 });
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the content');
    const focusRing = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(focusRing).toBe('solid');
    await page.locator('table.estate tbody tr a').first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 10_000 }).toMatch(/^\/console\/providers\//);
    // The browser's errors: only the refused token's 401, which the console answered by asking again.
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('401');
    await page.close();
  });
});
