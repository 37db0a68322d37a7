// Trusted documents over real HTTP (a sandbox gateway with API tokens and a manifest): APQ by hash (GET and POST),
// Relay's doc_id / documentId, an unknown id, the refuse switch (nothing reaches a vendor), a persisted document
// sent in full, the estate CLI's own documents, no APQ registration, 401 first, odd ids, and the start-up checks
// (also of a real `npm start` with a config file naming its manifest relative to the file's folder).
import { consoleBuild } from '../../src/http/console-build.js';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportEstate } from '../../src/cli/estate/api.js';
import { ConfigError } from '../../src/config.js';
import { GATEWAY_DOCUMENTS, loadTrustedDocuments, sha256Hex } from '../../src/http/persisted-operations.js';
import { apiToken } from '../support/harness.js';
import { persistedGateway } from '../support/persisted-gateway.js';
import { seededDataDir } from '../support/pglite-template.js';
import { spawnGateway } from '../support/process.js';
import { SseReader } from '../support/sse.js';

const folder = mkdtempSync(join(tmpdir(), 'idpgw-persisted-'));

const PROVIDERS = `query Providers {
  identityProviders(first: 5) { edges { node { __typename ... on ManagedIdentityProvider { id displayName } } } }
}`;
const CALLER = 'query Caller { caller { name } }';
const CHANGES = 'subscription Changes { providerChanged { kind key connectionId } }';
const AKAMAI_ID =
  'query AkamaiId { identityProviders(vendor: AKAMAI, first: 1) { edges { node { ... on ManagedIdentityProvider { id } } } } }';
const RENAME =
  'mutation Rename($id: ID!, $title: String!) { updateAkamaiCustomProvider(input: { id: $id, title: $title }) { __typename } }';
/** Not in any manifest. */
const OTHER = 'query Other { caller { name connectionIds } }';

/** Ids in the three forms: gql.tada's "sha256:<hex>", Relay's opaque id, bare hex (APQ-style). */
const MANIFEST = {
  [`sha256:${sha256Hex(PROVIDERS)}`]: PROVIDERS,
  'relay-caller-1': CALLER,
  [sha256Hex(CHANGES)]: CHANGES,
  [sha256Hex(AKAMAI_ID)]: AKAMAI_ID,
  [sha256Hex(RENAME)]: RENAME,
};

function manifestFile(name: string, content: unknown): string {
  const path = join(folder, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const admin = apiToken('ci', 'admin');
const tokens = [admin.config];

type Body = { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };

async function post(url: string, body: unknown, token: string | null = admin.token) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Body };
}

async function get(url: string, search: Record<string, string>) {
  const target = new URL(url);
  for (const [key, value] of Object.entries(search)) target.searchParams.set(key, value);
  const response = await fetch(target, {
    headers: { accept: 'application/graphql-response+json', authorization: `Bearer ${admin.token}`, 'x-graphql-csrf': '1' },
  });
  return { status: response.status, body: (await response.json()) as Body };
}

const apq = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });
const codeOf = (body: Body) => body.errors?.[0]?.extensions?.code;

