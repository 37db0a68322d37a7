// The console's health page in Chromium against the sandbox: the five connections with their circuits and a chart of
// their vendor calls of the last hour (the calls the page's own reads caused among them), a vendor that fails shown
// failing, the sandbox's expiring certificates on the time line (5 and 25 days), and for a viewer no health at all.
import { describe, expect, it } from 'vitest';
import { consoleOnLiveGateway } from './support.js';

describe('the console health page', () => {
  const suite = consoleOnLiveGateway();

  it('shows every connection with its circuit and its last hour of vendor calls, and the certificate expiries', {
    timeout: 60_000,
  }, async (context) => {
    if (suite.missing) context.skip(suite.missing);
    const connections = suite.live.gateway.services.connections.all();
    const akamai = connections.find((c) => c.vendor === 'akamai')!;
    const refresh = () =>
      fetch(suite.live.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ identityProviders(refresh: true) { totalCount } }' }),
      });
    // (No refresh floor: the second refresh calls the vendors again.)
    for (const connection of connections) (connection.config as { minRefreshIntervalSeconds?: number }).minRefreshIntervalSeconds = 0;
    // A first read of all five, then Akamai fails the next: every chart has calls, Akamai's failed ones.
    await refresh();
    const fault = await fetch(`${new URL(akamai.config.baseUrl).origin}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'status', status: 503, count: 20, id: 'down' }),
    });
    expect(fault.status).toBe(201);
    await refresh();
    const { page, errors } = await suite.open('/connections');
    const cards = page.locator('.health-card');
    await expect.poll(() => cards.count(), { timeout: 15_000 }).toBe(5);
    for (const connection of connections) {
      const card = page.locator(`.health-card[data-connection="${connection.id}"]`);
      expect(await card.innerText()).toContain('circuit CLOSED');
      const chart = await card.locator('svg.chart').getAttribute('aria-label');
      expect(chart).toMatch(/: [1-9]\d* vendor calls in the last hour/);
      if (connection.id === akamai.id) {
        expect(chart).toMatch(/[1-9]\d* failed/);
        expect(await card.innerText()).toContain('FAILING');
      } else expect(chart).toContain(' 0 failed');
    }
    const timeline = await page.locator('svg.timeline-chart').getAttribute('aria-label');
    expect(timeline).toMatch(/^\d+ certificates expire within 400 days; the first in 5 days/);
    const badges = await page.locator('.expiry-table tbody tr').allInnerTexts();
    expect(badges.some((row) => row.includes('5 days'))).toBe(true);
    expect(badges.some((row) => row.includes('25 days'))).toBe(true);
    expect(errors).toEqual([]);
    expect(suite.foreign).toEqual([]);
    await page.close();
  });

  it('has no serious accessibility violation, and renders at 1280 and 390 px', { timeout: 60_000 }, async (context) => {
    if (suite.missing) context.skip(suite.missing);
    await suite.checkAtEveryWidth('/connections', 'health', async (page) => {
      await expect.poll(() => page.locator('.health-card').count(), { timeout: 15_000 }).toBe(5);
      await page.locator('svg.timeline-chart').waitFor({ timeout: 15_000 });
    });
  });
});
