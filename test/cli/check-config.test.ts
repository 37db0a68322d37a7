// check-config on real files: a good one (exit 0, one-line summary), and files with problems (exit 1, every
// problem named with its key, no secret value printed).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { apiToken } from '../support/harness.js';
import { runCli } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'idpgw-check-config-'));
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
};

// Secret values that must never appear in the output: in the environment, written in the file by mistake.
const ENV = { IDPGW_TEST_WHM_TOKEN: 'whm-secret-value-31', IDPGW_TEST_SLASH_KEY: 'slash-secret-value-77' };
const INLINE_SECRET = 'plain-secret-in-file-42';
const PASTED_TOKEN = 'idpgw_pastedTheTokenInsteadOfItsHash0123456789';

const whm = {
  id: 'whm-main',
  vendor: 'cpanel',
  baseUrl: 'https://whm.example.com:2087',
  username: 'root',
  apiToken: { env: 'IDPGW_TEST_WHM_TOKEN' },
};
const slash = {
  id: 'slash',
  vendor: 'slashid',
  baseUrl: 'https://api.slashid.com',
  orgId: 'org-1',
  apiKey: { env: 'IDPGW_TEST_SLASH_KEY' },
};

function expectNoSecret(output: string): void {
  for (const secret of [...Object.values(ENV), INLINE_SECRET, PASTED_TOKEN]) expect(output).not.toContain(secret);
}

