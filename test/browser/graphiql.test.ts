// GraphiQL in a real browser: a live gateway (the sandbox's five emulators, PGlite, a listening loopback
// server), headless Chromium opens GraphiQL, runs a query across all five vendors and the test reads the
// answer from the result pane. Every request that leaves for another host is refused and recorded: GraphiQL
// must work without internet (it is bundled, no CDN). A screenshot goes to test-output/graphiql.png.
// Without a browser the test skips and says what to install.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserOnLiveGateway } from './support.js';

const OUTPUT_DIR = fileURLToPath(new URL('../../test-output/', import.meta.url));
const SCREENSHOT = `${OUTPUT_DIR}graphiql.png`;

/** Each vendor's enum value and GraphQL type, as the README's table names them. */
const VENDORS = [
  { alias: 'cpanel', vendor: 'CPANEL', typename: 'CpanelIdentityProvider' },
  { alias: 'akamai', vendor: 'AKAMAI', typename: 'AkamaiCustomProvider' },
  { alias: 'twosms', vendor: 'TWOSMS', typename: 'TwoSmsIdentityProvider' },
  { alias: 'huawei', vendor: 'HUAWEI', typename: 'HuaweiIdentityProvider' },
  { alias: 'slashid', vendor: 'SLASHID', typename: 'SlashIdOidcCredential' },
] as const;

// Two providers per vendor: the whole answer fits the result pane, which renders only the lines in view.
const QUERY = `# Providers of all five vendors
{
${VENDORS.map(({ alias, vendor }) => `  ${alias}: identityProviders(vendor: ${vendor}, first: 2) { totalCount edges { node { __typename ... on ManagedIdentityProvider { displayName } } } }`).join('\n')}
}`;

type VendorAlias = (typeof VENDORS)[number]['alias'];

describe('GraphiQL in headless Chromium', () => {
  const suite = browserOnLiveGateway();

  it('loads without internet, runs a query across the five vendors and renders the answer', async (context) => {
    if (suite.missing) context.skip(suite.missing);
    const gatewayOrigin = new URL(suite.live.url).origin;
    // Refuse and record every request to another origin (fonts, CDNs, telemetry, ...): none may be tried.
    const foreign: string[] = [];
    await suite.chromium.context.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).origin === gatewayOrigin) return route.continue();
      foreign.push(url);
      return route.abort('internetdisconnected');
    });
    const page = await suite.chromium.context.newPage();
    const requested: string[] = [];
    const pageErrors: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    page.on('pageerror', (error) => pageErrors.push(error.message));

    // GraphiQL takes the editor's text from ?query=.
    await page.goto(`${suite.live.url}?query=${encodeURIComponent(QUERY)}`);
    const editor = page.locator('.graphiql-query-editor');
    await expect
      .poll(async () => (await editor.innerText()).replace(/\u00a0/g, ' '), { timeout: 15_000 })
      .toContain('slashid: identityProviders(vendor: SLASHID');

    // (GraphiQL sends the query with its whitespace stripped.)
    const answered = page.waitForResponse(
      (response) =>
        response.url() === suite.live.url &&
        response.request().method() === 'POST' &&
        (response.request().postData() ?? '').includes('slashid:identityProviders'),
    );
    await page.getByRole('button', { name: /Execute query/ }).click();
    expect((await answered).status()).toBe(200);

    const rendered = await renderedResult(page);
    for (const { alias, typename } of VENDORS) {
      const list = rendered.data[alias];
      expect(list.totalCount, alias).toBeGreaterThan(0);
      expect(list.edges.length, alias).toBeGreaterThan(0);
      for (const { node } of list.edges) {
        expect(node.__typename, alias).toBe(typename);
        expect(node.displayName, alias).toEqual(expect.any(String));
      }
    }
    expect(rendered.errors).toBeUndefined();

    mkdirSync(OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: SCREENSHOT });

    expect(foreign).toEqual([]);
    expect(requested.filter((url) => !url.startsWith(`${gatewayOrigin}/`) && !/^(blob|data):/.test(url))).toEqual([]);
    expect(pageErrors).toEqual([]);
    // The recorder does see a page's request to elsewhere (a documentation-only address; refused, never sent).
    await page.evaluate(() => fetch('http://192.0.2.1/font.woff2').catch(() => null));
    expect(foreign).toEqual(['http://192.0.2.1/font.woff2']);
  });
});

/** The result pane's text, once it holds the whole answer, parsed: what a person sees on the page. */
async function renderedResult(page: Page): Promise<{
  data: Record<VendorAlias, { totalCount: number; edges: Array<{ node: { __typename: string; displayName: string } }> }>;
  errors?: unknown;
}> {
  const pane = page.locator('.result-window');
  await expect.poll(() => pane.innerText(), { timeout: 15_000 }).toContain('"slashid"');
  // CodeMirror renders indentation as no-break spaces, which JSON does not take as whitespace.
  const text = (await pane.innerText()).replace(/\u00a0/g, ' ');
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`The result pane does not show the whole answer (taller viewport needed?):\n${text}`);
  }
}
