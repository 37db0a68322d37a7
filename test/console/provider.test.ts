import { describe, expect, it } from 'vitest';
import { consoleOnLiveGateway, openFromEstate } from './support.js';

const NAME = 'Contoso Workforce OIDC';

async function titleAtGateway(url: string, id: string): Promise<string> {
  const answer = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'query($id: ID!) { identityProvider(id: $id) { ... on AkamaiCustomProvider { title } } }',
      variables: { id },
    }),
  });
  return (await answer.json()).data.identityProvider.title;
}

describe('the console provider page', () => {
  const suite = consoleOnLiveGateway();

  it('edits with a dry run first, applies, shows the audit event live, and reverts it', { timeout: 90_000 }, async (context) => {
    if (suite.missing) context.skip(suite.missing);
    const { page, errors } = await suite.open('/');
    await openFromEstate(page, NAME);
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    expect(await page.locator('#provider-title').innerText()).toBe(NAME);
    // Not reloaded from here on: what arrives, arrives live.
    await page.evaluate(() => {
      (window as unknown as { stayed: boolean }).stayed = true;
    });

    await page.getByLabel('Title (display name)').fill(`${NAME} (console)`);
    await page.getByRole('button', { name: 'Preview (dry run)' }).click();
    const plan = page.locator('.plan');
    await expect.poll(() => plan.innerText(), { timeout: 15_000 }).toContain('Vendor requests');
    const planText = await plan.innerText();
    expect(planText).toContain(`${NAME} (console)`);
    expect(planText).toMatch(/(PUT|PATCH) \/\S+/);
    // The dry run sent nothing.
    expect(await titleAtGateway(suite.live.url, id)).toBe(NAME);

    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect.poll(() => page.locator('.notice-ok').innerText(), { timeout: 15_000 }).toContain('Applied');
    expect(await titleAtGateway(suite.live.url, id)).toBe(`${NAME} (console)`);
    const applied = page.locator('ol.timeline > li', { hasText: 'SUCCEEDED' }).first();
    await expect.poll(() => applied.innerText(), { timeout: 15_000 }).toContain(`${NAME} (console)`);
    // Held by its id: the revert's dry run is audited too, and arrives above it.
    const newest = page.locator(`ol.timeline > li[data-event="${await applied.getAttribute('data-event')}"]`);
    await expect.poll(() => page.locator('#provider-title').innerText(), { timeout: 10_000 }).toBe(`${NAME} (console)`);

    await newest.getByRole('button', { name: 'Revert this change...' }).click();
    await expect.poll(() => newest.locator('.plan').innerText(), { timeout: 15_000 }).toContain('Reverting would');
    expect(await titleAtGateway(suite.live.url, id)).toBe(`${NAME} (console)`);
    await newest.getByRole('button', { name: 'Apply the revert' }).click();
    await expect.poll(() => titleAtGateway(suite.live.url, id), { timeout: 15_000 }).toBe(NAME);
    await expect.poll(() => page.locator('#provider-title').innerText(), { timeout: 15_000 }).toBe(NAME);
    // The revert is in the timeline too, live: a second change that succeeded, the title going back.
    const succeeded = page.locator('ol.timeline > li', { hasText: 'SUCCEEDED' });
    await expect.poll(() => succeeded.count(), { timeout: 15_000 }).toBe(2);
    expect(await succeeded.first().innerText()).toMatch(/title: Contoso Workforce OIDC \(console\) →/);
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    expect(errors).toEqual([]);
    expect(suite.foreign).toEqual([]);
    await page.close();
  });

  it('shows a refused field beside itself, and nothing is sent', { timeout: 60_000 }, async (context) => {
    if (suite.missing) context.skip(suite.missing);
    const { page, errors } = await suite.open('/');
    await openFromEstate(page, NAME);
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    const before = suite.live.gateway.services.connections.all().length;
    await page.getByLabel('Title (display name)').fill('x'.repeat(2_000));
    await page.getByRole('button', { name: 'Preview (dry run)' }).click();
    const fieldError = page.locator('.edit-field .field-error');
    await expect.poll(() => fieldError.count(), { timeout: 15_000 }).toBe(1);
    expect(await fieldError.innerText()).toMatch(/\d/);
    // The error belongs to the title's input (aria-describedby), and Apply stays off.
    expect(await page.getByLabel('Title (display name)').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('button', { name: 'Apply', exact: true }).isDisabled()).toBe(true);
    expect(await titleAtGateway(suite.live.url, id)).toBe(NAME);
    expect(suite.live.gateway.services.connections.all().length).toBe(before);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('has no serious accessibility violation, and renders at 1280 and 390 px', { timeout: 90_000 }, async (context) => {
    if (suite.missing) context.skip(suite.missing);
    await suite.checkAtEveryWidth('/', 'provider', async (page) => {
      await openFromEstate(page, 'Northwind SAML');
      await page.getByRole('heading', { name: 'History' }).waitFor();
      await page.getByRole('button', { name: 'Check for drift now' }).click();
      await expect.poll(() => page.locator('#drift-title ~ div').count(), { timeout: 15_000 }).toBe(1);
    });
  });
});