describe('idp-gateway check-config', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts a valid file: exit 0 and a summary of connections per vendor and tokens per role', async () => {
    const good = file('good.json', {
      connections: [whm, slash],
      tokens: [apiToken('deploy-bot', 'operator').config, apiToken('security', 'admin', ['whm-main']).config],
    });
    const result = await runCli(['check-config', good], ENV);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(`${good}: valid; 2 connections (1 cpanel, 1 slashid), 2 tokens (1 admin, 1 operator, 0 viewer)\n`);
    expectNoSecret(result.stdout);
  });

  it('reports every problem of a file at once, each with its key, without printing a secret', async () => {
    const bad = file('bad.json', {
      connections: [
        { ...whm, apiToken: { env: 'IDPGW_TEST_UNSET' } },
        { ...whm, id: 'Bad Id', baseUrl: 'http://whm.example.com:2087', apiToken: INLINE_SECRET },
        { id: 'okta', vendor: 'okta', baseUrl: 'https://okta.example.com' },
        { ...slash, id: 'whm-main' },
        { id: 'hw', vendor: 'huawei', baseUrl: 'https://iam.myhuaweicloud.com' },
      ],
      tokens: [
        { name: 'deploy', sha256: PASTED_TOKEN, role: 'root' },
        { ...apiToken('deploy', 'viewer').config, connections: ['nope'] },
      ],
      listen: 4000,
    });
    const result = await runCli(['check-config', bad], ENV);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const problems = [
      'connections[0].apiToken: environment variable IDPGW_TEST_UNSET is not set',
      'connections[1].id: must be 1-63 characters',
      'connections[1].baseUrl: must be an https:// URL: plain http:// is allowed only on a loopback host',
      'connections[1].apiToken: must be { "env": "VARIABLE_NAME" }',
      'connections[2].vendor: vendor must be one of cpanel, akamai, twosms, huawei, slashid',
      'connections[3].id: duplicate connection id "whm-main"',
      'connections[4]: ',
      'tokens[0].sha256: must be the 64 hex digits',
      'tokens[0].role: must be one of viewer, operator, admin',
      'tokens[1].name: duplicate token name "deploy"',
      'tokens[1].connections[0]: no connection "nope" is configured',
      '(root): Unrecognized key: "listen"',
    ];
    expect(result.stderr).toMatch(new RegExp(`^${bad.replaceAll('.', '\\.')}: ${problems.length} problems\n`));
    for (const problem of problems) expect(result.stderr).toContain(`\n  - ${problem}`);
    expect(result.stderr.match(/\n {2}- /g)).toHaveLength(problems.length);
    expectNoSecret(result.stderr);
  });

  it('reports every problem of every connection in one run: a Huawei one with an unset variable included', async () => {
    const several = file('several.json', {
      connections: [
        // An unset variable, and a password login that lacks its user name: both, not the first only.
        {
          id: 'hw-password',
          vendor: 'huawei',
          baseUrl: 'https://iam.myhuaweicloud.com',
          domainName: 'acme',
          password: { env: 'IDPGW_TEST_HW_UNSET' },
        },
        // Both login modes given, one of them with an unset variable.
        {
          id: 'hw-both',
          vendor: 'huawei',
          baseUrl: 'https://iam.myhuaweicloud.com',
          authToken: { env: 'IDPGW_TEST_HW_TOKEN_UNSET' },
          domainName: 'acme',
          userName: 'ops',
          password: { env: 'IDPGW_TEST_SLASH_KEY' },
        },
        // Another vendor's bad URL, and a number that is not whole.
        { ...whm, id: 'whm-plain', baseUrl: 'http://whm.example.com:2087', maxAttempts: 2.5 },
        // An unknown vendor: its common keys are checked all the same.
        { id: 'Okta Main', vendor: 'okta', baseUrl: 'ftp://okta.example.com' },
        { ...slash, minRefreshIntervalSeconds: -1 },
      ],
      tokens: [{ name: 'deploy', sha256: PASTED_TOKEN, role: 'operator', connections: ['hw-gone'] }],
    });
    const result = await runCli(['check-config', several], ENV);
    expect(result.code).toBe(1);
    const problems = [
      'connections[0].password: environment variable IDPGW_TEST_HW_UNSET is not set',
      'connections[0]: needs authToken, or all of domainName, userName and password (missing: userName)',
      'connections[1].authToken: environment variable IDPGW_TEST_HW_TOKEN_UNSET is not set',
      'connections[1]: give either authToken, or domainName + userName + password, not both',
      'connections[2].baseUrl: must be an https:// URL: plain http:// is allowed only on a loopback host',
      'connections[2].maxAttempts: must be a whole number',
      'connections[3].vendor: vendor must be one of cpanel, akamai, twosms, huawei, slashid',
      'connections[3].id: must be 1-63 characters',
      'connections[3].baseUrl: must be an https:// URL',
      'connections[4].minRefreshIntervalSeconds: Too small',
      'tokens[0].sha256: must be the 64 hex digits',
      'tokens[0].connections[0]: no connection "hw-gone" is configured',
    ];
    expect(result.stderr).toMatch(new RegExp(`^${several.replaceAll('.', '\\.')}: ${problems.length} problems\n`));
    for (const problem of problems) expect(result.stderr).toContain(`\n  - ${problem}`);
    expect(result.stderr.match(/\n {2}- /g)).toHaveLength(problems.length);
    expectNoSecret(result.stderr);
  });

  it('accepts minRefreshIntervalSeconds (a whole number >= 0, default 5) like cacheTtlSeconds', async () => {
    const good = file('refresh.json', {
      connections: [
        { ...whm, minRefreshIntervalSeconds: 0 },
        { ...slash, cacheTtlSeconds: 60, minRefreshIntervalSeconds: 30 },
      ],
      tokens: [apiToken('bot', 'viewer').config],
    });
    expect(await runCli(['check-config', good], ENV)).toMatchObject({ code: 0, stderr: '' });
    const { parseConfig } = await import('../../src/config.js');
    const config = parseConfig({ connections: [whm, { ...slash, minRefreshIntervalSeconds: 12 }] }, 'test', ENV);
    expect(config.connections.map((conn) => conn.minRefreshIntervalSeconds)).toEqual([5, 12]);
    expect(config.connections.map((conn) => conn.cacheTtlSeconds)).toEqual([30, 30]);
  });

  it('reports a missing token list together with the other problems, and unreadable or non-JSON files', async () => {
    const [empty, notJson, missing] = await Promise.all([
      runCli(['check-config', file('empty.json', { connections: [] })]),
      runCli(['check-config', file('broken.json', '{ "connections": [ ')]),
      runCli(['check-config', join(dir, 'nowhere.json')]),
    ]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('\n  - connections: list at least one connection');
    expect(empty.stderr).toContain('\n  - tokens: list at least one API token');
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toContain('1 problem\n  - not valid JSON');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('1 problem\n  - cannot read the file');
  });
});
