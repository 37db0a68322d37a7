// Figure (m): the gateway's own cost of a fresh read (issue 15.7, reads). One connection of 50 providers read with
// `identityProviders(first: 50, refresh: true)`, one request at a time, against the same vendor's list made
// directly with the gateway's own adapter in the same run, in turns. The difference is what the gateway adds to a
// vendor list: HTTP and GraphQL, the drift comparison, the snapshot writes, the sync mark and the page.
// On emulators, gateway and store of its own (the other figures' connections hold 10 providers each): SlashID,
// whose list is one vendor request, so the baseline is one request too.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type BenchContext, gatewayRequest } from './context.js';
import { directVendors } from './direct.js';
import { type BenchGateway, startGateway } from './gateway.js';
import { graphqlBody, measureLatencies, percentile, STEADY_STATE_WARM_UP, timeCalls } from './load.js';
import { figure, type Figure, rounded } from './report.js';
import { type BenchStore, openBenchStore } from './store.js';
import { startVendors, type Vendors } from './vendors.js';

export const PROVIDERS = 50;
const VENDOR = 'slashid';
/** Issue 15.7: a fresh read costs at most the direct vendor list plus this. */
export const TARGET_OVERHEAD_MS = 2;
const WARM_UP = STEADY_STATE_WARM_UP;
/** Turns of direct lists then gateway reads: a load that comes and goes meets both sides alike. */
const TURNS = 5;
const PER_TURN = 40;

const pageQuery = (name: string, refresh: boolean) => `query ${name} {
  identityProviders(first: ${PROVIDERS}, refresh: ${refresh}) {
    totalCount
    edges { node { __typename ... on ManagedIdentityProvider { key version syncedAt stale } } }
    connectionErrors { connectionId message }
  }
}`;
const FRESH_QUERY = pageQuery('FreshProviders', true);

interface FreshPage {
  data?: { identityProviders: { totalCount: number; edges: Array<{ node: { stale: boolean } }>; connectionErrors: unknown[] } };
}

function freshAndComplete(body: string): boolean {
  const page = (JSON.parse(body) as FreshPage).data?.identityProviders;
  return Boolean(
    page && page.connectionErrors.length === 0 && page.edges.length === PROVIDERS && page.edges.every((edge) => !edge.node.stale),
  );
}

export async function measureFreshRead(context: BenchContext): Promise<Figure> {
  const dir = join(context.workDir, 'fresh-read');
  mkdirSync(dir, { recursive: true });
  let vendors: Vendors | undefined;
  let store: BenchStore | undefined;
  let gateway: BenchGateway | undefined;
  try {
    const [vendorsStarted, storeOpened] = await Promise.allSettled([startVendors(PROVIDERS), openBenchStore(dir)]);
    // Kept before any failure is thrown, so that the finally stops or drops whichever did start.
    if (vendorsStarted.status === 'fulfilled') vendors = vendorsStarted.value;
    if (storeOpened.status === 'fulfilled') store = storeOpened.value;
    if (vendorsStarted.status === 'rejected') throw vendorsStarted.reason;
    if (storeOpened.status === 'rejected') throw storeOpened.reason;
    if (!vendors || !store) throw new Error('unreachable: both started');
    const connection = vendors.connections.find((c) => c.vendor === VENDOR);
    if (!connection) throw new Error(`the sandbox has no ${VENDOR} connection`);
    gateway = await startGateway({
      connections: [connection],
      store,
      workDir: dir,
      script: context.gatewayScript,
      nodeFlags: context.profileFlags,
    });

    const direct = directVendors([connection]);
    try {
      const adapter = direct.registry.get(connection.id).adapter;
      const listed = await adapter.list(); // token, connection pool
      if (listed.length !== PROVIDERS) throw new Error(`the ${VENDOR} emulator lists ${listed.length} providers, not ${PROVIDERS}`);
      const target = gatewayRequest({ ...context, gateway }, FRESH_QUERY);
      await timeCalls(WARM_UP, () => adapter.list());
      await measureLatencies(target, { amount: WARM_UP, check: freshAndComplete });

      const directTimes: number[] = [];
      const gatewayTimes: number[] = [];
      const callsBefore = await vendors.requestCounts();
      // The gateway's CPU per read (from /proc): steadier than latency when other processes share the machine.
      let gatewayCpuMs = 0;
      for (let turn = 0; turn < TURNS; turn++) {
        directTimes.push(...(await timeCalls(PER_TURN, () => adapter.list())));
        const cpuBefore = gateway.process.cpuMs();
        gatewayTimes.push(...(await measureLatencies(target, { amount: PER_TURN, check: freshAndComplete })));
        gatewayCpuMs += gateway.process.cpuMs() - cpuBefore;
      }
      const callsAfter = await vendors.requestCounts();
      // The floor: the same page from the snapshots in memory (no vendor, no SQL). Each request its own operation
      // name, so that the response cache cannot answer it: what HTTP, GraphQL and 50 providers cost alone.
      const cached = {
        ...target,
        bodies: Array.from({ length: PER_TURN }, (_, index) => graphqlBody(pageQuery(`CachedProviders${index}`, false))),
      };
      const floorCpuBefore = gateway.process.cpuMs();
      const floorTimes = await measureLatencies(cached, { amount: PER_TURN * 2, check: freshAndComplete });
      const floorCpuMs = gateway.process.cpuMs() - floorCpuBefore;
      // Direct lists and gateway reads both reach the emulator: each side one request per list.
      const calls = callsAfter[connection.id]! - (callsBefore[connection.id] ?? 0);
      const [gatewayP50, directP50] = [percentile(gatewayTimes, 50), percentile(directTimes, 50)];
      context.progress(
        `  fresh read of ${PROVIDERS} ${VENDOR} providers: gateway p50 ${gatewayP50.toFixed(2)} ms (p90 ${percentile(gatewayTimes, 90).toFixed(2)}, ` +
          `CPU ${(gatewayCpuMs / gatewayTimes.length).toFixed(2)} ms per read), ` +
          `direct list p50 ${directP50.toFixed(2)} ms (p90 ${percentile(directTimes, 90).toFixed(2)}); ` +
          `the same page from memory p50 ${percentile(floorTimes, 50).toFixed(2)} ms (CPU ${(floorCpuMs / floorTimes.length).toFixed(2)} ms); ` +
          `${rounded(calls / (directTimes.length + gatewayTimes.length), 2)} vendor requests per list`,
      );
      return figure(
        `(m) fresh read of 1 connection x ${PROVIDERS} providers (${VENDOR}), concurrency 1: p50 ms vs direct vendor list [${store.kind}]`,
        gatewayP50,
        directP50,
        `value - baseline <= ${TARGET_OVERHEAD_MS} ms`,
        (_ratio, value) => value - directP50 <= TARGET_OVERHEAD_MS,
      );
    } finally {
      await direct.registry.close();
    }
  } finally {
    await gateway?.close();
    await vendors?.close();
    await store?.close();
  }
}