describe('trusted documents only (allowArbitraryOperations: false)', () => {
  const g = persistedGateway({
    persistedOperations: { manifest: manifestFile('strict.json', MANIFEST), allowArbitraryOperations: false },
    tokens,
  });

  it('answers an APQ hash by POST and by GET', async () => {
    const byPost = await post(g.url, { extensions: apq(sha256Hex(PROVIDERS)) });
    expect(byPost.status).toBe(200);
    expect(byPost.body.errors).toBeUndefined();
    expect(byPost.body.data.identityProviders.edges.length).toBe(5);
    const byGet = await get(g.url, { extensions: JSON.stringify(apq(sha256Hex(PROVIDERS))) });
    expect(byGet.status).toBe(200);
    // (Not compared with the POST's page: a vendor slower than its read budget on a busy machine changes the page.)
    expect(byGet.body.errors).toBeUndefined();
    expect(byGet.body.data.identityProviders.edges.length).toBe(5);
    // An upper-case hash is the same hash.
    const upper = await post(g.url, { extensions: apq(sha256Hex(PROVIDERS).toUpperCase()) });
    expect(upper.body.data.identityProviders.edges.length).toBe(5);
  });

  it("answers Relay's doc_id and GraphQL over HTTP's documentId, in the body and (GET) in the query string", async () => {
    for (const body of [{ doc_id: 'relay-caller-1' }, { documentId: 'relay-caller-1' }]) {
      const answer = await post(g.url, body);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ data: { caller: { name: 'ci' } } });
    }
    expect((await get(g.url, { doc_id: 'relay-caller-1' })).body).toEqual({ data: { caller: { name: 'ci' } } });
    // A sha256 entry is found by every form of its id.
    const bare = await post(g.url, { documentId: sha256Hex(PROVIDERS) });
    expect(bare.body.data.identityProviders.edges.length).toBe(5);
    const prefixed = await post(g.url, { doc_id: `sha256:${sha256Hex(PROVIDERS).toUpperCase()}` });
    expect(prefixed.body.data.identityProviders.edges.length).toBe(5);
  });

  it('serves a persisted subscription over SSE by its hash, and refuses others there too', async () => {
    const subscribe = (body: unknown) =>
      fetch(g.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${admin.token}` },
        body: JSON.stringify(body),
      });
    const response = await subscribe({ extensions: apq(sha256Hex(CHANGES)) });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const events = new SseReader(reader);
    try {
      const id = (await post(g.url, { extensions: apq(sha256Hex(AKAMAI_ID)) })).body.data.identityProviders.edges[0].node.id;
      const renamed = await post(g.url, { extensions: apq(sha256Hex(RENAME)), variables: { id, title: 'Renamed by hash' } });
      expect(renamed.body.data.updateAkamaiCustomProvider.__typename).toBe('UpdateAkamaiCustomProviderPayload');
      const event = await events.next();
      expect(event?.data.data.providerChanged).toMatchObject({ kind: 'UPDATED', connectionId: expect.any(String) });
    } finally {
      await reader.cancel();
    }
    const refused = await subscribe({ query: 'subscription { providerChanged { key } }' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('PERSISTED_QUERY_ONLY');
  });

  it('answers an unknown id with PersistedQueryNotFound', async () => {
    for (const answer of [
      await post(g.url, { extensions: apq(sha256Hex('query Nope { caller { name } }')) }),
      await get(g.url, { extensions: JSON.stringify(apq('a'.repeat(64))) }),
      await post(g.url, { doc_id: 'relay-unknown' }),
    ]) {
      expect(answer.body.errors?.[0]?.message).toBe('PersistedQueryNotFound');
      expect(codeOf(answer.body)).toBe('PERSISTED_QUERY_NOT_IN_LIST');
      // As yoga's plugin answers it (Apollo's link retries on the message, whatever the status).
      expect(answer.status).toBe(200);
      expect(answer.body.data).toBeUndefined();
    }
  });

  it('refuses a document that is not persisted (400, PERSISTED_QUERY_ONLY) and asks no vendor', async () => {
    const before = g.vendorRequests();
    const answer = await post(g.url, { query: 'query Refresh { identityProviders(first: 5, refresh: true) { edges { cursor } } }' });
    expect(answer.status).toBe(400);
    expect(codeOf(answer.body)).toBe('PERSISTED_QUERY_ONLY');
    expect(answer.body.errors?.[0]?.message).toMatch(/trusted documents only/);
    const byGet = await get(g.url, { query: OTHER });
    expect(byGet.status).toBe(400);
    expect(codeOf(byGet.body)).toBe('PERSISTED_QUERY_ONLY');
    expect(g.vendorRequests()).toBe(before);
  });

  it('accepts a persisted document sent in full (byte for byte), and only so', async () => {
    expect((await post(g.url, { query: CALLER })).body).toEqual({ data: { caller: { name: 'ci' } } });
    // One space more is another document.
    const changed = await post(g.url, { query: `${CALLER} ` });
    expect(changed.status).toBe(400);
    expect(codeOf(changed.body)).toBe('PERSISTED_QUERY_ONLY');
  });

  it("runs the estate CLI's own documents (sent in full, trusted without being in the manifest file)", async () => {
    const exported = await exportEstate({ url: g.url, token: admin.token }, { vendors: ['akamai'] });
    expect(exported.providerCount).toBe(3);
    expect(exported.yaml).toContain('akamai');
    // And by hash.
    const byHash = await post(g.url, { extensions: apq(sha256Hex(GATEWAY_DOCUMENTS[0]!)), variables: { vendors: ['AKAMAI'] } });
    expect(byHash.body.data.exportEstate.providerCount).toBe(3);
  });

  it('never registers a document sent with its hash (APQ registration refused, nothing stored)', async () => {
    const hash = sha256Hex(OTHER);
    const register = await post(g.url, { query: OTHER, extensions: apq(hash) });
    expect(register.status).toBe(400);
    expect(codeOf(register.body)).toBe('PERSISTED_QUERY_ONLY');
    expect(register.body.errors?.[0]?.message).toMatch(/not stored/);
    expect((await post(g.url, { extensions: apq(hash) })).body.errors?.[0]?.message).toBe('PersistedQueryNotFound');
    // A hash that is not the document's, or a persisted id with another document: refused.
    const lying = await post(g.url, { query: OTHER, extensions: apq(sha256Hex(CALLER)) });
    expect([lying.status, codeOf(lying.body)]).toEqual([400, 'PERSISTED_QUERY_MISMATCH']);
    const swapped = await post(g.url, { query: OTHER, doc_id: 'relay-caller-1' });
    expect([swapped.status, codeOf(swapped.body)]).toEqual([400, 'PERSISTED_QUERY_MISMATCH']);
    // The persisted document with its own id: fine.
    expect((await post(g.url, { query: CALLER, doc_id: 'relay-caller-1' })).body).toEqual({ data: { caller: { name: 'ci' } } });
  });

  it('still asks for a token first (401), whatever the id', async () => {
    const before = g.vendorRequests();
    for (const body of [{ extensions: apq(sha256Hex(PROVIDERS)) }, { doc_id: 'relay-unknown' }, { query: OTHER }]) {
      const answer = await post(g.url, body, null);
      expect(answer.status).toBe(401);
    }
    expect((await post(g.url, { extensions: apq(sha256Hex(PROVIDERS)) }, 'idpgw_wrong')).status).toBe(401);
    expect(g.vendorRequests()).toBe(before);
  });

  it.each([
    ['a hash with NUL bytes', { extensions: apq(`${'a'.repeat(30)}\u0000${'b'.repeat(33)}`) }, /sha256Hash/],
    ['a 10 kB hash', { extensions: apq('a'.repeat(10_000)) }, /sha256Hash/],
    ['a hash that is a number', { extensions: { persistedQuery: { version: 1, sha256Hash: 42 } } }, /sha256Hash/],
    ['persistedQuery version 2', { extensions: { persistedQuery: { version: 2, sha256Hash: 'a'.repeat(64) } } }, /version/],
    ['persistedQuery a string', { extensions: { persistedQuery: 'abc' } }, /persistedQuery/],
    ['a doc_id with a NUL byte', { doc_id: 'relay\u0000caller' }, /doc_id/],
    ['a 10 kB documentId', { documentId: 'x'.repeat(10_000) }, /documentId/],
    ['a doc_id that is an object', { doc_id: { id: 1 } }, /doc_id/],
    ['two different ids', { doc_id: 'relay-caller-1', extensions: apq(sha256Hex(PROVIDERS)) }, /one persisted operation/],
    ['neither a document nor an id', { variables: {} }, /persisted operation/],
  ])('answers %s with a 400 naming the field', async (_name, body, message) => {
    const answer = await post(g.url, body);
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.message).toMatch(message);
    expect(answer.body.errors?.[0]?.message).not.toContain('\u0000');
  });
});

describe('trusted documents beside arbitrary ones (allowArbitraryOperations: true)', () => {
  const g = persistedGateway({ persistedOperations: { manifest: manifestFile('open.json', MANIFEST) }, tokens });

  it('answers ids and runs any document, but never stores one sent with its hash', async () => {
    expect((await post(g.url, { doc_id: 'relay-caller-1' })).body).toEqual({ data: { caller: { name: 'ci' } } });
    expect((await post(g.url, { query: OTHER })).body.data.caller.name).toBe('ci');
    const hash = sha256Hex(OTHER);
    expect((await post(g.url, { query: OTHER, extensions: apq(hash) })).body.data.caller.name).toBe('ci');
    expect((await post(g.url, { extensions: apq(hash) })).body.errors?.[0]?.message).toBe('PersistedQueryNotFound');
    const lying = await post(g.url, { query: OTHER, extensions: apq(sha256Hex(CALLER)) });
    expect([lying.status, codeOf(lying.body)]).toEqual([400, 'PERSISTED_QUERY_MISMATCH']);
  });
});

describe('the manifest, checked at start-up', () => {
  const load =
    (content: unknown, name = 'bad.json') =>
    () =>
      loadTrustedDocuments({ manifest: manifestFile(name, content) });

  function problemOf(run: () => unknown): string {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('no error');
  }

  it('refuses a missing file, naming it', () => {
    const message = problemOf(() => loadTrustedDocuments({ manifest: join(folder, 'missing.json') }));
    expect(message).toContain(join(folder, 'missing.json'));
    expect(message).toContain('ENOENT');
  });

  it('refuses a file that is not JSON, or not an object', () => {
    expect(problemOf(load('{ "a": ', 'truncated.json'))).toMatch(/truncated\.json[\s\S]*not JSON/);
    expect(problemOf(load(['query { caller { name } }'], 'list.json'))).toMatch(/list\.json[\s\S]*JSON object/);
  });

  it('names the entry whose document does not parse or is not valid against the schema', () => {
    const message = problemOf(
      load({
        good: CALLER,
        broken: 'query { caller { name }',
        unknown: 'query { caller { shoeSize } }',
        fragmentOnly: 'fragment F on Caller { name }',
      }),
    );
    expect(message).toContain('bad.json');
    expect(message).not.toContain('"good"');
    expect(message).toMatch(/entry "broken": the document does not parse/);
    expect(message).toMatch(/entry "unknown": the document is not valid against the schema: Cannot query field "shoeSize"/);
    expect(message).toMatch(/entry "fragmentOnly": the document has no operation/);
  });

  it('names the entry whose sha256 id is not the hash of its document (in either form)', () => {
    const message = problemOf(
      load({ [`sha256:${sha256Hex(CALLER)}`]: OTHER, [sha256Hex(PROVIDERS)]: CALLER, [sha256Hex(CALLER)]: CALLER }),
    );
    expect(message).toContain(
      `entry "sha256:${sha256Hex(CALLER)}": the id is a sha256 hash, but not the one of its document (which is ${sha256Hex(OTHER)})`,
    );
    expect(message).toContain(`entry "${sha256Hex(PROVIDERS)}": the id is a sha256 hash`);
    expect(message).not.toContain(`entry "${sha256Hex(CALLER)}"`);
  });

  it('refuses an id or a document of the wrong kind', () => {
    const message = problemOf(load({ 'with space': CALLER, number: 42 }));
    expect(message).toMatch(/entry "with space": an id must be/);
    expect(message).toMatch(/entry "number": the document must be a string/);
  });

  it("loads a good manifest with the CLI's and the console's documents added", () => {
    const trusted = loadTrustedDocuments({ manifest: manifestFile('good.json', MANIFEST), allowArbitraryOperations: false });
    const consoleDocuments = Object.values(consoleBuild()?.documents ?? {});
    expect(consoleDocuments.length).toBeGreaterThan(0);
    expect(trusted.size).toBe(Object.keys(MANIFEST).length + GATEWAY_DOCUMENTS.length + consoleDocuments.length);
    expect(trusted.allowArbitraryOperations).toBe(false);
    for (const document of [...GATEWAY_DOCUMENTS, ...consoleDocuments]) expect(trusted.isPersisted(document)).toBe(true);
  });
});

describe('npm start with a config file naming a manifest (relative to the config file)', () => {
  const whm = { id: 'whm', vendor: 'cpanel', baseUrl: 'https://whm.example.com:2087', username: 'root', apiToken: { env: 'WHM_TOKEN' } };

  function configFolder(manifest: unknown, allowArbitraryOperations: boolean) {
    const dir = mkdtempSync(join(tmpdir(), 'idpgw-persisted-start-'));
    mkdirSync(join(dir, 'frontend'));
    writeFileSync(join(dir, 'frontend', 'manifest.json'), JSON.stringify(manifest));
    const config = { connections: [whm], tokens, persistedOperations: { manifest: 'frontend/manifest.json', allowArbitraryOperations } };
    writeFileSync(join(dir, 'gateway.json'), JSON.stringify(config));
    // Started from another folder: the manifest is found beside the config file all the same.
    return { dir, env: { IDP_GATEWAY_DATA_DIR: seededDataDir(join(dir, '.data')), WHM_TOKEN: 'whm-token', HOST: '127.0.0.1' } };
  }

  it('exits 1 naming the manifest and the bad entry', async () => {
    const { dir, env } = configFolder({ good: CALLER, broken: 'query { caller { shoeSize } }' }, false);
    const gateway = spawnGateway(['--config', join(dir, 'gateway.json')], env);
    expect(await gateway.exited).toBe(1);
    expect(gateway.output()).toContain(join(dir, 'frontend', 'manifest.json'));
    expect(gateway.output()).toMatch(/entry "broken": the document is not valid against the schema/);
  }, 60_000);

  it('serves the manifest and refuses other documents', async () => {
    const { dir, env } = configFolder(MANIFEST, false);
    const gateway = spawnGateway(['--config', join(dir, 'gateway.json')], env);
    try {
      const url = await gateway.url;
      expect(gateway.output()).toContain(`Documents:   persisted only (${join(dir, 'frontend', 'manifest.json')})`);
      expect((await post(url, { doc_id: 'relay-caller-1' })).body).toEqual({ data: { caller: { name: 'ci' } } });
      const refused = await post(url, { query: OTHER });
      expect([refused.status, codeOf(refused.body)]).toEqual([400, 'PERSISTED_QUERY_ONLY']);
    } finally {
      gateway.child.kill('SIGTERM');
      await gateway.exited;
    }
  }, 60_000);
});
