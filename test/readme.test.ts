// The README tells the truth: every GraphQL example in it runs against the sandbox without an error.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sandboxGateway } from './support/sandbox-gateway.js';

const examples = [...readFileSync('README.md', 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)].flatMap((match) =>
  match[1]!.trim().split(/\n\n(?=mutation|\{)/),
);

describe('README examples', () => {
  const h = sandboxGateway({ actor: 'readme' });
  const gql = async (query: string): Promise<any> => {
    const res = await h.yoga.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    return res.json();
  };

  it('has examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(6);
  });

  it('runs each example in order without errors, and every mutation succeeds', async () => {
    const providers = async () =>
      (
        await gql('{ identityProviders(first: 100) { edges { node { ... on ManagedIdentityProvider { id key version } } } } }')
      ).data.identityProviders.edges.map((e: any) => e.node);
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
