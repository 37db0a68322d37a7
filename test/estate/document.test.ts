// An estate document is checked as a whole before anything is read or written: every problem at once, each
// with its path and line:column; secrets only as references whose values the client supplies.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Connection } from '../../src/core/connections.js';
import { readEstateDocument } from '../../src/core/estate/document.js';
import type { VendorEstate } from '../../src/core/vendor-contract/estate.js';

/** A small vendor mapping: enough fields to exercise enums, URLs, secrets (nested too) and required create fields. */
const estate: VendorEstate = {
  entry: z.object({
    title: z.string().min(1, 'title must not be empty').optional(),
    loginUrl: z
      .string()
      .refine((url) => url.startsWith('https://'), 'must be an https:// URL')
      .optional(),
    protocol: z
      .enum(['openidconnect', 'oauth2'])
      .meta({ title: 'Proto', valueNames: { openidconnect: 'OPENID_CONNECT' } })
      .optional(),
    clientSecret: z.string().optional(),
    options: z.object({ tenant: z.string().optional(), privateKey: z.string().optional() }).optional(),
  }),
  secretFields: { clientSecret: 'clientSecret', 'options.privateKey': 'privateKey' },
  createKey: 'document',
  exportEntry: () => ({}),
  canonical: (entry) => entry,
  operations: () => [],
};

const connections = {
  find: (id: string) => (['alpha', 'beta', 'hidden'].includes(id) ? ({ id, vendor: 'fake' } as unknown as Connection) : undefined),
};

function read(text: string, secrets: Record<string, string> = {}, visible: string[] | null = null) {
  return readEstateDocument(text, {
    connections,
    visibleConnections: visible ? new Set(visible) : null,
    estates: new Map([['fake', estate]]),
    secrets: new Map(Object.entries(secrets)),
  });
}

describe('reading an estate document', () => {
  it('reads YAML: enum names as in GraphQL become wire values, secrets come from the supplied values', () => {
    const reading = read(
      [
        'version: 1',
        'connections:',
        '  alpha:',
        '    providers:',
        '      acme:',
        '        title: Acme',
        '        protocol: OPENID_CONNECT',
        '        clientSecret: { env: ACME_SECRET }',
        '        options: { tenant: t1, privateKey: { file: ./key.pem, optional: true } }',
      ].join('\n'),
      { 'env:ACME_SECRET': 'acme-secret-value' },
    );
    expect(reading.ok).toBe(true);
    if (!reading.ok) return;
    const [entry] = reading.document.sections[0]!.entries;
    expect(entry).toMatchObject({
      key: 'acme',
      fields: { title: 'Acme', protocol: 'openidconnect', clientSecret: 'acme-secret-value', options: { tenant: 't1' } },
      secretReferences: { clientSecret: 'env:ACME_SECRET' },
    });
    // An optional reference without a value is left out: the current secret is kept.
    expect(entry!.fields.options).toEqual({ tenant: 't1' });
    expect([...reading.document.secretValues]).toEqual([['env:ACME_SECRET', 'acme-secret-value']]);
  });

  it('reports every problem at once, each with its path and line:column', () => {
    const reading = read(
      [
        'version: 1',
        'connections:',
        '  alpha:',
        '    providers:',
        '      acme:',
        '        loginUrl: http://acme.example/login',
        '        protocol: SAML',
        '  beta:',
        '    providers:',
        '      other:',
        '        clientSecret: plain-text-secret',
        '  nowhere:',
        '    providers: {}',
      ].join('\n'),
    );
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    expect(reading.problems).toEqual([
      expect.objectContaining({
        path: 'connections.alpha.providers.acme.loginUrl',
        line: 6,
        column: 9,
        message: 'must be an https:// URL',
      }),
      expect.objectContaining({ path: 'connections.alpha.providers.acme.protocol', line: 7, column: 9 }),
      expect.objectContaining({
        path: 'connections.beta.providers.other.clientSecret',
        line: 11,
        column: 9,
        message: expect.stringMatching(/^a secret is never written in the document/),
      }),
      expect.objectContaining({ path: 'connections.nowhere', line: 12, column: 3, message: 'no connection "nowhere" is configured' }),
    ]);
    // A problem never quotes a secret the document wrongly holds.
    expect(JSON.stringify(reading.problems)).not.toContain('plain-text-secret');
  });

  it('answers a connection the caller cannot see exactly as one that is not configured', () => {
    const text = 'version: 1\nconnections:\n  hidden:\n    providers: {}\n  nowhere:\n    providers: {}\n';
    const reading = read(text, {}, ['alpha']);
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    expect(reading.problems.map((p) => p.message)).toEqual([
      'no connection "hidden" is configured',
      'no connection "nowhere" is configured',
    ]);
  });

  it('needs a value for a required secret reference, and takes no other shape of reference', () => {
    const text = [
      'version: 1',
      'connections:',
      '  alpha:',
      '    providers:',
      '      a: { clientSecret: { env: MISSING } }',
      '      b: { clientSecret: { env: "bad name" } }',
      '      c: { clientSecret: { env: X, file: y } }',
    ].join('\n');
    const reading = read(text);
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    expect(reading.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'connections.alpha.providers.a.clientSecret: no value was supplied for env:MISSING (set it, or write optional: true to keep the current secret)',
      'connections.alpha.providers.b.clientSecret: env must name an environment variable (letters, digits and _)',
      'connections.alpha.providers.c.clientSecret: a secret reference names exactly one of env or file',
    ]);
  });

  it('reads JSON too, and names syntax errors and duplicate keys with their line', () => {
    const json = read('{"version": 1, "connections": {"alpha": {"providers": {"acme": {"title": ""}}}}}');
    expect(json.ok).toBe(false);
    if (!json.ok)
      expect(json.problems).toEqual([
        expect.objectContaining({ path: 'connections.alpha.providers.acme.title', line: 1, message: 'title must not be empty' }),
      ]);
    const duplicate = read('version: 1\nconnections:\n  alpha:\n    providers:\n      acme: {}\n      acme: {}\n');
    expect(duplicate.ok).toBe(false);
    if (!duplicate.ok) expect(duplicate.problems[0]).toMatchObject({ line: 6, message: expect.stringMatching(/unique/i) });
    const broken = read('version: 1\nconnections: {alpha: [\n');
    expect(broken.ok).toBe(false);
  });

  it('refuses what is not a document: unknown keys, another version, a keyless provider where the document names keys', () => {
    const reading = read('version: 2\nextra: true\nconnections:\n  alpha:\n    prune: maybe\n    providers:\n      - title: No key\n');
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    expect(reading.problems.map((p) => `${p.path} ${p.line}: ${p.message}`)).toEqual([
      'extra 2: unknown key: a document has version and connections',
      'version 1: version must be 1',
      'connections.alpha.prune 5: prune must be true or false',
      expect.stringMatching(/^connections\.alpha\.providers\[0\] 7: key is required/),
    ]);
  });

  it('takes a NUL byte or a huge value only to name the problem', () => {
    const reading = read(`version: 1\nconnections:\n  alpha:\n    providers:\n      "a\\0b": { title: x }\n`);
    expect(reading.ok).toBe(false);
    if (!reading.ok) expect(reading.problems[0]!.message).toMatch(/key must be a string/);
  });
  it('refuses a document that expands aliases without end (billion laughs), quickly', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    const started = performance.now();
    const reading = read(`${levels.join('\n')}\nversion: 1\nconnections: {}\n`);
    expect(reading.ok).toBe(false);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
