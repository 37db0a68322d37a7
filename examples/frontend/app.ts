// What the pages of a small frontend do with the gateway, typed end to end: search, the provider page (its
// history deferred), an edit previewed by a dry run, live updates. Run it against a gateway whose config names
// persisted-documents.json in `persistedOperations` (a gateway without a manifest knows no ids):
//   IDP_GATEWAY_URL=http://127.0.0.1:4000/graphql node --import tsx examples/frontend/app.ts contoso
import { fileURLToPath } from 'node:url';
import { GatewayClient } from './client.js';
import { ProviderChanged, ProviderPage, RenameAkamaiProvider, SearchProviders } from './documents.js';
import type { ResultOf } from './graphql.js';

export type ProviderRow = Extract<
  NonNullable<NonNullable<NonNullable<ResultOf<typeof SearchProviders>['identityProviders']>['edges']>[number]>['node'],
  { id: string }
>;

/** The search page: the first page of matches, by display name. */
export async function searchPage(client: GatewayClient, text: string, first = 20) {
  const { identityProviders } = await client.execute(SearchProviders, { search: text, first, after: null });
  const rows = (identityProviders?.edges ?? []).flatMap((edge) => (edge?.node && 'id' in edge.node ? [edge.node] : []));
  return { rows, total: identityProviders?.totalCount ?? null, next: identityProviders?.pageInfo.endCursor ?? null };
}

/** The provider page as it renders: first the provider, then (deferred) its recent history. */
export async function* providerPage(client: GatewayClient, row: Pick<ProviderRow, 'id' | 'connectionId' | 'key'>) {
  const variables = { id: row.id, connectionId: row.connectionId ?? '', key: row.key ?? '' };
  for await (const result of client.stream(ProviderPage, variables)) {
    const history = 'auditEvents' in result ? (result.auditEvents?.edges ?? []).flatMap((edge) => (edge?.node ? [edge.node] : [])) : null;
    yield { provider: result.identityProvider, history };
  }
}

/** An edit of an Akamai provider's title: the dry run's changes, then (if wanted) the write at the version read. */
export async function renameAkamaiProvider(client: GatewayClient, row: Pick<ProviderRow, 'id' | 'version'>, title: string, apply: boolean) {
  const input = { id: row.id, title, expectedVersion: row.version };
  const plan = (await client.execute(RenameAkamaiProvider, { ...input, dryRun: true })).updateAkamaiCustomProvider;
  if (plan.__typename !== 'UpdateAkamaiCustomProviderPayload')
    throw new Error(`${plan.__typename}: ${'message' in plan ? plan.message : ''}`);
  if (!apply || !plan.changes?.length) return { changes: plan.changes ?? [], applied: false };
  const done = (await client.execute(RenameAkamaiProvider, { ...input, dryRun: false })).updateAkamaiCustomProvider;
  if (done.__typename !== 'UpdateAkamaiCustomProviderPayload')
    throw new Error(`${done.__typename}: ${'message' in done ? done.message : ''}`);
  return { changes: done.changes ?? [], applied: true };
}

/** Live updates of the lists: one call per changed provider until `signal` aborts. */
export async function watchProviders(
  client: GatewayClient,
  onChange: (change: ResultOf<typeof ProviderChanged>['providerChanged']) => void,
  signal: AbortSignal,
) {
  try {
    for await (const event of client.stream(ProviderChanged, { connectionId: null }, signal)) onChange(event.providerChanged);
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const client = new GatewayClient(process.env.IDP_GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql', process.env.IDP_GATEWAY_TOKEN);
  const { rows, total } = await searchPage(client, process.argv[2] ?? '');
  console.log(`${total ?? rows.length} providers`);
  for (const row of rows) console.log(`  ${row.connectionId}/${row.key}  ${row.displayName ?? ''}  ${row.protocol ?? ''}`);
}
