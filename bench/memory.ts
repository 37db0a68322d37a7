// Figure (d): the gateway process's resident set size over 20 000 cached reads: its floor over the last 5 000
// (requests 15 001-20 000) against its floor over requests 5 001-10 000 (the baseline). Runs first, on a gateway
// that has served nothing but the warm-up read.
// RSS swings by a hundred MB and more between garbage collections (each request's objects are promoted to the
// old space and freed by the next full collection), so a single reading says little; the floor of a window —
// the lowest of the readings taken every SAMPLE_MS — is what a full collection leaves, and a leak raises it.
import { cachedPage, PROVIDERS_QUERY } from './cached-read.js';
import { type BenchContext, gatewayRequest } from './context.js';
import { sendRequests } from './load.js';
import { figure, type Figure } from './report.js';

const TOTAL = 20_000;
const WINDOW = 5_000;
const SAMPLE_MS = 50;
const CONNECTIONS = 8;
/** Allowed rise of the floor between the two windows: a leak of 1 KB per request would add 10 MB over 10 000. */
export const GROWTH_TOLERANCE_MB = 10;

const mb = (bytes: number) => bytes / 1024 / 1024;

export async function measureMemory(context: BenchContext): Promise<Figure> {
  const body = await cachedPage(context);
  const target = gatewayRequest(context, PROVIDERS_QUERY);
  const samples: Array<{ done: number; rss: number }> = [];
  let done = 0;
  const sample = () => {
    try {
      samples.push({ done, rss: mb(context.gateway.process.rss()) });
    } catch {
      // The gateway is gone (the run's time limit): the load fails and says so.
    }
  };
  const sampler = setInterval(sample, SAMPLE_MS);
  try {
    await sendRequests(target, { amount: TOTAL, connections: CONNECTIONS, expectBody: body, onResponse: () => done++ });
  } finally {
    clearInterval(sampler);
  }
  sample();
  const window = (end: number) => samples.filter((s) => s.done > end - WINDOW && s.done <= end).map((s) => s.rss);
  const [first, last] = [window(TOTAL / 2), window(TOTAL)];
  if (first.length < 5 || last.length < 5) throw new Error(`too few RSS readings (${first.length}, ${last.length})`);
  const floor = (values: number[]) => Math.min(...values);
  const peak = (values: number[]) => Math.max(...values);
  context.progress(
    `  memory: RSS floor / peak over requests ${TOTAL / 2 - WINDOW + 1}-${TOTAL / 2}: ${floor(first).toFixed(1)} / ${peak(first).toFixed(1)} MB, ` +
      `over ${TOTAL - WINDOW + 1}-${TOTAL}: ${floor(last).toFixed(1)} / ${peak(last).toFixed(1)} MB (${samples.length} readings)`,
  );
  return figure(
    `(d) gateway RSS floor in MB, requests ${TOTAL - WINDOW + 1}-${TOTAL} vs ${TOTAL / 2 - WINDOW + 1}-${TOTAL / 2} (cached reads)`,
    floor(last),
    floor(first),
    `growth < ${GROWTH_TOLERANCE_MB} MB`,
    () => floor(last) - floor(first) < GROWTH_TOLERANCE_MB,
  );
}
