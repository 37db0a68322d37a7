// Figure (b): a cold read of all five connections (`identityProviders(refresh: true)`: every vendor is listed
// now, the snapshots replaced) while every emulator delays every answer by 100 ms. The baseline is the slowest
// vendor's own list, made alone and directly with its adapter under the same delay: a gateway that reads the
// vendors in parallel takes about that long, one that reads them in turn takes the sum.
// Some vendors need several calls to list (Huawei: the IdPs, then each one's protocols and OIDC configuration;
// cPanel: the modules, then three calls per module), so "100 ms per vendor" is 100 ms per call here.
import { type BenchContext, gatewayRequest } from './context.js';
import { directVendors } from './direct.js';
import { measureLatencies, percentile, timeCalls } from './load.js';
import { figure, type Figure, rounded } from './report.js';

export const VENDOR_LATENCY_MS = 100;
export const TARGET_RATIO = 1.2;
const DIRECT_READS_PER_VENDOR = 4;
const GATEWAY_READS = 12;

const COLD_QUERY = `query ColdProviders {
  identityProviders(first: 50, refresh: true) {
    totalCount
    edges { node { __typename ... on ManagedIdentityProvider { key version stale } } }
    connectionErrors { connectionId message }
  }
}`;

interface ColdPage {
  data?: { identityProviders: { totalCount: number; edges: Array<{ node: { stale: boolean } }>; connectionErrors: unknown[] } };
}

function freshAndComplete(body: string): boolean {
  const page = (JSON.parse(body) as ColdPage).data?.identityProviders;
  return Boolean(page && page.connectionErrors.length === 0 && page.edges.length === 50 && page.edges.every((edge) => !edge.node.stale));
}

export async function measureColdFanOut(context: BenchContext): Promise<Figure> {
  const direct = directVendors(context.vendors.connections);
  await context.vendors.addLatency(VENDOR_LATENCY_MS);
  try {
    const perVendor: Array<{ id: string; p50: number }> = [];
    for (const connection of direct.registry.all()) {
      await connection.adapter.list(); // token, connection pool
      const times = await timeCalls(DIRECT_READS_PER_VENDOR, () => connection.adapter.list());
      perVendor.push({ id: connection.id, p50: percentile(times, 50) });
    }
    const slowest = perVendor.reduce((a, b) => (b.p50 > a.p50 ? b : a));
    const sum = perVendor.reduce((total, vendor) => total + vendor.p50, 0);
    context.progress(
      `  cold read, direct p50 per vendor: ${perVendor.map((v) => `${v.id} ${v.p50.toFixed(0)} ms`).join(', ')} (sum ${sum.toFixed(0)} ms)`,
    );

    const target = gatewayRequest(context, COLD_QUERY);
    await measureLatencies(target, { amount: 1, check: freshAndComplete });
    const callsBefore = await context.vendors.requestCounts();
    const times = await measureLatencies(target, { amount: GATEWAY_READS, check: freshAndComplete });
    const callsAfter = await context.vendors.requestCounts();
    const calls = Object.keys(callsAfter).reduce((total, id) => total + callsAfter[id]! - (callsBefore[id] ?? 0), 0);
    context.progress(
      `  cold read through the gateway: p50 ${percentile(times, 50).toFixed(1)} ms, p90 ${percentile(times, 90).toFixed(1)} ms, ${rounded(calls / GATEWAY_READS, 1)} vendor calls per read`,
    );
    return figure(
      `(b) cold read of 5 connections, ${VENDOR_LATENCY_MS} ms per vendor call: p50 ms vs slowest vendor alone (${slowest.id}) [${context.store.kind}]`,
      percentile(times, 50),
      slowest.p50,
      `ratio <= ${TARGET_RATIO}`,
      (ratio) => ratio <= TARGET_RATIO,
    );
  } finally {
    await context.vendors.clearFaults();
    await direct.registry.close();
  }
}
