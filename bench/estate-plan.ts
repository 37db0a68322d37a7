// Figures (e) and (f), the estate as code (issue 14) at scale: 1 000 providers on 50 connections (10 per vendor,
// 20 providers each), on a gateway, emulators and store of their own (the other figures' five connections stay
// as they are). The document is the gateway's own export, so every plan finds nothing to change.
// (e) planEstate of that document with fromCache: true, as the CLI asks for it (src/cli/estate/api.ts), median
//     ms; baseline: a client reading the same 1 000 providers from the same snapshots, the cached
//     identityProviders(first: 200) page walk. Target: under 2 s.
// (f) a fresh plan (fromCache: false): the vendor requests each emulator received during it, per connection;
//     baseline: what one list read of that connection costs, made directly with the gateway's own adapter
//     (cPanel and Huawei need more than one request to list). Target: no connection above its list read.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EXPORT_QUERY, PLAN_MUTATION } from '../src/cli/estate/api.js';
import { QUERY_LIMITS } from '../src/http/query-limits.js';
import type { BenchContext } from './context.js';
import { postGraphQL } from './context.js';
import { directVendors } from './direct.js';
import { type EstateVendors, requestsBetween, startEstateVendors } from './estate-vendors.js';
import { type BenchGateway, startGateway } from './gateway.js';
import { graphqlBody, percentile } from './load.js';
import { figure, type Figure, rounded } from './report.js';
import { type BenchStore, openBenchStore } from './store.js';

const CONNECTIONS_PER_VENDOR = 10;
const PROVIDERS_PER_CONNECTION = 20;
/** Cached plans and page walks measured, in turns (after one of each to warm up). */
const RUNS = 7;
const PAGE_SIZE = 200;
export const TARGET_MS = 2_000;

interface PlanAnswer {
  __typename: string;
  message?: string;
  fromCache?: boolean;
  hasChanges?: boolean;
  summary?: { creates: number; updates: number; deletes: number; unchanged: number; unmanaged: number };
}

interface ProvidersPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: Array<{ node: { stale: boolean } }>;
}

/**
 * One page of the walk. Each walk has its own operation name: the response cache (the same query by the same
 * caller within a second) would otherwise answer the repeated walks from memory, and the baseline is meant to
 * read the snapshot cache as the plan does.
 */
const walkQuery = (walk: number) => `query ProviderWalk${walk}($after: String) {
  identityProviders(first: ${PAGE_SIZE}, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { __typename ... on ManagedIdentityProvider { id vendor connectionId key displayName protocol enabled clientId hasClientSecret version syncedAt stale } } }
  }
}`;

async function gql<T>(gateway: BenchGateway, query: string, variables: Record<string, unknown>): Promise<T> {
  const text = await postGraphQL({ url: gateway.url, headers: gateway.headers, bodies: [graphqlBody(query, variables)] });
  return (JSON.parse(text) as { data: T }).data;
}

async function plan(gateway: BenchGateway, document: string, fromCache: boolean, providers: number): Promise<void> {
  const { planEstate: answer } = await gql<{ planEstate: PlanAnswer }>(gateway, PLAN_MUTATION, {
    input: { document, refresh: !fromCache, secrets: [] },
  });
  if (answer.__typename !== 'EstatePlan') throw new Error(`planEstate answered ${answer.__typename}: ${answer.message}`);
  if (answer.hasChanges || answer.fromCache !== fromCache || answer.summary?.unchanged !== providers)
    throw new Error(`the plan of the exported estate is not ${providers} unchanged providers: ${JSON.stringify(answer)}`);
}

