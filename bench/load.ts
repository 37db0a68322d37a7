// The load generator (autocannon, in this process; loopback only): throughput at a number of connections, and
// latencies of requests sent one at a time, with the exact (fractional) time of each response.
import autocannon from 'autocannon';

export interface GraphQLRequest {
  url: string;
  headers: Record<string, string>;
  /** JSON bodies, sent in turn (a list of one repeats it). */
  bodies: string[];
}

/** autocannon's request options for a target: one body, or a list sent in turn. */
function requestOptions(target: GraphQLRequest) {
  return {
    url: target.url,
    method: 'POST',
    headers: { ...JSON_HEADERS, ...target.headers },
    ...(target.bodies.length === 1 ? { body: target.bodies[0] } : { requests: target.bodies.map((body) => ({ body })) }),
  };
}

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };

export function graphqlBody(query: string, variables?: Record<string, unknown>): string {
  return JSON.stringify(variables ? { query, variables } : { query });
}

export interface Throughput {
  requests: number;
  seconds: number;
  perSecond: number;
}

/** Throughput over `seconds` at `connections`; refuses any error, non-2xx answer or body other than `expectBody`. */
export async function measureThroughput(
  target: GraphQLRequest,
  options: { seconds: number; connections: number; expectBody?: string },
): Promise<Throughput> {
  const result = await autocannon({
    ...requestOptions(target),
    connections: options.connections,
    duration: options.seconds,
    expectBody: options.expectBody,
  });
  const bad = result.errors + result.timeouts + result.non2xx + result.mismatches;
  if (bad > 0)
    throw new Error(
      `${target.url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx, ${result.mismatches} unexpected bodies`,
    );
  return { requests: result.requests.total, seconds: result.duration, perSecond: result.requests.total / result.duration };
}

/** Exactly `amount` requests at `connections`, `onResponse` told of each; the same checks as measureThroughput. */
export async function sendRequests(
  target: GraphQLRequest,
  options: { amount: number; connections: number; expectBody?: string; onResponse?: () => void },
): Promise<void> {
  const instance = autocannon({
    ...requestOptions(target),
    connections: options.connections,
    amount: options.amount,
    expectBody: options.expectBody,
  });
  if (options.onResponse) instance.on('response', options.onResponse);
  const result = await instance;
  const bad = result.errors + result.timeouts + result.non2xx + result.mismatches;
  if (bad > 0)
    throw new Error(
      `${target.url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx, ${result.mismatches} unexpected bodies`,
    );
}

/**
 * Requests (or calls) sent before a latency figure's samples, on each side: both sides run JIT-compiled JavaScript,
 * and a figure of a long-running server is its steady state. Measured with perf on 2026-12-05: after 20 mutations
 * V8's optimizing compiler still took a fifth of the gateway's CPU and a mutation cost 12.4 ms of it; after 500 to
 * 3 000, 6.8-8.5 ms (the machine drifts by a third). The direct vendor calls warm up the same way.
 */
export const STEADY_STATE_WARM_UP = 1_000;

/** `amount` requests one after the other (one connection); each response's time in ms, fractional. */
export async function measureLatencies(
  target: GraphQLRequest,
  options: { amount: number; check?: (body: string) => boolean; timeoutSeconds?: number },
): Promise<number[]> {
  const times: number[] = [];
  const instance = autocannon({
    ...requestOptions(target),
    connections: 1,
    amount: options.amount,
    timeout: options.timeoutSeconds ?? 10,
    ...(options.check ? { verifyBody: options.check } : {}),
  });
  instance.on('response', (_client, status, _bytes, responseTime) => {
    if (status >= 200 && status < 300) times.push(responseTime);
  });
  const result = await instance;
  const bad = result.errors + result.timeouts + result.non2xx + result.mismatches;
  if (bad > 0)
    throw new Error(
      `${target.url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx, ${result.mismatches} failed checks`,
    );
  return times;
}

/** Latencies of `amount` calls of `call`, one after the other, in ms. */
export async function timeCalls(amount: number, call: (index: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let index = 0; index < amount; index++) {
    const started = performance.now();
    await call(index);
    times.push(performance.now() - started);
  }
  return times;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) throw new Error('no values');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}
