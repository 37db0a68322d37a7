// The README tells the truth: every GraphQL example in it runs against the sandbox without an error.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../src/app.js';
import { createLogger } from '../src/core/log.js';
import { startSandbox, type Sandbox } from '../src/sandbox.js';
import { createGateway } from '../src/server.js';
import { openStore, type Store } from '../src/store/open.js';

const examples = [...readFileSync('README.md', 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)].flatMap((match) =>
  match[1]!.trim().split(/\n\n(?=mutation|\{)/),
);

describe('README examples', () => {
  let sandbox: Sandbox;
  let store: Store;
  let gql: (query: string) => Promise<any>;

  beforeAll(async () => {
    sandbox = await startSandbox();
    store = await openStore({ kind: 'pglite-memory' });
    const services = createServices({ config: sandbox.config, store, fingerprintKey: Buffer.from('readme-test') });
    const yoga = createGateway({ services, logger: createLogger(services.secrets, () => {}), actor: 'readme' });
    gql = async (query) => {
      const res = await yoga.fetch('http://gateway.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
      return res.json();
    };
  });
  afterAll(async () => {
    await store.close();
    await sandbox.close();
  });

  it('has examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(6);
  });

  it('runs each example in order without errors, and every mutation succeeds', async () => {
    const providers = async () =>
      (await gql('{ identityProviders(first: 100) { edges { node { ... on ManagedIdentityProvider { id key version } } } } }')).data.identityProviders.edges.map((e: any) => e.node);
    const fill = async (text: string) => {
      let out = text;
      for (const provider of await providers()) {
        out = out.replaceAll(`<id of ${provider.key}>`, provider.id).replaceAll(`<version of ${provider.key}>`, provider.version);
      }
      return out;
    };
    for (const example of examples) {
      const body = await gql(await fill(example));
      expect(body.errors, example).toBeUndefined();
      if (example.startsWith('mutation')) {
        const result = Object.values(body.data)[0] as { __typename: string };
        expect(result.__typename, example).toMatch(/Payload$/);
      }
    }
  });
});
