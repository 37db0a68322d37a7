// `npm run bench:ab -- <folder of another checkout>`: the mutation of figure (c) through two gateways in turns,
// this checkout's (A) and another one's (B: `git worktree add /tmp/base <rev>`, with node_modules linked or
// installed), to say whether a change made the mutation path faster. This machine's speed drifts by a third
// within minutes, so two `npm run bench` runs minutes apart cannot tell a 1 ms change from noise; here both
// gateways run at once (each on a database of its own, one emulator process, each renaming its own Akamai
// provider) and blocks of mutations alternate between them, so a slow minute meets both alike. Prints each
// side's p50 and gateway CPU per block, and A - B per round with its median.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { profileFlagsFromEnvironment } from './context.js';
import { startGateway } from './gateway.js';
import { bundleServer } from './server-bundle.js';
import { type GraphQLRequest, graphqlBody, measureLatencies, percentile, STEADY_STATE_WARM_UP } from './load.js';
import type { BenchChild } from './processes.js';
import { type BenchStore, openBenchStore } from './store.js';
import { startVendors, type Vendors } from './vendors.js';

const RENAME = `mutation Rename($id: ID!, $title: String!) {
  updateAkamaiCustomProvider(input: { id: $id, title: $title }) {
    __typename
    ... on UpdateAkamaiCustomProviderPayload { provider { ... on ManagedIdentityProvider { version } } auditEvent { id status } }
  }
}`;
const ROUNDS = Number(process.env.AB_ROUNDS ?? 6);
const BLOCK = Number(process.env.AB_BLOCK ?? 150);

interface Side {
  name: 'A' | 'B';
  child: BenchChild;
  store: BenchStore;
  target: GraphQLRequest;
  p50: number[];
  cpu: number[];
}

const succeeded = (body: string) =>
  (JSON.parse(body) as { data?: { updateAkamaiCustomProvider?: { auditEvent?: { status: string } } } }).data?.updateAkamaiCustomProvider
    ?.auditEvent?.status === 'SUCCEEDED';

/** A gateway of `checkout` on a database of its own; it renames the Akamai provider at `index` (A and B never share one). */
async function startSide(name: Side['name'], checkout: string, index: number, vendors: Vendors, workDir: string): Promise<Side> {
  const store = await openBenchStore(workDir);
  const gateway = await startGateway({
    connections: vendors.connections,
    store,
    workDir,
    script: bundleServer(checkout, `ab-${name}`),
    name,
    nodeFlags: profileFlagsFromEnvironment(name),
  });
  const res = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...gateway.headers },
    body: JSON.stringify({
      query: '{ identityProviders(vendor: AKAMAI, first: 2) { edges { node { ... on ManagedIdentityProvider { id } } } } }',
    }),
  });
  const page = (await res.json()) as { data: { identityProviders: { edges: Array<{ node: { id: string } }> } } };
  const id = page.data.identityProviders.edges[index]?.node.id;
  if (!id) throw new Error(`gateway ${name} has no Akamai provider #${index + 1} to rename`);
  const bodies = ['one', 'two'].map((title) => graphqlBody(RENAME, { id, title: `${name} title ${title}` }));
  return { name, child: gateway.process, store, target: { url: gateway.url, headers: gateway.headers, bodies }, p50: [], cpu: [] };
}

const other = process.argv[2];
if (!other) throw new Error('usage: npm run bench:ab -- <folder of another checkout of this repository>');
const workDir = mkdtempSync(join(tmpdir(), 'idpgw-ab-'));
const vendors = await startVendors(10);
const sides: Side[] = [];
try {
  sides.push(await startSide('A', resolve('.'), 0, vendors, workDir), await startSide('B', resolve(other), 1, vendors, workDir));
  for (const side of sides) await measureLatencies(side.target, { amount: STEADY_STATE_WARM_UP, check: succeeded });
  for (let round = 0; round < ROUNDS; round++) {
    // Each round starts with the other side: neither is always the one after a pause.
    for (const side of round % 2 ? [...sides].reverse() : sides) {
      const cpuBefore = side.child.cpuMs();
      const times = await measureLatencies(side.target, { amount: BLOCK, check: succeeded });
      side.p50.push(percentile(times, 50));
      side.cpu.push((side.child.cpuMs() - cpuBefore) / BLOCK);
    }
  }
  const fixed = (values: number[]) => values.map((value) => value.toFixed(2)).join(' ');
  for (const side of sides) {
    console.log(
      `${side.name}: p50 ${percentile(side.p50, 50).toFixed(2)} ms [${fixed(side.p50)}], ` +
        `gateway CPU ${percentile(side.cpu, 50).toFixed(2)} ms per mutation [${fixed(side.cpu)}]`,
    );
  }
  const [a, b] = sides as [Side, Side];
  const latency = a.p50.map((value, round) => value - b.p50[round]!);
  const cpu = a.cpu.map((value, round) => value - b.cpu[round]!);
  console.log(
    `A - B per round: p50 [${fixed(latency)}] ms, median ${percentile(latency, 50).toFixed(2)}; ` +
      `CPU median ${percentile(cpu, 50).toFixed(2)} ms per mutation`,
  );
} finally {
  for (const side of sides) {
    await side.child.stop();
    await side.store.close();
  }
  await vendors.close();
  rmSync(workDir, { recursive: true, force: true });
}
