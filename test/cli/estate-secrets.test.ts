// The document's secret references found and resolved on the client: env from the environment, file relative
// to the document, unset ones not sent; a file that is not YAML is reported with its lines before anything is sent.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEstateDocument } from '../../src/cli/estate/document.js';
import { CliFailure } from '../../src/cli/estate/failure.js';
import { findSecretReferences, resolveSecretValues } from '../../src/cli/estate/secret-values.js';

const dir = mkdtempSync(join(tmpdir(), 'idpgw-estate-secrets-'));

describe('secret references', () => {
  it('are the mappings that are exactly { env } or { file }, with optional; each once, where first named', () => {
    const document = {
      version: 1,
      connections: {
        a: {
          providers: {
            p: { clientSecret: { env: 'P_SECRET' }, options: { privateKey: { file: 'keys/p.pem', optional: true } } },
            q: { clientSecret: { env: 'P_SECRET' }, label: { env: 'X', other: 1 }, note: { env: '' }, flag: { env: 'Y', optional: 'yes' } },
          },
        },
        b: { providers: [{ secrets: [{ file: '/abs/s.txt' }] }] },
      },
    };
    expect(findSecretReferences(document)).toEqual([
      { kind: 'env', target: 'P_SECRET', reference: 'env:P_SECRET', documentPath: 'connections.a.providers.p.clientSecret' },
      { kind: 'file', target: 'keys/p.pem', reference: 'file:keys/p.pem', documentPath: 'connections.a.providers.p.options.privateKey' },
      { kind: 'file', target: '/abs/s.txt', reference: 'file:/abs/s.txt', documentPath: 'connections.b.providers[0].secrets[0]' },
    ]);
  });

  it('resolve env from the environment and files relative to the document, leaving out what is not there', () => {
    mkdirSync(join(dir, 'keys'), { recursive: true });
    writeFileSync(join(dir, 'keys', 'p.pem'), '-----BEGIN KEY-----\nabc\n-----END KEY-----\n\n');
    const references = findSecretReferences({
      a: { env: 'SET' },
      b: { env: 'UNSET' },
      c: { file: 'keys/p.pem' },
      d: { file: 'keys/missing.txt' },
      e: { file: join(dir, 'keys', 'p.pem') },
    });
    expect(resolveSecretValues(references, dir, { SET: 'env-value' })).toEqual([
      { reference: 'env:SET', value: 'env-value' },
      { reference: 'file:keys/p.pem', value: '-----BEGIN KEY-----\nabc\n-----END KEY-----' },
      { reference: `file:${join(dir, 'keys', 'p.pem')}`, value: '-----BEGIN KEY-----\nabc\n-----END KEY-----' },
    ]);
  });

  it('refuse a secret file that exists but cannot be read, naming the field and never the value', () => {
    mkdirSync(join(dir, 'a-folder'), { recursive: true });
    const attempt = () => resolveSecretValues(findSecretReferences({ x: { y: { file: 'a-folder' } } }), dir, {});
    expect(attempt).toThrow(CliFailure);
    expect(attempt).toThrow(`x.y: cannot read the secret file ${join(dir, 'a-folder')} (EISDIR)`);
  });
});

describe('the document file', () => {
  it('is sent as written, with the values of its references', async () => {
    const path = join(dir, 'estate.yaml');
    const text = 'version: 1\nconnections:\n  c:\n    providers:\n      p:\n        clientSecret: { env: DOC_SECRET }\n';
    writeFileSync(path, text);
    expect(await readEstateDocument(path, { DOC_SECRET: 'doc-secret-value' })).toEqual({
      path,
      text,
      secrets: [{ reference: 'env:DOC_SECRET', value: 'doc-secret-value' }],
    });
  });

  it('in JSON is read the same way', async () => {
    const path = join(dir, 'estate.json');
    writeFileSync(path, JSON.stringify({ version: 1, connections: { c: { providers: { p: { clientSecret: { env: 'J' } } } } } }));
    expect((await readEstateDocument(path, { J: 'j-value' })).secrets).toEqual([{ reference: 'env:J', value: 'j-value' }]);
  });

  it('that is not YAML is refused with the place of each error', async () => {
    const path = join(dir, 'broken.yaml');
    writeFileSync(path, 'version: 1\nconnections:\n  c: [1, 2\n  d: x\n');
    const failure = await readEstateDocument(path, {}).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CliFailure);
    expect((failure as CliFailure).lines.length).toBeGreaterThan(0);
    for (const line of (failure as CliFailure).lines) expect(line).toMatch(/^broken\.yaml \(line \d+:\d+\): \S.*[^:]$/);
    expect((failure as CliFailure).lines[0]).toMatch(/^broken\.yaml \(line 4:3\): /);
  });

  it('that cannot be read is a failure naming it', async () => {
    const failure = await readEstateDocument(join(dir, 'nope.yaml'), {}).catch((error: unknown) => error);
    expect((failure as CliFailure).lines).toEqual([`cannot read the document ${join(dir, 'nope.yaml')} (ENOENT)`]);
  });
});
