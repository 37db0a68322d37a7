// The console's activity page in Chromium against the sandbox: the audit feed newest first, a change made elsewhere
// arriving live at the top, filters that narrow the feed (and what arrives live), and a link from an event to its
// provider.
import { describe, expect, it } from 'vitest';
import { consoleOnLiveGateway } from './support.js';

describe('the console activity page', () => {
  const suite = consoleOnLiveGateway();

  async function renameAkamai(title: string, dryRun = false): Promise<void> {
    const post = (query: string, variables: Record<string, unknown>) =>
      fetch(suite.live.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      }).then((answer) => answer.json());
    const found = await post(
      '{ identityProviders(vendor: AKAMAI, search: "Contoso Workforce") { edges { node { ... on AkamaiCustomProvider { id } } } } }',
      {},
    );
    const id = found.data.identityProviders.edges[0].node.id;
    const renamed = await post(
      'mutation($id: ID!, $title: String!, $dryRun: Boolean) { updateAkamaiCustomProvider(input: { id: $id, title: $title, dryRun: $dryRun }) { __typename } }',
      {
        id,
        title,
        dryRun,
      },
    );
    expect(renamed.data.updateAkamaiCustomProvider.__typename).toBe('UpdateAkamaiCustomProviderPayload');
  }

  it('shows the feed newest first, a change made elsewhere live at the top, and filters it', { timeout: 60_000 }, async (context) => {
    if (suite.missing) context.skip(suite.missing);
    await renameAkamai('Contoso Workforce (first)');
    const { page, errors } = await suite.open('/activity');
    const events = page.locator('ol.activity > li');
    await expect.poll(() => events.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    await page.evaluate(() => {
      (window as unknown as { stayed: boolean }).stayed = true;
    });
    await renameAkamai('Contoso Workforce (live)');
    await expect.poll(() => events.first().innerText(), { timeout: 15_000 }).toContain('new');
    expect(await events.first().innerText()).toContain('SUCCEEDED');
    await events.first().locator('summary').click();
    expect(await events.first().innerText()).toContain('Contoso Workforce (live)');

    // A filter narrows the feed and what arrives: a dry run is not SUCCEEDED.
    await page.getByLabel('Status').selectOption('DRY_RUN');
    await expect.poll(() => events.count(), { timeout: 15_000 }).toBe(0);
    await renameAkamai('Contoso Workforce (dry)', true);
    await expect.poll(() => events.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    for (const text of await events.allInnerTexts()) expect(text).toContain('DRY_RUN');
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);

    // From an event to its provider.
    await events.first().locator('a').click();
    await expect.poll(() => page.locator('#provider-title').innerText(), { timeout: 15_000 }).toBe('Contoso Workforce (live)');
    expect(errors).toEqual([]);
    expect(suite.foreign).toEqual([]);
    await page.close();
  });

  it('has no serious accessibility violation, and renders at 1280 and 390 px', { timeout: 60_000 }, async (context) => {
    if (suite.missing) context.skip(suite.missing);
    await suite.checkAtEveryWidth('/activity', 'activity', async (page) => {
      await expect.poll(() => page.locator('ol.activity > li').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    });
  });
});
