import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configProblems } from '../support/config-problems.js';
import { describe, expect, it } from 'vitest';
import { configPathFrom, loadConfigFile, parseConfig, serverAddressFromEnv } from '../../src/config.js';

const whm = { id: 'whm-main', vendor: 'cpanel', baseUrl: 'https://whm.example.com:2087', username: 'root', apiToken: { env: 'WHM_TOKEN' } };

const problems = (raw: unknown, env: NodeJS.ProcessEnv = { WHM_TOKEN: 'x' }) => configProblems(raw, env);

describe('config', () => {
  it('parses the documented shape and resolves secrets from the environment', () => {
    const config = parseConfig({ connections: [whm] }, 'test', { WHM_TOKEN: 'tok-123' });
    expect(config.connections[0]).toMatchObject({ id: 'whm-main', vendor: 'cpanel', apiToken: 'tok-123', cacheTtlSeconds: 30 });
  });

  it('takes persistedOperations (a manifest file, the refuse switch) and names a bad key in it', () => {
    const persistedOperations = { manifest: 'persisted-documents.json', allowArbitraryOperations: false };
    expect(parseConfig({ connections: [whm], persistedOperations }, 'test', { WHM_TOKEN: 'x' }).persistedOperations).toEqual(
      persistedOperations,
    );
    expect(problems({ connections: [whm], persistedOperations: { manifest: '' } }).join('\n')).toMatch(/persistedOperations\.manifest/);
    expect(
      problems({ connections: [whm], persistedOperations: { manifest: 'm.json', allowArbitraryOperations: 'no' } }).join('\n'),
    ).toMatch(/persistedOperations\.allowArbitraryOperations/);
    expect(problems({ connections: [whm], persistedOperations: { manifest: 'm.json', registerQueries: true } }).join('\n')).toMatch(
      /persistedOperations/,
    );
  });

  it('names a missing environment variable', () => {
    expect(problems({ connections: [whm] }, {})).toEqual(['connections[0].apiToken: environment variable WHM_TOKEN is not set']);
  });

  it('refuses a secret written in the file', () => {
    expect(problems({ connections: [{ ...whm, apiToken: 'plain' }] })[0]).toMatch(
      /^connections\[0\]\.apiToken: must be \{ "env": "VARIABLE_NAME" \}/,
    );
  });

  it('names every bad key', () => {
    const found = problems({
      connections: [
        { ...whm, baseUrl: 'ftp://x', username: '', extra: 1 },
        { ...whm, vendor: 'okta' },
      ],
    });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^connections\[0\]\.baseUrl: /),
        expect.stringMatching(/^connections\[0\]\.username: /),
        expect.stringMatching(/^connections\[0\]: .*extra/),
        expect.stringMatching(/^connections\[1\]\.vendor: vendor must be one of cpanel/),
      ]),
    );
  });

  it('refuses duplicate connection ids and an empty list', () => {
    expect(problems({ connections: [whm, whm] })).toEqual(['connections[1].id: duplicate connection id "whm-main"']);
    expect(problems({ connections: [] })).toEqual(['connections: list at least one connection']);
  });

  it('reads a file named by --config or IDP_GATEWAY_CONFIG and reports bad JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'idpgw-config-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ connections: [whm] }));
    expect(loadConfigFile(good, { WHM_TOKEN: 't' }).connections).toHaveLength(1);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ nope');
    expect(() => loadConfigFile(bad)).toThrow(/not valid JSON/);
    expect(configPathFrom(['--config', good], {})).toBe(good);
    expect(configPathFrom([`--config=${good}`], {})).toBe(good);
    expect(configPathFrom([], { IDP_GATEWAY_CONFIG: good })).toBe(good);
    expect(configPathFrom([], {})).toBeUndefined();
  });

  it('takes PORT and HOST from the environment with safe defaults', () => {
    expect(serverAddressFromEnv({})).toEqual({ host: '127.0.0.1', port: 4000 });
    expect(serverAddressFromEnv({ PORT: '5001', HOST: '0.0.0.0' })).toEqual({ host: '0.0.0.0', port: 5001 });
    expect(() => serverAddressFromEnv({ PORT: 'abc' })).toThrow(/PORT/);
  });
});
