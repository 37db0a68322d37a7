// Figure (c): one mutation through the gateway (GraphQL, pipeline: cached check, per-provider lock, live read,
// plan, audit row, vendor write, read-back, snapshot, audit row finished) against the same vendor write made
// directly with the adapter (the PATCH the mutation's plan holds, sent by its own apply). Akamai's
// updateAkamaiCustomProvider with a title that alternates between two values: a real change every time, one
// vendor request to write. The gateway's overhead is the difference of the two medians.
// Figure (c2): the mutation's own part, everything but its vendor calls. The same gateway samples against the
// three vendor calls a mutation needs (the live read, the write, the read-back), made directly one after the
// other and timed together: the own part is the difference of the two medians (HTTP, GraphQL, the pipeline's
// CPU and its SQL round trips).
import { setTimeout as sleep } from 'node:timers/promises';
import type { NormalizedProvider } from '../src/core/vendor-contract/adapter.js';
import { updateAkamaiCustomProvider } from '../src/vendors/akamai/mutations.js';
import type { AkamaiAdapter } from '../src/vendors/akamai/adapter.js';
import { type BenchContext, gatewayRequest } from './context.js';
import { measureCommitFloor } from './commit-floor.js';
import { directVendors } from './direct.js';
import { measureLatencies, percentile, STEADY_STATE_WARM_UP, timeCalls } from './load.js';
import { figure, type Figure } from './report.js';

export const TARGET_OVERHEAD_MS = 3;
/** Issue 15.7: a mutation's own part (all but the vendor calls), on PostgreSQL. */
export const TARGET_OWN_PART_MS = 4;
const WARM_UP = STEADY_STATE_WARM_UP;
const SAMPLES = 200;
const TITLES = ['Bench title A', 'Bench title B'];
const IDLE_BEFORE_CALL_MS = 1;

const RENAME = `mutation Rename($id: ID!, $title: String!) {
  updateAkamaiCustomProvider(input: { id: $id, title: $title }) {
    __typename
    ... on UpdateAkamaiCustomProviderPayload { provider { ... on ManagedIdentityProvider { version } } auditEvent { id status } }
  }
}`;

function succeeded(body: string): boolean {
  const result = (JSON.parse(body) as { data?: { updateAkamaiCustomProvider?: { __typename: string; auditEvent?: { status: string } } } })
    .data?.updateAkamaiCustomProvider;
  return result?.__typename === 'UpdateAkamaiCustomProviderPayload' && result.auditEvent?.status === 'SUCCEEDED';
}

/** The global id and key of the gateway's first Akamai provider. */
async function akamaiTarget(context: BenchContext): Promise<{ id: string; key: string }> {
  const res = await fetch(context.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...context.gateway.headers },
    body: JSON.stringify({
      query: '{ identityProviders(vendor: AKAMAI, first: 1) { edges { node { ... on ManagedIdentityProvider { id key } } } } }',
    }),
  });
  const node = ((await res.json()) as { data: { identityProviders: { edges: Array<{ node: { id: string; key: string } }> } } }).data
    .identityProviders.edges[0]?.node;
  if (!node) throw new Error('no Akamai provider to rename');
  return node;
}

/** SAMPLES runs of read, write, read-back, with IDLE_BEFORE_CALL_MS of nothing (not timed) before the read and the write. */
async function timeSpacedVendorPart(adapter: AkamaiAdapter, key: string, write: (index: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let index = 0; index < SAMPLES; index++) {
    await sleep(IDLE_BEFORE_CALL_MS);
    let started = performance.now();
    await adapter.get(key);
    let spent = performance.now() - started;
    await sleep(IDLE_BEFORE_CALL_MS);
    started = performance.now();
    await write(index);
    await adapter.get(key);
    spent += performance.now() - started;
    times.push(spent);
  }
  return times;
}

