// The documents this frontend sends: each is typed against schema/schema.graphql (through graphql.ts) and
// persisted: only its id travels (graphql.persisted keeps no document text in the bundle). The ids are sha256
// hashes of the documents as `gql.tada generate persisted` prints them; `persist.ts` writes them and the
// manifest (persisted-documents.json) the gateway is configured with.
import { graphql } from './graphql.js';

/** What a row of a provider list shows; on the interface every vendor's provider type implements. */
export const ProviderRow = graphql(`
  fragment ProviderRow on ManagedIdentityProvider {
    id
    connectionId
    key
    displayName
    protocol
    enabled
    version
  }
`);

/** The provider page: the provider at once, its recent history when it is ready (@defer). */
export const ProviderPageQuery = graphql(
  `
  query ProviderPage($id: ID!, $connectionId: String!, $key: String!) {
    identityProvider(id: $id) {
      __typename
      ...ProviderRow
    }
    ... @defer(label: "history") {
      auditEvents(connectionId: $connectionId, providerKey: $key, first: 5) {
        edges { node { id operation status actor occurredAt } }
      }
    }
  }
`,
  [ProviderRow],
);

/** The search page: a page of providers whose name, key or client id contains the text, by display name. */
export const SearchProvidersQuery = graphql(
  `
  query SearchProviders($search: String!, $first: Int!, $after: String) {
    identityProviders(search: $search, first: $first, after: $after, orderBy: DISPLAY_NAME) {
      totalCount
      edges { cursor node { __typename ...ProviderRow } }
      pageInfo { hasNextPage endCursor }
      connectionErrors { connectionId message }
    }
  }
`,
  [ProviderRow],
);

/** Live updates of the lists above (over SSE). */
export const ProviderChangedSubscription = graphql(
  `
  subscription ProviderChanged($connectionId: String) {
    providerChanged(connectionId: $connectionId) {
      kind
      connectionId
      key
      version
      provider { __typename ...ProviderRow }
    }
  }
`,
  [ProviderRow],
);

/** The edit form of an Akamai provider's title: first a dry run (the changes it would make), then the write. */
export const RenameAkamaiProviderMutation = graphql(`
  mutation RenameAkamaiProvider($id: ID!, $title: String!, $dryRun: Boolean!, $expectedVersion: String) {
    updateAkamaiCustomProvider(input: { id: $id, title: $title, dryRun: $dryRun, expectedVersion: $expectedVersion }) {
      __typename
      ... on UpdateAkamaiCustomProviderPayload {
        dryRun
        changes { path before after }
      }
      ... on Error { message }
    }
  }
`);

// What the app sends: ids only. `generate persisted` finds these calls and writes their documents.
export const ProviderPage = graphql.persisted<typeof ProviderPageQuery>(
  'sha256:5e14c239a851b6b85bb49feec578aff5ebbdde42c8f846d91feac293fe6aadf5',
);
export const SearchProviders = graphql.persisted<typeof SearchProvidersQuery>(
  'sha256:fa2839db29fbacbb5688e193315f57be3362d48de504337441c62dec577038e4',
);
export const ProviderChanged = graphql.persisted<typeof ProviderChangedSubscription>(
  'sha256:41c4a49e269ae805f04ba2ac4605590ef12b0a39b244bf49eb32e1b8fd060700',
);
export const RenameAkamaiProvider = graphql.persisted<typeof RenameAkamaiProviderMutation>(
  'sha256:81ac9a42b63ce63357d46b9053ed8fd3645f1317b9c2e9c0c1683ca426579567',
);