/** Every provider, page by page, from the snapshots; refuses a short or stale walk. */
async function walk(gateway: BenchGateway, index: number, providers: number): Promise<void> {
  let after: string | null = null;
  let seen = 0;
  for (;;) {
    const { identityProviders: page }: { identityProviders: ProvidersPage } = await gql(gateway, walkQuery(index), { after });
    if (page.edges.some((edge) => edge.node.stale)) throw new Error('the page walk met stale providers');
    seen += page.edges.length;
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  if (seen !== providers) throw new Error(`the page walk saw ${seen} providers, the estate has ${providers}`);
}

const kilobytes = (text: string) => (Buffer.byteLength(text) / 1000).toFixed(0);

async function timed(call: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await call();
  return performance.now() - started;
}

/** One list read per connection, made directly with the gateway's adapters (after one to fetch tokens): requests each. */
async function listReadCosts(vendors: EstateVendors): Promise<Record<string, number>> {
  const direct = directVendors(vendors.connections);
  try {
    const all = direct.registry.all();
    await Promise.all(all.map((connection) => connection.adapter.list()));
    const before = await vendors.requestCounts();
    await Promise.all(all.map((connection) => connection.adapter.list()));
    return requestsBetween(before, await vendors.requestCounts());
  } finally {
    await direct.registry.close();
  }
}

/** "cpanel 61 (one list read: 61), ...": each vendor's highest count on one of its connections, plan and list read. */
function perVendor(vendors: EstateVendors, planned: Record<string, number>, listed: Record<string, number>): string {
  const byVendor = new Map<string, { plan: number; list: number }>();
  for (const { id, vendor } of vendors.connections) {
    const seen = byVendor.get(vendor) ?? { plan: 0, list: 0 };
    byVendor.set(vendor, { plan: Math.max(seen.plan, planned[id]!), list: Math.max(seen.list, listed[id]!) });
  }
  return [...byVendor].map(([vendor, { plan, list }]) => `${vendor} ${plan} (one list read: ${list})`).join(', ');
}

export async function measureEstatePlan(context: BenchContext): Promise<Figure[]> {
  const dir = join(context.workDir, 'estate');
  mkdirSync(dir, { recursive: true });
  let vendors: EstateVendors | undefined;
  let store: BenchStore | undefined;
  let gateway: BenchGateway | undefined;
  try {
    const [vendorsStarted, storeOpened] = await Promise.allSettled([
      startEstateVendors(CONNECTIONS_PER_VENDOR, PROVIDERS_PER_CONNECTION),
      openBenchStore(dir),
    ]);
    // Kept before any failure is thrown, so that the finally stops or drops whichever did start.
    if (vendorsStarted.status === 'fulfilled') vendors = vendorsStarted.value;
    if (storeOpened.status === 'fulfilled') store = storeOpened.value;
    if (vendorsStarted.status === 'rejected') throw vendorsStarted.reason;
    if (storeOpened.status === 'rejected') throw storeOpened.reason;
    if (!vendors || !store) throw new Error('unreachable: both started');
    // No refresh floor: the fresh plan right after the export must read every vendor again, not be served the export's reads.
    const connections = vendors.connections.map((connection) => ({ ...connection, minRefreshIntervalSeconds: 0 }));
    gateway = await startGateway({ connections, store, workDir: dir, script: context.gatewayScript, nodeFlags: context.profileFlags });
    const providers = connections.length * PROVIDERS_PER_CONNECTION;
    const left = vendors.withoutEstate.length ? `; no estate mapping, left out: ${vendors.withoutEstate.join(', ')}` : '';
    context.progress(`  estate: ${connections.length} connections, ${providers} providers${left}`);

    // The export: the document every plan below is of (every vendor read fresh).
    let document = '';
    const exportMs = await timed(async () => {
      const { exportEstate } = await gql<{ exportEstate: { yaml: string; providerCount: number } }>(gateway!, EXPORT_QUERY, {});
      if (exportEstate.providerCount !== providers)
        throw new Error(`the export holds ${exportEstate.providerCount} providers, not ${providers}`);
      document = exportEstate.yaml;
    });
    // The plan request carries the whole document: the gateway refuses bodies above QUERY_LIMITS.maxBodyBytes.
    const planBody = graphqlBody(PLAN_MUTATION, { input: { document, fromCache: true, secrets: [] } });
    context.progress(
      `  estate export (fresh): ${exportMs.toFixed(0)} ms, a document of ${kilobytes(document)} KB; ` +
        `the planEstate request ${kilobytes(planBody)} KB of the ${QUERY_LIMITS.maxBodyBytes / 1000} KB body limit`,
    );

    // Cached plans and cached page walks, in turns; neither may reach a vendor.
    await plan(gateway, document, true, providers);
    await walk(gateway, 0, providers);
    const cachedBefore = await vendors.requestCounts();
    const planTimes: number[] = [];
    const walkTimes: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      planTimes.push(await timed(() => plan(gateway!, document, true, providers)));
      walkTimes.push(await timed(() => walk(gateway!, run, providers)));
    }
    const cachedCalls = Object.values(requestsBetween(cachedBefore, await vendors.requestCounts())).reduce((a, b) => a + b, 0);
    if (cachedCalls !== 0) throw new Error(`the cached plans and walks made ${cachedCalls} vendor calls`);
    const [planMs, walkMs] = [percentile(planTimes, 50), percentile(walkTimes, 50)];
    context.progress(
      `  estate plan from cache: median ${planMs.toFixed(0)} ms (${planTimes.map((t) => t.toFixed(0)).join(' ')}); ` +
        `page walk of ${providers} by ${PAGE_SIZE}: median ${walkMs.toFixed(0)} ms; 0 vendor calls`,
    );

    // A fresh plan's vendor requests per connection, against one list read of the same connection.
    const listed = await listReadCosts(vendors);
    const freshBefore = await vendors.requestCounts();
    const freshMs = await timed(() => plan(gateway!, document, false, providers));
    const planned = requestsBetween(freshBefore, await vendors.requestCounts());
    const over = connections.filter(({ id }) => planned[id]! > listed[id]!).map(({ id }) => `${id} ${planned[id]} > ${listed[id]}`);
    const sum = (counts: Record<string, number>) => connections.reduce((total, { id }) => total + counts[id]!, 0);
    context.progress(
      `  estate fresh plan: ${freshMs.toFixed(0)} ms; vendor requests per connection: ${perVendor(vendors, planned, listed)}` +
        (over.length ? `; ABOVE one list read: ${over.join(', ')}` : ''),
    );

    const scale = `${providers} providers on ${connections.length} connections${left}`;
    return [
      figure(
        `(e) estate plan from cache, ${scale}: median ms vs cached identityProviders(first: ${PAGE_SIZE}) walk [${store.kind}]`,
        planMs,
        walkMs,
        `value < ${TARGET_MS} ms`,
        (_ratio, value) => value < TARGET_MS,
      ),
      figure(
        `(f) estate fresh plan, ${scale}: vendor requests per connection vs one list read [${store.kind}]`,
        rounded(sum(planned) / connections.length, 2),
        rounded(sum(listed) / connections.length, 2),
        'no connection above its list read',
        () => over.length === 0,
      ),
    ];
  } finally {
    await gateway?.close();
    await vendors?.close();
    await store?.close();
  }
}
