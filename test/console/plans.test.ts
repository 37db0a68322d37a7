// The console's plans page in Chromium against the sandbox: the current estate as the starting document, one value
// changed in it, its plan showing exactly that update, applied after a confirmation and found at the vendor; a broken
// document naming its problem; a viewer who is offered no apply.
import { describe, expect, it } from 'vitest';
import { consoleOnLiveGateway } from './support.js';

const NAME = 'Contoso Workforce OIDC';

async function titleAtGateway(url: string): Promise<string> {
  const answer = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query:
        '{ identityProviders(vendor: AKAMAI, search: "Contoso Workforce") { edges { node { ... on AkamaiCustomProvider { title } } } } }',
    }),
  });
  return (await answer.json()).data.identityProviders.edges[0].node.title;
}

describe('the console plans page', () => {
  const suite = consoleOnLiveGateway();

  it('plans one changed value of the current estate, applies it after a confirmation, and the vendor has it', {
    timeout: 90_000,
  }, async (context) => {
    if (suite.missing) context.skip(suite.missing);
    const { page, errors } = await suite.open('/plans');
    await page.getByRole('button', { name: 'Start from the current estate' }).click();
    const editor = page.getByLabel('Estate document (YAML or JSON)');
    await expect.poll(() => editor.inputValue(), { timeout: 30_000 }).toContain(NAME);
    const exported = await editor.inputValue();
    expect(exported.split(NAME).length).toBe(2);
    await editor.fill(exported.replace(NAME, `${NAME} (planned)`));
    await page.getByRole('button', { name: 'Plan', exact: true }).click();
    const items = page.locator('ul.plan-items > li');
    await expect.poll(() => items.count(), { timeout: 30_000 }).toBe(1);
    expect(await items.first().getAttribute('data-action')).toBe('UPDATE');
    expect(await items.first().innerText()).toContain(`${NAME} (planned)`);
    expect(await page.locator('.plan-summary').innerText()).toContain('1 to update');
    expect(await titleAtGateway(suite.live.url)).toBe(NAME);

    await page.getByRole('button', { name: 'Apply...' }).click();
    await page.getByRole('button', { name: 'Yes, apply' }).click();
    await expect.poll(() => page.locator('#report-title').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.locator('#report-title').innerText()).toBe('The plan was applied');
    expect(await page.locator('[data-status="APPLIED"]').count()).toBe(1);
    expect(await titleAtGateway(suite.live.url)).toBe(`${NAME} (planned)`);
    expect(errors).toEqual([]);
    expect(suite.foreign).toEqual([]);
    await page.close();
  });

  it('names the problem of a broken document', { timeout: 60_000 }, async (context) => {
    if (suite.missing) context.skip(suite.missing);
    const { page, errors } = await suite.open('/plans');
    await page.getByLabel('Estate document (YAML or JSON)').fill('connections:\n  - id: [unclosed\n');
    await page.getByRole('button', { name: 'Plan', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await page.getByRole('alert').first().innerText()).toMatch(/line \d+/);
    expect(await page.locator('#plan-title').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('has no serious accessibility violation, and renders at 1280 and 390 px', { timeout: 60_000 }, async (context) => {
    if (suite.missing) context.skip(suite.missing);
    await suite.checkAtEveryWidth('/plans', 'plans', async (page) => {
      await page.getByRole('button', { name: 'Start from the current estate' }).click();
      await expect.poll(() => page.getByLabel('Estate document (YAML or JSON)').inputValue(), { timeout: 30_000 }).toContain('connections');
      await page.getByRole('button', { name: 'Plan', exact: true }).click();
      await page.locator('#plan-title').waitFor({ timeout: 30_000 });
    });
  });
});
