// Figure (d): the gateway process's resident set size after 20 000 cached reads against after 10 000 (the
// baseline), each read right after a full garbage collection (SIGUSR2, see bench/gc-on-signal.mjs): what the
// process retains, so a leak shows as growth. Runs first, on a gateway that has served nothing but the
// warm-up read. (Without the collection, RSS swings by a hundred MB and more with the heap's growth between
// full collections; a reading then says more about when the last one ran than about what is retained.)
import { setTimeout as sleep } from 'node:timers/promises';
import { cachedPage, PROVIDERS_QUERY } from './cached-read.js';
import { type BenchContext, gatewayRequest } from './context.js';
import { sendRequests } from './load.js';
import { figure, type Figure } from './report.js';

const TOTAL = Number(process.env.BENCH_MEMORY_REQUESTS ?? 20_000);
const CONNECTIONS = 8;
/** Allowed growth between the two readings: a leak of 1 KB per request would add 10 MB over 10 000. */
export const GROWTH_TOLERANCE_MB = 10;

const mb = (bytes: number) => bytes / 1024 / 1024;

/** RSS after a full collection: the lowest of a few readings once the collection has had time to run. */
async function retainedMb(context: BenchContext): Promise<number> {
  process.kill(context.gateway.process.pid, 'SIGUSR2');
  const readings: number[] = [];
  for (let i = 0; i < 10; i++) {
    await sleep(50);
    readings.push(mb(context.gateway.process.rss()));
  }
  return Math.min(...readings);
}

export async function measureMemory(context: BenchContext): Promise<Figure> {
  const body = await cachedPage(context);
  const target = gatewayRequest(context, PROVIDERS_QUERY);
  const load = (amount: number) => sendRequests(target, { amount, connections: CONNECTIONS, expectBody: body });
  await load(TOTAL / 2);
  const half = await retainedMb(context);
  await load(TOTAL / 2);
  const all = await retainedMb(context);
  context.progress(
    `  memory: RSS after a full collection: ${half.toFixed(1)} MB after ${TOTAL / 2} requests, ${all.toFixed(1)} MB after ${TOTAL}`,
  );
  return figure(
    `(d) gateway RSS in MB after ${TOTAL} cached reads vs after ${TOTAL / 2} (each after a full GC)`,
    all,
    half,
    `growth < ${GROWTH_TOLERANCE_MB} MB`,
    () => all - half < GROWTH_TOLERANCE_MB,
  );
}
