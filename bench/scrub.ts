// Figure (r): what scrubbing a log line of secrets costs once the gateway knows many (issue 15.6's scale). Every
// line the gateway writes and every vendor error it quotes goes through SecretRegistry.scrub, and the registry only
// grows: connection credentials, every access token a vendor hands out, the client secrets of every provider read.
// The same request-log line scrubbed with 10 000 secrets registered against 1 000: a scrub whose cost grows with
// the number of secrets (looking for each in turn: 1.35 ms a line at 10 000) fails the ratio. In this process: the
// registry is the gateway's own class, nothing else is involved.
import { randomBytes } from 'node:crypto';
import { SecretRegistry } from '../src/core/secrets.js';
import type { BenchContext } from './context.js';
import { percentile } from './load.js';
import { figure, type Figure } from './report.js';

export const TARGET_RATIO = 2;
const LINE =
  '{"level":"info","time":"2026-12-05T13:43:23.345Z","requestId":"0b6f3c9e-2d41-4a8f-9e57-c13a8d2f4b60","method":"POST",' +
  '"path":"/graphql","operationName":"Rename","operationType":"mutation","status":200,"durationMs":9}';
const ROUNDS = 9;
const LINES_PER_ROUND = 2_000;

function registryOf(secrets: number): SecretRegistry {
  const registry = new SecretRegistry();
  // Shaped like access tokens and client secrets (base64url, 32 characters).
  for (let i = 0; i < secrets; i++) registry.add(randomBytes(24).toString('base64url'));
  return registry;
}

/** Microseconds per line: the median of ROUNDS rounds, after one round of warm-up. */
function microsPerLine(registry: SecretRegistry): number[] {
  const rounds: number[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const started = performance.now();
    for (let line = 0; line < LINES_PER_ROUND; line++) registry.scrub(LINE);
    if (round > 0) rounds.push(((performance.now() - started) * 1000) / LINES_PER_ROUND);
  }
  return rounds;
}

export async function measureScrub(context: BenchContext): Promise<Figure> {
  const many = registryOf(10_000);
  const fewer = registryOf(1_000);
  // In turns, so that a load that comes and goes meets both alike.
  const [manyTimes, fewerTimes] = [[] as number[], [] as number[]];
  for (let turn = 0; turn < 3; turn++) {
    fewerTimes.push(...microsPerLine(fewer));
    manyTimes.push(...microsPerLine(many));
  }
  const [value, baseline] = [percentile(manyTimes, 50), percentile(fewerTimes, 50)];
  context.progress(
    `  scrub: a ${LINE.length}-character log line in ${value.toFixed(2)} µs with 10 000 secrets, ${baseline.toFixed(2)} µs with 1 000`,
  );
  return figure(
    '(r) scrubbing a log line of secrets: µs with 10 000 secrets registered vs with 1 000',
    value,
    baseline,
    `ratio <= ${TARGET_RATIO}`,
    (ratio) => ratio <= TARGET_RATIO,
  );
}
