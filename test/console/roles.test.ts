// The console as roles see it, on a gateway with API tokens (one admin, one viewer): the sign-in (a token asked for
// before anything is sent, kept in the tab), the keyboard path to a provider, and what a viewer is not offered (no
// edit or revert on a provider, no apply of a plan, no connection health), while an admin is.
import { describe, expect, it } from 'vitest';
import { apiToken } from '../support/harness.js';
import { consoleOnLiveGateway, openFromEstate } from './support.js';

const NAME = 'Contoso Workforce OIDC';

describe('the console on a gateway with API tokens', () => {
  const admin = apiToken('console-admin', 'admin');
  const viewer = apiToken('console-viewer', 'viewer');
  const suite = consoleOnLiveGateway({ tokens: [admin.config, viewer.config] });

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

  it('offers a viewer no edit or revert, and an admin both', { timeout: 90_000 }, async (context) => {
    if (suite.missing) context.skip(suite.missing);
    for (const [who, token] of [
      ['viewer', viewer.token],
      ['admin', admin.token],
    ] as const) {
      const { page, errors } = await suite.open('/', { token });
      await openFromEstate(page, NAME);
      await page.getByRole('heading', { name: 'History' }).waitFor();
      const edit = await page.getByRole('heading', { name: 'Edit' }).count();
      const buttons = await page.getByRole('button', { name: /Preview|Apply|Revert/ }).count();
      if (who === 'viewer') {
        expect(edit).toBe(0);
        expect(buttons).toBe(0);
      } else {
        expect(edit).toBe(1);
        expect(buttons).toBeGreaterThan(0);
      }
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it('offers a viewer no apply', { timeout: 60_000 }, async (context) => {
    if (suite.missing) context.skip(suite.missing);
    const { page } = await suite.open('/plans', { token: viewer.token });
    await page.getByRole('button', { name: 'Start from the current estate' }).click();
    const editor = page.getByLabel('Estate document (YAML or JSON)');
    await expect.poll(() => editor.inputValue(), { timeout: 30_000 }).toContain(NAME);
    await editor.fill((await editor.inputValue()).replace(NAME, `${NAME} (viewer)`));
    await page.getByRole('button', { name: 'Plan', exact: true }).click();
    // A viewer may see what a document would change, or be refused the plan; never an apply.
    await expect
      .poll(async () => (await page.locator('#plan-title').count()) + (await page.getByRole('alert').count()), { timeout: 30_000 })
      .toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: /Apply/ }).count()).toBe(0);
    await page.close();
  });

  it('tells a viewer that connection health is for admins, and still shows the certificates', { timeout: 60_000 }, async (context) => {
    if (suite.missing) context.skip(suite.missing);
    const { page, errors } = await suite.open('/connections', { token: viewer.token });
    await expect.poll(() => page.locator('.notice').innerText(), { timeout: 15_000 }).toContain('admins only');
    expect(await page.locator('.health-card').count()).toBe(0);
    await page.locator('svg.timeline-chart').waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
    await page.close();
  });
});
