// The console as the build makes it (scripts/build-console.mjs, run here into a temporary folder so the source as
// it is now is checked): its documents are valid against the schema and shipped by id only (no document text in the
// bundle, every id the sha256 of its document), the bundle stays small, and the schema types the console is checked
// with (schema/graphql-env.d.ts) are what gql.tada generates from schema/schema.graphql now.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompressSync } from 'node:zlib';
import { parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/graphql/schema.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
/** Issue 18: the console's JavaScript, compressed. */
const BUDGET_BYTES = 300 * 1024;

describe('the console build', () => {
  const folder = mkdtempSync(join(tmpdir(), 'idpgw-console-build-'));
  let manifest: { script: string; stylesheet: string | null; documents: Record<string, string> };
  let script: string;
  beforeAll(async () => {
    await run(process.execPath, [join(ROOT, 'scripts', 'build-console.mjs'), folder], { cwd: ROOT });
    manifest = JSON.parse(readFileSync(join(folder, 'console', 'console.json'), 'utf8'));
    script = readFileSync(join(folder, 'console', 'assets', manifest.script), 'utf8');
  }, 60_000);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('names content-hashed files', () => {
    expect(manifest.script).toMatch(/^main-[A-Z0-9]{8}\.js$/);
    expect(manifest.stylesheet).toMatch(/^main-[A-Z0-9]{8}\.css$/);
  });

  it('persists documents that are valid against the schema, each under the sha256 of its text', () => {
    const entries = Object.entries(manifest.documents);
    expect(entries.length).toBeGreaterThanOrEqual(4);
    for (const [id, text] of entries) {
      expect(id).toBe(`sha256:${createHash('sha256').update(text).digest('hex')}`);
      expect(validate(schema, parse(text)).map((error) => error.message)).toEqual([]);
    }
  });

  it('ships ids, not documents: every id in the bundle is persisted, and no operation text is in it', () => {
    const ids = [...script.matchAll(/sha256:[0-9a-f]{64}/g)].map((match) => match[0]);
    expect(new Set(ids)).toEqual(new Set(Object.keys(manifest.documents)));
    for (const text of Object.values(manifest.documents)) {
      const name = /^(?:query|mutation|subscription) (\w+)/.exec(text)?.[1];
      expect(name).toBeTruthy();
      expect(script).not.toContain(`${text.split(' ')[0]} ${name}`);
    }
    // Nor gql.tada's runtime parser (the documents are resolved at build time).
    expect(script).not.toContain('initGraphQLTada');
  });

  it(`keeps its JavaScript under ${BUDGET_BYTES / 1024} KB compressed`, () => {
    expect(brotliCompressSync(script).byteLength).toBeLessThan(BUDGET_BYTES);
  });

  it("is checked against the schema's current types (schema/graphql-env.d.ts is what gql.tada generates now)", async () => {
    const generated = join(folder, 'graphql-env.d.ts');
    await run(
      join(ROOT, 'node_modules', '.bin', 'gql.tada'),
      ['generate', 'output', '--tsconfig', 'console/tsconfig.json', '-o', generated],
      {
        cwd: ROOT,
      },
    );
    expect(readFileSync(generated, 'utf8')).toBe(readFileSync(join(ROOT, 'schema', 'graphql-env.d.ts'), 'utf8'));
  }, 60_000);
});
