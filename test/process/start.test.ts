// `npm start` with no config: the sandbox comes up on a fresh data folder, serves GraphiQL without any CDN,
// answers the README's first query, refuses a second process on the same folder, and stops cleanly.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnGateway } from '../support/process.js';

function startGateway(dataDir: string) {
  const gateway = spawnGateway([], { IDP_GATEWAY_DATA_DIR: dataDir });
  return { child: gateway.child, output: gateway.output, ready: gateway.url, exited: gateway.exited };
}

describe('npm start (sandbox)', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'idpgw-start-')), '.data');
  let gateway: ReturnType<typeof startGateway>;
  let url: string;

  beforeAll(async () => {
    gateway = startGateway(dataDir);
    url = await gateway.ready;
  }, 60_000);
  afterAll(() => {
    if (gateway.child.exitCode === null) gateway.child.kill('SIGKILL');
  });

  it('prints the GraphiQL URL and serves GraphiQL with no CDN', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    const html = await (await fetch(url, { headers: { accept: 'text/html' } })).text();
    expect(html).toContain('<div id="root">');
    expect(html).not.toMatch(/<script[^>]+src="https?:/);
    expect(html).not.toMatch(/<link[^>]+href="https?:/);
    expect(html).not.toContain('unpkg.com');
  });

  it('says in the banner and in GraphiQL that every request is an anonymous admin, on loopback only', async () => {
    expect(gateway.output()).toMatch(/Access:\s+anonymous admin, no token needed \(sandbox: allowed only on loopback, 127\.0\.0\.1\)/);
    const html = await (await fetch(url, { headers: { accept: 'text/html' } })).text();
    expect(html).toContain('every request');
    expect(html).toContain('is an anonymous admin, which the gateway allows only while bound to loopback');
  });

  it("answers the README's first query with the sandbox providers", async () => {
    const query =
      '{ identityProviders(first: 10) { edges { node { __typename ... on ManagedIdentityProvider { key displayName enabled } } } } }';
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    const body = (await res.json()) as any;
    expect(body.errors).toBeUndefined();
    const nodes = body.data.identityProviders.edges.map((e: any) => e.node);
    const keys = nodes.filter((n: any) => n.__typename === 'CpanelIdentityProvider').map((n: any) => n.key);
    expect(keys.sort()).toEqual(['cpanelid', 'facebook', 'google', 'slack']);
  });

  it('lists providers of all five vendors in one query', async () => {
    const query =
      '{ identityProviders(first: 100) { totalCount connectionErrors { connectionId message } edges { node { __typename ... on ManagedIdentityProvider { vendor } } } } }';
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    const body = (await res.json()) as any;
    expect(body.errors).toBeUndefined();
    expect(body.data.identityProviders.connectionErrors).toEqual([]);
    const vendors = new Set(body.data.identityProviders.edges.map((e: any) => e.node.vendor));
    expect([...vendors].sort()).toEqual(['AKAMAI', 'CPANEL', 'HUAWEI', 'SLASHID', 'TWOSMS']);
  });

  it('refuses a second gateway on the same data folder with a clear message', async () => {
    const second = startGateway(dataDir);
    const code = await second.exited;
    expect(code).toBe(1);
    expect(second.output()).toMatch(/in use by another gateway process/);
  });

  it('stops cleanly on SIGTERM and releases the folder', async () => {
    const exited = gateway.exited;
    gateway.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(join(dataDir, 'gateway.pid'))).toBe(false);
  });
});
