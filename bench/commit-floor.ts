// What this machine charges for a durable commit, shown beside figure (c2): a mutation makes two (its PENDING row
// before the vendor write, its finish before the answer) and neither can be dropped. One-row INSERTs on a table of
// the bench's own database, each its own transaction committed durably: once sent right after the previous one,
// once after the connection has idled a millisecond, as the pipeline's statements are (between them the gateway
// waits on the vendor or on the client). On a virtual machine whose idle CPUs halt, a round trip that finds the
// server asleep costs several times a hot one (2026-12-06: 0.25-0.8 against 0.1-0.15 ms, while pg_test_fsync's
// fdatasync took 42 µs): that part of (c2) is the machine's, not the gateway's.
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import { percentile, timeCalls } from './load.js';

const SAMPLES = 200;
const WARM_UP = 50;
const IDLE_MS = 1;
const TABLE = 'bench_commit_floor';

export interface CommitFloor {
  /** p50 ms of a one-row durable commit sent right after the previous one. */
  hotMs: number;
  /** p50 ms of the same commit sent after the connection has idled IDLE_MS. */
  idleMs: number;
}

export async function measureCommitFloor(databaseUrl: string): Promise<CommitFloor> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`create table ${TABLE} (id bigserial primary key, written_at timestamptz not null default now())`);
    const commit = () => sql.unsafe(`insert into ${TABLE} default values`);
    await timeCalls(WARM_UP, commit);
    const hot = await timeCalls(SAMPLES, commit);
    const idle = await timeAfterIdle(commit);
    return { hotMs: percentile(hot, 50), idleMs: percentile(idle, 50) };
  } finally {
    await sql.unsafe(`drop table if exists ${TABLE}`).catch(() => {});
    await sql.end({ timeout: 5 });
  }
}

/** Latencies of SAMPLES calls, each made after IDLE_MS of nothing (the wait itself not timed). */
async function timeAfterIdle(call: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let index = 0; index < SAMPLES; index++) {
    await sleep(IDLE_MS);
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  return times;
}
