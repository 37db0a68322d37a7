// Figure (a): cached `identityProviders(first: 50)` across the five connections, in requests per second, against
// a bare graphql-yoga + Pothos server answering the same 50 objects from memory (bench/baseline-server.ts).
// Both answer byte for byte the same body (checked on every request), neither makes a vendor call (the
// emulators' request counts are compared before and after), and each gets the same load, in turns.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BenchContext, gatewayRequest, postGraphQL } from './context.js';
import { graphqlBody, type GraphQLRequest, measureThroughput } from './load.js';
import { type BenchChild, spawnChild } from './processes.js';
import { figure, type Figure } from './report.js';

export const PROVIDERS_QUERY = `query Providers {
  identityProviders(first: 50) {
    totalCount
    edges {
      cursor
      node {
        __typename
        ... on ManagedIdentityProvider { id vendor connectionId key displayName protocol enabled clientId hasClientSecret version syncedAt stale }
      }
    }
  }
}`;

/** Concurrent connections of the load generator: enough to keep one server core busy. */
const CONNECTIONS = 8;
const WARM_UP_SECONDS = 2;
/** Turns of (baseline, gateway): each server is measured ROUNDS times for ROUND_SECONDS, alternately. */
const ROUNDS = 2;
const ROUND_SECONDS = 5;

export const TARGET_RATIO = 0.85;

/** The cached page as the gateway answers it, after a first read has filled the snapshot cache. */
export async function cachedPage(context: BenchContext): Promise<string> {
  const request = gatewayRequest(context, PROVIDERS_QUERY);
  await postGraphQL(request);
  const body = await postGraphQL(request);
  const page = (
    JSON.parse(body) as {
      data: { identityProviders: { totalCount: number; edges: Array<{ node: { connectionId: string; stale: boolean } }> } };
    }
  ).data.identityProviders;
  const connections = new Set(page.edges.map((edge) => edge.node.connectionId));
  if (page.edges.length !== 50 || connections.size !== 5 || page.edges.some((edge) => edge.node.stale)) {
    throw new Error(
      `expected 50 fresh providers of 5 connections, got ${page.edges.length} of ${connections.size} (${page.totalCount} in all)`,
    );
  }
  return body;
}

async function startBaseline(context: BenchContext, body: string): Promise<BenchChild> {
  const answerFile = join(context.workDir, 'identity-providers.json');
  writeFileSync(answerFile, JSON.stringify((JSON.parse(body) as { data: { identityProviders: unknown } }).data.identityProviders));
  return spawnChild({
    script: 'bench/baseline-server.ts',
    args: [answerFile],
    nodeFlags: context.profileFlags,
    env: { ...process.env, NODE_ENV: 'production' },
    ready: /^baseline ready: (\S+)/,
  });
}

export async function measureCachedRead(context: BenchContext): Promise<Figure> {
  const body = await cachedPage(context);
  const baselineProcess = await startBaseline(context, body);
  try {
    const gateway = gatewayRequest(context, PROVIDERS_QUERY);
    const baseline: GraphQLRequest = {
      url: baselineProcess.address,
      headers: context.gateway.headers,
      bodies: [graphqlBody(PROVIDERS_QUERY)],
    };
    const baselineBody = await postGraphQL(baseline);
    if (baselineBody !== body) throw new Error('the baseline server does not answer the same body as the gateway');

    const vendorCallsBefore = await context.vendors.requestCounts();
    for (const target of [baseline, gateway])
      await measureThroughput(target, { seconds: WARM_UP_SECONDS, connections: CONNECTIONS, expectBody: body });
    const totals = { baseline: { requests: 0, seconds: 0 }, gateway: { requests: 0, seconds: 0 } };
    const servers = { baseline: baselineProcess, gateway: context.gateway.process };
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, target] of [
        ['baseline', baseline],
        ['gateway', gateway],
      ] as const) {
        const cpuBefore = servers[name].cpuMs();
        const run = await measureThroughput(target, { seconds: ROUND_SECONDS, connections: CONNECTIONS, expectBody: body });
        totals[name].requests += run.requests;
        totals[name].seconds += run.seconds;
        // CPU per request says the same less noisily when other processes share the machine.
        const cpuPerRequest = (servers[name].cpuMs() - cpuBefore) / run.requests;
        context.progress(
          `  cached read, round ${round + 1}: ${name} ${Math.round(run.perSecond)} req/s, ${cpuPerRequest.toFixed(3)} CPU ms per request`,
        );
      }
    }
    const vendorCallsAfter = await context.vendors.requestCounts();
    const vendorCalls = Object.keys(vendorCallsAfter).reduce((sum, id) => sum + vendorCallsAfter[id]! - (vendorCallsBefore[id] ?? 0), 0);
    if (vendorCalls !== 0) throw new Error(`the cached reads made ${vendorCalls} vendor calls`);
    context.progress(`  cached read: ${totals.gateway.requests} gateway requests, 0 vendor calls`);
    return figure(
      `(a) cached identityProviders(first: 50), 5 connections: req/s vs bare yoga + Pothos [${context.store.kind}]`,
      totals.gateway.requests / totals.gateway.seconds,
      totals.baseline.requests / totals.baseline.seconds,
      `ratio >= ${TARGET_RATIO}`,
      (ratio) => ratio >= TARGET_RATIO,
    );
  } finally {
    await baselineProcess.stop();
  }
}