export async function measureMutation(context: BenchContext): Promise<Figure[]> {
  const target = await akamaiTarget(context);
  const through = gatewayRequest(
    context,
    RENAME,
    TITLES.map((title) => ({ id: target.id, title })),
  );
  await measureLatencies(through, { amount: WARM_UP, check: succeeded });
  // The gateway's CPU per mutation: steadier than latency when other processes share the machine.
  const cpuBefore = context.gateway.process.cpuMs();
  const gatewayTimes = await measureLatencies(through, { amount: SAMPLES, check: succeeded });
  const cpuPerMutation = (context.gateway.process.cpuMs() - cpuBefore) / SAMPLES;

  const direct = directVendors(context.vendors.connections);
  try {
    const connection = direct.registry.all().find((c) => c.vendor === 'akamai')!;
    const adapter = connection.adapter as AkamaiAdapter;
    const current = (await adapter.get(target.key)) as NormalizedProvider;
    // Planned outside the timing (no vendor call for a title); the timed part is the write the plan holds.
    const plans = await Promise.all(
      TITLES.map(async (title) => {
        const input = updateAkamaiCustomProvider.input.parse({ title });
        return { input, plan: await updateAkamaiCustomProvider.plan(adapter, current, input, { fingerprinter: direct.fingerprinter }) };
      }),
    );
    const write = (index: number) => updateAkamaiCustomProvider.apply(adapter, plans[index % 2]!.plan, current, plans[index % 2]!.input);
    await timeCalls(WARM_UP, write);
    const directTimes = await timeCalls(SAMPLES, write);
    const readTimes = await timeCalls(SAMPLES / 4, () => adapter.get(target.key));
    // What the mutation's vendor calls cost together, in the order the pipeline makes them.
    const vendorPart = async (index: number) => {
      await adapter.get(target.key);
      await write(index);
      await adapter.get(target.key);
    };
    await timeCalls(WARM_UP, vendorPart);
    const vendorTimes = await timeCalls(SAMPLES, vendorPart);
    // The same calls spaced as the pipeline spaces them (the vendor idles while the lock batch and the PENDING row's
    // commit take their time, before the live read and before the write; the read-back follows the write at once),
    // the idle time not counted: on a machine whose idle CPUs halt, a call that finds the vendor asleep costs more.
    const spacedTimes = await timeSpacedVendorPart(adapter, target.key, write);
    // The floor of any request: HTTP, authentication and a GraphQL execution that resolves nothing.
    const floorTimes = await measureLatencies(gatewayRequest(context, '{ __typename }'), { amount: SAMPLES });
    // What the machine charges for the two durable commits the own part holds (bench/commit-floor.ts).
    const commits = context.store.kind === 'postgres' ? await measureCommitFloor(context.store.env.DATABASE_URL!) : null;
    const gateway = percentile(gatewayTimes, 50);
    const overhead = gateway - percentile(directTimes, 50);
    const ownPart = gateway - percentile(vendorTimes, 50);
    context.progress(
      `  mutation: gateway p50 ${gateway.toFixed(2)} ms (p90 ${percentile(gatewayTimes, 90).toFixed(2)}), direct write p50 ${percentile(directTimes, 50).toFixed(2)} ms; ` +
        `of the ${overhead.toFixed(2)} ms overhead, the pipeline's live read and read-back are 2 x ${percentile(readTimes, 50).toFixed(2)} ms of vendor GET; ` +
        `read + write + read-back directly p50 ${percentile(vendorTimes, 50).toFixed(2)} ms, so the own part is ${ownPart.toFixed(2)} ms, ` +
        `of which ${percentile(floorTimes, 50).toFixed(2)} ms is the floor of any request ({ __typename } p50); ` +
        `gateway CPU ${cpuPerMutation.toFixed(2)} ms per mutation` +
        (commits
          ? `; a one-row durable commit on this machine: p50 ${commits.idleMs.toFixed(2)} ms after 1 ms idle ` +
            `(${commits.hotMs.toFixed(2)} ms back to back), and a mutation makes two`
          : '') +
        `; the three vendor calls spaced as in the pipeline (1 ms idle before the live read and the write) p50 ` +
        `${percentile(spacedTimes, 50).toFixed(2)} ms: against them the own part would be ${(gateway - percentile(spacedTimes, 50)).toFixed(2)} ms`,
    );
    const store = context.store.kind;
    return [
      figure(
        `(c) mutation p50 ms through the gateway vs the same vendor write made directly [${store}]`,
        gateway,
        percentile(directTimes, 50),
        `overhead <= ${TARGET_OVERHEAD_MS} ms`,
        () => overhead <= TARGET_OVERHEAD_MS,
      ),
      figure(
        `(c2) mutation own part: p50 ms through the gateway vs its live read, write and read-back made directly [${store}]`,
        gateway,
        percentile(vendorTimes, 50),
        `own part <= ${TARGET_OWN_PART_MS} ms`,
        () => ownPart <= TARGET_OWN_PART_MS,
      ),
    ];
  } finally {
    await direct.registry.close();
  }
}
