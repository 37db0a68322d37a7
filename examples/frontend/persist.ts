// Writes the ids of the persisted documents and their manifest: `node --import tsx examples/frontend/persist.ts`
// after a document changed. Why a script: `gql.tada generate persisted` writes the manifest from the ids found in
// the code, but only an editor with the gql.tada plugin writes the ids; this computes them the same way (sha256
// of the printed document with its fragments), puts them into documents.ts, then runs `generate persisted`.
// `--check` changes nothing and exits 1 when an id or the manifest is out of date (test/examples/frontend.test.ts).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DocumentNode, print } from 'graphql';

const here = dirname(fileURLToPath(import.meta.url));
const DOCUMENTS = join(here, 'documents.ts');
export const MANIFEST = join(here, 'persisted-documents.json');
/** A persisted document's declaration, however the formatter wrapped it: its document and its id. */
const PERSISTED_CALL = /graphql\.persisted<typeof (\w+)>\(\s*'([^']*)',?\s*\)/g;

export function documentId(document: DocumentNode): string {
  return `sha256:${createHash('sha256').update(print(document)).digest('hex')}`;
}

/** The manifest of the persisted documents as they run (id -> printed document with its fragments), in code order. */
export async function manifestOfDocuments(): Promise<Record<string, string>> {
  const documents = (await import('./documents.js')) as unknown as Record<string, DocumentNode>;
  const manifest: Record<string, string> = {};
  for (const [, name] of readFileSync(DOCUMENTS, 'utf8').matchAll(PERSISTED_CALL))
    manifest[documentId(documents[name!]!)] = print(documents[name!]!);
  return manifest;
}

/** documents.ts with every persisted id recomputed. */
async function withCurrentIds(): Promise<string> {
  const documents = (await import('./documents.js')) as unknown as Record<string, DocumentNode>;
  return readFileSync(DOCUMENTS, 'utf8').replace(PERSISTED_CALL, (call: string, name: string, id: string) => {
    const document = documents[name];
    if (!document) throw new Error(`documents.ts: graphql.persisted<typeof ${name}> names no exported document`);
    return call.replace(`'${id}'`, `'${documentId(document)}'`);
  });
}

/** The manifest `gql.tada generate persisted` writes for the code as it stands. */
export async function generatedManifest(): Promise<string> {
  const output = join(tmpdir(), `persisted-documents-${process.pid}-${Date.now()}.json`);
  // Loaded here only: it brings TypeScript along.
  const { generatePersisted } = await import('@gql.tada/cli-utils');
  await generatePersisted({ tsconfig: join(here, 'tsconfig.json'), output, failOnWarn: true });
  const text = readFileSync(output, 'utf8');
  // The ids must be what the gateway checks at start-up: the sha256 of each document as written.
  for (const [id, document] of Object.entries(JSON.parse(text) as Record<string, string>)) {
    const actual = `sha256:${createHash('sha256').update(document).digest('hex')}`;
    if (id !== actual) throw new Error(`persisted document ${id}: its text hashes to ${actual}`);
  }
  // With the final newline the repository's formatter wants.
  return text.endsWith('\n') ? text : `${text}\n`;
}

async function main(check: boolean): Promise<void> {
  const current = readFileSync(DOCUMENTS, 'utf8');
  const updated = await withCurrentIds();
  if (check) {
    const stale =
      updated !== current
        ? 'documents.ts has outdated ids'
        : (await generatedManifest()) !== readFileSync(MANIFEST, 'utf8')
          ? 'persisted-documents.json is out of date'
          : null;
    if (stale) {
      console.error(`${stale}: run node --import tsx examples/frontend/persist.ts`);
      process.exit(1);
    }
    return;
  }
  if (updated !== current) writeFileSync(DOCUMENTS, updated);
  writeFileSync(MANIFEST, await generatedManifest());
  console.log(`wrote ${MANIFEST}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main(process.argv.includes('--check'));
