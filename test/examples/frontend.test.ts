// examples/frontend: its documents are checked against schema/schema.graphql (`gql.tada check`: fields, arguments,
// and ids that are the hashes of their documents), its TypeScript compiles on its own tsconfig, the committed
// manifest is what `generate persisted` writes now (drift check), and its client works against a gateway that
// trusts that manifest only.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { GatewayClient, GatewayRequestError } from '../../examples/frontend/client.js';
import { providerPage, renameAkamaiProvider, searchPage, watchProviders } from '../../examples/frontend/app.js';
import { ProviderChanged } from '../../examples/frontend/documents.js';
import { manifestOfDocuments } from '../../examples/frontend/persist.js';
import { apiToken } from '../support/harness.js';
import { persistedGateway } from '../support/persisted-gateway.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const FRONTEND = join(ROOT, 'examples', 'frontend');
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);

describe('examples/frontend, statically', () => {
  // The two child processes run side by side (each is mostly TypeScript loading the project).
  const checks = Promise.allSettled([
    run(bin('gql.tada'), ['check', '--tsconfig', join(FRONTEND, 'tsconfig.json'), '--fail-on-warn'], { cwd: ROOT }),
    run(bin('tsc'), ['--noEmit', '-p', join(FRONTEND, 'tsconfig.json')], { cwd: ROOT }),
  ]);
  const outcome = async (index: number) => {
    const result = (await checks)[index]!;
    if (result.status === 'fulfilled') return 'ok';
    const error = result.reason as { stdout?: string; stderr?: string; message: string };
    return `${error.stdout ?? ''}${error.stderr ?? ''}` || error.message;
  };

  it('has documents valid against schema/schema.graphql, with current ids (gql.tada check)', async () => {
    expect(await outcome(0)).toBe('ok');
  }, 60_000);

  it('compiles on its own tsconfig', async () => {
    expect(await outcome(1)).toBe('ok');
  }, 60_000);

  it('commits the manifest of its documents as they are now (the ids and texts `generate persisted` writes)', async () => {
    // gql.tada check (above) holds the ids to the documents; this holds the committed file to the ids and texts.
    // (persist.ts --check runs `generate persisted` itself: a few seconds more of TypeScript.)
    const committed = JSON.parse(readFileSync(join(FRONTEND, 'persisted-documents.json'), 'utf8'));
    expect(Object.entries(committed)).toEqual(Object.entries(await manifestOfDocuments()));
    expect(Object.keys(committed).length).toBe(4);
  });
});

describe('examples/frontend against a gateway that runs its persisted documents only', () => {
  const operator = apiToken('frontend', 'operator');
  const g = persistedGateway({
    persistedOperations: { manifest: join(FRONTEND, 'persisted-documents.json'), allowArbitraryOperations: false },
    tokens: [operator.config],
  });
  const client = () => new GatewayClient(g.url, operator.token);

  it('searches, opens a provider page (history deferred), previews and applies an edit, and sees it live', async () => {
    const search = await searchPage(client(), 'a');
    expect(search.rows.length).toBeGreaterThan(0);
    expect(search.total).toBeGreaterThanOrEqual(search.rows.length);
    const akamai = (await searchPage(client(), '', 200)).rows.find((row) => row.__typename === 'AkamaiCustomProvider');
    expect(akamai).toBeDefined();

    const renders = [];
    for await (const render of providerPage(client(), akamai!)) renders.push(render);
    // First the provider alone, then with its history: two parts over SSE, merged.
    expect(renders.length).toBe(2);
    expect(renders[0]!.provider).toMatchObject({ id: akamai!.id });
    expect(renders[0]!.history).toBeNull();
    expect(renders[1]!.history).toEqual(expect.any(Array));

    const changes: Array<{ kind: string; key: string }> = [];
    const watching = new AbortController();
    const watched = watchProviders(client(), (change) => changes.push(change), watching.signal);
    try {
      const preview = await renameAkamaiProvider(client(), akamai!, 'Renamed from the frontend', false);
      expect(preview.applied).toBe(false);
      expect(preview.changes.map((change) => change.path)).toContain('displayName');
      expect(changes).toEqual([]);
      const applied = await renameAkamaiProvider(client(), akamai!, 'Renamed from the frontend', true);
      expect(applied.applied).toBe(true);
      await expect.poll(() => changes.length).toBeGreaterThan(0);
      expect(changes[0]).toMatchObject({ kind: 'UPDATED', key: akamai!.key });
    } finally {
      watching.abort();
      await watched;
    }
  });

  it('is refused a document the manifest does not hold', async () => {
    const forged = { ...ProviderChanged, documentId: `sha256:${'0'.repeat(64)}` };
    await expect(client().execute(forged, { connectionId: null })).rejects.toThrow(GatewayRequestError);
    await expect(client().execute(forged, { connectionId: null })).rejects.toMatchObject({ codes: ['PERSISTED_QUERY_NOT_IN_LIST'] });
  });
});
