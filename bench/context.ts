// What every benchmark figure runs against: the gateway process, the emulators' process, the store, a
// scratch folder, and a line-by-line progress log (stderr, so stdout stays the table).
import { join, resolve } from 'node:path';
import type { BenchGateway } from './gateway.js';
import type { GraphQLRequest } from './load.js';
import { graphqlBody } from './load.js';
import type { BenchStore } from './store.js';
import type { Vendors } from './vendors.js';

export interface BenchContext {
  gateway: BenchGateway;
  vendors: Vendors;
  store: BenchStore;
  workDir: string;
  /** The gateway as `npm start` runs it (bench/server-bundle.ts): figures that start a gateway of their own run it. */
  gatewayScript: string;
  /** node flags for the servers under test: --cpu-prof when BENCH_CPU_PROF asks for profiles. */
  profileFlags: string[];
  progress(line: string): void;
}

/**
 * The node flags for servers under test that the environment asks for: `--cpu-prof` into BENCH_CPU_PROF (its
 * `folder` below it, when given: one per side of bench:ab) and BENCH_NODE_FLAGS (e.g. --perf-basic-prof).
 */
export function profileFlagsFromEnvironment(folder?: string): string[] {
  const root = process.env.BENCH_CPU_PROF ? resolve(process.env.BENCH_CPU_PROF) : null;
  const profile = root ? ['--cpu-prof', `--cpu-prof-dir=${folder ? join(root, folder) : root}`] : [];
  return [...profile, ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [])];
}

/** A request to the gateway (with its API token). */
export function gatewayRequest(context: BenchContext, query: string, variables?: Array<Record<string, unknown>>): GraphQLRequest {
  return {
    url: context.gateway.url,
    headers: context.gateway.headers,
    bodies: variables ? variables.map((v) => graphqlBody(query, v)) : [graphqlBody(query)],
  };
}

/** One request, its body as text; refuses an HTTP error or a GraphQL error. */
export async function postGraphQL(target: GraphQLRequest): Promise<string> {
  const res = await fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...target.headers },
    body: target.bodies[0],
  });
  const text = await res.text();
  if (!res.ok || (JSON.parse(text) as { errors?: unknown }).errors)
    throw new Error(`${target.url} answered ${res.status}: ${text.slice(0, 500)}`);
  return text;
}
